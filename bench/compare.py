"""GAN, VAE and diffusion on the same 2-D data with the same budget: one table of coverage,
quality, distance and wall time (the logic is `demos.compare`, also `genai-tutor demo
compare`). Run on the target machine with nothing else busy:
`.venv/bin/python bench/compare.py --dataset ring` (or grid; `--json FILE` keeps the rows).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main(argv: list[str] | None = None) -> int:
    from demos import compare

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dataset", choices=tuple(compare.DEFAULT_STEPS), default="ring")
    parser.add_argument("--steps", type=int, help="steps per model (default: per dataset)")
    parser.add_argument("--batch-size", type=int, default=256)
    parser.add_argument("--json", type=Path, help="also write the rows to this file")
    opts = parser.parse_args(argv)
    config = compare.Config(dataset=opts.dataset, steps=opts.steps, batch_size=opts.batch_size)
    final = None
    for frame in compare.run(config):
        if frame.kind == "log":
            print(f"# {frame.text}", flush=True)
        elif frame.kind == "metrics" and frame.final:
            final = frame.values
    if final is None:
        return 1
    print("\n".join(compare.table(final)))
    if opts.json:
        opts.json.write_text(json.dumps(final, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
