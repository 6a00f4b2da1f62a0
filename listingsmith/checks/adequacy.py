"""Adequacy: does a model-written field say something about this product? Meta-text instead of
a listing sentence, copied prompt examples in any language, and translations whose content does
not match their source field. Data: adequacy.yaml beside this module."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from typing import Any

from listingsmith.domain import Draft, Finding, Problem, Product, Severity, build_findings
from listingsmith.lexicons import load, load_data
from listingsmith.locale.glossary import protected_terms
from listingsmith.prompts import load_prompt
from listingsmith.prompts.framing import audience_markers
from listingsmith.taxonomy.catalog import known_category_id, path_in
from listingsmith.text.languages import language_of
from listingsmith.text.quantities import Quantity, find_quantities, normalize, parse_number
from listingsmith.text.terms import find_terms, terms_pattern

from .support import source_coverage, word_support

META_RULE = "adequacy.meta-text"
COPIED_RULE = "model.copied-example"
MISMATCH_RULE = "adequacy.source-mismatch"
UNSUPPORTED_RULE = "adequacy.unsupported-word"
# Fields other writers own (composed from data, the translation memory, a reviewer) are not judged.
JUDGED_ORIGIN = "model"

_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_NOT_WORD = re.compile(r"[\W_]+")
_SEGMENTS = re.compile(r"[.;。\n]+(?:\s|$)|\n")


@cache
def adequacy_data() -> dict[str, Any]:
    """adequacy.yaml beside this module."""
    return load_data(__package__, "adequacy.yaml")


def judged_fields(listing: Draft) -> dict[str, str]:
    """The listing's non-empty fields the model wrote."""
    return {
        name: text
        for name, text in listing.fields().items()
        if text.strip() and listing.origins.get(name, JUDGED_ORIGIN) == JUDGED_ORIGIN
    }


def _bare(text: str) -> str:
    return _NOT_WORD.sub("", normalize(text).casefold())


@cache
def _meta_pattern() -> re.Pattern[str]:
    data = adequacy_data()
    names = [name for names in data["language_names"].values() for name in names]
    labels = [f"{name}{colon}" for name in names for colon in (":", " :")]
    phrases = [phrase for phrases in data["meta_phrases"].values() for phrase in phrases]
    return terms_pattern(labels + phrases)


@cache
def _generic() -> frozenset[str]:
    return frozenset(
        _bare(w) for words in adequacy_data()["generic_fields"].values() for w in words
    )


def _words(text: str) -> float:
    """Words of a text; a Japanese or Chinese word counts as cjk_chars_per_word characters."""
    cjk = len(_CJK.findall(text))
    return len(_CJK.sub(" ", text).split()) + cjk / adequacy_data()["cjk_chars_per_word"]


def _meta_problem(field: str, text: str) -> Problem | None:
    meta = _meta_pattern().search(normalize(text))
    if meta:
        return Problem(field, f'"{meta.group()}" is about the text, not the product', meta.span())
    parts = text.split(", ") if field == "keywords" else [text]
    generic = next((part for part in parts if _bare(part) in _generic()), None)
    if generic is not None:
        return Problem(field, f'"{generic.strip()}" is a generic word, not about this product')
    least = adequacy_data()["min_words"].get(field.split("[", 1)[0])
    if least and _words(text) < least:
        return Problem(field, f"fewer than {least} words: not a listing sentence")
    if field == "description" and _only_label_lines(text):
        return Problem(field, "only label: value lines, not a description")
    return None


def _only_label_lines(text: str) -> bool:
    """Whether every part of the text is a "Label: value" line."""
    parts = [part for part in _SEGMENTS.split(text) if part.strip()]
    label = re.compile(adequacy_data()["label_line"])
    return bool(parts) and all(label.match(part) for part in parts)


def meta_findings(listing: Draft, locale: str) -> list[Finding]:
    """Fields that talk about the text or the translation, or say only a generic word."""
    found = (_meta_problem(field, text) for field, text in judged_fields(listing).items())
    problems = [problem for problem in found if problem is not None]
    return build_findings(problems, META_RULE, Severity.FIX, locale, fix="fallback")


def is_translation(product: Product, locale: str) -> bool:
    return language_of(locale) != language_of(product.source_locale)


def _example_markers(product: Product, pivot: Draft, locale: str) -> list[str]:
    """The prompts' example phrases and words (and the audience line's) that this product and
    its pivot do not say."""
    own = " ".join(
        [product.title, product.description, *product.bullets, *product.attributes.values()]
    )
    grounding = (
        f"{own} {' '.join(pivot.fields().values())}" if is_translation(product, locale) else own
    )
    markers = [*load_prompt("draft")["leak_markers"], *audience_markers()]
    spec = load_prompt("localize")
    said = terms_pattern(spec["english"]).findall(normalize(grounding))
    said_english = {normalize(english).casefold() for english in said}
    for language in spec["languages"].values():
        markers += [
            target
            for english, target in zip(spec["english"], language["pairs"], strict=True)
            if normalize(english).casefold() not in said_english
        ]
    for word in adequacy_data()["example_words"].values():
        forms = [form for forms in word["forms"].values() for form in forms]
        if not terms_pattern(forms + word.get("grounds", [])).search(normalize(grounding)):
            markers += forms
    own_pattern = normalize(own)
    return [m for m in markers if not terms_pattern([m]).search(own_pattern)]


def copied_findings(listing: Draft, product: Product, pivot: Draft, locale: str) -> list[Finding]:
    """Text copied from the prompts' few-shot examples, in any language and wording, that
    neither this product nor (for a translation) its pivot draft says."""
    pattern = terms_pattern(_example_markers(product, pivot, locale))
    problems = []
    for field, text in judged_fields(listing).items():
        copied = pattern.search(normalize(text))
        if copied:
            message = f'the text copies the prompt example "{copied.group()}", not this product'
            problems.append(Problem(field, message, copied.span()))
    return build_findings(problems, COPIED_RULE, Severity.BLOCK, locale, fix="fallback")


def _numbers(text: str, skip: list[tuple[int, int]]) -> set[float]:
    """Every reading of every number outside the `skip` spans (1.000 is 1 or 1000)."""
    values: set[float] = set()
    for match in _NUMBER.finditer(text):
        if any(start <= match.start() < end for start, end in skip):
            continue
        values.add(float(re.sub(r"[.,]", "", match.group())))
        try:
            values.add(parse_number(match.group()))
        except ValueError:
            continue
    return values


def _kept(quantity: Quantity, found: list[Quantity], tolerance: float) -> bool:
    same = (q for q in found if q.dimension == quantity.dimension)
    scale = max(abs(quantity.value), 1e-9)
    return any(
        abs(q.magnitude_in(quantity.unit) - quantity.value) <= tolerance * scale for q in same
    )


def number_problems(field: str, source: str, text: str, tolerance: float) -> list[Problem]:
    """Quantities (in any unit the locale converts to) and bare numbers of the source field that
    the translation drops or changes."""
    source, text = normalize(source), normalize(text)
    quantities, found = find_quantities(source), find_quantities(text)
    problems = [
        Problem(field, f'the source says "{q.surface}": missing or changed here')
        for q in quantities
        if not _kept(q, found, tolerance)
    ]
    translated = _numbers(text, [])
    for number in _NUMBER.finditer(source):
        if any(q.span[0] <= number.start() < q.span[1] for q in quantities):
            continue
        if not _numbers(number.group(), []) & translated:
            problems.append(Problem(field, f'the source says "{number.group()}": missing here'))
    return problems


@cache
def _value_pattern(lexicon: str, canonical: str, languages: tuple[str, ...]) -> re.Pattern[str]:
    forms = [form for language in languages for form in load(lexicon)[canonical].get(language, [])]
    suffixes = adequacy_data()["kept_suffixes"].get(languages[-1], [])
    forms += [
        form[: -len(suffix)]
        for form in forms
        for suffix in suffixes
        if form.endswith(suffix) and len(form) > len(suffix)
    ]
    if languages[-1] in adequacy_data()["compound_languages"]:
        return re.compile("|".join(map(re.escape, forms)), re.IGNORECASE)
    return terms_pattern(forms, stems=True)


def _attribute_problems(
    field: str, source: str, text: str, languages: tuple[str, str]
) -> list[Problem]:
    """Colours and materials the source field states that the translation does not."""
    problems = []
    for lexicon in adequacy_data()["kept_lexicons"]:
        for match in find_terms(source, lexicon, languages[0]):
            if not load(lexicon)[match.canonical].get(languages[1]):
                continue  # no known rendering in the target language: nothing to compare
            if not _value_pattern(lexicon, match.canonical, languages).search(normalize(text)):
                problems.append(Problem(field, f'the source says "{match.surface}": missing here'))
    return problems


def _ratio_problem(field: str, source: str, text: str, language: str) -> Problem | None:
    data = adequacy_data()
    bounds = data["length_ratio"].get(language)
    if not bounds or len(source.strip()) < data["min_source_chars"]:
        return None
    ratio = len(text.strip()) / len(source.strip())
    appended = field in data["appended_fields"]
    if bounds["min"] <= ratio and (appended or ratio <= bounds["max"]):
        return None
    return Problem(field, f"{ratio:.2f} times the source's length: not a translation of it")


def _with_sources(listing: Draft, pivot: Draft) -> Iterator[tuple[str, str, str]]:
    """Each judged field of a translation with its source field in the pivot draft (fields
    without one, or never matched to one, are left out)."""
    sources = pivot.fields()
    for field, text in judged_fields(listing).items():
        source = sources.get(field, "")
        if source.strip() and field not in adequacy_data()["unmatched_fields"]:
            yield field, text, source


def mismatch_findings(
    listing: Draft, product: Product, pivot: Draft, locale: str, tolerance: float
) -> list[Finding]:
    """Translated fields whose numbers, colours and materials or length do not match their
    source field in the pivot draft (protected terms: locale.glossary's check)."""
    if not is_translation(product, locale):
        return []
    languages = (language_of(product.source_locale), language_of(locale))
    terms = protected_terms(product)
    problems: list[Problem] = []
    for field, text, source in _with_sources(listing, pivot):
        problems += number_problems(
            field, _without(source, terms), _without(text, terms), tolerance
        )
        problems += _attribute_problems(field, source, text, languages)
        ratio = _ratio_problem(field, source, text, languages[1])
        problems += [ratio] if ratio else []
    return build_findings(problems, MISMATCH_RULE, Severity.FIX, locale, fix="fallback")


def _without(text: str, terms: list[str]) -> str:
    """`text` with its protected terms blanked (a model number's digits are not a quantity)."""
    for term in terms:
        text = text.replace(term, " ")
    return text


def own_words(product: Product, language: str) -> list[str]:
    """The product's own words, which a translation may use although its source field does
    not: title, description, bullets, attribute values, brand, and its category's path in the
    target language and in English."""
    own = [product.title, product.description, *product.bullets, *product.attributes.values()]
    own += [product.brand or "", *product.protected_terms]
    if product.category_id and known_category_id(product.category_id):
        own += [path_in(product.category_id, "en"), path_in(product.category_id, language)]
    return own


def before_labels(text: str) -> str:
    """The text before its first "Label: value" sentence (policy packs append legal
    disclosures so: "Hersteller: Lumo Ltd."), which is data, not a translation."""
    found = re.search(adequacy_data()["unsupported_word"]["label_start"], text)
    return text[: found.start()] if found else text


def _enough(words: list[str], of: int, bounds: dict[str, Any]) -> bool:
    """Whether `words` (out of `of`) reach a count and share bound (min_words, min_share)."""
    return len(words) >= bounds["min_words"] and len(words) >= bounds["min_share"] * of


def _unsupported_problem(
    field: str,
    support: list[tuple[str, bool]],
    bounds: dict[str, Any],
    coverage: list[tuple[str, bool]] | None = None,
) -> Problem | None:
    """A problem when enough of the field's content words (count and share) lack support and,
    where the language's bounds ask for it (`missing`), enough of the source's content words
    (count and share) are not rendered (`coverage`), or when a larger part of them is not
    (`missing_alone`)."""
    words = [word for word, supported in support if not supported]
    unsupported = _enough(words, len(support), bounds)
    shown = ", ".join(f'"{word}"' for word in dict.fromkeys(words))
    if "missing" not in bounds:
        message = f"no word of the source supports {shown}: not a translation of it"
        return Problem(field, message) if unsupported else None
    coverage = coverage or []
    dropped = [word for word, rendered in coverage if not rendered]
    if not (
        (unsupported and _enough(dropped, len(coverage), bounds["missing"]))
        or _enough(dropped, len(coverage), bounds["missing_alone"])
    ):
        return None
    said = ", ".join(f'"{word}"' for word in dict.fromkeys(dropped))
    unsaid = f"no word of the source supports {shown}, and " if words else ""
    return Problem(field, f"{unsaid}it does not say {said}: not a translation of it")


def unsupported_findings(
    listing: Draft, product: Product, pivot: Draft, locale: str, pivot_language: str = "en"
) -> list[Finding]:
    """Translated fields with content words that no word of their source field (nor the
    product's own words) plausibly translates to, by the language's bilingual lexicon (from
    English: another pivot language is not judged)."""
    data = adequacy_data()["unsupported_word"]
    language = language_of(locale)
    bounds = data["languages"].get(language)
    if not bounds or pivot_language != "en" or not is_translation(product, locale):
        return []
    own = own_words(product, language)
    problems: list[Problem] = []
    for field, text, source in _with_sources(listing, pivot):
        judged = before_labels(text)
        support = word_support(judged, source, language, data, own)
        coverage = source_coverage(judged, source, language, data) if "missing" in bounds else None
        judged_any = support or coverage
        problem = (
            _unsupported_problem(field, support or [], bounds, coverage) if judged_any else None
        )
        problems += [problem] if problem else []
    return build_findings(problems, UNSUPPORTED_RULE, Severity.FIX, locale, fix="fallback")


def adequacy_findings(
    listing: Draft,
    product: Product,
    pivot: Draft,
    locale: str,
    tolerance: float,
    pivot_language: str = "en",
) -> list[Finding]:
    """Every adequacy finding of the model-written fields of `listing` in `locale`; `pivot` is
    the draft it was translated from (the listing itself when it is the pivot), written in
    `pivot_language`."""
    return [
        *meta_findings(listing, locale),
        *copied_findings(listing, product, pivot, locale),
        *mismatch_findings(listing, product, pivot, locale, tolerance),
        *unsupported_findings(listing, product, pivot, locale, pivot_language),
    ]
