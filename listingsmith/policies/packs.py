"""Policy packs: YAML files validated against a schema, and which rules apply where.

Phrase rules (kinds banned_phrases, evidence_claim) take in `params`:
- `phrases`: a list, matched in every language, or phrases per language, matched only in
  listings of that language (the locale's), with "*" for those of every language:
      phrases: {en: [eco-friendly, sustainable], fr: [écologique, durable], "*": [öko-test]}
  Write phrases as a reader reads them: their case, accents, full-width forms, look-alike
  letters, inflections (lemma or stem of the listing's language) and closed compounds (de, nl,
  sv) are matched without listing each form (see policies.matching and text.reader).
- `match`: word (default: whole words), prefix (the phrase opens a word: "bio-") or substring.
- `patterns`: regular expressions for RE2 (linear time), matched on the text as a reader sees it
  (case-folded), kept to the same word edges as the phrases. Lookaround only as a leading
  `(?<![...])` or trailing `(?![...])` of one character class (see policies.linear).
- `patterns_read: words`: the patterns see leetspeak read as letters, as phrases do ("cur3s
  4rthr1t1s"); for patterns of words only (the default keeps digits: "no. 1", "100 %").
Kind regex takes `patterns` alone, without the word edges.
Kind evidence_claim takes `evidence` (attribute names that substantiate the claim, their value
matching `value_pattern` where given) and `evidence_values` (an attribute name -> the pattern its
value must match: a general "certification" holding an organic control body's code).
An example may name its `language`; without one, an example of per-language phrases is read in
each of the rule's languages (a fire example must fire in one, a pass example in none), and any
other in the language of the rule's single locale, else English.
"""

from __future__ import annotations

import re
from fnmatch import translate
from functools import cache, lru_cache
from importlib import resources
from importlib.resources.abc import Traversable
from operator import gt, or_
from pathlib import Path
from typing import Any

import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PrivateAttr,
    ValidationError,
    field_validator,
    model_validator,
)

from listingsmith.domain import FixKind, Severity
from listingsmith.policies.borrowing import BorrowError, rules_by_id, with_borrowed
from listingsmith.policies.exceptions import ANY_LANGUAGE, BY_LANGUAGE, Exceptions, per_language
from listingsmith.policies.globs import GlobLists, glob_lists
from listingsmith.policies.kinds import KINDS
from listingsmith.policies.title_scope import TitleNoun, named_only, named_sets
from listingsmith.text.field_limits import field_limit

# Scope keys memoised per (locale, marketplace, category): a batch repeats a few of them.
SCOPE_KEY_CACHE = 1024


class PackError(ValueError):
    """A pack file that does not follow the schema; names the file, rule and field."""


class Scope(BaseModel):
    """Where a rule applies; entries are shell patterns ("de-*", "*-DE", "*")."""

    model_config = ConfigDict(extra="forbid")

    locales: list[str] = ["*"]
    marketplaces: list[str] = ["*"]
    categories: list[str] = ["*"]
    exclude_categories: list[str] = []  # categories the rule does not apply to (books for "?")
    # Products a title names by what they alone are (title_scope.yaml `named` sets: oats,
    # cider vinegar), which the rule does not apply to either.
    exclude_named: list[str] = []
    # Words of a title's noun phrase that name what the product is, whatever its head noun
    # (shell patterns, case-folded: Annex V's "disposable", "jetables", "Einweg-"), which the
    # rule does not apply to either.
    exclude_title_words: list[str] = []
    fields: list[str] = ["*"]

    @field_validator("exclude_named")
    @classmethod
    def _known_sets(cls, names: list[str]) -> list[str]:
        unknown = sorted(set(names) - named_sets())
        if unknown:
            raise ValueError(f"no such set in title_scope.yaml named: {', '.join(unknown)}")
        return names

    @model_validator(mode="before")
    @classmethod
    def _flattened(cls, data: Any) -> Any:
        """Lists of pattern lists read as one list: YAML joins two anchored lists only so
        (`exclude_categories: [*textile_categories, *annex_v_categories]`)."""
        if not isinstance(data, dict):
            return data
        return {
            key: [p for item in value for p in (item if isinstance(item, list) else [item])]
            if isinstance(value, list)
            else value
            for key, value in data.items()
        }

    def covers(
        self, locale: str, marketplace: str, category: str | None, noun: TitleNoun | None = None
    ) -> bool:
        """Whether a listing in (locale, marketplace, category) is inside this scope; `noun`:
        the product noun its title names (policies.title_scope), read as the category is."""
        return (
            _matches(self.locales, locale)
            and _matches(self.marketplaces, marketplace)
            and _names(self.categories, category, noun)
            and not (self.exclude_categories and _names(self.exclude_categories, category, noun))
            and not (noun is not None and _named_any(self.exclude_named, locale, noun))
            and not (noun is not None and _title_word(tuple(self.exclude_title_words), noun))
        )

    def covers_field(self, field: str) -> bool:
        """Whether a field is checked; bullets[2] matches "bullets"."""
        return _matches(self.fields, field.split("[", 1)[0])


class Example(BaseModel):
    """A text in the rule's language, with the product attributes it is judged against."""

    model_config = ConfigDict(extra="forbid")

    text: str
    attributes: dict[str, str] = {}
    language: str | None = None


class Examples(BaseModel):
    """Texts that must fire and texts that must not; each list may be grouped by language
    ({de: [...], fr: [...]}), which sets the language the example is judged in."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    fire: list[Example] = Field(min_length=1)
    pass_: list[Example] = Field(default=[], alias="pass")

    @model_validator(mode="before")
    @classmethod
    def _plain_strings(cls, data: Any) -> Any:
        if isinstance(data, dict):
            return {key: _examples(value) for key, value in data.items()}
        return data


def _examples(value: Any) -> list[dict[str, Any]]:
    """Plain strings and per-language groups as a list of example dicts."""
    if isinstance(value, dict):
        return [
            {**example, "language": example.get("language", language)}
            for language, items in value.items()
            for example in _examples(items)
        ]
    return [{"text": e} if isinstance(e, str) else e for e in (value or [])]


class Rule(BaseModel):
    """One rule: what it checks, where, how bad a hit is, how it is fixed, and its source."""

    model_config = ConfigDict(extra="forbid")

    id: str
    title: str
    citation: str = Field(min_length=1)
    scope: Scope = Scope()
    kind: str
    params: dict[str, Any] = {}
    severity: Severity
    fix: FixKind
    message: str
    examples: Examples
    exceptions: Exceptions = Field(default_factory=Exceptions, alias="except")
    _localized: dict[str, dict[str, Any]] = PrivateAttr(default_factory=dict)

    @model_validator(mode="before")
    @classmethod
    def _phrases_by_language(cls, data: Any) -> Any:
        """Phrases grouped by language ({en: [...], de: [...]}) are kept by language and
        flattened into `phrases` for the phrase index."""
        if isinstance(data, dict) and isinstance(data.get("params"), dict):
            data = {**data, "params": per_language(_limit_params(data["params"]))}
        return data

    def localized_params(self, language: str) -> dict[str, Any]:
        """The params for a listing in `language`: only that language's phrases and the
        language-neutral ones (a language the pack does not cover gets its coverage warning)."""
        groups = self.params.get(BY_LANGUAGE)
        if not groups:
            return self.params
        found = self._localized.get(language)
        if found is None:
            phrases = [*groups.get(language, []), *groups.get(ANY_LANGUAGE, [])]
            found = self._localized.setdefault(language, {**self.params, "phrases": phrases})
        return found


def _limit_params(params: dict[str, Any]) -> dict[str, Any]:
    """A max_length rule's `limit: {channel, field, store}` read from the channel's limits file
    (text/field_limits) as its chars/bytes; other params as they are."""
    named = params.get("limit")
    if not isinstance(named, dict):
        return params
    limit = field_limit(str(named.get("channel")), str(named.get("field")), named.get("store"))
    if limit is None:
        raise ValueError(f"limit {named}: no such field limit in text/field_limits")
    rest = {k: v for k, v in params.items() if k != "limit"}
    return {**rest, **limit.params()}


class Pack(BaseModel):
    """A marketplace's or jurisdiction's rules, versioned."""

    model_config = ConfigDict(extra="forbid")

    pack: str
    version: str
    title: str
    source: str
    languages: list[str] = []  # the languages its phrases cover ([] = not language-specific)
    scope: Scope = Scope()
    rules: list[Rule] = Field(min_length=1)

    @model_validator(mode="before")
    @classmethod
    def _shared_definitions(cls, data: Any) -> Any:
        """Top-level keys starting with "x-" hold YAML anchors shared by rules (lists of
        categories, country names); they are not part of the pack."""
        if isinstance(data, dict):
            return {k: v for k, v in data.items() if not str(k).startswith("x-")}
        return data

    def applies(
        self, locale: str, marketplace: str, category: str | None, noun: TitleNoun | None = None
    ) -> list[Rule]:
        """Rules of this pack in scope for a listing (`noun`: its title's, as in Scope.covers)."""
        if not self.scope.covers(locale, marketplace, category, noun):
            return []
        return [r for r in self.rules if r.scope.covers(locale, marketplace, category, noun)]

    @property
    def ref(self) -> str:
        """pack@version, as recorded with every decision."""
        return f"{self.pack}@{self.version}"


def parse_pack(
    name: str, text: str, kinds: set[str], written: dict[str, dict[str, Any]] | None = None
) -> Pack:
    """A validated pack, or a PackError naming the file, the rule and the field. `written`: the
    rules other packs write out, by id, that this one may borrow (policies.borrowing)."""
    return _validated(name, _yaml(name, text), kinds, written or {})


def _yaml(name: str, text: str) -> Any:
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise PackError(f"{name}: not valid YAML: {error}") from error


def _validated(name: str, raw: Any, kinds: set[str], written: dict[str, dict[str, Any]]) -> Pack:
    try:
        raw = with_borrowed(raw, written)
    except BorrowError as error:
        raise PackError(f"{name}: {error}") from error
    try:
        pack = Pack.model_validate(raw)
    except ValidationError as error:
        first = error.errors()[0]
        location = list(first["loc"])
        where = ""
        if len(location) >= 2 and location[0] == "rules" and isinstance(location[1], int):
            rules = raw.get("rules") or []
            rule_id = (
                rules[location[1]].get("id", f"#{location[1]}") if len(rules) > location[1] else "?"
            )
            where = f" rule {rule_id},"
            location = location[2:]
        field = ".".join(str(part) for part in location) or "-"
        raise PackError(f"{name}:{where} field {field}: {first['msg']}") from error
    for rule in pack.rules:
        if rule.kind not in kinds:
            raise PackError(f"{name}: rule {rule.id}, field kind: unknown kind {rule.kind!r}")
    return pack


def _pack_files() -> list[Traversable]:
    folder = resources.files(__package__).joinpath("packs")
    return sorted((p for p in folder.iterdir() if p.name.endswith(".yaml")), key=lambda p: p.name)


@cache
def load_packs() -> tuple[Pack, ...]:
    """Every pack shipped in policies/packs/, validated; rule ids are unique across packs. Kept
    between runs in the packs cache (policies.pack_cache), by the content of their files."""
    from listingsmith.policies.pack_cache import cached, packs_key, store

    files = [(item.name, item.read_bytes()) for item in _pack_files()]
    folder = _packs_cache_dir()
    key = packs_key(files, KINDS) if folder is not None else ""
    found = cached(folder, key) if folder is not None else None
    if isinstance(found, tuple) and all(isinstance(pack, Pack) for pack in found):
        return found
    packs = read_packs(files, set(KINDS))
    if folder is not None:
        store(folder, key, packs)
    return packs


def _packs_cache_dir() -> Path | None:
    """The packs cache's folder; None where the settings cannot be read (the packs are read
    from their files, as without a cache)."""
    from listingsmith.config import Settings

    try:
        return Settings().packs_cache_dir
    except ValidationError:
        return None


def read_packs(files: list[tuple[str, bytes]], kinds: set[str]) -> tuple[Pack, ...]:
    """The packs of (file name, bytes), validated; rule ids are unique across packs. A pack may
    borrow the rules another pack writes out (policies.borrowing)."""
    raws = [(name, _yaml(name, data.decode("utf-8"))) for name, data in files]
    written = rules_by_id(raw for _, raw in raws)
    packs = tuple(_validated(name, raw, kinds, written) for name, raw in raws)
    seen: set[str] = set()
    for pack in packs:
        for rule in pack.rules:
            if rule.id in seen:
                raise PackError(f"{pack.pack}: rule {rule.id}, field id: duplicate rule id")
            seen.add(rule.id)
    return packs


@lru_cache(maxsize=SCOPE_KEY_CACHE)
def scope_key(
    locale: str, marketplace: str, category: str | None, noun: TitleNoun | None = None
) -> tuple[bool, ...]:
    """Which of the shipped scopes' pattern lists a listing matches: all that decides the rules in
    scope, and finite (unlike a seller's category), so it can key a cache. Memoised per
    (locale, marketplace, category, title noun) in a bounded cache (they are seller text). A
    category list matches the category or, needing its head, the title's noun phrase."""
    values = {
        "locales": locale,
        "marketplaces": marketplace,
        "categories": category or "",
        "exclude_categories": category or "",
    }
    # Each kind of value against all its lists in one pass (policies.globs), in _scope_lists's
    # order: the lists are sorted, so each kind's are together.
    key: list[bool] = []
    named = _noun_lists(noun) if noun is not None else None
    for at, (what, lists) in enumerate(_scope_groups()):
        matched = glob_lists(lists).matching(values[what])
        if named is not None and named[at] is not None:
            matched = tuple(map(or_, matched, named[at]))  # bools, in C
        key += matched
    if noun is not None:
        key += [named_only(name, locale, noun) for name in _named_lists()]
        key += [_title_word(words, noun) for words in _title_word_lists()]
    return tuple(key)


def _title_word(patterns: tuple[str, ...], noun: TitleNoun) -> bool:
    """Whether a word of the title's noun phrase matches one of the (case-folded) patterns."""
    if not patterns:
        return False
    expression = _expression(_casefolded(patterns))
    return any(expression.match(word) is not None for word in noun[0].split())


@cache
def _casefolded(patterns: tuple[str, ...]) -> tuple[str, ...]:
    """A pattern list case-folded, as a title's words are matched (pack data: finite)."""
    return tuple(p.casefold() for p in patterns)


@cache
def _title_word_lists() -> tuple[tuple[str, ...], ...]:
    """The `exclude_title_words` lists of the shipped scopes, in order: scope_key's last values."""
    scopes = [s for pack in load_packs() for s in (pack.scope, *(r.scope for r in pack.rules))]
    return tuple(sorted({tuple(scope.exclude_title_words) for scope in scopes} - {()}))


def _named_any(names: list[str], locale: str, noun: TitleNoun) -> bool:
    return any(named_only(name, locale, noun) for name in names)


@cache
def _named_lists() -> tuple[str, ...]:
    """The `named` sets the shipped scopes exclude, in order: scope_key's last values."""
    return tuple(sorted({name for scope in _shipped_scopes() for name in scope.exclude_named}))


@lru_cache(maxsize=SCOPE_KEY_CACHE)
def _noun_lists(noun: TitleNoun) -> tuple[tuple[bool, ...] | None, ...]:
    """Per group of _scope_groups, which of its category lists a title's noun phrase matches
    needing its head (None for the groups of other values); memoised per noun (seller text,
    a bounded cache)."""
    return tuple(
        tuple(map(gt, folded.matching(noun[0]), folded.matching(noun[1])))  # full and not rest
        if what in _CATEGORY_LISTS
        else None
        for (what, _), folded in zip(_scope_groups(), _folded_groups(), strict=True)
    )


@cache
def _scope_groups() -> tuple[tuple[str, tuple[tuple[str, ...], ...]], ...]:
    """_scope_lists grouped by the kind of value they match, in their order."""
    groups: dict[str, list[tuple[str, ...]]] = {}
    for what, patterns in _scope_lists():
        groups.setdefault(what, []).append(patterns)
    return tuple((what, tuple(lists)) for what, lists in groups.items())


@cache
def _folded_groups() -> tuple[GlobLists, ...]:
    """Per group of _scope_groups, its lists case-folded, as a title's noun is matched."""
    return tuple(
        glob_lists(tuple(tuple(p.casefold() for p in patterns) for patterns in lists))
        for _, lists in _scope_groups()
    )


def _shipped_scopes() -> list[Scope]:
    """The scope of every shipped pack and of each of its rules."""
    return [s for pack in load_packs() for s in (pack.scope, *(r.scope for r in pack.rules))]


@cache
def _scope_lists() -> tuple[tuple[str, tuple[str, ...]], ...]:
    found = {
        (what, tuple(getattr(scope, what)))
        for scope in _shipped_scopes()
        for what in ("locales", "marketplaces", "categories", "exclude_categories")
    }
    return tuple(sorted(found))


def _matches(patterns: list[str] | tuple[str, ...], value: str) -> bool:
    return _expression(tuple(patterns)).match(value) is not None


# The scope lists a title's product noun is read for, as the category is.
_CATEGORY_LISTS = ("categories", "exclude_categories")


def _names(patterns: list[str], category: str | None, noun: TitleNoun | None) -> bool:
    """Whether a category list matches the category, or the title's noun phrase where the
    match needs its head (policies.title_scope): scope_key's test for one list."""
    if _matches(patterns, category or ""):
        return True
    if noun is None:
        return False
    folded = [p.casefold() for p in patterns]
    return _matches(folded, noun[0]) and not _matches(folded, noun[1])


@cache
def _expression(patterns: tuple[str, ...]) -> re.Pattern[str]:
    """One compiled expression for a list of shell patterns (keyed on pack data: finite)."""
    return re.compile("|".join(translate(pattern) for pattern in patterns))
