"""Closed-set values without the model: a fastText classifier (models/values.ftz, trained by
`listingsmith train values`) reads a product's text and category; for each asked attribute with
a value set (value_sets.py) only that set's labels compete, and the top value's probability,
renormalised over the set, is calibrated on the train split's held-out fifth (values.json)."""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import numpy as np

from listingsmith.attributes.named import kind_map
from listingsmith.attributes.value_sets import value_set
from listingsmith.domain import Attribute

SOURCE = "text-classifier"
MODEL_FILE = "values.ftz"
CARD_FILE = "values.json"
MODELS = "models"
LABEL = "__label__"
MAX_CHARS = 2000
_WORD = re.compile(r"\w+")


def tokens(text: str) -> str:
    """The classifier's words: NFKC, case-folded, word characters only."""
    return " ".join(_WORD.findall(unicodedata.normalize("NFKC", text[:MAX_CHARS]).casefold()))


def model_line(text: str, category: str | None) -> str:
    """The classifier's input: the text's words, then one token naming the category."""
    return f"{tokens(text)} cat_{'_'.join(tokens(category or '').split())}"


def label(name: str, value: str) -> str:
    """The fastText label of one attribute's value."""
    return LABEL + f"{name}={value}".replace(" ", "_")


@dataclass(frozen=True)
class Example:
    """A train record's text and category with one closed attribute's gold value."""

    text: str
    category: str | None
    name: str
    value: str

    @property
    def line(self) -> str:
        """The classifier's input for the example."""
        return model_line(self.text, self.category)


def top_values(
    model: Any, line: str, category: str | None, names: list[str]
) -> dict[str, tuple[str, float]]:
    """Per closed name, the most probable value of its set and its probability within the set."""
    labels, probs = model.predict(line, k=-1)
    probability = dict(zip(labels, (float(p) for p in probs), strict=True))
    out = {}
    for name in names:
        allowed = value_set(category, name)
        if not allowed:
            continue
        scored = [(probability.get(label(name, v), 0.0), v) for v in allowed]
        total = sum(p for p, _ in scored)
        best, value = max(scored)
        if total > 0:
            out[name] = (value, min(1.0, best / total))
    return out


def card() -> dict[str, Any]:
    """The shipped classifier's card: sizes, held-out accuracy, calibration knots."""
    path = resources.files(__package__).joinpath(MODELS, CARD_FILE)
    return json.loads(path.read_text(encoding="utf-8"))


@cache
def model() -> Any:
    """The quantised classifier shipped in the package (loaded once, offline)."""
    import fasttext  # fasttext-predict: inference only

    with resources.as_file(resources.files(__package__).joinpath(MODELS, MODEL_FILE)) as path:
        return fasttext.load_model(str(path))


def calibrated(probability: float) -> float:
    """The held-out share of top values that were right at this probability (isotonic)."""
    knots = card()["calibration"]
    return float(np.interp(probability, knots["x"], knots["y"]))


def closed_attributes(
    text: str, category: str | None, names: list[str], min_confidence: float | None = None
) -> list[Attribute]:
    """A value for each asked name that is closed in `category`, with calibrated confidence;
    none below the extractors' threshold (kinds.yaml min_confidence unless given)."""
    if not any(value_set(category, name) for name in names):
        return []
    threshold = kind_map().min_confidence if min_confidence is None else min_confidence
    found = top_values(model(), model_line(text, category), category, names)
    attributes = [
        Attribute(
            name=name,
            value=value,
            source=SOURCE,
            confidence=round(calibrated(probability), 4),
        )
        for name, (value, probability) in found.items()
    ]
    return [a for a in attributes if a.confidence >= threshold]
