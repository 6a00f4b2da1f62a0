"""Calibrated confidence per source and evidence kind: knots measured on train-split records
(confidence.yaml, written with its card by `python -m evals.build_confidence`) map a value's
stated confidence to the share of such values that were right. They hold for the model the
card names only: another model's values, and a source and kind the file does not name, keep
their stated confidence."""

from __future__ import annotations

from functools import cache
from typing import Any

import numpy as np

from listingsmith.domain import Attribute
from listingsmith.lexicons import load_data

CALIBRATION_FILE = "confidence.yaml"
# The pixel colours' calibration (no model reads pixels: it holds whichever model is served).
PHOTO_CALIBRATION_FILE = "photo_confidence.yaml"
GROUNDED, INFERRED = "grounded", "inferred"


def evidence_kind(attribute: Attribute) -> str:
    """ "grounded" when the value is written in the text it was read from, else "inferred"."""
    return GROUNDED if attribute.evidence else INFERRED


@cache
def calibration() -> dict[str, Any]:
    """confidence.yaml: its card and the knots per source and evidence kind."""
    return load_data(__package__, CALIBRATION_FILE)


def knots(source: str, kind: str) -> dict[str, Any] | None:
    """The measured knots of `source`'s values of `kind`, when they were measured."""
    return calibration()["sources"].get(source, {}).get(kind)


def calibrated(attribute: Attribute, model: str, served: str) -> Attribute:
    """The attribute, read by `model` (served as `served`: the model or a task's adapter), with
    its confidence calibrated for its source and evidence kind where that was measured for
    that model and adapter."""
    card = calibration()["card"]
    measured = knots(attribute.source, evidence_kind(attribute))
    if measured is None or (card["model"], card["served_for_extract"]) != (model, served):
        return attribute
    confidence = float(np.interp(attribute.confidence, measured["x"], measured["y"]))
    return attribute.model_copy(update={"confidence": round(confidence, 4)})


@cache
def photo_calibration() -> dict[str, Any]:
    """photo_confidence.yaml: its card and the pixel colours' knots."""
    return load_data(__package__, PHOTO_CALIBRATION_FILE)


def calibrated_photo(attribute: Attribute) -> Attribute:
    """A photo source's value with its confidence calibrated where photo_confidence.yaml
    measured that source and evidence kind (the pixel colours)."""
    measured = photo_calibration()["sources"].get(attribute.source, {})
    measured = measured.get(evidence_kind(attribute))
    if measured is None:
        return attribute
    confidence = float(np.interp(attribute.confidence, measured["x"], measured["y"]))
    return attribute.model_copy(update={"confidence": round(confidence, 4)})
