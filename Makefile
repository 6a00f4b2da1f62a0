# listingsmith: `make demo` (set up + run the example catalogue), `make test` (set up + all tests).
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: install demo test unit integration lint clean adapters

$(STAMP): pyproject.toml scripts/install.sh
	VENV=$(VENV) bash scripts/install.sh
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(VENV)/bin/listingsmith run examples/catalog.jsonl --locales en-US,de-DE,fr-FR,ja-JP,zh-CN --out out/demo

test: $(STAMP)
	bash scripts/install-browser.sh
	bash scripts/install-postgres.sh
	$(PY) -m pytest

unit: $(STAMP)
	$(PY) -m pytest -m "not integration"

integration: $(STAMP)
	$(PY) -m pytest -m integration

lint: $(STAMP)
	$(VENV)/bin/ruff check . && $(VENV)/bin/ruff format --check .

# Retrain the shipped LoRA adapters from scratch on the public train splits (CPU: a sample of
# TrainingSettings.max_examples per task; see each adapter's card.json for what it was trained on).
# On a GPU: make adapters TRAIN_ARGS="--device cuda --max-examples 0 --epochs 3"
TRAIN_DATA ?= ../shared/data/products-train
TRAIN_ARGS ?=
# The translate adapter: Tatoeba pairs, the taxonomy's names and templates (training/translate.yaml);
# on this 2-core CPU a sample of 1400 examples takes about 25 minutes.
TRANSLATION_DATA ?= ../shared/data/translation-train
TAXONOMY ?= ../shared/data/taxonomy/shopify-categories-2024-07.jsonl
TRANSLATE_ARGS ?= --max-examples 1400 $(TRAIN_ARGS)
adapters: $(STAMP)
	$(VENV)/bin/listingsmith train extract --out listingsmith/adapters/extract $(TRAIN_ARGS) \
		--data $(TRAIN_DATA)/ae-110k-train.jsonl --data $(TRAIN_DATA)/oa-mine-train.jsonl \
		--data $(TRAIN_DATA)/wdc-pave-train.jsonl
	$(VENV)/bin/listingsmith train draft --out listingsmith/adapters/draft $(TRAIN_ARGS) \
		--data $(TRAIN_DATA)/wdc-pave-train.jsonl
	$(VENV)/bin/listingsmith train translate --out listingsmith/adapters/translate $(TRANSLATE_ARGS) \
		$(foreach pair,de fr es ja zh,--data $(TRANSLATION_DATA)/tatoeba-en-$(pair).jsonl.gz) \
		--data $(TAXONOMY)

clean:
	rm -rf out .pytest_cache
