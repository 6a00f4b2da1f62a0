"""The Amazon feed: every written message validates against the feed's schemas and the product
type definition; a listing over a limit or a schema is refused with one line."""

from __future__ import annotations

import json
from pathlib import Path

from listingsmith.channels.amazon_schemas import (
    ProductTypeValidator,
    attributes_validator,
    feed_validator,
    first_error,
    message_validator,
)
from listingsmith.channels.export import ExportRequest, export_run
from listingsmith.config import Settings
from tests.unit.channel_runs import listing, write_run


def _feed(tmp_path: Path, items: list) -> tuple[dict, list[str]]:
    run = write_run(tmp_path / "run", items, ["en-US", "de-DE", "ja-JP", "zh-CN"])
    report = export_run(ExportRequest(run, "amazon", seller_id="A1SELLER"), Settings())
    feed = json.loads((run / "amazon-listings-feed.json").read_text(encoding="utf-8"))
    return feed, [str(r) for r in report.refused]


def test_every_written_message_validates(tmp_path: Path) -> None:
    feed, refused = _feed(
        tmp_path,
        [
            listing("BOT-1", "en-US", "Steel Bottle, 750 ml", keywords=["bottle", "flask"]),
            listing("BOT-1", "de-DE", "Trinkflasche, 750 ml", bullets=["Größe: 750 ml"] * 2),
            listing("BOT-1", "ja-JP", "ステンレスボトル 750ml"),
        ],
    )
    assert refused == []
    assert first_error(feed_validator(), feed) is None
    by_store = {}
    for message in feed["messages"]:
        assert first_error(message_validator(), message) is None
        attributes = {p["path"].split("/")[-1]: p["value"] for p in message["patches"]}
        assert first_error(attributes_validator(tuple(attributes)), attributes) is None
        assert message["operationType"] == "PATCH" and message["productType"] == "PRODUCT"
        item_name = attributes["item_name"][0]
        by_store[item_name["marketplace_id"]] = item_name["language_tag"]
    assert by_store == {
        "ATVPDKIKX0DER": "en_US",
        "A1PA6795UKMFR9": "de_DE",
        "A1VC38T7YXB528": "ja_JP",
    }
    assert [m["messageId"] for m in feed["messages"]] == [1, 2, 3]


def test_a_too_long_title_is_refused_with_one_line(tmp_path: Path) -> None:
    feed, refused = _feed(
        tmp_path,
        [
            listing("BOT-1", "en-US", "Bottle " * 30),  # 210 characters
            listing("BOT-1", "ja-JP", "ボ" * 101),  # amazon.co.jp: 100
            listing("BOT-1", "de-DE", "Flasche", keywords=["ü" * 126]),  # 252 bytes
            listing("BOT-1", "zh-CN", "保温杯"),
            listing("BOT-2", "en-US", "Mug"),
        ],
    )
    assert refused == [
        "BOT-1 en-US: over limit: title is 210 characters; the limit is 200 (amazon limit)",
        "BOT-1 ja-JP: over limit: title is 101 characters; the limit is 100 (amazon limit)",
        "BOT-1 de-DE: over limit: keywords is 252 UTF-8 bytes; the limit is 250 bytes"
        " (amazon limit)",
        "BOT-1 zh-CN: no store: no Amazon store sells in this locale",
    ]
    assert [m["sku"] for m in feed["messages"]] == ["BOT-2"]


def test_the_product_type_keywords_are_checked() -> None:
    schema = {
        "type": "array",
        "selectors": ["marketplace_id", "language_tag"],
        "maxUniqueItems": 2,
        "items": {"type": "object", "properties": {"value": {"maxUtf8ByteLength": 4}}},
    }
    validator = ProductTypeValidator(schema)

    def item(value: str, marketplace: str = "M1") -> dict:
        return {"value": value, "marketplace_id": marketplace, "language_tag": "de_DE"}

    assert first_error(validator, [item("abcd"), item("x", "M2"), item("y", "M2")]) is None
    assert "5 UTF-8 bytes is more than 4" in (first_error(validator, [item("abcü")]) or "")
    too_many = first_error(validator, [item("a"), item("b"), item("c")])
    assert too_many is not None and "3 items share selectors" in too_many


def test_a_bullet_past_the_definitions_count_is_refused(tmp_path: Path) -> None:
    feed, refused = _feed(
        tmp_path,
        [listing("BOT-1", "en-US", "Bottle", bullets=["x"] * 11), listing("BOT-2", "en-US", "Mug")],
    )
    assert [m["sku"] for m in feed["messages"]] == ["BOT-2"]
    assert len(refused) == 1
    assert refused[0].startswith("BOT-1 en-US: product type PRODUCT: bullet_point")
    assert "maxUniqueItems" in refused[0]
