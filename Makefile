# Thin aliases for the samizdat CLI. No logic lives here: the pipeline decides
# what to build, for which languages, and what is stale.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: all build test check i18n bench serve clean

all: build

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

build: $(STAMP)
	$(BIN)/samizdat build

test: $(STAMP)
	$(BIN)/python -m pytest

check: $(STAMP)
	$(BIN)/samizdat check

i18n: $(STAMP)
	$(BIN)/samizdat i18n sync

bench: $(STAMP)
	$(BIN)/python bench/run.py

serve: $(STAMP)
	$(BIN)/samizdat serve

clean:
	rm -rf build
