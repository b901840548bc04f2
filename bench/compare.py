"""GAN vs diffusion on the same 2-D ring: one table of coverage, quality, distance and wall.

Both run at their default settings through `demos.registry.start` (the VAE is digits-only,
so it is not in this table). The distance is the sliced Wasserstein distance between 2500
samples and 2500 real points (`demos.distances`), on the same scale for both models.
`.venv/bin/python bench/compare.py`.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.demos import run_one  # noqa: E402

ROWS = [("gan", {"dataset": "ring"}), ("diffusion", {"dataset": "ring"})]


def main() -> int:
    print(f"{'model':<10} {'modes':>6} {'high_quality':>13} {'sliced_W':>9} {'wall_s':>7}")
    for name, args in ROWS:
        r = run_one(name, args)
        m = r["metrics"]
        print(f"{name:<10} {m['modes_covered']:>3}/{m['n_modes']:<2} {m['high_quality']:>13.3f} "
              f"{m['sliced_wasserstein']:>9.4f} {r['wall_s']:>7.1f}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
