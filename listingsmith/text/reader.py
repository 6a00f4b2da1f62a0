"""What a reader sees: a listing's text folded for matching, with a map back to its offsets.

Each step rewrites pieces of the text and records where the length changed, so a span of the
folded text maps back to the span of the original that a reviewer highlights and a fix deletes.
Steps, in order: HTML entities decoded; dashes and apostrophes folded; format characters (Unicode
category Cf: zero-width, soft hyphen, BOM, bidi marks) removed and NFKC applied (full-width,
half-width katakana, decomposed accents); Cyrillic and Greek look-alikes inside Latin-script words
mapped to Latin (Unicode TR39 data, from confusable-homoglyphs); case folded; Traditional Chinese
read as Simplified (OpenCC t2s, Chinese only); spaced-out letters joined (in Japanese and
Chinese any single characters spaced out, touching the text around them). Before the dashes
are folded, a dash that is no hyphen between two letters is dropped ("Disin–fects"). `words`
adds leetspeak read as letters, for phrase matching only (regular expressions keep the digits).
"""

from __future__ import annotations

import html
import json
import re
import unicodedata
from array import array
from bisect import bisect_left, bisect_right
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache, lru_cache, partial
from html.entities import html5
from importlib import resources
from itertools import accumulate, chain, compress, islice, repeat, zip_longest
from operator import add, and_, contains, ne, not_, sub
from pathlib import Path
from typing import Any

import yaml

from listingsmith.text.stems import knows, word_keys

Piece = tuple[int, int, str]  # in[start:end] becomes the string

# Readings are cached like policies' fold(): texts up to READ_CACHE_CHARS with at most
# READ_CACHE_EDITS edits (more is an attack, not a listing), READ_CACHE_ENTRIES of them, so the
# cache stays bounded whatever a seller sends.
READ_CACHE_ENTRIES = 4096
READ_CACHE_CHARS = 2_000
READ_CACHE_EDITS = 64
# The other readings (a long description, a field of many edits) are kept a little while too,
# so the rules of one field share its reading: at most READ_LONG_ENTRIES of them, holding
# READ_LONG_CHARS characters of text in all (a text longer than that is read anew each time).
READ_LONG_ENTRIES = 16
READ_LONG_CHARS = 200_000
# Words longer than this are not words: leetspeak is not looked for inside them.
LEET_MAX_WORD = 64
# A "1" read as a letter is checked against the dictionary in at most this many words of a
# text (a look-up costs about 20 µs: 1 MB of distinct such words would take seconds).
LEET_DICTIONARY_WORDS = 256
# Past this many words holding leetspeak, a text is split by one regular expression (_leet_split).
LEET_SPLIT_WORDS = 64
# A one-letter word read apart after a spaced-out word needs that many letters before it.
AFTER_WORD_MIN_LETTERS = 4
# Letter-spaced text longer than this is not a line of words: it is left as it is.
SPACED_MAX_ROW = 16 * LEET_MAX_WORD

_ENTITY = re.compile(r"(&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});?)")
_CJK_RUN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\U00020000-\U0002ffff]+")
_CJK_SPLIT = re.compile(f"({_CJK_RUN.pattern})")
# Scripts written without spaces: leetspeak is a thing of words in spaced scripts.
_UNSPACED = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7a3\uf900-\ufaff\uff66-\uff9f]")
_WORD = re.compile(r"[^\W\d_]+")
# Scripts written without spaces (kana, CJK ideographs, Hangul): a Latin word beside them is a
# word of its own ("満足度No.1"), not part of a foreign word.
_UNSPACED_SCRIPTS = "\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\uf900-\ufaff\uff66-\uff9f"
_LATIN_LETTER = re.compile(r"[A-Za-z\u00c0-\u024f]")
_SURROGATE = re.compile("[\ud800-\udfff]")
_TOKEN = re.compile(r"[^\W_]+")
_BETWEEN_TOKENS = re.compile(r"([\W_]+)")


@cache
def _data() -> dict[str, Any]:
    return yaml.safe_load(resources.files(__package__).joinpath("reader.yaml").read_text("utf-8"))


class Edits:
    """One step's edits as columns (arrays of machine integers, built by C loops: 1 MB of
    zero-width characters is 500,000 edits): out[out_start[i]:out_end[i]] came from
    in[in_start[i]:in_end[i]], in order; a piece that kept its length is no edit."""

    __slots__ = ("in_end", "in_start", "out_end", "out_start")

    def __init__(
        self,
        out_start: Iterable[int],
        out_end: Iterable[int] | None,
        in_start: Iterable[int],
        in_end: Iterable[int],
    ) -> None:
        self.out_start = array("q", out_start)
        # Deletions (out_end None) end where they start: one array for both.
        self.out_end = self.out_start if out_end is None else array("q", out_end)
        self.in_start = array("q", in_start)
        self.in_end = array("q", in_end)

    def __len__(self) -> int:
        return len(self.out_start)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Edits) and self.rows() == other.rows()

    __hash__ = None  # type: ignore[assignment]

    def rows(self) -> list[tuple[int, int, int, int]]:
        """The edits as (out_start, out_end, in_start, in_end) rows."""
        return list(zip(self.out_start, self.out_end, self.in_start, self.in_end, strict=True))

    def back_start(self, at: int) -> int:
        """Where a span starting at `at` of the output starts in the input."""
        index = bisect_right(self.out_start, at) - 1
        if index < 0:
            return at
        out_end = self.out_end[index]
        return self.in_start[index] if at < out_end else self.in_end[index] + at - out_end

    def back_end(self, at: int) -> int:
        """Where a span ending at `at` of the output ends in the input."""
        index = bisect_left(self.out_start, at) - 1
        if index < 0:
            return at
        out_end = self.out_end[index]
        return self.in_end[index] if at <= out_end else self.in_end[index] + at - out_end


_NO_EDITS = Edits((), (), (), ())


@dataclass(frozen=True)
class Reading:
    """A text as read: `text` for regular expressions, `words` (same offsets, leetspeak read as
    letters) for phrases, and the edits of each step to map spans back to `original`."""

    original: str
    text: str
    words: str
    language: str
    steps: tuple[Edits, ...]
    memo: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The span of `original` that text[start:end] was read from."""
        if start == end:
            for edits in reversed(self.steps):
                start = edits.back_start(start)
            return start, start
        for edits in reversed(self.steps):
            start, end = edits.back_start(start), edits.back_end(end)
        return start, end

    def tokens(self) -> tuple[tuple[int, int, str], ...]:
        """The words of `words` (letters and digits) with their spans, computed once."""
        found = self.memo.get("tokens")
        if found is None:
            found = tuple((m.start(), m.end(), m.group()) for m in _TOKEN.finditer(self.words))
            self.memo["tokens"] = found
        return found

    def pieces(self) -> list[str]:
        """`words` cut into its words and what lies between them, alternately (word, gap, word,
        ..., word; the first and last word may be empty), computed once: one regex split, no
        match object per word (tokens() for 1 MB of "a-a-" is 500,000)."""
        found = self.memo.get("pieces")
        if found is None:
            found = self.memo["pieces"] = _BETWEEN_TOKENS.split(self.words)
        return found


_CACHE: OrderedDict[tuple[str, str], Reading] = OrderedDict()
_LONG: OrderedDict[tuple[str, str], Reading] = OrderedDict()
_long_chars = 0  # the characters of the texts in _LONG


def read(text: str, language: str = "en") -> Reading:
    """The text as a reader sees it (cached, least recently used out, see READ_CACHE_* and
    READ_LONG_*)."""
    global _long_chars
    key = (text, language)
    found = _CACHE.get(key)
    if found is not None:
        _CACHE.move_to_end(key)
        return found
    found = _LONG.get(key)
    if found is not None:
        _LONG.move_to_end(key)
        return found
    found = _read(text, language)
    if len(text) <= READ_CACHE_CHARS and sum(map(len, found.steps)) <= READ_CACHE_EDITS:
        _CACHE[key] = found
        if len(_CACHE) > READ_CACHE_ENTRIES:
            _CACHE.popitem(last=False)
    elif len(text) <= READ_LONG_CHARS:
        _LONG[key] = found
        _long_chars += len(text)
        # `_LONG and`: never an empty pop, even where threads interleave here.
        while _LONG and (len(_LONG) > READ_LONG_ENTRIES or _long_chars > READ_LONG_CHARS):
            _long_chars -= len(_LONG.popitem(last=False)[0][0])
    return found


def _read(original: str, language: str) -> Reading:
    steps: list[Edits] = []
    text = original

    def apply(step: tuple[str, Edits]) -> None:
        nonlocal text
        text, edits = step
        if edits:
            steps.append(edits)

    if "&" in text:
        parts = _ENTITY.split(text)
        apply(_split_replaced(text, parts, list(map(_unescaped, parts[1::2]))))
    if not text.isascii():
        parts = _inword_dash().split(text)
        apply(_split_replaced(text, parts, [""] * (len(parts) // 2)))
    if _punctuation_chars().search(text):
        text = text.translate(_punctuation())
    if not text.isascii():
        text = _SURROGATE.sub("\ufffd", text)  # lone surrogates (JSON can carry them) as U+FFFD
        apply(_invisible(text))
        if not unicodedata.is_normalized("NFKC", text):
            apply(_nfkc(text))
        text = _lookalikes(text, language)
    apply(_casefold(text))
    if language == "zh" and _CJK_RUN.search(text):
        apply(_simplified_text(text))
    if language in _data()["unspaced_languages"]:
        apply(_unspaced_joined(text))
    else:
        if _spaced_start().search(text):  # most texts hold no letter-spaced row
            spaced = _spaced()
            joined = partial(_spaced_joined, language=language)
            apply(_rewrite(text, spaced.finditer(text), joined))
        if "  " in text:
            apply(_replaced(text, _spaced_digits(text)))
    return Reading(original, text, _leet(text, language), language, tuple(steps))


def _rewrite(
    text: str, matches: Iterable[re.Match[str]], replace: Callable[[re.Match[str]], list[Piece]]
) -> tuple[str, Edits]:
    """Replace the pieces `replace` gives for each match (in order, not overlapping)."""
    return _replaced(text, [piece for match in matches for piece in replace(match)])


def _split_replaced(text: str, parts: list[str], news: list[str]) -> tuple[str, Edits]:
    """The text split on a pattern's group (kept, matched, kept, ..., kept) with each matched
    part replaced by the string of `news` in its place: what _replaced does with a piece per
    match, without a match object or a Python step per match."""
    if len(parts) == 1:
        return text, _NO_EDITS
    ends = list(accumulate(map(len, parts)))  # where each part ends in the text
    new_lengths = list(map(len, news))
    old_lengths = list(map(len, parts[1::2]))
    changed = list(map(ne, new_lengths, old_lengths))
    parts[1::2] = news
    out = "".join(parts)
    if not any(changed):
        return out, _NO_EDITS
    new_lengths = list(compress(new_lengths, changed))
    in_start = list(compress(ends[:-1:2], changed))
    shifts = accumulate(map(sub, new_lengths, compress(old_lengths, changed)), initial=0)
    out_start = list(map(add, in_start, shifts))
    return out, Edits(
        out_start, map(add, out_start, new_lengths), in_start, compress(ends[1::2], changed)
    )


def _replaced(text: str, pieces: list[Piece]) -> tuple[str, Edits]:
    """The text with each piece's span replaced by its string; a piece whose length changes is
    an edit (one that keeps its length maps offset for offset). Column by column, in C loops:
    no Python step per piece."""
    if not pieces:
        return text, _NO_EDITS
    starts, ends, news = zip(*pieces, strict=True)
    kept = map(text.__getitem__, map(slice, chain((0,), ends), chain(starts, (len(text),))))
    out = "".join(chain.from_iterable(zip_longest(kept, news, fillvalue="")))
    new_lengths = list(map(len, news))
    old_lengths = list(map(sub, ends, starts))
    changed = list(map(ne, new_lengths, old_lengths))
    if not any(changed):
        return out, _NO_EDITS
    new_lengths = list(compress(new_lengths, changed))
    in_start = list(compress(starts, changed))
    shifts = accumulate(map(sub, new_lengths, compress(old_lengths, changed)), initial=0)
    out_start = list(map(add, in_start, shifts))
    return out, Edits(
        out_start, map(add, out_start, new_lengths), in_start, compress(ends, changed)
    )


@lru_cache(maxsize=256)
def entity_pattern(characters: str) -> re.Pattern[str] | None:
    """HTML entities (named, decimal, hexadecimal) that stand for one of `characters`, as
    html.unescape reads them; None when there are none. The reader's view folds some such
    characters away ("&trade;" reads "tm" after NFKC), so a rule looks for them as written."""
    if not characters:
        return None
    names = [name for name, value in html5.items() if value in characters]
    numbers = [rf"#0*{ord(c)}(?![0-9])|#[xX]0*{ord(c):x}(?![0-9a-fA-F])" for c in characters]
    named = "|".join(re.escape(name) for name in sorted(names, key=len, reverse=True))
    return re.compile(rf"&(?:{'|'.join(numbers)}{'|' + named if named else ''});?")


@lru_cache(maxsize=READ_CACHE_ENTRIES)
def _unescaped(entity: str) -> str:
    """An entity as html.unescape reads it (the same few recur: decoded once each)."""
    return html.unescape(entity)


@cache
def _inword_dash() -> re.Pattern[str]:
    dashes = re.escape(_data()["inword_dashes"])
    # The dash first, so the search skips ahead on it; then the letters either side.
    return re.compile(rf"([{dashes}](?<=[^\W\d_].)(?=[^\W\d_]))")


@cache
def _punctuation_chars() -> re.Pattern[str]:
    """Any character _punctuation folds: str.translate with a table costs a dictionary look-up
    per character of a non-ASCII text, a class scan much less."""
    return re.compile(f"[{re.escape(''.join(map(chr, _punctuation())))}]")


@cache
def _punctuation() -> dict[int, str]:
    data = _data()
    table = dict.fromkeys(map(ord, data["dashes"]), "-")
    table.update(dict.fromkeys(map(ord, data["apostrophes"]), "'"))
    return table


@cache
def _unicode_classes() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """Characters NFKC changes or that are format characters (Cf, each run of them a group, for
    re.split), and combining marks: one pass over the code points, made on the first non-ASCII
    text."""
    changing: list[str] = []
    marks: list[str] = []
    format_chars: list[str] = []
    for point in _points():
        char = chr(point)
        category = unicodedata.category(char)
        if category == "Cs":
            continue
        normal = unicodedata.normalize("NFKC", char)
        if unicodedata.combining(char) or (normal and unicodedata.combining(normal[0])):
            marks.append(char)
        elif category == "Cf":
            format_chars.append(char)
        elif normal != char:
            changing.append(char)
    mark_class = _char_class(marks)
    change_class = _char_class(changing)
    # A changing character before a mark goes with the mark ("ｶﾞ" is "ガ", not "カ" and a mark).
    pattern = re.compile(
        f"(?P<marks>[^{mark_class}]?[{mark_class}]+)|(?:[{change_class}](?![{mark_class}]))+"
    )
    return pattern, re.compile(f"([{_char_class(format_chars)}]+)")


def _points() -> Iterable[int]:
    """Code points past ASCII, less the blocks where NFKC changes nothing and nothing combines
    (CJK ideographs, Hangul syllables, private use, surrogates)."""
    skip = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xAC00, 0xD7A3), (0xD800, 0xF8FF))
    start = 0x80
    for low, high in skip:
        yield from range(start, low)
        start = high + 1
    yield from range(start, 0x20000)
    yield from range(0x2F800, 0x2FA20)
    yield from range(0xE0000, 0xE0080)


def _char_class(chars: list[str]) -> str:
    """A regex character class body of ranges over sorted characters."""
    ranges: list[list[int]] = []
    for point in sorted(map(ord, chars)):
        if ranges and point == ranges[-1][1] + 1:
            ranges[-1][1] = point
        else:
            ranges.append([point, point])
    return "".join(
        re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}"
        for a, b in ranges
    )


def _invisible(text: str) -> tuple[str, Edits]:
    """Format characters (Cf) removed: each run is one deletion. One split into the text kept
    and the runs removed, alternately; the edits are running sums of their lengths."""
    parts = _unicode_classes()[1].split(text)
    if len(parts) == 1:
        return text, _NO_EDITS
    kept = parts[::2]
    ends = list(accumulate(map(len, parts)))  # where each part ends in the text
    removed_at = accumulate(map(len, kept[:-1]))  # where each run was, in the text left
    return "".join(kept), Edits(removed_at, None, ends[:-1:2], ends[1::2])


def _nfkc(text: str) -> tuple[str, Edits]:
    pattern = _unicode_classes()[0]

    def normal(part: str) -> str:
        return unicodedata.normalize("NFKC", part)

    def replace(match: re.Match[str]) -> list[Piece]:
        start, end = match.span()
        part = match.group()
        new = normal(part)
        if new == part:
            return []
        if len(new) == len(part) or match.lastgroup == "marks":
            return [(start, end, new)]
        return [(start + i, start + i + 1, normal(c)) for i, c in enumerate(part)]

    return _rewrite(text, pattern.finditer(text), replace)


@cache
def _lookalike_table() -> tuple[dict[int, str], re.Pattern[str], re.Pattern[str]]:
    """Cyrillic and Greek letters with an ASCII Latin look-alike (TR39 confusables), and the
    letters that are neither Latin nor such look-alikes."""
    from confusable_homoglyphs import categories, confusables

    path = Path(confusables.__file__).with_name("confusables.json")
    table: dict[int, str] = {}
    for char, entries in json.loads(path.read_text(encoding="utf-8")).items():
        if len(char) != 1 or categories.alias(char) not in ("CYRILLIC", "GREEK"):
            continue
        latin = [e["c"] for e in entries if len(e["c"]) == 1 and e["c"].isascii()]
        if latin and latin[0].isalpha():
            table[ord(char)] = latin[0]
    lookalikes = _char_class([chr(p) for p in table])
    others = re.compile(f"[^\\x00-\u024f{lookalikes}{_UNSPACED_SCRIPTS}]")
    return table, re.compile(f"[{lookalikes}]"), others


def _lookalikes(text: str, language: str) -> str:
    """Look-alike letters read as Latin inside words with no other non-Latin letter (all
    look-alikes only outside a Cyrillic or Greek listing; kana, ideographs and Hangul end a
    word): real Cyrillic and Greek stay."""
    table, lookalike, others = _lookalike_table()
    if not lookalike.search(text):
        return text
    if language in _data()["cyrillic_greek_languages"]:
        out = list(text)
        for word in _words_holding(text, _LATIN_LETTER, _WORD):
            found = word.group()
            if lookalike.search(found) and not others.search(found):
                out[word.start() : word.end()] = found.translate(table)
        return "".join(out)
    mapped = text.translate(table)
    if not others.search(text):
        return mapped
    out = list(mapped)
    for word in _foreign_words(others.pattern).finditer(text):
        out[word.start() : word.end()] = word.group()
    return "".join(out)


@cache
def _foreign_words(others: str) -> re.Pattern[str]:
    """Words holding a letter that is neither Latin nor a look-alike; a match starts only at a
    word's start and runs possessively, so the search is linear."""
    letter = rf"[^\W\d_{_UNSPACED_SCRIPTS}]"
    return re.compile(rf"(?<!{letter})(?:(?!{others}){letter})*+{others}{letter}*+")


def _words_holding(
    text: str, candidates: re.Pattern[str], word: re.Pattern[str]
) -> Iterable[re.Match[str]]:
    """Each word (up to LEET_MAX_WORD characters) that holds a candidate match, once, in
    linear time: a longer run is skipped whole."""
    done = 0
    for match in candidates.finditer(text):
        if match.start() < done:
            continue
        low = max(done, match.start() - LEET_MAX_WORD)
        token = word.search(text, low)
        while token is not None and token.end() <= match.start():
            token = word.search(text, token.end())
        if token is None:
            return
        cut = token.start() == low and low > done and word.match(text, low - 1)
        done = max(token.end(), match.end())
        if not cut and token.end() - token.start() <= LEET_MAX_WORD:
            yield token


@cache
def _multi_casefold() -> re.Pattern[str]:
    chars = [chr(p) for p in _points() if len(chr(p).casefold()) != 1]
    return re.compile(f"([{_char_class(chars)}])")


def _casefold(text: str) -> tuple[str, Edits]:
    folded = text.casefold()
    if len(folded) == len(text):
        return folded, _NO_EDITS
    parts = _multi_casefold().split(text)
    text, edits = _split_replaced(text, parts, list(map(str.casefold, parts[1::2])))
    return text.casefold(), edits


@cache
def _t2s() -> Any:
    import opencc

    return opencc.OpenCC("t2s")


def _simplified_text(text: str) -> tuple[str, Edits]:
    """Traditional characters read as Simplified, run of Han characters by run: all the runs
    converted in one call, a line break between each (no OpenCC dictionary entry holds one,
    so none joins two runs), and only the runs that change rewritten. 1 MB of short words
    between spaces is one call, not 350,000."""
    pieces = _CJK_SPLIT.split(text)
    runs = pieces[1::2]
    converted = _t2s().convert("\n".join(runs)).split("\n")
    if converted == runs:
        return text, _NO_EDITS
    if len(converted) != len(runs):  # not expected: each run on its own
        return _rewrite(text, _CJK_RUN.finditer(text), _simplified)
    changed = iter([new for old, new in zip(runs, converted, strict=True) if new != old])
    return _rewrite(
        text,
        (
            m
            for m, old, new in zip(_CJK_RUN.finditer(text), runs, converted, strict=True)
            if new != old
        ),
        lambda match: _simplified(match, next(changed)),
    )


def _simplified(match: re.Match[str], new: str | None = None) -> list[Piece]:
    part = match.group()
    new = _t2s().convert(part) if new is None else new
    if new == part:
        return []
    if len(new) == len(part):
        return [(match.start(), match.end(), new)]
    return [
        (match.start() + i, match.start() + i + 1, _t2s().convert(c)) for i, c in enumerate(part)
    ]


@cache
def _spaced() -> re.Pattern[str]:
    """Letter-spaced words: lone letters with a single space, dot or hyphen (or " - ", " . ")
    between them, and such words in a row with two or three spaces between ("M a d e  i n  U S
    A"). The match is every such row: _spaced_joined decides what it joins, so the search never
    backtracks past a letter."""
    # A letter that touches an apostrophe opens the next word (French and Italian elision:
    # "S o l d e s d'hiver" is "soldes d'hiver"), so it ends no row.
    alone = r"[^\W\d_](?![^\W_]|['\u2019])"
    # Possessive: nothing after a word can fail, so no match ever gives a letter back, and
    # long rows are scanned without keeping a backtracking point per letter.
    word = rf"{alone}(?:(?:[ .-]| [-.] ){alone}| [.'](?= |$))*+"
    # A row starts at a lone letter with another after it ("a cup" is no row).
    start = rf"(?<![^\W_])(?=[^\W\d_](?:[ .-]| [-.] | {{2,3}}){alone})"
    return re.compile(rf"{start}{word}(?: {{2,3}}{word})*+")


@cache
def _spaced_start() -> re.Pattern[str]:
    """Where a row of _spaced can start, found about five times faster than by _spaced itself
    (whose every search step opens on a lookbehind): a lone letter after no letter or digit,
    one of its gaps, and another lone letter. It opens on the gap's first character (a space,
    dot or hyphen: the search skips from one to the next) and looks back for the letter. A
    text where it finds nothing holds no row (_spaced's start asks exactly this)."""
    alone = r"[^\W\d_](?![^\W_]|['\u2019])"
    return re.compile(rf"[ .-](?<=(?<![^\W_])[^\W\d_].)(?:(?<= )(?:[-.] | {{1,2}}))?{alone}")


_SPACED_GAP = re.compile(r"( {2,3})")
# Inside a spaced-out word: " - " reads as a hyphen; " . ", a space before a dot or apostrophe,
# and a single space, dot or hyphen before a letter are dropped.
_SPACED_SEPARATOR = re.compile(r" [-.] | (?=[.'])|[ .-](?=[^\W\d_])")


def _spaced_joined(match: re.Match[str], language: str) -> list[Piece]:
    """Join the letters of each spaced-out word and read the gaps between words as one space,
    where the row is letter-spacing: a word of spaced_min_letters letters or more, or two words
    of two letters or more ("i n  U S"). Lone letters ("S  M  L") are left as they are, and so
    is a row longer than a line of words ("a.a.a..." for pages, "b e s t ..." for 1 MB). A
    one-letter word before a spaced-out word stays a word of its own ("A s u s t a i n a b l e"
    reads "a sustainable") where the dictionary knows the rest and not the whole, and so does
    one after it ("d o s t a w a w" reads "dostawa w")."""
    part = match.group()
    if len(part) > SPACED_MAX_ROW:
        return []
    least = _data()["spaced_min_letters"]
    if "  " not in part:
        if _letters(part) < least:
            return []
        pieces = _spaced_word(match.start(), part)
        if part[0] in _one_letter_words(language) and _word_before(part, language):
            pieces[0] = (pieces[0][0], pieces[0][1], " ")
        return _last_word_apart(pieces, part, language)
    pieces = _SPACED_GAP.split(part)
    letters = [_letters(word) for word in pieces[::2]]
    if max(letters) < least and sum(count >= 2 for count in letters) < 2:
        return []
    found: list[Piece] = []
    at = match.start()
    for index, piece in enumerate(pieces):
        if index % 2:
            found.append((at, at + len(piece), " "))
        elif letters[index // 2] >= 2:
            found += _last_word_apart(_spaced_word(at, piece), piece, language)
        at += len(piece)
    return found


# Digits spaced out as letter-spaced words are ("e l i m i n a  i l  9 9 , 9  %  d e i"): a run of
# single digits with single spaces between them (a decimal comma or point among them, a "%"
# after them), set off by a gap of two or three spaces after a word, or at the start of the
# text, and followed by such a gap or the end. Digits with single spaces around them ("sizes
# 2 4 6", "1 2 3") are a list, not a number, and are left as they are. Possessive: a run is
# scanned once, from the gap before it.
_SPACED_DIGITS = re.compile(
    r"(?:(?<=[^ ])( {2,3})|^)(\d(?: \d)++(?: ?[.,] ?\d(?: \d)*+)?+)(?:( {1,3})%)?+(?=( {2,3})|$)"
)


def _spaced_digits(text: str) -> list[Piece]:
    """The pieces that join each run of _SPACED_DIGITS ("99,9 %") and read the gaps around it
    as one space; a text that is only such a run, or a run longer than a line, stays as it is."""
    pieces: list[Piece] = []
    last = 0
    for match in _SPACED_DIGITS.finditer(text):
        digits = match.group(2)
        if len(digits) > SPACED_MAX_ROW or (match.start() == 0 and match.end() == len(text)):
            continue
        if match.group(1) and match.start(1) >= last:
            pieces.append((match.start(1), match.end(1), " "))
        at = match.start(2)
        pieces += [(at + i, at + i + 1, "") for i, c in enumerate(digits) if c == " "]
        if match.group(3):
            pieces.append((match.start(3), match.end(3), " "))
        if match.group(4):
            pieces.append((match.start(4), match.end(4), " "))
            last = match.end(4)
    return pieces


def _last_word_apart(pieces: list[Piece], word: str, language: str) -> list[Piece]:
    """The pieces of a spaced-out word with its last gap read as a space where the last letter
    is a one-letter word of the language after the word the others spell ("w" after "dostawa")."""
    if pieces and word[-1] in _one_letter_words(language) and _word_after(word, language):
        pieces[-1] = (pieces[-1][0], pieces[-1][1], " ")
    return pieces


@lru_cache(maxsize=4096)
def _word_after(part: str, language: str) -> bool:
    """Whether a spaced-out word ends with a one-letter word of the language standing after the
    word the other letters spell (not the word's own last letter)."""
    whole = "".join(c for c in part if c.isalpha())
    # The word before it is a long one ("U S A" stays "usa", not "us a").
    if len(whole) <= AFTER_WORD_MIN_LETTERS or part[-2] != " ":
        return False
    return word_keys(whole[:-1], language)[2] and not word_keys(whole, language)[2]


@lru_cache(maxsize=4096)
def _word_before(part: str, language: str) -> bool:
    """Whether a spaced-out row starts with a one-letter word of the language standing before
    the word the other letters spell (not the word's own first letter)."""
    if part[1] != " ":
        return False
    whole = "".join(c for c in part if c.isalpha())
    return word_keys(whole[1:], language)[2] and not word_keys(whole, language)[2]


@cache
def _one_letter_words(language: str) -> str:
    return _data()["one_letter_words"].get(language, "")


def _letters(word: str) -> int:
    """The letters of a spaced-out word (the rest are its separators)."""
    return len(word) - word.count(" ") - word.count(".") - word.count("-") - word.count("'")


def _spaced_word(at: int, word: str) -> list[Piece]:
    """The pieces that join a spaced-out word starting at `at`."""
    return [
        (at + found.start(), at + found.end(), "-" if found.group() == " - " else "")
        for found in _SPACED_SEPARATOR.finditer(word)
    ]


@cache
def _spaced_unspaced() -> re.Pattern[str]:
    """Single characters with single spaces between them, at least spaced_min_letters, in a
    language written without spaces: the run may touch the text around it ("全品送 料 無 料で")."""
    repeats = _data()["spaced_min_letters"] - 2
    return re.compile(rf"([^\s](?: [^\s](?= )){{{repeats},}} [^\s])")


def _unspaced_joined(text: str) -> tuple[str, Edits]:
    """Each run of _spaced_unspaced joined: the spaces between its characters dropped, " - "
    read as a hyphen; a run longer than a word ("a.a.a..." for pages) is left as it is. The
    common run (no " - ") is its every other character, its edits three ranges (in C): no
    piece per space, however many runs 1 MB of "最 佳 国 ..." holds."""
    parts = _spaced_unspaced().split(text)  # text, run, text, ..., text
    if len(parts) == 1:
        return text, _NO_EDITS
    out_start, out_end, in_start, in_end = array("q"), array("q"), array("q"), array("q")
    at = shift = 0  # where the run starts in the text; how much shorter the output is so far
    for index in range(1, len(parts), 2):
        at += len(parts[index - 1])
        run = parts[index]
        if len(run) <= 2 * LEET_MAX_WORD:
            if " - " in run:
                new, edits = _replaced(run, _joined(run))
                out_start.extend(map(add, edits.out_start, repeat(at + shift)))
                out_end.extend(map(add, edits.out_end, repeat(at + shift)))
                in_start.extend(map(add, edits.in_start, repeat(at)))
                in_end.extend(map(add, edits.in_end, repeat(at)))
            else:  # a space after each character but the last
                new = run[::2]
                dropped = range(at + shift + 1, at + shift + len(new))
                out_start.extend(dropped)
                out_end.extend(dropped)
                in_start.extend(range(at + 1, at + len(run), 2))
                in_end.extend(range(at + 2, at + len(run) + 1, 2))
            parts[index] = new
            shift += len(new) - len(run)
        at += len(run)
    edits = Edits(out_start, out_end, in_start, in_end)
    return "".join(parts), edits if edits else _NO_EDITS


def _joined(part: str) -> list[Piece]:
    """The pieces that join a run of _spaced_unspaced holding " - ": the spaces between its
    characters dropped, " - " read as a hyphen."""
    pieces: list[Piece] = []
    index = 1
    while index < len(part):
        if part.startswith(" - ", index):
            pieces.append((index, index + 3, "-"))
            index += 4
        else:
            pieces.append((index, index + 1, ""))
            index += 2
    return pieces


@cache
def _leet_data() -> tuple[dict[str, str], re.Pattern[str], re.Pattern[str]]:
    """The leet table; words holding a letter next to a leet character, as the group to split
    a text on (a match starts only at a word's start and runs possessively, so the search is
    linear); and a leet character beside a letter, which a text must hold to have such a word
    (the pattern opens on the character, so the search skips from one to the next)."""
    leet = {str(k): v for k, v in _data()["leet"].items()}
    chars = re.escape("".join(leet))
    part = rf"(?:[^\W_]|[{chars}])"
    pair = rf"(?:[^\W\d_][{chars}]|[{chars}][^\W\d_])"
    words = re.compile(rf"((?<!{part})(?:(?!{pair}){part})*+{pair}{part}*+)")
    return leet, words, re.compile(rf"[{chars}](?:(?<=[^\W\d_].)|(?=[^\W\d_]))")


def _leet(text: str, language: str = "en") -> str:
    """Leetspeak inside words read as letters ("fr33" -> "free"), offset for offset; numbers,
    quantities and model numbers ("100%", "750ml", "usb3", "co2") keep their digits. A short
    word ("3l", "d0", "4m1g4", "34rth") is read leniently when it stands, with only spaces or a
    hyphen between, next to a word read wholly as letters ("r3sp3tu0s4 c0n 3l m3d10",
    "34rth-fr13ndly"): a phrase written in leetspeak is written so word after word. Words
    longer than LEET_MAX_WORD are left as they are. A "1" read as a letter is read as "i" or
    "l" as the language's dictionary knows the word ("m0squ1t0s": "mosquitos", _known_ones),
    in the first LEET_DICTIONARY_WORDS words that read one (a dictionary look-up is slow)."""
    word = _leet_word
    first = _leet_data()[2].search(text)
    if first is None:  # most texts hold no leetspeak
        return text
    parts = _leet_split(text, first)  # gap, word, gap, word, ..., gap
    tokens = parts[1::2]
    if max(map(len, tokens), default=0) <= LEET_MAX_WORD:  # in C, as the rest up to the loops
        read_as = list(map(word, tokens))
    else:  # a longer word is left as it is (and kept out of _leet_word's cache)
        read_as = [word(t) if len(t) <= LEET_MAX_WORD else t for t in tokens]
    budget = LEET_DICTIONARY_WORDS
    ones = map(and_, map(contains, tokens, repeat("1")), map(ne, read_as, tokens))
    for index in islice(compress(range(len(tokens)), ones), budget):
        read_as[index] = _known_ones(tokens[index], read_as[index], language)
        budget -= 1
    whole = list(map(and_, map(str.isalpha, read_as), map(ne, read_as, tokens)))
    # Only the words not read wholly can be read leniently: the loops visit those alone (in
    # order, reading `whole` as they go, so a word read leniently lets the next one be).
    partial_words = list(compress(range(len(tokens)), map(not_, whole)))
    for order, step in ((partial_words, -1), (partial_words[::-1], 1)):
        for index in order:
            near = index + step
            if not 0 <= near < len(tokens) or whole[index] or not whole[near]:
                continue
            if not _adjacent(parts[2 * min(index, near) + 2]):
                continue
            if len(tokens[index]) > LEET_MAX_WORD:
                continue
            lenient = word(tokens[index], lenient=True)
            if lenient.isalpha() and budget and "1" in tokens[index]:
                lenient = _known_ones(tokens[index], lenient, language)
                budget -= 1
            if lenient.isalpha():
                read_as[index], whole[index] = lenient, True
    if read_as == tokens:
        return text
    parts[1::2] = read_as
    return "".join(parts)


def _leet_split(text: str, found: re.Match[str] | None) -> list[str]:
    """`words.split(text)` of _leet_data (the words that hold a letter next to a leet character,
    between the rest), found from the leet characters beside a letter: `beside`'s search skips
    from one leet character to the next, where `words`' split tries its lookbehind and a
    lookahead at every character (about eight times slower on a product text). A word is the
    run of letters, digits and leet characters around such a character, its ends found by one
    match forward and one on the reversed text. Past LEET_SPLIT_WORDS such words (a page of
    leetspeak), the text is split by `words` after all: one Python step per word would cost
    more than its C loop. `found`: `beside`'s first match in the text."""
    _, words, beside = _leet_data()
    run = _leet_run()
    reverse = text[::-1]
    size = len(text)
    parts: list[str] = []
    done = 0  # where the last word ended
    while found is not None:
        if len(parts) >= 2 * LEET_SPLIT_WORDS:
            return words.split(text)
        at = found.start()
        start = size - run.match(reverse, size - at).end()
        end = run.match(text, at).end()
        parts += (text[done:start], text[start:end])
        done = end
        found = beside.search(text, end)
    parts.append(text[done:])
    return parts


@cache
def _leet_run() -> re.Pattern[str]:
    """A run of letters, digits and leet characters (what a word of _leet_data is made of)."""
    chars = re.escape("".join(_leet_data()[0]))
    return re.compile(rf"(?:[^\W_]|[{chars}])*")


def _adjacent(gap: str) -> bool:
    """Whether two leet candidates with `gap` between them stand side by side: only a few
    spaces or a hyphen between them ("3c0-fr13ndly")."""
    return gap == "-" or (0 < len(gap) <= 3 and gap.isspace())


@lru_cache(maxsize=READ_CACHE_ENTRIES)
def _known_ones(word: str, read_as: str, language: str) -> str:
    """A word read as letters (`read_as`, by _leet_word) with each "1" it reads as a letter
    ("l" after a vowel or doubled, else "i") read as the language's dictionary knows the word:
    where it does not know `read_as` and knows the word with every such "1" read as "i", or
    else as "l", it is read so ("m0squ1t0s": "mosquitos", not "mosqultos"). Only the letter a
    "1" stands for is chosen: no digit is read as a letter that was not before."""
    ones = [at for at, c in enumerate(word) if c == "1" and read_as[at] != "1"]
    if not ones or not read_as.isalpha() or knows(read_as, language):
        return read_as
    for letter in "il":
        other = list(read_as)
        for at in ones:
            other[at] = letter
        alternative = "".join(other)
        if alternative != read_as and knows(alternative, language):
            return alternative
    return read_as


@lru_cache(maxsize=READ_CACHE_ENTRIES)
def _leet_word(word: str, lenient: bool = False) -> str:
    """A word with its leet characters read as letters where the rules of reader.yaml allow;
    `lenient` (beside a word read as leetspeak) allows one real letter, a leading run and a
    trailing run as long as an inner one ("s013 pur3": "soie pure")."""
    leet = _leet_data()[0]
    data = _data()
    letters = sum(c.isalpha() for c in word)
    if any(c.isdigit() and c not in leet for c in word):
        return word
    if letters < (1 if lenient else data["leet_min_letters"]):
        return word
    if _UNSPACED.search(word):
        return word
    out = list(word)
    index = 0
    while index < len(word):
        if word[index].isalpha():
            index += 1
            continue
        end = index
        while end < len(word) and not word[end].isalpha():
            end += 1
        run = end - index
        leading, trailing = index == 0, end == len(word)
        if (
            (not leading and not trailing and run <= data["leet_inner_max"])
            or (trailing and not leading and run <= data["leet_edge_max"])
            or (trailing and not leading and lenient and run <= data["leet_inner_max"])
            or (leading and not trailing and run == 1 and letters >= 3)
            or (leading and not trailing and lenient and run <= data["leet_edge_max"])
        ):
            for at in range(index, end):
                out[at] = leet[word[at]]
                after_vowel = at > 0 and word[at - 1] in data["leet_one_as_l_after"]
                if word[at] == "1" and (after_vowel or word[index:end].count("1") >= 2):
                    out[at] = "l"
        index = end
    return "".join(out)
