"""Build the adequacy labelled set (evals/data/adequacy.jsonl) from its hand-written seed
(evals/data/adequacy_seed.yaml), held-out Tatoeba train pairs and perturbed good fields.
Run: python -m evals.build_adequacy ../shared/data evals/data/adequacy.jsonl"""

from __future__ import annotations

import json
import random
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

from evals.length_ratios import is_held_out, tatoeba_pairs

SEED = 15
TATOEBA_PER_LANGUAGE = 16
TATOEBA_LANGUAGES = ("de", "fr", "es", "ja", "zh")
TRANSLATED = ("de", "fr", "es", "it", "ja", "zh")
# Tatoeba sentences about language or translation are not listing-like: left out.
ABOUT_LANGUAGE = re.compile(
    r"translat|\btext|sentence|\bword|language|english|french|german|spanish|japanese|"
    r"chinese|italian",
    re.IGNORECASE,
)
NUMBER = re.compile(r"\d+(?:[.,]\d+)?")
SWAPPED_BRAND = "Acme"


def _record(**fields: Any) -> dict[str, Any]:
    return {"source": None, "origin": "hand-written", **fields}


def good_fields(seed: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """Every hand-written pivot field and translation of the seed, labelled ok."""
    products = {p["sku"]: p for p in seed["products"]}
    for sku, by_field in seed["fields"].items():
        for field, texts in by_field.items():
            for language, text in texts.items():
                yield _record(
                    id=f"{sku}:{field}:{language}",
                    sku=sku,
                    product=products[sku],
                    language=language,
                    field=field,
                    text=text,
                    source=None if language == "en" else texts["en"],
                    label="ok",
                )


def _perturbations(record: dict[str, Any]) -> dict[str, str]:
    """Broken versions of one good translated field, by kind."""
    text, source = record["text"], record["source"]
    out = {}
    if NUMBER.search(source) and NUMBER.search(text):
        out["dropped-numbers"] = re.sub(r"\s*" + NUMBER.pattern, "", text)
        first = NUMBER.search(text)
        changed = str(int(float(first.group().replace(",", "."))) * 2 + 1)
        out["changed-number"] = text[: first.start()] + changed + text[first.end() :]
    if len(source) >= 30:
        out["truncated"] = text[: max(2, len(text) * 2 // 5)]
    brand = record["product"]["brand"]
    if brand in text:
        out["swapped-brand"] = text.replace(brand, SWAPPED_BRAND)
    return out


def perturbed(goods: list[dict[str, Any]], rng: random.Random) -> Iterator[dict[str, Any]]:
    """One perturbation of every good translated field, labelled source-mismatch."""
    for record in goods:
        if record["language"] == "en":
            continue
        kinds = _perturbations(record)
        if kinds:
            kind = rng.choice(sorted(kinds))
            yield {
                **record,
                "id": f"{record['id']}:{kind}",
                "text": kinds[kind],
                "label": "source-mismatch",
                "origin": f"perturbed:{kind}",
            }


def failures(seed: dict[str, Any], rng: random.Random) -> Iterator[dict[str, Any]]:
    """The seed's failure texts, each put in a field of a product it does not describe."""
    products = seed["products"]
    for label, by_language in seed["failures"].items():
        for language, texts in by_language.items():
            for number, text in enumerate(texts):
                product = rng.choice(products)
                field = rng.choice(["bullets[0]", "description"])
                source = seed["fields"][product["sku"]][field]["en"]
                yield _record(
                    id=f"{product['sku']}:{field}:{language}:{label}:{number}",
                    sku=product["sku"],
                    product=product,
                    language=language,
                    field=field,
                    text=text,
                    source=None if language == "en" else source,
                    label=label,
                    origin="failure",
                )


def garbage(seed: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """The seed's translations with words their source does not support, in the field of the
    product they were written for, labelled source-mismatch."""
    products = {p["sku"]: p for p in seed["products"]}
    for number, item in enumerate(seed["garbage"]):
        sku, field = item["sku"], item["field"]
        for language, text in item["texts"].items():
            yield _record(
                id=f"{sku}:{field}:{language}:garbage:{number}",
                sku=sku,
                product=products[sku],
                language=language,
                field=field,
                text=text,
                source=seed["fields"][sku][field]["en"],
                label="source-mismatch",
                origin="garbage",
            )


def tatoeba_fields(data: Path, rng: random.Random) -> Iterator[dict[str, Any]]:
    """Held-out Tatoeba train pairs (never used for the ratio bounds) as good descriptions."""
    for language in TATOEBA_LANGUAGES:
        pairs = [
            (pair_id, english, target)
            for pair_id, english, target in tatoeba_pairs(data, language)
            if is_held_out(pair_id)
            and 30 <= len(english) <= 150
            and not ABOUT_LANGUAGE.search(english)
        ]
        for pair_id, english, target in rng.sample(pairs, TATOEBA_PER_LANGUAGE):
            product = {"sku": pair_id, "brand": None, "title": english, "description": ""}
            for text, lang, source in ((target, language, english), (english, "en", None)):
                if lang == "en" and language not in ("de", "ja"):
                    continue  # English sides of two languages suffice
                yield _record(
                    id=f"{pair_id}:{lang}",
                    sku=pair_id,
                    product=product,
                    language=lang,
                    field="description",
                    text=text,
                    source=source,
                    label="ok",
                    origin=f"tatoeba:{pair_id}",
                )


def main(data: Path, out: Path) -> None:
    seed = yaml.safe_load((Path(__file__).parent / "data" / "adequacy_seed.yaml").read_text())
    rng = random.Random(SEED)
    goods = list(good_fields(seed))
    records = [*goods, *perturbed(goods, rng), *failures(seed, rng), *tatoeba_fields(data, rng)]
    records += garbage(seed)
    with out.open("w", encoding="utf-8") as handle:
        for record in records:
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    print(f"wrote {len(records)} records to {out}")


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
