"""Limits as data per channel and store: loaded, read by the packs and compose, bytes as bytes."""

from __future__ import annotations

from listingsmith.compose.titles import title_bounds
from listingsmith.policies.packs import load_packs
from listingsmith.text.field_limits import FieldLimit, field_limit, limits_for, overrun, store_of


def test_each_channel_has_its_title_limit() -> None:
    assert field_limit("ebay", "title") == FieldLimit(chars=80)
    assert field_limit("etsy", "title") == FieldLimit(chars=140)
    assert field_limit("google", "title") == FieldLimit(chars=150)
    assert field_limit("google", "description") == FieldLimit(chars=5000)
    assert field_limit("amazon", "title") == FieldLimit(chars=200)
    assert field_limit("shopify-or-unknown", "title") is None


def test_a_store_overrides_its_channel() -> None:
    assert store_of("amazon", "ja-JP") == "amazon.co.jp"
    assert store_of("amazon", "de-DE") == "amazon.de"
    assert limits_for("amazon", "ja-JP")["title"] == FieldLimit(chars=100)
    assert limits_for("amazon", "de-DE")["title"] == FieldLimit(chars=200)
    assert limits_for("amazon", "de-DE")["keywords"] == FieldLimit(bytes=250)


def test_the_amazon_pack_reads_its_title_limits_from_the_data() -> None:
    rules = {r.id: r for pack in load_packs() for r in pack.rules}
    assert rules["amazon.title.max-length"].params == {"chars": 200}
    assert rules["amazon.jp.title.max-length"].params == {"chars": 100}


def test_compose_bounds_titles_by_the_marketplace() -> None:
    assert title_bounds("en-US", "ebay", None, 150).chars == 80
    assert title_bounds("en-US", "amazon", None, 150).chars == 150
    assert title_bounds("ja-JP", "amazon", None, 150).chars == 100


def test_utf8_bytes_are_counted_as_bytes() -> None:
    limit = FieldLimit(bytes=250)
    assert overrun("a" * 250, limit) is None
    # 125 characters of two bytes each fit; one more is 252 bytes.
    assert overrun("ü" * 125, limit) is None
    assert overrun("ü" * 126, limit) == "252 UTF-8 bytes; the limit is 250 bytes"
    assert overrun("x" * 81, FieldLimit(chars=80)) == "81 characters; the limit is 80"
