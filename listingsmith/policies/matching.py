"""Phrase matching on what a reader sees: exact forms through one Aho-Corasick pass, inflected
forms word by word (lemma or stem), compounds in languages that close them, CJK as substrings.

A pack gives phrases as a list (every language) or per language ({en: [...], fr: [...]}, with
"*" for phrases of every language); a phrase is matched only in the languages it is written in.
Matchers are built once per (phrases, language): pack data, never seller text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from itertools import compress, count, islice, repeat
from operator import is_
from typing import Any

import ahocorasick

from listingsmith.policies.matcher_cache import keep_matcher, kept_matcher, matchers_folder
from listingsmith.text.lemmas import MAX_LINKS, Morpheme, lemmatizes, morphemes, phrase_lemmas
from listingsmith.text.reader import Reading, read
from listingsmith.text.stems import (
    compound_min_key,
    compounds,
    derived_keys,
    has_stemmer,
    same_word,
    word_keys,
)

_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff\uff66-\uff9f]")
# What may stand between two words of a phrase ("eco-friendly", "no. 1", "100 % quality").
_GAP = re.compile(r"[ \t\-'%./+]{0,5}")
# What each word of a text opens, and which phrase words it can be, remembered per matcher
# (seller words: bounded, cleared when full).
WORD_MEMO = 50_000
# A text with more words that open a phrase than this has them sifted by the word after each
# first (one decision per distinct pair of words), so a page of "a a a ..." where "a" opens
# phrases costs no Python step per word.
SIFT_FROM = 32

# Hyphens (as the reader writes them) that join the parts of a compound, in a language that
# writes compounds closed ("Umwelt-freundliche", "milieu-vriendelijke", "miljö-vänlig" for
# "umweltfreundlich"): the parts are looked up as one word too.
_HYPHENS = frozenset("-")

# Where a reading keeps a matcher's hits by layer (PhraseMatcher.layers).
LAYERS_MEMO = "phrase-layers"

Entry = tuple[str, str, str]  # (phrase, mode "word" | "prefix" | "substring", tag)
Hit = tuple[int, int, str]  # span in the reading's text, tag
Layers = tuple[list[Hit], list[Hit], list[Hit]]  # exact, inflected, lemmatized


def phrases_for(phrases: list[str] | dict[str, list[str]] | None, language: str) -> tuple[str, ...]:
    """The phrases that apply in a language: a list applies in all, a mapping by language code
    gives each language its own (plus those under "*")."""
    if not phrases:
        return ()
    if isinstance(phrases, dict):
        return (*phrases.get(language, ()), *phrases.get("*", ()))
    return tuple(phrases)


def is_word_char(char: str) -> bool:
    """Letters and digits of spaced scripts: a phrase must not start or end inside them (CJK
    text around a phrase is fine: "満足度No.1")."""
    return char.isalnum() and not _CJK.match(char)


Keys = tuple[str, str, bool]


@dataclass
class _Words:
    """A phrase as words: their keys, the phrase's tag, and the ids of its words after the
    first (to look up in what a text's word can be)."""

    keys: tuple[Keys, ...]
    tag: str
    slots: tuple[int, ...] = ()


# What a word of a text opens: the phrases whose first word it is (tag, further words' slot
# ids), and the tags of the compounds it holds; () where it opens nothing.
Opens = tuple[tuple[tuple[str, tuple[int, ...]], ...], tuple[str, ...]] | tuple[()]


@dataclass
class _Lemmas:
    """A phrase as lemma keys (particles dropped), and its tag."""

    keys: tuple[str, ...]
    tag: str


@dataclass
class PhraseMatcher:
    """Every phrase of some rules in one language."""

    language: str
    automaton: Any
    by_key: dict[str, list[_Words]]
    compound: Any
    # Phrase words after the first, by lemma and by stem: (slot id, keys).
    slots: dict[str, list[tuple[int, Keys]]] = field(default_factory=dict)
    opens: dict[str, Opens] = field(default_factory=dict)
    follows: dict[str, frozenset[int]] = field(default_factory=dict)
    # Phrases matched by lemma (text.lemmas), by their first key, and the automaton of their
    # anchors: a text holding none is not tokenised.
    by_lemma: dict[str, list[_Lemmas]] = field(default_factory=dict)
    lemma_gate: Any = None
    # Whether two words joined by a hyphen are looked up as one (languages of closed compounds).
    joins: bool = False

    def find(self, reading: Reading, limit: int | None = None) -> list[Hit]:
        """Spans (in reading.text) and tags of the phrases found (the first `limit` of each
        layer), overlaps removed."""
        hits = list(islice(self._exact(reading.words), limit))
        hits += islice(self._inflected(reading), limit)
        hits += islice(self._lemmatized(reading), limit)
        return _without_overlaps(hits)

    def tags(self, reading: Reading) -> set[str]:
        """The tags of the phrases found (find's, which drops a hit only where one of the same
        tag overlaps it: no sort needed)."""
        return {tag for layer in self.layers(reading) for _, _, tag in layer}

    def layers(self, reading: Reading) -> Layers:
        """Every hit of each layer (exact, inflected, lemmatized), in the order find reads
        them; remembered on the reading, so the engine's index pass over a field serves the
        phrase rules that then run on it (find_tagged)."""
        found = reading.memo.get(LAYERS_MEMO)
        if found is not None and found[0] is self:
            return found[1]
        layers = (
            list(self._exact(reading.words)),
            list(self._inflected(reading)),
            list(self._lemmatized(reading)),
        )
        reading.memo[LAYERS_MEMO] = (self, layers)
        return layers

    def has_layers(self, reading: Reading) -> bool:
        """Whether this matcher's layers of the reading are at hand (layers ran on it)."""
        found = reading.memo.get(LAYERS_MEMO)
        return found is not None and found[0] is self

    def find_tagged(
        self, reading: Reading, tag: str, limit: int | None, lemmas: bool = True
    ) -> list[Hit]:
        """find's hits of the phrases tagged `tag` alone: what a matcher of only those phrases
        finds (each phrase is matched on its own; the others only add hits of other tags),
        from the layers of this one. `lemmas`: whether that matcher's own gate lets its
        lemma phrases be looked for (a gate over more anchors opens more often)."""
        exact, inflected, lemmatized = self.layers(reading)
        hits = list(islice((hit for hit in exact if hit[2] == tag), limit))
        hits += islice((hit for hit in inflected if hit[2] == tag), limit)
        if lemmas:
            hits += islice((hit for hit in lemmatized if hit[2] == tag), limit)
        return _without_overlaps(hits)

    def lemma_gate_opens(self, reading: Reading) -> bool:
        """Whether this matcher looks for its lemma phrases in the reading (_lemmatized)."""
        gate = self.lemma_gate
        return gate is not None and next(gate.iter(reading.words), None) is not None

    def _exact(self, text: str) -> Iterable[Hit]:
        if self.automaton is None:
            return
        for last, entries in self.automaton.iter(text):
            for length, mode, tag, left, right in entries:
                start, end = last + 1 - length, last + 1
                if mode != "substring":
                    if left and start > 0 and is_word_char(text[start - 1]):
                        continue
                    if mode == "word" and right and end < len(text) and is_word_char(text[end]):
                        continue
                yield start, end, tag

    def _inflected(self, reading: Reading) -> Iterable[Hit]:
        """Phrases word by word: one dict look-up per word of the text (what it opens is
        remembered; the look-ups and the skipping of words that open nothing run in C), then,
        where it opens a phrase, a set look-up per further word."""
        if not self.by_key and self.compound is None:
            return
        parts = reading.pieces()
        total = len(parts)
        follows = self.follows
        words = parts[::2]
        opened = self._opened(words)
        positions = list(compress(range(len(words)), opened))
        if len(positions) > SIFT_FROM:
            positions = self._sifted(words, opened, positions)
        # Offsets summed from one opening word to the next (in C), not for every piece: most
        # words open nothing.
        start = done = 0  # where parts[done] starts
        for index in positions:
            at = 2 * index
            start += sum(map(len, parts[done:at]))
            done = at
            end = start + len(words[index])
            phrases, compound_tags = opened[index]
            for tag, slots in phrases:
                if not slots:
                    yield start, end, tag
                    continue
                last = at + 2 * len(slots)
                if last >= total:
                    continue
                after = follows.get(parts[at + 2])
                if after is None:
                    after = self._follows(parts[at + 2])
                if slots[0] in after and self._continues(parts, at, slots):
                    yield start, start + sum(map(len, parts[at : last + 1])), tag
            for tag in compound_tags:
                yield start, end, tag
        if self.joins:
            yield from self._hyphen_joined(parts, words)

    def _hyphen_joined(self, parts: list[str], words: list[str]) -> Iterable[Hit]:
        """One-word phrases and compounds that the text writes in two parts joined by a hyphen
        ("Umwelt-freundliche" for "umweltfreundlich"): each such pair looked up as one word
        (the joining, the look-ups of words seen before and the skipping of pairs that open
        nothing run in C)."""
        gaps = parts[1:-1:2]
        if not _HYPHENS.intersection(gaps):
            return
        pairs = list(compress(range(len(gaps)), map(_HYPHENS.__contains__, gaps)))
        joined = list(
            map(
                str.__add__,
                map(words.__getitem__, pairs),
                map(words.__getitem__, map((1).__add__, pairs)),
            )
        )
        opened = self._opened(joined)
        start = done = 0  # where parts[done] starts
        for found in compress(range(len(pairs)), opened):  # pairs that open something
            index, opens = pairs[found], opened[found]
            at = 2 * index
            start += sum(map(len, parts[done:at]))
            done = at
            end = start + len(words[index]) + len(gaps[index]) + len(words[index + 1])
            phrases, compound_tags = opens
            for tag in {tag for tag, slots in phrases if not slots} | set(compound_tags):
                yield start, end, tag

    def _opened(self, words: list[str]) -> list[Opens]:
        """What each word opens: the look-ups of words seen before run in C, each new word's
        once, however often the text repeats it."""
        opened = list(map(self.opens.get, words))  # None: a word not seen yet
        if None in opened:
            unseen = set(compress(words, map(is_, opened, repeat(None))))
            new = {word: self._opens(word) for word in unseen}
            opened = [new[w] if o is None else o for w, o in zip(words, opened, strict=True)]
        return opened  # type: ignore[return-value]  (no None left)

    def _sifted(self, words: list[str], opened: list[Opens], positions: list[int]) -> list[int]:
        """The positions of words that open a phrase and stand where it can go on: the phrase is
        one word, the word holds a compound, or the next word can be the phrase's second. Decided
        once per distinct first word (where no next word can be a phrase's further word, as in
        a page of one word repeated) or per distinct pair of words; the rest runs in C."""
        following = [*words[1:], ""]
        nexts = list(map(following.__getitem__, positions))
        further = {word: self._follows_of(word) for word in set(nexts)}
        firsts = list(map(words.__getitem__, positions))
        if not any(further.values()):
            at = dict(zip(firsts, positions, strict=True))  # a position of each first word
            none: frozenset[int] = frozenset()
            alone = {word: self._may_go_on(opened[i], none) for word, i in at.items()}
            return list(compress(positions, map(alone.__getitem__, firsts)))
        pairs = list(zip(firsts, nexts, strict=True))
        at = dict(zip(pairs, positions, strict=True))  # a position of each pair: its openings
        verdict = {
            pair: self._may_go_on(opened[index], further[pair[1]]) for pair, index in at.items()
        }
        return list(compress(positions, map(verdict.__getitem__, pairs)))

    @staticmethod
    def _may_go_on(opens: Opens, further: frozenset[int]) -> bool:
        """Whether a word opening `opens`, before a word that can be the phrase words `further`
        (slot ids), can start a hit."""
        phrases, compound_tags = opens  # type: ignore[misc]  (an opening word: not ())
        return bool(compound_tags) or any(not slots or slots[0] in further for _, slots in phrases)

    def _follows_of(self, word: str) -> frozenset[int]:
        found = self.follows.get(word)
        return self._follows(word) if found is None else found

    def _opens(self, word: str) -> Opens:
        """The phrases a word of the text opens (its keys are the first word's: each phrase
        once, in the order of the lemma's then the stem's index) and the compounds it holds;
        remembered."""
        found: Opens = ()
        if word and not _CJK.search(word):
            opened: dict[int, tuple[str, tuple[int, ...]]] = {}
            tags: tuple[str, ...] = ()
            for keys in derived_keys(word, self.language):
                lemma, stem, _ = keys
                by_lemma, by_stem = self.by_key.get(lemma), self.by_key.get(stem)
                candidates = (by_lemma or []) + (by_stem or [])
                for p in candidates:
                    if same_word(keys, p.keys[0]):
                        opened.setdefault(id(p), (p.tag, p.slots))
            stem = word_keys(word, self.language)[1]
            if self.compound is not None and len(stem) >= compound_min_key():
                tags = self._compound_tags(stem)
            found = (tuple(opened.values()), tags) if opened or tags else ()
        _remember(self.opens, word, found)
        return found

    def _continues(self, parts: list[str], at: int, slots: tuple[int, ...]) -> bool:
        """Whether the words after parts[at] are the phrase's further words (`slots`; the
        first already known to be), with only a gap a phrase allows between them."""
        follows = self.follows
        for offset in range(2, len(slots) + 1):
            word = parts[at + 2 * offset]
            found = follows.get(word)
            if found is None:
                found = self._follows(word)
            if slots[offset - 1] not in found:
                return False
        return all(_GAP.fullmatch(parts[at + 2 * i - 1]) for i in range(1, len(slots) + 1))

    def _follows(self, word: str) -> frozenset[int]:
        """The phrase words (slot ids, after the first) that a word of the text can be."""
        found: frozenset[int] = frozenset()
        if word:
            slots: set[int] = set()
            for keys in derived_keys(word, self.language):
                candidates = self.slots.get(keys[0], []) + self.slots.get(keys[1], [])
                slots.update(slot for slot, other in candidates if same_word(keys, other))
            found = frozenset(slots)
        _remember(self.follows, word, found)
        return found

    def _lemmatized(self, reading: Reading) -> Iterable[Hit]:
        if self.lemma_gate is None:
            return
        text = reading.words
        if next(self.lemma_gate.iter(text), None) is None:
            return
        found = morphemes(text)
        for index, (start, _, key, _) in enumerate(found):
            for phrase in self.by_lemma.get(key, ()):
                end = _lemmas_end(found, index, phrase.keys)
                if end is not None:
                    yield start, end, phrase.tag

    def _compound_tags(self, stem: str) -> tuple[str, ...]:
        """Phrases whose stem opens or ends this word's stem (Umweltfreundlichkeit)."""
        return tuple(
            {
                tag
                for last, (length, tags) in self.compound.iter(stem)
                if last + 1 == length or last + 1 == len(stem)
                for tag in tags
            }
        )


def _closed(words: list[str], language: str) -> str | None:
    """A phrase of several words written as one ("Angebotende" for "angebot endet"), where
    its stem still reaches past the first word: "angebotendet" stems to "angebot", which would
    match the first word alone ("ein Angebot machen", "angeboten")."""
    if len(words) < 2:
        return None
    joined = "".join(words)
    return joined if len(word_keys(joined, language)[1]) > len(words[0]) else None


def _without_overlaps(hits: list[Hit]) -> list[Hit]:
    """Hits sorted by start (the longest first), dropping each that a kept hit of the same tag
    just before it overlaps."""
    hits.sort(key=lambda hit: (hit[0], -hit[1]))
    kept: list[Hit] = []
    for hit in hits:
        if not kept or hit[0] >= kept[-1][1] or hit[2] != kept[-1][2]:
            kept.append(hit)
    return kept


def _remember(memo: dict[str, Any], word: str, value: Any) -> None:
    """Remember a word's value, the memo cleared when full (seller words: bounded)."""
    if len(memo) >= WORD_MEMO:
        memo.clear()
    memo[word] = value


def _lemmas_end(found: tuple[Morpheme, ...], index: int, keys: tuple[str, ...]) -> int | None:
    """Where the phrase of these lemma keys ends if it starts at found[index] (whose key is the
    first): each further key follows, past at most MAX_LINKS particles or punctuation."""
    at = index
    for key in keys[1:]:
        at += 1
        links = 0
        while at < len(found) and found[at][3] and found[at][2] != key and links < MAX_LINKS:
            at += 1
            links += 1
        if at >= len(found) or found[at][2] != key:
            return None
    return found[at][1]


def _inflects(form: str, words: list[str]) -> bool:
    """Whether a phrase is matched word by word too: every word has a letter (numbers do not
    inflect) and its words and gaps are the whole phrase ("#1" would be the bare word "1")."""
    if not words or not all(any(c.isalpha() for c in word) for word in words):
        return False
    rest = form
    for word in words:
        rest = rest.replace(word, " ", 1)
    return _GAP.fullmatch(rest.replace(" ", "")) is not None


@cache
def phrase_matcher(entries: tuple[Entry, ...], language: str) -> PhraseMatcher:
    """The matcher of some (phrase, mode, tag) entries in one language, built once per process
    and kept between runs (policies.matcher_cache: a cold process loads it instead)."""
    folder = matchers_folder()
    if folder is not None:
        found = kept_matcher(folder, entries, language)
        if isinstance(found, PhraseMatcher) and found.language == language:
            return found
    matcher = _built(entries, language)
    if folder is not None:
        keep_matcher(folder, entries, language, matcher)
    return matcher


def _built(entries: tuple[Entry, ...], language: str) -> PhraseMatcher:
    """The matcher of the entries, built from the phrases (read, stemmed, lemmatised)."""
    exact: dict[str, list[tuple[int, str, str, bool, bool]]] = {}
    by_key: dict[str, list[_Words]] = {}
    slots: dict[str, list[tuple[int, Keys]]] = {}
    slot_ids = count()
    singles: dict[str, set[str]] = {}
    by_lemma: dict[str, list[_Lemmas]] = {}
    anchors: set[str] = set()
    stemmed = has_stemmer(language)
    lemmatized = lemmatizes(language)
    for phrase, mode, tag in entries:
        reading = read(phrase, language)
        form = reading.words.strip()
        if not form:
            continue
        left, right = is_word_char(form[0]), is_word_char(form[-1])
        exact.setdefault(form, []).append((len(form), mode, tag, left, right))
        lemmas = phrase_lemmas(form) if lemmatized and mode != "substring" else None
        if lemmas is not None:
            by_lemma.setdefault(lemmas[0][0], []).append(_Lemmas(lemmas[0], tag))
            anchors.update(lemmas[1])
        if not stemmed or mode == "substring" or _CJK.search(form):
            continue
        words = [word for _, _, word in reading.tokens()]
        if not _inflects(form, words):
            continue
        variants = [words] + ([[joined]] if (joined := _closed(words, language)) else [])
        for variant in variants:
            keys = tuple(word_keys(word, language) for word in variant)
            entry = _Words(keys, tag, tuple(islice(slot_ids, len(keys) - 1)))
            for slot, further in zip(entry.slots, keys[1:], strict=True):
                for key in {further[0], further[1]}:
                    slots.setdefault(key, []).append((slot, further))
            for key in {keys[0][0], keys[0][1]}:
                by_key.setdefault(key, []).append(entry)
            if len(variant) == 1 and len(keys[0][1]) >= compound_min_key():
                singles.setdefault(keys[0][1], set()).add(tag)
    automaton = None
    if exact:
        automaton = ahocorasick.Automaton()
        for form, found in exact.items():
            automaton.add_word(form, found)
        automaton.make_automaton()
    compound = None
    if singles and compounds(language):
        compound = ahocorasick.Automaton()
        for stem, tags in singles.items():
            compound.add_word(stem, (len(stem), tuple(sorted(tags))))
        compound.make_automaton()
    return PhraseMatcher(
        language,
        automaton,
        by_key,
        compound,
        slots,
        by_lemma=by_lemma,
        lemma_gate=_gate(anchors),
        joins=bool(by_key) and compounds(language),
    )


def _gate(anchors: set[str]) -> Any:
    """An automaton of the anchors of lemma phrases (None without any)."""
    if not anchors:
        return None
    gate = ahocorasick.Automaton()
    for anchor in anchors:
        gate.add_word(anchor, anchor)
    gate.make_automaton()
    return gate
