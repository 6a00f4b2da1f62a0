"""Training pairs of the translate adapter: parallel sentences, taxonomy category names and
listing-like templates, each as the adapter's own prompt and the translation after it."""

from __future__ import annotations

import random
import re
from collections import Counter
from pathlib import Path
from typing import Any

from listingsmith.lexicons import load, load_data
from listingsmith.locale.translation import adapter_prompt
from listingsmith.training.records import read_records
from listingsmith.training.trainer import Example

LANGUAGES = ("de", "fr", "es", "it", "ja", "zh")
# The taxonomy names Chinese by its locale.
TAXONOMY_KEYS = {"zh": "zh-CN"}
SLOT = re.compile(r"\{(\w+)\}")


def translate_spec() -> dict[str, Any]:
    """The data mix and templates (training/translate.yaml)."""
    return load_data(__package__, "translate.yaml")


def simplified(text: str) -> bool:
    """Whether Chinese text is in Simplified script: Traditional-only characters are not in
    GB2312."""
    try:
        text.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return True


def pair_pool(
    records: list[dict[str, Any]], spec: dict[str, Any]
) -> tuple[dict[str, list[tuple[str, str]]], Counter[str]]:
    """Per language, the usable (English, translation) pairs: within the word bounds, each
    English sentence and each translation once, Chinese in Simplified script."""
    bounds = spec["sentences"]
    pool: dict[str, list[tuple[str, str]]] = {language: [] for language in LANGUAGES}
    seen: set[tuple[str, str]] = set()
    skipped: Counter[str] = Counter()
    for record in records:
        for language in LANGUAGES:
            english, target = record.get("en"), record.get(language)
            if not english or not target:
                continue
            if not bounds["min_words"] <= len(english.split()) <= bounds["max_words"]:
                skipped["sentence out of the word bounds"] += 1
            elif (language, english) in seen or (language, target) in seen:
                skipped["sentence seen before"] += 1
            elif language == "zh" and not simplified(target):
                skipped["Chinese not in Simplified script"] += 1
            else:
                seen |= {(language, english), (language, target)}
                pool[language].append((english, target))
    return pool, skipped


def example(language: str, english: str, target: str, source: str) -> Example:
    """The adapter's prompt for `english` and the translation after it."""
    return Example(adapter_prompt(language, english), " " + target, source)


def sentence_examples(
    pool: dict[str, list[tuple[str, str]]], spec: dict[str, Any], rng: random.Random
) -> list[Example]:
    """A seeded sample of each language's sentence pairs."""
    size = spec["sentences"]["per_language"]
    return [
        example(language, english, target, f"sentences:{language}")
        for language, pairs in pool.items()
        for english, target in rng.sample(pairs, min(size, len(pairs)))
    ]


def category_examples(
    names: list[dict[str, str]], spec: dict[str, Any], rng: random.Random
) -> list[Example]:
    """A seeded sample of taxonomy category names per language."""
    examples = []
    for language in LANGUAGES:
        key = TAXONOMY_KEYS.get(language, language)
        usable = [n for n in names if n.get("en") and n.get(key)]
        for chosen in rng.sample(usable, min(spec["categories"]["per_language"], len(usable))):
            examples.append(example(language, chosen["en"], chosen[key], "categories"))
    return examples


def model_number(rng: random.Random) -> str:
    """A made-up model number (letters and digits, as the glossary protects)."""
    letters = "".join(rng.choice("ABCDEFGHKLMNPRSTVXZ") for _ in range(rng.randint(2, 3)))
    return f"{letters}{rng.randint(10, 9999)}{rng.choice(['', 'X', '-B21', 'PR'])}"


def slot_values(
    language: str, names: list[dict[str, str]], spec: dict[str, Any], rng: random.Random
) -> tuple[dict[str, str], dict[str, str]]:
    """One draw of every template slot: English values and the language's values."""
    color = rng.choice(list(load("colors").values()))
    material = rng.choice(list(load("materials").values()))
    key = TAXONOMY_KEYS.get(language, language)
    category = rng.choice([n for n in names if n.get("en") and n.get(key)])
    term = rng.choice(spec["templates"]["terms"])
    term = model_number(rng) if term == "model" else term
    n, m = rng.sample(spec["templates"]["numbers"], 2)
    shared = {"n": str(n), "m": str(m), "term": term}
    english = {
        **shared,
        "color": color["en"][0],
        "material": material["en"][0],
        "category": category["en"],
    }
    target = {
        **shared,
        "color": color[language][0],
        "material": material[language][0],
        "category": category[key],
    }
    return english, target


def fill(form: str, values: dict[str, str]) -> str:
    """A template with its slots filled; a capitalised slot name capitalises the value."""

    def value(match: re.Match[str]) -> str:
        name = match.group(1)
        text = values[name.lower()]
        return text[:1].upper() + text[1:] if name[0].isupper() else text

    return SLOT.sub(value, form)


def template_examples(
    names: list[dict[str, str]], spec: dict[str, Any], rng: random.Random
) -> list[Example]:
    """Listing-like lines per language from the templates, lexicons and taxonomy names, with
    numbers and protected terms the translation copies as they are."""
    forms = spec["templates"]["forms"]
    examples = []
    for language in LANGUAGES:
        for _ in range(spec["templates"]["per_language"]):
            form = rng.choice(forms)
            english, target = slot_values(language, names, spec, rng)
            english_text = fill(form["en"], english)
            english_text = english_text[:1].upper() + english_text[1:]
            examples.append(
                example(language, english_text, fill(form[language], target), "templates")
            )
    return examples


def translate_examples(paths: list[Path]) -> tuple[list[Example], Counter[str]]:
    """The adapter's examples from parallel-sentence files (`en` and a target key) and the
    taxonomy file (records with `names`), plus the templates; counted by kind."""
    spec = translate_spec()
    rng = random.Random(spec["seed"])
    pairs: list[dict[str, Any]] = []
    names: list[dict[str, str]] = []
    for path in paths:
        for record in read_records(path):
            if isinstance(record.get("names"), dict):
                names.append(record["names"])
            else:
                pairs.append(record)
    pool, skipped = pair_pool(pairs, spec)
    examples = sentence_examples(pool, spec, rng)
    if names:
        examples += category_examples(names, spec, rng) + template_examples(names, spec, rng)
    else:
        skipped["no taxonomy file: no category or template examples"] += 1
    skipped.update({f"examples from {kind}": n for kind, n in _kinds(examples).items()})
    return examples, skipped


def _kinds(examples: list[Example]) -> Counter[str]:
    return Counter(e.source for e in examples)
