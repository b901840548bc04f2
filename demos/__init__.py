"""Live demos that really train or run on the CPU, yielding plain-data frames."""
