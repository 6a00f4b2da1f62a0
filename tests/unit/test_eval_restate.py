"""The model-free measure of descriptions data restates: counts per locale and reasons."""

from evals.restate import measure
from listingsmith.config import Settings
from listingsmith.datasets import GoldRecord

COFFEE = "Allegro Coffee Ground Coffee, 12 oz"


def record(sku: str, title: str) -> GoldRecord:
    gold = {"brand": ["Kitchen Craft"], "diameter": ["11.5 cm"], "capacity": ["0.3 l"]}
    return GoldRecord(sku, "test", title, "", "Mixing Bowls", gold, None)


def test_switched_and_kept_products_are_counted_per_locale() -> None:
    records = [
        record("bowl", "Kitchen Craft Pudding Basin, 11.5 cm, 0.3 l"),
        record("white", "Kitchen Craft White Pudding Basin, 11.5 cm, 0.3 l"),
        record("timer", "Kitchen Craft Pudding Basin, 11.5 cm, 0.3 l, 240 minute timer"),
        record("plain", "Kitchen Craft Pudding Basin"),
    ]
    coffee = {"brand": ["Allegro Coffee"], "net content": ["12 oz"]}
    # Restated, but its category ("Coffee Sets" within 2% of "Coffee") is doubtful.
    records.append(GoldRecord("coffee", "test", COFFEE, "", "Coffee", coffee, None))
    out = measure(records, ("de-DE", "ja-JP"), Settings(), text="title")
    kept = {"no fact": 1, "other claim": 1, "number": 1, "unsure noun": 1}
    expected = {"switched": 1, "kept": kept}
    assert out["de-DE"] == out["ja-JP"] == expected
    assert out["with_title"] == 5
