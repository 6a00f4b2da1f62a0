"""Parsed locales and marketplaces are remembered (bounded); a refused value is refused each
time it comes."""

import pytest

from listingsmith.text import markets
from listingsmith.text.markets import marketplace_id, region_locale


def test_parsed_values_are_remembered_within_a_bound() -> None:
    assert region_locale("de_DE") == region_locale("de_DE") == "de-DE"
    assert marketplace_id("Amazon") == marketplace_id("Amazon") == "amazon"
    assert region_locale.cache_info().hits >= 1
    assert region_locale.cache_info().maxsize == markets.PARSED_CACHE
    assert marketplace_id.cache_info().maxsize == markets.PARSED_CACHE


@pytest.mark.parametrize("attempt", [1, 2])
def test_a_refused_value_is_refused_every_time(attempt: int) -> None:
    with pytest.raises(ValueError, match="no region"):
        region_locale("de")
    with pytest.raises(ValueError, match="not known"):
        marketplace_id("nowhere-shop")
