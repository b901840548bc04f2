"""Keep stderr quiet while models load: the CLI prints JSON on stdout and our own progress
lines on stderr, so library progress bars and warnings would only be noise there."""

from __future__ import annotations

import contextlib
import io
import logging
import os
import warnings
from collections.abc import Iterator

_NOISY_LOGGERS = ("bitsandbytes", "transformers", "accelerate", "huggingface_hub", "torch")
_done = False


def quiet_libraries() -> None:
    """Silence transformers/bitsandbytes/hub progress bars and warnings (idempotent)."""
    global _done
    if _done:
        return
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    for name in _NOISY_LOGGERS:
        logging.getLogger(name).setLevel(logging.ERROR)
    for module in ("transformers", "bitsandbytes", "accelerate", "torch", "huggingface_hub"):
        warnings.filterwarnings("ignore", module=module)
    from huggingface_hub.utils import disable_progress_bars
    from transformers.utils import logging as hf_logging

    hf_logging.set_verbosity_error()
    hf_logging.disable_progress_bar()
    disable_progress_bars()
    _done = True


@contextlib.contextmanager
def swallow_stderr() -> Iterator[None]:
    """Hide bars that bypass the libraries' own switches (the GGUF reader's plain tqdm)."""
    with contextlib.redirect_stderr(io.StringIO()):
        yield
