"""In a class, each learner's fine-tune adapters go to their own folder (issue: adapters were
shared by every learner of a `genai-tutor web` class)."""

from __future__ import annotations

from pathlib import Path

from demos.finetune import Config, _save
from tutor.runtime import Runtime
from tutor.settings import Settings


class _Adapter:
    """Stands in for a peft model: `save_pretrained` writes one file, as peft's does."""

    def save_pretrained(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "adapter_config.json").write_text("{}")


def test_each_learner_keeps_adapters_in_their_own_folder(tmp_path: Path) -> None:
    ana = Runtime(Settings(home=tmp_path, learner="ana"), with_llm=False)
    ben = Runtime(Settings(home=tmp_path, learner="ben"), with_llm=False)
    saved = []
    for runtime in (ana, ben):
        context = runtime.demo_plan("finetune").context
        saved.append(Path(_save(_Adapter(), Config(save_as="pirate-voice", **context))))
    assert saved[0] == tmp_path / "learners" / "ana" / "adapters" / "pirate-voice"
    assert saved[1] == tmp_path / "learners" / "ben" / "adapters" / "pirate-voice"
    assert all((p / "adapter_config.json").is_file() for p in saved)


def test_a_single_user_keeps_adapters_under_the_home(tmp_path: Path) -> None:
    solo = Runtime(Settings(home=tmp_path), with_llm=False)
    context = solo.demo_plan("finetune").context
    assert Path(_save(_Adapter(), Config(save_as="mine", **context))) == (
        tmp_path / "adapters" / "mine")
