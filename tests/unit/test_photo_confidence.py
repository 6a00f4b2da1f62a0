"""Pixel colours' calibrated confidence: the node maps them by photo_confidence.yaml, and the
builder keeps the stated confidence unless a fitted map scores better out of fold."""

from __future__ import annotations

import numpy as np
import pytest

from evals.build_photo_confidence import MAPS, chosen_map
from listingsmith.attributes import confidence
from listingsmith.attributes.confidence import calibrated_photo, photo_calibration
from listingsmith.attributes.photo import pixel_attributes
from listingsmith.config import Settings
from listingsmith.domain import Attribute, Product
from listingsmith.nodes.extract import photo_colours
from tests.unit.test_videos import EXAMPLE_PHOTO


def pixel(value: float, source: str = "pixels") -> Attribute:
    return Attribute(
        name="color", value="red", source=source, evidence="photo a.png", confidence=value
    )


def test_pixel_colours_are_mapped_by_the_photo_calibration(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    knots = {"sources": {"pixels": {"grounded": {"x": [0.0, 0.5, 1.0], "y": [0.0, 0.8, 0.9]}}}}
    monkeypatch.setattr(confidence, "photo_calibration", lambda: knots)
    assert calibrated_photo(pixel(0.25)).confidence == 0.4
    assert calibrated_photo(pixel(0.25, source="photo-model")).confidence == 0.25


def test_the_shipped_photo_calibration_is_a_measured_monotone_map() -> None:
    shipped = photo_calibration()
    card, knots = shipped["card"], shipped["sources"]["pixels"]["grounded"]
    assert card["photos"]["fit"] > 50 and "heldout_odd_records" in card
    assert card["method"].split()[0] in MAPS
    assert knots["x"] == sorted(knots["x"]) and knots["y"] == sorted(knots["y"])
    assert all(0.0 <= y <= 1.0 for y in knots["y"])


def synthetic(truth: float, records: int = 400) -> list[list[tuple[float, bool]]]:
    """Records of two values each, stated confidence c, right with probability truth x c."""
    rng = np.random.default_rng(3)
    stated = rng.uniform(0.1, 0.6, size=(records, 2))
    right = rng.uniform(size=stated.shape) < np.minimum(1.0, truth * stated)
    return [
        [(float(c), bool(r)) for c, r in zip(cs, rs, strict=True)]
        for cs, rs in zip(stated, right, strict=True)
    ]


def test_the_stated_confidence_is_kept_when_it_is_already_calibrated() -> None:
    assert chosen_map(synthetic(1.0))[0] == "stated"


def test_a_fitted_map_replaces_an_underconfident_one() -> None:
    name, scores = chosen_map(synthetic(1.6))
    assert name != "stated" and scores[name] < scores["stated"]
    x, y = MAPS[name]([v for r in synthetic(1.6) for v in r])
    assert float(np.interp(0.5, x, y)) > 0.65


def test_the_extract_node_reports_calibrated_pixel_colours(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    knots = {"sources": {"pixels": {"grounded": {"x": [0.0, 1.0], "y": [0.0, 0.5]}}}}
    product = Product(sku="S", title="Candle", images=[str(EXAMPLE_PHOTO)])
    stated = [a.confidence for a in pixel_attributes(EXAMPLE_PHOTO, Settings())]
    monkeypatch.setattr(confidence, "photo_calibration", lambda: knots)
    shown = [a.confidence for a in photo_colours(product, Settings())]
    assert stated and shown == [round(c / 2, 4) for c in stated]
