"""The packs' long-lived data is kept out of the cyclic collector (policies.settle): building a
language's phrase index freezes what is alive; young cyclic garbage is collected first, not
kept."""

from __future__ import annotations

import gc
import weakref

from listingsmith.policies.engine import shared_phrase_index
from listingsmith.policies.settle import settle


class _Cycle:
    def __init__(self) -> None:
        self.me = self


def _tracked(thing: object) -> bool:
    """Whether the collector's generations (not its permanent one) hold `thing`."""
    return any(o is thing for o in gc.get_objects())


def test_settle_freezes_what_is_alive_and_collects_young_garbage() -> None:
    gc.disable()  # no automatic collection between the steps (settle collects itself)
    try:
        kept = _Cycle()
        gone = weakref.ref(_Cycle())  # garbage in a cycle: only the collector frees it
        assert gone() is not None
        assert _tracked(kept)
        settle()
        assert gone() is None
        assert not _tracked(kept)
    finally:
        gc.enable()


def test_a_phrase_index_is_out_of_the_collectors_generations() -> None:
    index = shared_phrase_index("en")
    assert gc.is_tracked(index)
    assert not _tracked(index)
    assert not _tracked(index.by_key)
