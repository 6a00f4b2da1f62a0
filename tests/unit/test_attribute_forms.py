"""Values read from the text, written in the form a category's gold writes them (forms.yaml)."""

from __future__ import annotations

from typing import Any

import pytest

from evals.build_forms import build
from listingsmith.attributes import forms
from listingsmith.attributes.forms import in_preferred_forms, preferred_form
from listingsmith.config import Settings
from listingsmith.datasets import GoldRecord
from listingsmith.domain import Attribute


def record(id_: str, category: str, gold: dict[str, list[str]]) -> GoldRecord:
    return GoldRecord(id_, "d", "t", "", category, gold, None)


RECORDS = [
    record("1", "Shorts", {"Gender": ["Men"]}),
    record("2", "Shorts", {"Gender": ["Men"]}),
    record("3", "Shoes", {"Gender": ["Men's"], "Size": ["9 M US"]}),
    record("4", "Shoes", {"Gender": ["Men's"], "Size": ["9 M US"]}),
    record("5", "Shoes", {"Gender": ["Men's"], "Size": ["9 M US"]}),
    record("6", "Shoes", {"Gender": ["mens"]}),
    record("7", "Hats", {"Gender": ["Unisex"]}),
]


@pytest.fixture
def built(monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    content = build(RECORDS, min_support=2)
    monkeypatch.setattr(forms, "_forms", lambda: content)
    return content


def test_the_build_keeps_each_canonical_values_forms_per_name_and_differing_categories(
    built: dict[str, Any],
) -> None:
    # Over every category "Men's" is commonest; Shorts write only "Men", so Shorts differ.
    assert built["names"]["gender"]["men"] == {
        "preferred": "Men's",
        "forms": ["men", "men's", "mens"],
    }
    assert built["categories"] == {
        "shoes": {"gender": {"men": {"preferred": "Men's", "forms": ["men's", "mens"]}}},
        "shorts": {"gender": {"men": {"preferred": "Men", "forms": ["men"]}}},
    }
    assert "size" not in built["names"]  # a value with digits keeps the text's form
    assert "unisex" not in built["names"]["gender"]  # written once: under the support


def test_a_form_the_category_never_writes_takes_its_usual_form(built: dict[str, Any]) -> None:
    assert preferred_form("Men's", "Gender", "Shorts") == "Men"
    assert preferred_form("MENS", "gender", "shorts") == "Men"
    # A form the gold writes is kept as the text has it; so is an unknown value or category.
    assert preferred_form("mens", "Gender", "Shoes") == "mens"
    assert preferred_form("Men", "Gender", "Shorts") == "Men"
    assert preferred_form("Men", "Gender", "Shoes") == "Men's"
    assert preferred_form("Women's", "Gender", "Shorts") == "Women's"
    assert preferred_form("Men", "Gender", "Socks") == "Men"  # the name's forms include "men"
    assert preferred_form("9 Mens", "Gender", "Shorts") == "9 Mens"  # digits: never rewritten


def test_only_values_read_from_the_text_are_rewritten_and_the_evidence_stays(
    built: dict[str, Any],
) -> None:
    read = Attribute(
        name="Gender", value="Men's", source="text-tagger", evidence="Men's", confidence=0.8
    )
    stated = Attribute(
        name="Gender", value="Men's", source="seller", evidence="Men's", confidence=1.0
    )
    rewritten, kept = in_preferred_forms([read, stated], "Shorts")
    assert (rewritten.value, rewritten.evidence, rewritten.source) == (
        "Men",
        "Men's",
        "text-tagger",
    )
    assert kept == stated


def test_the_eval_chooses_the_shipped_form_of_a_category() -> None:
    """AE-110k's shorts write "Men" where the title says "Men's" (the shipped forms.yaml)."""
    from evals.extract import _rules_only

    shorts = GoldRecord("a:1", "ae-110k", "Adidas Men's Shorts Sportswear", "", "Shorts", {}, None)
    chosen = _rules_only(shorts, ["Gender"], Settings()).chosen
    assert chosen["Gender"].value == "Men"
    assert chosen["Gender"].evidence == "Men's"


def test_the_forms_never_learn_from_the_held_out_folds() -> None:
    from evals.build_forms import from_train
    from evals.build_tagger import fold_of
    from listingsmith.attributes.tagger import spec

    held = spec()["heldout_folds"]
    records = [record(f"oa-mine:{i}", "Shoes", {"Gender": ["Ladies"]}) for i in range(60)]
    only_held = [r for r in records if fold_of(r) in held]
    assert only_held and len(only_held) < len(records)
    assert "women" not in from_train(only_held * 3)["names"].get("gender", {})
    assert "women" in from_train(records)["names"]["gender"]
