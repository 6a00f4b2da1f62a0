"""adequacy.unnamed-product: a model-written field of the pivot draft must name the product
(its category's noun, a joined name's head, or its title's head, in any inflection)."""

from __future__ import annotations

from listingsmith.checks.fallback import replaceable
from listingsmith.checks.listing import Checks, check_listing, check_pivot
from listingsmith.checks.naming import UNNAMED_RULE, product_words, title_head, unnamed_findings
from listingsmith.config import Settings
from listingsmith.domain import Draft, Product

MIRRORS = "hg-3-47"  # Home & Garden > Decor > Mirrors
MIRROR = Product(sku="M-1", title="Round Wall Mirror, 60 cm", description="A round wall mirror.")
# The listing eval's shipped English draft for a round mirror.
UNNAMED = "Round is a great choice for any room."
BASIN = Product(
    sku="B000YJD7PC",
    title="Kitchen Craft Home Made Traditional Pudding Basin, 11.5cm (0.3 Litre)",
    brand="Kitchen Craft",
)
MIXING_BOWLS = "hg-11-8-50"


def _described(text: str, title: str = "", **origins: str) -> Draft:
    return Draft(title=title, description=text, origins=origins)


def test_a_description_that_never_names_the_product_is_caught() -> None:
    (finding,) = unnamed_findings(_described(UNNAMED), MIRROR, "en-US", MIRRORS)
    assert finding.rule_id == UNNAMED_RULE and finding.fix == "fallback"
    assert finding.field == "description" and '"Mirror"' in finding.message


def test_the_product_s_noun_in_any_inflection_names_it() -> None:
    for text in [
        "The round mirror is the right choice for any room.",
        "Two MIRRORS for the hall.",
        "A mirrored wall piece: this mirror lights up a room.",
    ]:
        assert unnamed_findings(_described(text), MIRROR, "en-US", MIRRORS) == [], text


def test_without_a_category_the_title_s_head_names_the_product() -> None:
    assert product_words(MIRROR, "en") == ["Wall", "Mirror"]
    assert unnamed_findings(_described("Mirrors for every wall."), MIRROR, "en-US") == []
    assert unnamed_findings(_described(UNNAMED), MIRROR, "en-US") != []


def test_the_title_s_head_or_the_category_s_noun_either_names_it() -> None:
    assert title_head(BASIN.title, ["Kitchen Craft"], "en") == ["Traditional", "Pudding", "Basin"]
    for text in ["A traditional pudding basin, 11.5 cm across.", "A small mixing bowl."]:
        assert unnamed_findings(_described(text), BASIN, "en-US", MIXING_BOWLS) == [], text
    assert unnamed_findings(_described("Kitchen Craft made it."), BASIN, "en-US", MIXING_BOWLS)


def test_the_brand_and_quantities_are_not_the_title_s_head() -> None:
    candle = Product(sku="C-1", title="Lumo Candle 24 oz", brand="Lumo")
    assert title_head(candle.title, ["Lumo"], "en") == ["Candle"]
    assert title_head("Lumo", ["Lumo"], "en") == []
    assert unnamed_findings(_described("Lumo is a lovely gift."), candle, "en-US") != []
    assert (
        unnamed_findings(
            _described("A lovely gift."),
            Product(sku="x", title="Lumo", brand="Lumo"),
            "en-US",
            None,
        )
        == []
    )  # nothing names it: not judged


def test_a_model_written_title_is_judged_a_composed_one_is_not() -> None:
    listing = _described("A round wall mirror.", title="Great Choice For Any Room")
    (finding,) = unnamed_findings(listing, MIRROR, "en-US", MIRRORS)
    assert finding.field == "title"
    composed = Draft(
        title="Great Choice",
        description=UNNAMED,
        origins={"title": "data", "description": "data"},
    )
    assert unnamed_findings(composed, MIRROR, "en-US", MIRRORS) == []


def test_appended_disclosures_do_not_name_the_product_for_the_model() -> None:
    text = "Round is a great choice for any room. Material: mirror glass."
    assert unnamed_findings(_described(text), MIRROR, "en-US", MIRRORS) != []


def test_translations_are_left_to_the_dropped_product_check() -> None:
    text = "Rund ist ein tolles Geschenk für jedes Zimmer."
    assert unnamed_findings(_described(text), MIRROR, "de-DE", MIRRORS) == []


def test_a_german_pivot_names_the_product_inside_a_compound() -> None:
    mirror = Product(sku="M-2", title="Runder Wandspiegel, 60 cm", source_locale="de-DE")
    assert unnamed_findings(_described("Ein runder Wandspiegel."), mirror, "de-DE", MIRRORS) == []
    found = unnamed_findings(_described("Rund ist eine tolle Wahl."), mirror, "de-DE", MIRRORS)
    assert [f.rule_id for f in found] == [UNNAMED_RULE]


def test_the_pivot_checks_run_it_and_the_fallback_replaces_the_field() -> None:
    listing = _described(UNNAMED)
    checked = check_listing(
        listing, MIRROR, [], "en-US", Settings(), checks=Checks.PIVOT, category_id=MIRRORS
    )
    assert UNNAMED_RULE in [f.rule_id for f in checked.findings]
    assert replaceable(listing, checked.findings) == ["description"]


def test_the_title_s_head_words_leave_out_colours_materials_and_shapes() -> None:
    assert title_head("Round Mirror", [], "en") == ["Mirror"]
    assert title_head("Red Oval Tray", [], "en") == ["Tray"]
    assert title_head("Silver Heart Pendant Necklace", [], "en") == ["Heart", "Pendant", "Necklace"]
    ink = "HP 90 Cyan Ink Cartridge Page Yield 130 ml - HEWC5060"
    assert title_head(ink, ["HP"], "en") == ["Cartridge", "Page", "Yield"]
    round_mirror = Product(sku="M-3", title="Round Mirror")
    assert unnamed_findings(_described(UNNAMED), round_mirror, "en-US") != []
    # A compound head names the product by either word ("a heart pendant on a chain").
    necklace = Product(sku="N-1", title="Silver Heart Pendant Necklace", brand="Lumo")
    text = "A silver heart pendant on a 45 cm chain."
    assert unnamed_findings(_described(text), necklace, "en-US") == []


def test_the_head_of_a_closed_compound_names_the_product() -> None:
    dishwasher = Product(sku="D-1", title="Electrolux 506029 Dishwasher", brand="Electrolux")
    assert (
        unnamed_findings(_described("A pot & pan washer, 34 in wide."), dishwasher, "en-US") == []
    )
    # A short tail ("her") names nothing.
    assert unnamed_findings(_described("For her kitchen."), dishwasher, "en-US") != []


def test_the_pivot_check_names_the_product_by_its_category_too() -> None:
    model = Product(sku="M-4", title="Lumo Model 1633-85", brand="Lumo")
    listing = _described("A round mirror for the hall.")
    without = check_pivot(listing, model, [], Settings())
    assert UNNAMED_RULE in [f.rule_id for f in without]
    assert check_pivot(listing, model, [], Settings(), MIRRORS) == []
