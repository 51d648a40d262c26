# Two entry points (see README): `make run` and `make test`. Both create .venv on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint install clean

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	# torch first, from the local CPU wheel, so sentence-transformers does not pull CUDA.
	$(BIN)/pip install -q -c constraints.txt torch==2.13.0
	$(BIN)/pip install -q -c constraints.txt -e '.[find,embed,study,app,dev]'
	touch $(STAMP)

install: $(STAMP)

CORPUS ?= ../shared/corpus

# The main job on the embedded defaults: ingest the shared corpus (when present) into notes/, then list it.
run: $(STAMP)
	$(BIN)/python scripts/ingest_corpus.py $(CORPUS)
	$(BIN)/paperstudy list

lint: $(STAMP)
	$(BIN)/ruff check paperstudy tests bench scripts
	$(BIN)/ruff format --check paperstudy tests bench scripts
	$(BIN)/mypy paperstudy

test: lint
	$(BIN)/pytest -q

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
