# Every target bootstraps .venv on first use, so a machine with only Python needs nothing else.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: generate check test lint fuzz bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

## generate: regenerate src/clouderrors from the documents in codegen/sources.toml
generate: $(STAMP)
	$(BIN)/python -m codegen generate

## check: fail if regenerating would change the committed package
check: $(STAMP)
	$(BIN)/python -m codegen generate --check

lint: $(STAMP)
	$(BIN)/black --check --quiet src codegen tests benchmarks
	$(BIN)/ruff check src codegen tests benchmarks
	$(BIN)/mypy

## test: lint, regeneration check, then the test suite across the cores (its last lines are pytest's summary)
test: lint check
	$(BIN)/python -m pytest -n auto

## fuzz: long hypothesis runs over the response parser and the readers
fuzz: $(STAMP)
	$(BIN)/python -m pytest -m fuzz -p no:cacheprovider

## bench: speed ratios against the vendor SDKs and plain Python, measured side by side; then
## the generator's fresh, no-change and --check times (benchmarks/generation.py) and format
## detection's time per byte on hostile pages (benchmarks/detection.py)
bench: $(STAMP)
	$(BIN)/python -m pip install --quiet --group bench
	$(BIN)/python benchmarks/run.py
	$(BIN)/python benchmarks/generation.py
	$(BIN)/python benchmarks/catalogue_scale.py
	$(BIN)/python benchmarks/detection.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis
