# Two entry points (see README): `make run` and `make test`. Both create .venv on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint install browser clean

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	# torch first, from the local CPU wheel, so sentence-transformers does not pull CUDA.
	$(BIN)/pip install -q -c constraints.txt torch==2.13.0
	# The cluster extra (Ray, for ingest --engine ray) too: its tests run a local Ray.
	$(BIN)/pip install -q -c constraints.txt -e '.[dev,cluster]'
	touch $(STAMP)

install: $(STAMP)

CORPUS ?= ../shared/corpus

# The main job on the embedded defaults: ingest the shared corpus (when present) into notes/ with the
# bundled embedding model, list the library, then open the study app (Ctrl-C stops it).
run: $(STAMP)
	$(BIN)/python scripts/ingest_corpus.py $(CORPUS)
	$(BIN)/paperstudy list
	$(BIN)/paperstudy app

lint: $(STAMP)
	$(BIN)/ruff check paperstudy tests bench scripts app
	$(BIN)/ruff format --check paperstudy tests bench scripts app
	$(BIN)/mypy paperstudy app
	$(BIN)/lint-imports

# The app's real-browser test drives Debian's Chromium (browser downloads are impossible here); best
# effort: without it that one test skips with its reason.
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  SUDO=$$([ "$$(id -u)" = 0 ] || echo sudo); \
	  { $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq chromium >/dev/null; } \
	    || echo "chromium could not be installed: the browser test will skip"; }

test: lint browser
	$(BIN)/pytest -q

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
