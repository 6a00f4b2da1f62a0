"""Phrase rules read their hits from the shared phrase index (engine.shared_phrase_index,
rules._phrase_hits): the same hits as a pass of the rule's own matcher, and the index opens the
same rules as one tagging every phrase with its rule's id."""

from __future__ import annotations

import pytest

from listingsmith.policies import rules
from listingsmith.policies.engine import (
    INDEX_READ_KINDS,
    PHRASE_KINDS,
    _closed_compounds,
    rules_tagged,
    shared_phrase_index,
)
from listingsmith.policies.limits import max_hits_per_field
from listingsmith.policies.matching import phrase_matcher, phrases_for
from listingsmith.policies.packs import load_packs
from listingsmith.text.reader import read

LANGUAGES = ("en", "de", "fr", "es", "it", "nl", "pl", "sv", "pt", "ja", "zh")
SHAPES = ("{}", "Our {} product!", "{}s and {}es", "THE {} — {}", "n0n-{}, {} {}")


def texts() -> list[str]:
    """Every phrase rule's phrases (all languages) inside text, inflected, repeated, shouted."""
    phrases = sorted(
        {
            phrase
            for pack in load_packs()
            for rule in pack.rules
            if rule.kind in PHRASE_KINDS
            for phrase in phrases_for(rule.params.get("phrases"), "en")
        }
    )
    found = [shape.format(*[p] * shape.count("{}")) for p in phrases for shape in SHAPES[1:2]]
    found += [
        shape.format(*phrases[i : i + shape.count("{}")])
        for shape in SHAPES[2:]
        for i in range(0, len(phrases) - shape.count("{}") + 1, 7)  # full windows only
    ]
    return found


@pytest.fixture(scope="module")
def corpus() -> list[str]:
    return texts()


@pytest.mark.parametrize("language", LANGUAGES)
def test_rules_read_from_the_index_find_what_their_matcher_finds(language, corpus) -> None:
    index = shared_phrase_index(language)
    indexed = [(v[0], v[2]) for k, v in rules._INDEXED.items() if k[1] == language]
    assert indexed  # the packs' evidence claims and banned phrases are read from the index
    limit = max_hits_per_field()
    compared = 0
    for text in corpus:
        reading = read(text, language)
        for params, tag in indexed:
            own = rules._rule_matcher(params, language)
            if own is None:
                continue
            expected = [span[:2] for span in own.find(reading, limit)]
            lemmas = own.lemma_gate_opens(reading)
            assert [span[:2] for span in index.find_tagged(reading, tag, limit, lemmas)] == (
                expected
            ), (text, tag)
            compared += bool(expected)
    assert compared > 0


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_index_opens_the_rules_any_of_their_phrases_opens(language, corpus) -> None:
    """Tagging a rule's phrases of other languages apart opens the same rules as before."""
    every = tuple(
        (phrase, rule.params.get("match", "word"), rule.id)
        for pack in load_packs()
        for rule in pack.rules
        if rule.kind in PHRASE_KINDS and rule.params.get("phrases")
        for phrase in (
            *phrases_for(rule.params.get("phrases"), language),
            *_closed_compounds(rule, language),
        )
    )
    plain = phrase_matcher(every, language)
    index = shared_phrase_index(language)
    for text in corpus:
        reading = read(text, language)
        assert rules_tagged(index.tags(reading)) == plain.tags(reading), text


def test_a_rule_not_in_the_index_uses_its_own_matcher() -> None:
    """Params no index registered (a rule built elsewhere) are matched as before."""
    params = {"phrases": ["miracle cure"], "evidence": ["trial"]}
    hits = list(rules.evidence_claim("A miracle cure!", params, rules.RuleContext()))
    assert [span for span, _ in hits] == [(2, 14)]
    assert all(key[0] != id(params) for key in rules._INDEXED)


def test_index_read_kinds_are_phrase_kinds() -> None:
    assert set(INDEX_READ_KINDS) <= set(PHRASE_KINDS)


def test_a_text_the_index_has_not_read_is_matched_by_the_rules_own_matcher() -> None:
    """Only the engine's pass is reused: a rule called on a text the index did not read (a
    direct call, a text too long for the reading cache) runs no index pass of its own."""
    from listingsmith.policies.engine import rule_set
    from listingsmith.policies.matching import LAYERS_MEMO

    rules_in_scope = rule_set("en-US", "amazon", None)
    index = rules_in_scope.phrase_index("en")
    registered = [(v[0], v[2]) for k, v in rules._INDEXED.items() if k[1] == "en"]
    assert registered
    text = "Certified organic, non-toxic and eco-friendly: a new text for this test 7391"
    for params, _ in registered:
        kind = rules.evidence_claim if "evidence" in params else rules.banned_phrases
        list(kind(text, params, rules.RuleContext(language="en")))
    assert LAYERS_MEMO not in read(text, "en").memo
    index.tags(read(text, "en"))
    assert index.has_layers(read(text, "en"))
