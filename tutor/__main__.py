"""`python -m tutor` runs the same CLI as the `genai-tutor` console script."""

from tutor.cli import main

raise SystemExit(main())
