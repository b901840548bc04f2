"""Silencing the libraries' chatter (the CLI at start-up, the LLM loader) never hides a
warning raised by the tutor's own code: the filters are scoped to the libraries' modules."""

from __future__ import annotations

import warnings

from tutor.cli import _quiet_libraries
from tutor.llm.quiet import quiet_libraries


def _shown(module: str) -> bool:
    """Whether a UserWarning raised from `module` gets through the current filters."""
    with warnings.catch_warnings(record=True) as seen:  # keeps the filters as they are
        warnings.warn_explicit("look", UserWarning, f"{module}.py", 1, module=module,
                               registry={})
    return bool(seen)


def test_library_silencing_leaves_our_own_warnings_visible() -> None:
    with warnings.catch_warnings():  # the filters come back after the test
        _quiet_libraries()
        quiet_libraries()
        assert not _shown("transformers.modeling_utils") and not _shown("torch.nn")
        for ours in ("tutor.agent.graph", "knowledge.retriever", "demos.gan", "__main__"):
            assert _shown(ours), ours
