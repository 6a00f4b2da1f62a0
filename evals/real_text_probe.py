"""A false-alarm probe on real text nobody wrote for the packs (issue 16): the products-train
splits' titles and descriptions as ordinary en-US Amazon listings, and Tatoeba train sentences
(a few per listing) as listing text in de-DE, fr-FR, es-ES, ja-JP, zh-CN and en-US/en-GB.

Run: python -m evals.real_text_probe build DATA_DIR OUT.jsonl [--sentences N]
     listingsmith policies check OUT.jsonl > FINDINGS.jsonl
     python -m evals.real_text_probe tally OUT.jsonl FINDINGS.jsonl [--samples N]
DATA_DIR is the shared data folder holding products-train/ and translation-train/. Never the
evaluation product files nor the policy corpus's test split."""

from __future__ import annotations

import gzip
import json
import random
import sys
from collections import Counter, defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

PRODUCT_FILES = (
    "wdc-pave-train.jsonl",
    "ae-110k-train.jsonl",
    "oa-mine-train.jsonl",
    "implicitave-train.jsonl",
)
# Tatoeba pair file -> the target language's key and the locales its sentences go under.
SENTENCE_FILES = {
    "tatoeba-en-de.jsonl.gz": ("de", ("de-DE",)),
    "tatoeba-en-fr.jsonl.gz": ("fr", ("fr-FR",)),
    "tatoeba-en-es.jsonl.gz": ("es", ("es-ES",)),
    "tatoeba-en-ja.jsonl.gz": ("ja", ("ja-JP",)),
    "tatoeba-en-zh.jsonl.gz": ("zh", ("zh-CN",)),
}
ENGLISH_FROM = "tatoeba-en-de.jsonl.gz"
ENGLISH_LOCALES = ("en-US", "en-GB")
SENTENCES_PER_LISTING = 4
SENTENCES = 20000
SEED = 11
BRAND_KEYS = ("Brand", "Brand Name", "brand")
# Rules about missing legal data or the format of a title or bullet (length, characters, ™ and
# emoji): they fire on purpose on lines without attributes or on a seller's typography, so the
# probe leaves them aside (it judges content rules only).
LEFT_ASIDE = (
    "eu-gpsr.",
    "eu-food-1169.",
    "eu-textile-1007-2011.composition",
    "eu-textile-1007-2011.fibre-composition",
    "us-textile.fiber-content",
    "us-textile.origin",
    "amazon.title",
    "amazon.bullets",
    "amazon.trademark-symbols",
    "amazon.emoji",
    ".language-coverage",
)


def _brand(gold: dict[str, Any]) -> str | None:
    for key in BRAND_KEYS:
        value = gold.get(key)
        if isinstance(value, str) and value.strip():
            return value
    return None


def product_lines(folder: Path) -> Iterator[dict[str, Any]]:
    """Every train record as an en-US Amazon listing: its title, description and category."""
    for name in PRODUCT_FILES:
        with (folder / name).open(encoding="utf-8") as handle:
            for raw in handle:
                record = json.loads(raw)
                yield {
                    "id": record["id"],
                    "locale": "en-US",
                    "marketplace": "amazon",
                    "brand": _brand(record.get("attributes_gold") or {}),
                    "category": record.get("category"),
                    "listing": {
                        "title": record.get("title") or "",
                        "bullets": [],
                        "description": record.get("description") or "",
                        "keywords": [],
                    },
                    "attributes": {},
                }


def _sentences(path: Path, key: str, count: int) -> list[str]:
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        texts = sorted({json.loads(raw)[key] for raw in handle})
    rng = random.Random(f"{SEED}:{path.name}:{key}")
    rng.shuffle(texts)
    return texts[:count]


def sentence_lines(folder: Path, count: int) -> Iterator[dict[str, Any]]:
    """Tatoeba sentences, a few per listing: the first the title, the rest the description."""
    sources = [(name, key, locales) for name, (key, locales) in SENTENCE_FILES.items()]
    sources.append((ENGLISH_FROM, "en", ENGLISH_LOCALES))
    for name, key, locales in sources:
        texts = _sentences(folder / name, key, count)
        for n in range(0, len(texts), SENTENCES_PER_LISTING):
            group = texts[n : n + SENTENCES_PER_LISTING]
            locale = locales[(n // SENTENCES_PER_LISTING) % len(locales)]
            yield {
                "id": f"tatoeba-{key}:{locale}:{n // SENTENCES_PER_LISTING}",
                "locale": locale,
                "marketplace": "amazon",
                "brand": None,
                "category": None,
                "listing": {
                    "title": group[0],
                    "bullets": [],
                    "description": " ".join(group[1:]),
                    "keywords": [],
                },
                "attributes": {},
            }


def build(data: Path, out: Path, count: int) -> int:
    """Write the probe's listings; return how many."""
    lines = [
        *product_lines(data / "products-train"),
        *sentence_lines(data / "translation-train", count),
    ]
    with out.open("w", encoding="utf-8") as handle:
        for line in lines:
            handle.write(json.dumps(line, ensure_ascii=False) + "\n")
    return len(lines)


def _content_rule(rule_id: str) -> bool:
    return not rule_id.startswith("learned.") and not any(
        part in rule_id if part.startswith(".") else rule_id.startswith(part) for part in LEFT_ASIDE
    )


def tally(listings: Path, findings: Path, samples: int) -> dict[str, Any]:
    """Per content rule: listings it fires on, by source, and a seeded sample of its hits."""
    text = {}
    with listings.open(encoding="utf-8") as handle:
        for raw in handle:
            line = json.loads(raw)
            text[line["id"]] = line
    hits: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
    with findings.open(encoding="utf-8") as handle:
        for raw in handle:
            result = json.loads(raw)
            seen = set()
            for finding in result.get("findings", []):
                rule = finding["rule_id"]
                if not _content_rule(rule) or rule in seen:
                    continue
                seen.add(rule)
                hits[rule].append((result["id"], result["locale"], finding.get("message", "")))
    rng = random.Random(SEED)
    table = {}
    for rule in sorted(hits, key=lambda r: -len(hits[r])):
        found = hits[rule]
        chosen = rng.sample(found, min(samples, len(found)))
        table[rule] = {
            "hits": len(found),
            "by_source": dict(Counter(i.split(":")[0] for i, _, _ in found)),
            "sample": [
                {
                    "id": i,
                    "locale": loc,
                    "message": msg,
                    "listing": text[i]["listing"],
                    "category": text[i]["category"],
                }
                for i, loc, msg in chosen
            ],
        }
    return {"listings": len(text), "rules": table}


def main(argv: list[str]) -> None:
    if argv[:1] == ["build"]:
        count = int(argv[argv.index("--sentences") + 1]) if "--sentences" in argv else SENTENCES
        print(build(Path(argv[1]), Path(argv[2]), count))
    elif argv[:1] == ["tally"]:
        samples = int(argv[argv.index("--samples") + 1]) if "--samples" in argv else 20
        print(
            json.dumps(tally(Path(argv[1]), Path(argv[2]), samples), ensure_ascii=False, indent=1)
        )
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv[1:])
