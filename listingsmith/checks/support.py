"""Which content words of a translation no word of its English source plausibly translates to.

A bilingual lexicon per language (lexicon/en-XX.json.gz beside this module, learned by IBM
Model 1 from parallel text: evals/build_lexicon.py) lists, for each target-language word key,
the English word keys it translates. A target word is supported when one of them is in the
source, when it is written in the source as it is (names, brands, loanwords), when it is one of
the language's most common words (function words), when the product's own words (title,
attributes, its taxonomy category's names) hold it, or, in a language that writes compounds
closed, when every part of it is supported ("Säulenkerze": Säule + Kerze). The limits (how
many frequent words, cognate similarity, compound parts) come from the caller's data
(checks/adequacy.yaml, `unsupported_word`).
"""

from __future__ import annotations

import gzip
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from rapidfuzz import fuzz, process

from listingsmith.lexicons import load
from listingsmith.text.claims import count_claims
from listingsmith.text.lemmas import lemmatizes, morphemes
from listingsmith.text.quantities import dimension_of, find_quantities, normalize
from listingsmith.text.reader import read
from listingsmith.text.stems import compounds, word_keys

LEXICON_DIR = "lexicon"
# Letters only: numbers, units and punctuation are other checks' business.
_WORD = re.compile(r"[^\W\d_]+")
_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_LETTER = re.compile(r"[^\W\d_]")


@dataclass(frozen=True)
class Lexicon:
    """One language's lexicon: target key -> English keys (also by the key's stem), and the
    rank of its most frequent words (0: the most frequent)."""

    language: str
    translations: dict[str, frozenset[str]]
    by_stem: dict[str, frozenset[str]]
    rank: dict[str, int]


def lexicon_path(language: str) -> str:
    """The lexicon file's name inside LEXICON_DIR."""
    return f"en-{language}.json.gz"


@cache
def lexicon(language: str) -> Lexicon | None:
    """The lexicon of a target language; None where none was built."""
    found = resources.files(__package__).joinpath(LEXICON_DIR, lexicon_path(language))
    if not found.is_file():
        return None
    data = json.loads(gzip.decompress(found.read_bytes()))
    translations = {key: _with_stems(english) for key, english in data["lexicon"].items()}
    by_stem: dict[str, set[str]] = {}
    for key, english in translations.items():
        by_stem.setdefault(word_keys(key, language)[1], set()).update(english)
    return Lexicon(
        language=language,
        translations=translations,
        by_stem={stem: frozenset(english) for stem, english in by_stem.items()},
        rank={key: rank for rank, key in enumerate(data["common"])},
    )


def target_words(text: str, language: str, min_letters: int) -> list[tuple[str, str]]:
    """(surface, key) of the words of a target-language text: Han characters one by one in
    Chinese, Japanese morphemes by their lemma key (text.lemmas), else letter runs of at least
    `min_letters` letters (shorter ones are function words: "je", "le") by their lemma
    (text.stems), as text.reader reads them (case-folded, NFKC, Chinese simplified); words
    without letters are left out."""
    text = read(text, language).text
    if language == "zh":
        return [(c, c) for c in text if _HAN.match(c)] + [
            (w, w) for w in _WORD.findall(_HAN.sub(" ", text))
        ]
    if lemmatizes(language):
        return [
            (text[start:end], key)
            for start, end, key, linking in morphemes(text)
            if not linking and _LETTER.search(text[start:end])
        ]
    words = _WORD.findall(text)
    return [(w, word_keys(w, language)[0]) for w in words if len(w) >= min_letters]


def english_keys(text: str) -> set[str]:
    """The lemma keys of an English text's words."""
    return {word_keys(w, "en")[0] for w in _WORD.findall(read(text).text)}


def _said(text: str) -> set[str]:
    """The lemmas and the stems of an English text's words."""
    keys = [word_keys(w, "en") for w in _WORD.findall(read(text).text)]
    return {lemma for lemma, _, _ in keys} | {stem for _, stem, _ in keys}


def _measured(source: str, measure_words: dict[str, list[str]] | None) -> set[str]:
    """The lemmas and stems of the English words that name what the source's quantities
    measure (`measure_words`, by pint dimension): a translation may say "breit" or "de large"
    for "11.5 cm across", "hoch" for "7 inches tall"; the quantity itself is the quantity
    checks' business."""
    if not measure_words:
        return set()
    words = [
        word
        for quantity in find_quantities(source)
        for word in measure_words.get(dimension_of(quantity.unit), ())
    ]
    return _said(" ".join(words)) if words else set()


def _with_stems(english: list[str]) -> frozenset[str]:
    """English lemmas and their Snowball stems (the stem joins "nature" and "natural", which
    the target language may write as one word: "Natur")."""
    return frozenset(english) | {word_keys(e, "en")[1] for e in english}


@dataclass(frozen=True)
class _Support:
    """What supports a target word: the lexicon, its first `common` frequent words, the
    English keys the source says and the target keys the product's own words hold; compound
    parts of at least `min_part` letters joined by one of `links` (Säule-n-kerze)."""

    lex: Lexicon
    common: int
    said: frozenset[str]
    grounds: frozenset[str]
    min_part: int
    links: tuple[str, ...]

    def key(self, key: str) -> bool:
        """Whether a target key is common, grounded, or a translation of a word the source
        says: by the key, by the key's own lemma (a participle's adjective "gegossen" is the
        verb "gießen"), or by its stem where the lemmatizer read it otherwise ("langen")."""
        if self.lex.rank.get(key, self.common) < self.common or key in self.grounds:
            return True
        lemma, stem, _ = word_keys(key, self.lex.language)
        if (
            self.lex.translations.get(key, frozenset())
            | self.lex.translations.get(lemma, frozenset())
        ) & self.said:
            return True
        return bool(self.lex.by_stem.get(stem, frozenset()) & self.said)

    def part(self, part: str) -> bool:
        """Whether a compound part, as written or by its lemma ("kerzen": "kerze"), is."""
        return self.key(part) or self.key(word_keys(part, self.lex.language)[0])

    def compound(self, word: str) -> bool:
        """Whether a closed compound splits into parts of at least min_part letters, joined
        by linking elements, that are each supported (säule-n-kerze)."""
        least = self.min_part

        @cache
        def fits(start: int) -> bool:
            if start and self.part(word[start:]):
                return True
            for end in range(start + least, len(word) - least + 1):
                if not self.part(word[start:end]):
                    continue
                for link in self.links:
                    rest = end + len(link)
                    if word.startswith(link, end) and len(word) - rest >= least and fits(rest):
                        return True
            return False

        return len(word) >= 2 * least and fits(0)


def _cognate(word: str, written: set[str], cognates: dict[str, Any]) -> bool:
    """Whether a word (of at least min_letters letters: short words are alike by chance) is
    spelt much like (rapidfuzz ratio) a written word or an English lemma: a cognate or a
    loanword ("Liter": "litres")."""
    if len(word) < cognates["min_letters"]:
        return False
    found = process.extractOne(word, written, scorer=fuzz.ratio, score_cutoff=cognates["ratio"])
    return found is not None


def word_support(
    text: str, source: str, language: str, limits: dict[str, Any], grounding: Iterable[str] = ()
) -> list[tuple[str, bool]] | None:
    """Each content word of `text` (in `language`; its `common_words` most frequent words left
    out) with whether the English `source` or the `grounding` texts (the product's own words,
    any language) support it, in order; None when there is no lexicon for the language.
    `limits`: common_words, min_letters, cognates {ratio, min_letters}, compounds {min_part,
    links}, measure_words (dimension -> English words: what a quantity of the source measures
    supports the words that name it, "11,5 cm breit" for "11.5 cm across")."""
    lex = lexicon(language)
    if lex is None:
        return None
    common, least = limits["common_words"], limits["min_letters"]
    grounding = list(grounding)
    said = _said(" ".join([source, *grounding])) | _measured(source, limits.get("measure_words"))
    written = set(_WORD.findall(read(" ".join([source, *grounding])).text))
    grounds = {key for ground in grounding for _, key in target_words(ground, language, least)}
    parts = limits["compounds"]
    support = _Support(
        lex, common, frozenset(said), frozenset(grounds), parts["min_part"], tuple(parts["links"])
    )
    out = []
    for surface, key in target_words(text, language, least):
        if lex.rank.get(key, common) < common:
            continue
        supported = (
            surface in written
            or surface.casefold() in _unit_forms()
            or support.key(key)
            or _cognate(surface, written | said, limits["cognates"])
        )
        if not supported and compounds(language):
            supported = support.compound(surface)
        out.append((surface, supported))
    return out


@cache
def _unit_forms() -> frozenset[str]:
    """Unit words and symbols (lexicons/units.yaml), case-folded: supported, as a unit is the
    quantity checks' business ("g" in the Chinese "橙子蜡烛，680.4 g。", converted from oz)."""
    return frozenset(form.casefold() for form in load("units"))


@cache
def _renderings(language: str) -> dict[str, frozenset[str]]:
    """The lexicon turned around: English key -> the target keys that translate it."""
    lex = lexicon(language)
    out: dict[str, set[str]] = {}
    for key, english in (lex.translations if lex else {}).items():
        for word in english:
            out.setdefault(word, set()).add(key)
    return {word: frozenset(keys) for word, keys in out.items()}


def source_coverage(
    text: str, source: str, language: str, limits: dict[str, Any]
) -> list[tuple[str, bool]]:
    """Each content word of the English `source` with whether the target-language `text`
    renders it (one of its lexicon translations is a word of the text, or the text writes it as
    it is), in order. English words of fewer than `min_letters` letters, words the lexicon has
    no translation for, function words (every translation among the target language's
    `function_rank` most frequent words) and the words of a count the text states with the same
    number are left out. `limits`: min_letters, function_rank."""
    lex = lexicon(language)
    if lex is None:
        return []
    said = {key for _, key in target_words(text, language, 1)}
    written = read(text, language).text
    renderings = _renderings(language)
    out = []
    for word in _WORD.findall(read(uncounted(source, text, language)).text):
        if len(word) < limits["min_letters"]:
            continue
        lemma, stem, _ = word_keys(word, "en")
        candidates = renderings.get(lemma, frozenset()) | renderings.get(stem, frozenset())
        if not candidates or all(
            lex.rank.get(c, limits["function_rank"]) < limits["function_rank"] for c in candidates
        ):
            continue
        out.append((word, bool(candidates & said) or word in written))
    return out


def uncounted(source: str, text: str, language: str) -> str:
    """The English `source` without its counts that the `language` text states with the same
    number ("50 Pieces" for "50件装", "Pack of 50" for "50er-Pack"): how a count is worded is
    the fact-check's business, as a unit's is ("pieces" has no Chinese rendering in 件装)."""
    counts = count_claims(source, "en")
    if not counts:
        return source
    stated = {c.value for c in count_claims(text, language)}
    spans = [c.span for c in counts if c.value in stated]
    if not spans:
        return source
    normalized = normalize(source)
    kept = [c if not any(a <= i < b for a, b in spans) else " " for i, c in enumerate(normalized)]
    return "".join(kept)


def renders(text: str, english: str, language: str) -> bool:
    """Whether a target-language `text` has a word the lexicon gives as a translation of the
    English word `english` (by its lemma or stem)."""
    lemma, stem, _ = word_keys(english.casefold(), "en")
    candidates = _renderings(language).get(lemma, frozenset()) | _renderings(language).get(
        stem, frozenset()
    )
    if candidates & {key for _, key in target_words(text, language, 1)}:
        return True
    if not compounds(language):
        return False
    # A closed compound holds the translation as a part ("Badetuch": "Bad" for "bath").
    folded = read(text, language).text
    return any(len(key) >= 3 and key in folded for key in candidates)
