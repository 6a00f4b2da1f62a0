from evals.localize import localize_metrics
from listingsmith.attributes.fusion import fuse
from listingsmith.attributes.text import seller_attributes, text_attributes
from listingsmith.batch.runner import ProductOutcome
from listingsmith.config import Settings
from listingsmith.domain import Draft, Listing, ListingRecord, Product, Status

PRODUCT = Product(
    sku="p1", title="Aqualo Steel Bottle 750 ml", brand="Aqualo", attributes={"capacity": "750 ml"}
)
PIVOT = Draft(
    title="Aqualo Steel Bottle, 750 ml",
    description="The Aqualo bottle is made of steel and holds 750 ml of water.",
)


def listing(locale: str, title: str, description: str, attempts: int) -> Listing:
    return Listing(
        sku="p1",
        locale=locale,
        listing=Draft(title=title, description=description),
        decision=ListingRecord(status=Status.FIXED, attempts=attempts),
    )


def test_per_locale_shares_and_attempts() -> None:
    outcome = ProductOutcome(
        "p1",
        [
            listing(
                "de-DE",
                "Aqualo Trinkflasche aus Stahl, 750 ml",
                "Die Trinkflasche von Aqualo ist aus Stahl und fasst 750 ml Wasser.",
                1,
            ),
            listing(
                "ja-JP",
                "Steel Bottle, 500 ml",
                "The bottle is made of steel and holds 500 ml of water.",
                3,
            ),
        ],
        "new",
        pivot=PIVOT,
        attributes=fuse(seller_attributes(PRODUCT) + text_attributes(PRODUCT))[0],
    )
    metrics = localize_metrics({"p1": PRODUCT}, [outcome], Settings())
    assert metrics["de-DE"] == {
        "langid_pass": 1.0,
        "protected_terms_kept": 1.0,
        "numbers_match": 1.0,
        "attempts_mean": 1.0,
        "listings": 1,
        "statuses": {"fixed": 1},
    }
    assert metrics["ja-JP"]["langid_pass"] == 0.0
    assert metrics["ja-JP"]["protected_terms_kept"] == 0.0
    assert metrics["ja-JP"]["numbers_match"] == 0.0
    assert metrics["ja-JP"]["attempts_mean"] == 3.0
