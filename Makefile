# Every target bootstraps .venv on first use, so a machine with only Python needs nothing else.
# What a target installs is a dependency group of pyproject.toml (PEP 735, `pip install --group`,
# pip >= 25.1, which the bootstrap upgrades to): `make generate` only the generator's group.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
BASE := $(VENV)/.base
CODEGEN := $(VENV)/.codegen
DEV := $(VENV)/.dev

.DEFAULT_GOAL := help
.PHONY: help generate check test lint fuzz bench clean

$(BASE):
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	touch $(BASE)

$(CODEGEN): pyproject.toml $(BASE)
	$(BIN)/python -m pip install --quiet -e . --group codegen
	touch $(CODEGEN)

# The dev group holds the codegen group: installing it satisfies both.
$(DEV): pyproject.toml $(BASE)
	$(BIN)/python -m pip install --quiet -e . --group dev
	touch $(DEV) $(CODEGEN)

## help: list the targets
help:
	@sed -n 's/^## \([a-z]*:\)/\1/p; s/^## /    /p' $(MAKEFILE_LIST)

## generate: regenerate src/clouderrors and docs/reference from the documents in codegen/sources.toml
generate: $(CODEGEN)
	$(BIN)/python -m codegen generate

## check: fail if regenerating would change the committed package or reference pages
check: $(CODEGEN)
	$(BIN)/python -m codegen generate --check

## lint: black, ruff and mypy --strict over the code and the tests
lint: $(DEV)
	$(BIN)/black --check --quiet src codegen tests benchmarks
	$(BIN)/ruff check src codegen tests benchmarks
	$(BIN)/mypy

## test: lint, regeneration check, then the test suite across the cores (its last lines are pytest's summary)
# worksteal: a core that runs out of tests takes queued ones from the other, so one long test
# near the end does not leave a core idle.
test: lint check
	$(BIN)/python -m pytest -n auto --dist worksteal

## fuzz: long hypothesis runs over the response parser and the readers
fuzz: $(DEV)
	$(BIN)/python -m pytest -m fuzz -p no:cacheprovider

## bench: speed ratios against the vendor SDKs and plain Python, measured side by side; then
## the generator's fresh, no-change and --check times (benchmarks/generation.py) and format
## detection's time per byte on hostile pages (benchmarks/detection.py); generation, import,
## first error and wheel size with every service of the Tencent SDK (benchmarks/sdk_scale.py)
bench: $(DEV)
	$(BIN)/python -m pip install --quiet --group bench
	$(BIN)/python benchmarks/run.py
	$(BIN)/python benchmarks/generation.py
	$(BIN)/python benchmarks/catalogue_scale.py
	$(BIN)/python benchmarks/detection.py
	$(BIN)/python benchmarks/sdk_scale.py

## clean: remove the virtual environment and the tools' caches
clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis
