"""Canonical attribute values (WDC-PAVE's normalised setting): units, casing, spellings."""

from __future__ import annotations

import pytest

from listingsmith.attributes.canonical import canonical_value


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("16 oz", "1 lb"),
        ("500GB", "0.5 TB"),
        ("500 gb", "500GB"),  # a unit symbol written in the wrong case
        ("1 LB", "16 oz"),
        ("1.5 L", "1500 ml"),
        ("12 inch", "30.48 cm"),
        ("V-Neck", "v neck"),
        ("Men's", "MENS"),
        ("X-Large", "XL"),
        ("Grey", "gray"),
        ("10 Pcs", "10 pieces"),
        ("Black & White", "black and white"),
    ],
)
def test_values_that_mean_the_same_share_a_canonical_form(one: str, other: str) -> None:
    assert canonical_value(one) == canonical_value(other)


@pytest.mark.parametrize(
    ("one", "other"),
    [("16 oz", "16 ml"), ("500GB", "500 MB"), ("Large", "X-Large"), ("Men", "Women")],
)
def test_values_that_differ_keep_different_forms(one: str, other: str) -> None:
    assert canonical_value(one) != canonical_value(other)
