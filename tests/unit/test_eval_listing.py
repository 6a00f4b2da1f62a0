"""--task listing's measures of what shipped, from hand-made outcomes: shipped share, claims
left on shipped listings, language ID of every shipped field, who wrote the fields."""

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from evals import localize
from evals.listing import evaluate_listing, listing_tally
from listingsmith.batch.runner import ProductOutcome
from listingsmith.batch.seller import read_seller_profile
from listingsmith.config import InputLimits, Settings
from listingsmith.datasets import GoldRecord
from listingsmith.domain import Draft, Finding, Listing, ListingRecord, Severity, Status
from listingsmith.serving.client import ModelClient
from listingsmith.serving.connect import model_client
from tests.unit.fakes import EN_GOOD, fake_model

DE = Draft(
    title="Aqualo Trinkflasche aus Edelstahl, 750 ml",
    bullets=["Fasst 750 ml Wasser und hält Getränke lange kalt"],
    description="Die Trinkflasche von Aqualo ist aus Edelstahl und fasst 750 ml.",
    keywords=["Trinkflasche"],
    origins={"title": "data", "bullets[0]": "data"},
)
ENGLISH_IN_JA = Draft(
    title="Aqualo Steel Bottle, 750 ml",
    description="The Aqualo bottle is made of steel and holds 750 ml of water every day.",
)


def finding(rule_id: str, fixed: bool = False) -> Finding:
    return Finding(
        rule_id=rule_id,
        severity=Severity.FIX,
        locale="de-DE",
        field="description",
        message="m",
        fixed=fixed,
    )


def listing(locale: str, draft: Draft, status: Status, *found: Finding) -> Listing:
    record = ListingRecord(status=status, attempts=1, findings=list(found))
    return Listing(sku="p", locale=locale, listing=draft, decision=record)


def test_shipped_measures_per_locale() -> None:
    outcome = ProductOutcome(
        "p",
        [
            listing(
                "de-DE",
                DE,
                Status.FIXED,
                finding("fact.quantity.unsupported"),
                finding("fact.quantity.contradicted", fixed=True),
            ),
            listing("de-DE", DE, Status.HELD, finding("fact.material.unsupported")),
            listing("ja-JP", ENGLISH_IN_JA, Status.APPROVED, finding("fact.x.contradicted")),
            listing("ja-JP", ENGLISH_IN_JA, Status.HELD),
        ],
        "new",
    )
    tally = listing_tally([outcome], Settings(), {})
    de, ja = tally["de-DE"], tally["ja-JP"]
    assert de["statuses"] == {"fixed": 1, "held": 1}  # the earlier keys stay
    assert (de["shipped"], de["shipped_share"]) == (1, 0.5)
    assert de["shipped_unsupported_claims"] == 1  # the held listing's claim does not count
    assert de["shipped_contradicted_claims"] == 0  # fixed
    assert de["langid_pass"] == 1.0
    assert (de["data_composed_share"], de["model_written_share"]) == (0.5, 0.5)
    assert ja["shipped_contradicted_claims"] == 1 and ja["shipped_unsupported_claims"] == 0
    assert ja["langid_pass"] == 0.0
    assert (ja["data_composed_share"], ja["model_written_share"]) == (0.0, 1.0)


def test_language_id_reads_shipped_text_without_the_protected_terms() -> None:
    """Regression: a French title whose brand is English words read as English in the eval
    while the checks, which leave protected terms out, passed it."""
    title = "Café instantané Maxwell House International, lot de 4"
    draft = Draft(title=title, description="Café instantané de Maxwell House International.")
    outcome = ProductOutcome("p", [listing("fr-FR", draft, Status.APPROVED)], "new")
    terms = {"p": ["Maxwell House International"]}
    assert listing_tally([outcome], Settings(), terms)["fr-FR"]["langid_pass"] == 1.0


def test_nothing_shipped_has_no_shares_of_fields() -> None:
    outcome = ProductOutcome("p", [listing("de-DE", DE, Status.HELD)], "new")
    de = listing_tally([outcome], Settings(), {})["de-DE"]
    assert de["shipped_share"] == 0.0 and de["shipped_unsupported_claims"] == 0
    assert de["langid_pass"] is None and de["data_composed_share"] is None


def test_a_seller_profile_applies_to_eval_records(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LISTINGSMITH_AUDIT_SIGNING_KEY", str(tmp_path / "key"))

    @contextmanager
    def fake_connect(settings: Settings) -> Iterator[ModelClient]:
        yield model_client(settings, fake_model([EN_GOOD]), "fake-model")

    monkeypatch.setattr(localize, "connect", fake_connect)
    record = GoldRecord("r:1", "d", "Aqualo Steel Bottle 750 ml", "", None, {}, None)
    seller = read_seller_profile(Path("examples/seller-eu.yaml"), InputLimits())
    products, outcomes, _, _ = localize.run_graph(
        [record], ["en-US"], tmp_path, Settings(), "eval-test", seller
    )
    (product,) = products.values()
    assert product.attributes["manufacturer"] == "Harrowgate Home & Kitchen Ltd"
    assert product.attributes["product identifier"] == "r_1"
    assert [item.locale for item in outcomes[0].listings] == ["en-US"]
    # The whole eval over the same record (regression: its tally read the products' mapping
    # as a list and failed after every listing was made).
    metrics = evaluate_listing({"d": [record]}, ["en-US"], tmp_path / "eval", Settings(), seller)
    assert metrics["per_locale"]["en-US"]["listings"] == 1
