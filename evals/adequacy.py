"""The adequacy check's eval (--task adequacy): labelled fields (evals/data/adequacy.jsonl) ->
per-language precision, recall and false-alarm rate on the test split (dev: for tuning)."""

from __future__ import annotations

import hashlib
import json
import logging
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from listingsmith.checks.listing import Checks, check_listing
from listingsmith.config import Settings
from listingsmith.domain import Draft, Product

LOG = logging.getLogger(__name__)
LOCALES = {"en": "en-US", "de": "de-DE", "fr": "fr-FR", "es": "es-ES", "it": "it-IT"}
LOCALES |= {"ja": "ja-JP", "zh": "zh-CN"}
LABELS = ("ok", "meta-text", "copied-example", "source-mismatch")
FIELDS = ("title", "bullets[0]", "description", "keywords")
# What flags a field: the adequacy rules, and the protected-term rule (brand, model numbers).
CHECKS = Checks.ADEQUACY | Checks.TERMS
SPLIT_SEED = "adequacy-split-1"


@dataclass(frozen=True)
class LabelledField:
    """One labelled field of a listing: its text, its English source and the product."""

    id: str
    language: str
    field: str
    text: str
    source: str | None
    label: str
    product: Product
    # How the field was made (hand-written, failure, perturbed:<kind>, garbage, tatoeba:<id>).
    origin: str = ""

    @property
    def split(self) -> str:
        """dev or test, by a seeded hash of the id."""
        digest = hashlib.sha256(f"{SPLIT_SEED}:{self.id}".encode()).hexdigest()
        return "dev" if int(digest, 16) % 2 == 0 else "test"


def parse_field(raw: dict[str, Any]) -> LabelledField:
    """One JSONL object as a labelled field; ValueError names the field that is wrong."""
    if raw.get("language") not in LOCALES:
        raise ValueError(f"field 'language': not one of {', '.join(LOCALES)}")
    if raw.get("field") not in FIELDS:
        raise ValueError(f"field 'field': not one of {', '.join(FIELDS)}")
    if raw.get("label") not in LABELS:
        raise ValueError(f"field 'label': not one of {', '.join(LABELS)}")
    if not isinstance(raw.get("text"), str):
        raise ValueError("field 'text': missing or not a string")
    product = raw.get("product") or {}
    return LabelledField(
        id=str(raw.get("id")),
        language=raw["language"],
        field=raw["field"],
        text=raw["text"],
        source=raw.get("source"),
        label=raw["label"],
        origin=str(raw.get("origin") or ""),
        product=Product(
            sku=product.get("sku") or str(raw.get("id")),
            title=product.get("title") or raw.get("source") or raw["text"],
            description=product.get("description", ""),
            brand=product.get("brand"),
        ),
    )


def read_fields(path: Path, limit: int | None = None) -> list[LabelledField]:
    """Labelled fields of one JSONL file; a bad line is logged (line, id, field) and skipped."""
    records = []
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if limit is not None and len(records) >= limit:
                break
            try:
                raw = json.loads(line)
                records.append(parse_field(raw))
            except (ValueError, AttributeError, TypeError) as error:
                LOG.warning("%s line %d skipped: %s", path.name, number, error)
    return records


def _draft(field: str, text: str) -> Draft:
    if field == "bullets[0]":
        return Draft(title="", bullets=[text])
    if field == "keywords":
        return Draft(title="", keywords=text.split(", "))
    return Draft(**{"title": "", field: text})


def rules_of(record: LabelledField, settings: Settings) -> list[str]:
    """The rule ids the checks raise on the record's field."""
    listing = _draft(record.field, record.text)
    pivot = _draft(record.field, record.source) if record.source else listing
    checked = check_listing(
        listing, record.product, [], LOCALES[record.language], settings, pivot, CHECKS
    )
    return sorted({finding.rule_id for finding in checked.findings})


def scores(results: list[tuple[LabelledField, list[str]]]) -> dict[str, Any]:
    """Precision, recall and false-alarm rate of flagging a bad field, and recall per label."""
    flagged_bad = sum(bool(rules) for r, rules in results if r.label != "ok")
    flagged_ok = sum(bool(rules) for r, rules in results if r.label == "ok")
    bad = sum(r.label != "ok" for r, _ in results)
    ok = len(results) - bad
    flagged = flagged_bad + flagged_ok
    by_label, by_origin = defaultdict(list), defaultdict(list)
    for record, rules in results:
        by_label[record.label].append(bool(rules))
        if record.label != "ok":
            by_origin[record.origin.split(":", 1)[0]].append(bool(rules))
    return {
        "fields": len(results),
        "bad": bad,
        "precision": round(flagged_bad / flagged, 4) if flagged else None,
        "recall": round(flagged_bad / bad, 4) if bad else None,
        "false_alarm_rate": round(flagged_ok / ok, 4) if ok else None,
        "recall_by_label": {
            label: round(sum(hits) / len(hits), 4)
            for label, hits in sorted(by_label.items())
            if label != "ok"
        },
        "recall_by_origin": {
            origin: round(sum(hits) / len(hits), 4) for origin, hits in sorted(by_origin.items())
        },
    }


def evaluate_adequacy(records: list[LabelledField], settings: Settings) -> dict[str, Any]:
    """Scores per language and overall on the test split, and the same on dev, with dev's
    misses and false alarms (what tuning may look at)."""
    results = [(record, rules_of(record, settings)) for record in records]
    out: dict[str, Any] = {}
    for split in ("test", "dev"):
        chosen = [(r, rules) for r, rules in results if r.split == split]
        by_language = defaultdict(list)
        for item in chosen:
            by_language[item[0].language].append(item)
        per_language = {lang: scores(items) for lang, items in sorted(by_language.items())}
        out[split] = {"overall": scores(chosen), "per_language": per_language}
    out["dev_errors"] = [
        {"id": r.id, "label": r.label, "text": r.text, "rules": rules}
        for r, rules in results
        if r.split == "dev" and (r.label == "ok") == bool(rules)
    ]
    return {
        "per_language": out["test"]["per_language"],
        "overall": out["test"]["overall"],
        **out,
    }
