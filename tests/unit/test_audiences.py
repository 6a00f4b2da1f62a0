"""Audiences are data: every shipped file loads, and a run's --audiences list is parsed strictly."""

import pytest

from listingsmith.prompts.audience import UnknownAudienceError, audiences, parse_audiences


def test_the_shipped_audiences_load_with_their_framing() -> None:
    shipped = audiences()
    assert {"gift", "pro", "budget", "eco"} <= set(shipped)
    for name, audience in shipped.items():
        assert audience.name == name
        assert audience.shopper and audience.tone and audience.lead_with


def test_a_list_keeps_its_order_and_drops_repeats() -> None:
    assert [a.name for a in parse_audiences(" Gift,pro,gift ,")] == ["gift", "pro"]


@pytest.mark.parametrize("names", ["gift,teens", "", " , "])
def test_an_unknown_or_empty_list_is_refused_with_the_known_names(names: str) -> None:
    with pytest.raises(UnknownAudienceError, match=r"known are .*budget.*eco.*gift.*pro"):
        parse_audiences(names)
