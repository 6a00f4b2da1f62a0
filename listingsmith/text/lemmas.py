"""Japanese words by their lemma, so a phrase written in its dictionary form ("シミが消える")
matches every conjugation ("シミが消えた", "しみが消えます", "シミも消えません"): the
morphemes of SudachiPy (core dictionary, split mode C) keyed by their normalised form, which
also folds spelling variants (シミ, しみ and 染み are 染み; やせる is 痩せる).

Only languages listed under `lemmatizers` in stems.yaml are read so; the tokenizer is loaded on
first use. Text is tokenised in chunks (Sudachi refuses long inputs) and only up to
LEMMA_MAX_CHARS: a field past that is refused by the flow before any rule reads it.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from typing import Any

from listingsmith.text.stems import lemmatizer

# Morphemes are cached per text up to this many characters (listing fields), this many texts.
MORPHEME_CACHE_CHARS = 2_000
MORPHEME_CACHE_ENTRIES = 4096
# Text past this many characters is not lemmatised (the flow refuses a field that long).
LEMMA_MAX_CHARS = 20_000
# Sudachi's input limit is in bytes; chunks of this many characters stay well under it.
CHUNK_CHARS = 2_000
# Parts of speech that conjugate: a phrase holding one is matched by lemmas.
CONJUGATING = frozenset({"動詞", "形容詞", "助動詞"})
# Parts of speech that may stand between two words of a phrase ("シミが消える" matches
# "シミも消える", "シミ消える"): particles, punctuation, spaces.
LINKING = frozenset({"助詞", "補助記号", "空白"})
# ...at most this many of them between two words.
MAX_LINKS = 2
# Particles that restrict and so carry a phrase's meaning ("飲むだけで": just by drinking): words
# of a phrase and of the text, never skipped as links ("飲むんだ" is no "飲むだけで").
RESTRICTING = frozenset({"だけ", "のみ", "しか", "さえ", "ばかり"})
# Light verbs anchor nothing: "改善する" is found by 改善.
# A conjugating word's stem in kana (やせ for 痩せる) anchors its phrase from this length on.
MIN_KANA_ANCHOR = 2
LIGHT_VERBS = frozenset({"する", "為る", "なる", "成る", "いる", "居る", "ある", "有る", "できる"})
_CHUNK_END = re.compile(r"[。！？!?\n]")

Morpheme = tuple[int, int, str, bool]  # span, lemma key, whether it links words (particle)


@cache
def _tokenizer() -> Any:
    from sudachipy import Dictionary, SplitMode

    return Dictionary(dict="core").tokenizer(mode=SplitMode.C)


def lemmatizes(language: str) -> bool:
    """Whether words of this language are matched by their lemmas (a tokenizer reads them)."""
    return lemmatizer(language) is not None


def morphemes(text: str) -> tuple[Morpheme, ...]:
    """The morphemes of a text (up to LEMMA_MAX_CHARS) with their spans and lemma keys."""
    if len(text) <= MORPHEME_CACHE_CHARS:
        return _morphemes_cached(text)
    return _morphemes(text[:LEMMA_MAX_CHARS])


@lru_cache(maxsize=MORPHEME_CACHE_ENTRIES)
def _morphemes_cached(text: str) -> tuple[Morpheme, ...]:
    return _morphemes(text)


def _morphemes(text: str) -> tuple[Morpheme, ...]:
    tokenizer = _tokenizer()
    out: list[Morpheme] = []
    for base, chunk in _chunks(text):
        for m in tokenizer.tokenize(chunk):
            part = m.part_of_speech()[0]
            out.append((base + m.begin(), base + m.end(), _key(m, part), _links(m, part)))
    return tuple(out)


def _chunks(text: str) -> list[tuple[int, str]]:
    """Pieces of at most CHUNK_CHARS characters, cut after a sentence end where there is one."""
    out = []
    start = 0
    while start < len(text):
        end = min(start + CHUNK_CHARS, len(text))
        if end < len(text):
            cut = None
            for found in _CHUNK_END.finditer(text, start, end):
                cut = found.end()
            end = cut or end
        out.append((start, text[start:end]))
        start = end
    return out


def phrase_lemmas(phrase: str) -> tuple[tuple[str, ...], tuple[str, ...]] | None:
    """A phrase's lemma keys without its particles, and anchors (what any text matching it
    holds, to skip tokenising texts that cannot match); None for a phrase with no word that
    conjugates (its written form is matched as it is)."""
    tokenizer = _tokenizer()
    keys: list[str] = []
    anchors: set[str] = set()
    conjugates = False
    found = list(tokenizer.tokenize(phrase))
    for m in found:
        part = m.part_of_speech()[0]
        if _links(m, part):
            continue
        keys.append(_key(m, part))
        if part in CONJUGATING:
            conjugates = True
            if m.dictionary_form() not in LIGHT_VERBS and part != "助動詞":
                anchors |= {_stem(m.dictionary_form()), _stem(m.normalized_form())}
                kana = _hiragana(_stem(_dictionary_reading(m)))
                if len(kana) >= MIN_KANA_ANCHOR:
                    anchors.add(kana)
    if not conjugates or not keys:
        return None
    anchors.discard("")
    if not anchors:  # only light verbs: the other words anchor it, as written and as read
        for m in found:
            if m.part_of_speech()[0] not in LINKING | CONJUGATING:
                anchors |= {m.surface(), m.normalized_form()}
    return tuple(keys), tuple(sorted(anchors))


def _links(m: Any, part: str) -> bool:
    """Whether a morpheme only links words (a particle, punctuation, a space), not one that
    restricts (だけ)."""
    return part in LINKING and m.surface() not in RESTRICTING


def _key(m: Any, part: str) -> str:
    """A morpheme's lemma key: a conjugating word's normalised dictionary form (消え: 消える,
    やせ: 痩せる), any other word's reading (シミ, しみ, 染み: シミ), which the dictionary gives
    for every spelling where its normalised form does not."""
    return m.normalized_form() if part in CONJUGATING else m.reading_form()


def _dictionary_reading(m: Any) -> str:
    """The reading of a conjugating word's dictionary form (消える: キエル)."""
    found = _tokenizer().tokenize(m.dictionary_form())
    return "".join(x.reading_form() for x in found)


def _hiragana(text: str) -> str:
    return "".join(chr(ord(c) - 0x60) if "\u30a1" <= c <= "\u30f6" else c for c in text)


def _stem(lemma: str) -> str:
    """What every form of a conjugating word keeps: its dictionary form less the last kana
    (消える: 消え, 治る: 治, 薄い: 薄)."""
    return lemma[:-1] if len(lemma) > 1 else lemma
