# listingsmith: `make demo` (set up + run the example catalogue), `make test` (set up + all tests).
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: install demo test unit integration lint clean

$(STAMP): pyproject.toml scripts/install.sh
	VENV=$(VENV) bash scripts/install.sh
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(VENV)/bin/listingsmith run examples/catalog.jsonl --locales en-US,de-DE,ja-JP --out out/demo

test: $(STAMP)
	bash scripts/install-browser.sh
	$(PY) -m pytest

unit: $(STAMP)
	$(PY) -m pytest -m "not integration"

integration: $(STAMP)
	$(PY) -m pytest -m integration

lint: $(STAMP)
	$(VENV)/bin/ruff check . && $(VENV)/bin/ruff format --check .

clean:
	rm -rf out .pytest_cache
