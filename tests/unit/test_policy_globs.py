"""policies.globs: pattern lists matched at once say what fnmatch says of each list."""

import random
from fnmatch import fnmatchcase

import pytest

from listingsmith.policies.globs import glob_lists, spellings
from listingsmith.policies.packs import _scope_lists, scope_key

LISTS = (
    ("*[Cc]lothing*", "*[Aa]pparel*", "Shoes*", "*Tape", "本"),
    ("*@taxonomy* fb-1 *", "*[Bb]aby*[Cc]lothing*", "*[!x]ook*", "*Bo?k*"),
    ("*",),
    (),
    ("de-*", "*-DE", "[unclosed*", "*a[b-c]d*"),
)
VALUES = [
    "",
    "Clothing",
    "Women > clothing > Tops",
    "Home > Apparel",
    "Shoes > Men",
    "Men > Shoes",
    "Duct Tape",
    "Duct Tapes",
    "本",
    "絵本",
    "x @taxonomy fb-1-2 y",
    "x @taxonomy fb-1 y",
    "Baby > Girls > Clothing",
    "Book",
    "xook",
    "Bo k",
    "de-DE",
    "en-DE",
    "[unclosed x",
    "abd abcd",
    "a-d",
    "Tape\n",
    "\ud800 clothing",
]


def expected(lists: tuple[tuple[str, ...], ...], value: str) -> tuple[bool, ...]:
    # An empty list matches everything, as its empty expression always did.
    return tuple(not ps or any(fnmatchcase(value, p) for p in ps) for ps in lists)


@pytest.mark.parametrize("value", VALUES)
def test_lists_match_as_fnmatch(value: str) -> None:
    assert glob_lists(LISTS).matching(value) == expected(LISTS, value)


def test_shipped_scope_lists_match_as_fnmatch() -> None:
    """Every scope pattern list of the packs, on values made of their own texts (hits, near
    misses, case changes, prefixes and suffixes cut short)."""
    lists = tuple(patterns for _, patterns in _scope_lists())
    pieces = [p.replace("*", "") for ps in lists for p in ps]
    rnd = random.Random(7)
    values = [*VALUES]
    for _ in range(1500):
        parts = [rnd.choice(pieces) for _ in range(rnd.randint(1, 3))]
        parts = [p[: rnd.randint(0, len(p))] if rnd.random() < 0.3 else p for p in parts]
        parts = [p.swapcase() if rnd.random() < 0.2 else p for p in parts]
        values.append(rnd.choice(["", "x ", "> "]).join(parts) + rnd.choice(["", " y", "\n"]))
    matcher = glob_lists(lists)
    for value in values:
        assert matcher.matching(value) == expected(lists, value), value


def test_scope_key_is_each_scope_list_in_order() -> None:
    values = {"locales": "de-DE", "marketplaces": "amazon"}
    category = "Clothing > Baby > Socks"
    want = tuple(
        not ps or any(fnmatchcase(values.get(what, category), p) for p in ps)
        for what, ps in _scope_lists()
    )
    assert scope_key.__wrapped__("de-DE", "amazon", category) == want


def test_spellings() -> None:
    assert spellings("[Bb]ook") == ("Book", "book")
    assert spellings("a?c") is None
    assert spellings("[!a]b") is None
    assert spellings("[ab][cd]") == ("ac", "ad", "bc", "bd")
    assert spellings("[ab]" * 7) is None  # 128 spellings: past MAX_SPELLINGS


def test_an_expression_is_tried_only_where_its_needed_text_occurs_and_never_missed() -> None:
    """Expressions ("*A*B*", "?", brackets) are tried only where the longest run between their
    wildcards occurs; a bracket that is not a plain class (or holds a wildcard) is no run."""
    lists = (
        ("*[Bb]aby*[Cc]lothing*",),
        ("*[*]x*",),
        ("*[?]y*z*",),
        ("*[!a]bc*d*",),
        ("*Bo?k*",),
        ("a*[Cc]up",),
    )
    values = ["Baby > Clothing", "baby clothing", "Clothing", "*x", "]x", "?yz", "ybz", "xbcd",
              "abcd", "Book", "Bok", "a Cup", "a cup", "Cup"]  # fmt: skip
    for value in values:
        assert glob_lists(lists).matching(value) == expected(lists, value), value
