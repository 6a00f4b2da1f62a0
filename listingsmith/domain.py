"""Pydantic types shared by every part of listingsmith."""

from __future__ import annotations

import math
from collections.abc import Iterable
from enum import StrEnum
from typing import Annotated, Any, Literal, NamedTuple

from babel import Locale, UnknownLocaleError
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator

from listingsmith.lexicons import load

# How much of a refused value an error message repeats.
SHOWN_CHARS = 40


class Severity(StrEnum):
    """How a finding affects shipping: block holds it, fix must be repaired, warn is noted."""

    BLOCK = "block"
    FIX = "fix"
    WARN = "warn"


class Status(StrEnum):
    """Final state of one listing (sku x locale)."""

    APPROVED = "approved"
    FIXED = "fixed"
    HELD = "held"
    REJECTED = "rejected"
    FAILED = "failed"


def _shown(value: str) -> str:
    return repr(value if len(value) <= SHOWN_CHARS else value[:SHOWN_CHARS] + "…")


def locale_tag(tag: str) -> str:
    """A supported locale as its BCP 47 tag (de-de -> de-DE); otherwise a one-line ValueError
    naming the tag: malformed (Babel cannot parse it) or not in lexicons/locales.yaml."""
    supported = {known.casefold(): known for known in load("locales")}
    if tag.casefold() in supported:
        return supported[tag.casefold()]
    try:
        Locale.parse(tag, sep="-")
        what = "not a supported locale"
    except UnknownLocaleError:
        what = "not a locale Babel knows"
    except ValueError:
        what = "not a well-formed BCP 47 locale tag"
    raise ValueError(f"locale {_shown(tag)} is {what}; use one of {', '.join(load('locales'))}")


def locale_tags(tags: list[str]) -> list[str]:
    """Supported locales as their tags, each once."""
    out: list[str] = []
    for tag in map(locale_tag, tags):
        if tag in out:
            raise ValueError(f"locale {tag} is given twice")
        out.append(tag)
    return out


# Target locales, validated wherever they enter (settings, CLI, API).
LocaleTags = Annotated[list[str], AfterValidator(locale_tags)]


def not_finite(name: str, value: float) -> str:
    """Why an attribute given as NaN or Infinity (JSON's non-standard numbers) is refused: no
    listing can state it."""
    return f"attribute {name[:80]!r} is {value}: not a number a listing can state"


class Variant(BaseModel):
    """One purchasable combination of a product's option values (a Shopify variant row)."""

    model_config = ConfigDict(extra="forbid")

    sku: str | None = None
    barcode: str | None = None
    # Option name -> value, in the product's option order (e.g. {"Size": "M", "Color": "Red"}).
    options: dict[str, str] = Field(default_factory=dict)
    image: str | None = None


class Product(BaseModel):
    """A seller's product record as read from a catalogue."""

    model_config = ConfigDict(extra="forbid")

    sku: str = Field(min_length=1)
    title: str = Field(min_length=1)
    description: str = ""
    bullets: list[str] = Field(default_factory=list)
    attributes: dict[str, str] = Field(default_factory=dict)
    images: list[str] = Field(default_factory=list)
    # Product videos (mp4, mov, webm, mkv): their key frames are read like photos.
    videos: list[str] = Field(default_factory=list)
    category: str | None = None
    # A taxonomy category id (listingsmith/taxonomy), when the seller knows it: used as given.
    # Its shape is checked here; whether the taxonomy has it, where the catalogue is read.
    category_id: str | None = Field(default=None, pattern=r"^[a-z]{2}(-[0-9]{1,4}){0,8}$")
    brand: str | None = None
    # Who sells it: picks the seller's voice adapter for drafts (Settings.seller_voices).
    seller: str | None = None
    source_locale: str = "en-US"
    marketplace: str = "amazon"
    protected_terms: list[str] = Field(default_factory=list)
    # Its variants (one product, many option values), as a Shopify catalogue has them.
    variants: list[Variant] = Field(default_factory=list)

    @field_validator("attributes", mode="before")
    @classmethod
    def _stringify_values(cls, value: Any) -> Any:
        """Attribute values as text (attribute_texts)."""
        return attribute_texts(value)


def attribute_texts(value: Any) -> Any:
    """A product's attributes as its `attributes` field holds them: numbers and booleans as
    their text (2.5, yes/no), lists as comma-joined text; a null value is a missing attribute,
    never the text "None". Anything but a dict is left to the field's validation."""
    if not isinstance(value, dict):
        return value
    out: dict[str, Any] = {}
    for key, item in value.items():
        if item is None:
            continue
        if isinstance(item, bool):
            out[key] = "yes" if item else "no"
        elif isinstance(item, float) and not math.isfinite(item):
            raise ValueError(not_finite(key, item))
        elif isinstance(item, int | float):
            out[key] = str(item)
        elif isinstance(item, list) and all(isinstance(v, str) for v in item):
            out[key] = ", ".join(item)
        else:
            out[key] = item
    return out


class Attribute(BaseModel):
    """One attribute value with where it came from and how sure we are."""

    name: str
    value: str
    unit: str | None = None
    source: str
    evidence: str | None = None
    # Where the evidence is in the text it was found in (character offsets), when known.
    span: tuple[int, int] | None = None
    confidence: float = Field(ge=0.0, le=1.0)


Origin = Literal["data", "model", "memory", "reviewer", "live"]


class Draft(BaseModel):
    """Listing text while it is written and checked: the pivot draft, a locale's translation or
    a reviewer's edit; what ships (Listing) carries the last one."""

    title: str
    bullets: list[str] = Field(default_factory=list)
    description: str = ""
    keywords: list[str] = Field(default_factory=list)
    # Who wrote each field, by the names of fields(): composed from data, written by the model,
    # reused from the translation memory, edited by a reviewer, or kept from the seller's live
    # listing (`run --mode improve`). Unnamed fields are "model".
    origins: dict[str, Origin] = Field(default_factory=dict)

    def model_answer(self) -> str:
        """The listing as the model writes it (draft_schema's JSON, without the origins)."""
        return self.model_dump_json(exclude={"origins"})

    def fields(self) -> dict[str, str]:
        """Every text field by a stable name (bullets[i], keywords)."""
        out = {"title": self.title, "description": self.description}
        out.update({f"bullets[{i}]": b for i, b in enumerate(self.bullets)})
        out["keywords"] = ", ".join(self.keywords)
        return out


# How a finding is fixed: by code (delete, truncate, append a span), by the model (rewrite), by
# the model or else by the field's text composed from data (fallback), or by a person (none).
FixKind = Literal["delete", "truncate", "append", "rewrite", "fallback", "none"]


class Finding(BaseModel):
    """One problem found in a listing by a deterministic check."""

    rule_id: str
    severity: Severity
    locale: str
    field: str
    span: tuple[int, int] | None = None
    message: str
    fix: FixKind = "rewrite"
    suggested_fix: str | None = None  # for a person; for "append", the text appended
    fixed: bool = False

    @property
    def fixable(self) -> bool:
        """Whether code or the model may fix it; "none" needs a person (e.g. missing data)."""
        return self.fix != "none"


class Problem(NamedTuple):
    """One spot a check objects to in one field, before it becomes a Finding of its rule."""

    field: str
    message: str
    span: tuple[int, int] | None = None
    suggested_fix: str | None = None


def build_findings(
    problems: Iterable[Problem],
    rule_id: str,
    severity: Severity,
    locale: str,
    fix: FixKind = "rewrite",
) -> list[Finding]:
    """The shared findings builder: one Finding of one rule per problem, in order."""
    return [
        Finding(
            rule_id=rule_id,
            severity=severity,
            locale=locale,
            field=problem.field,
            span=problem.span,
            message=problem.message,
            fix=fix,
            suggested_fix=problem.suggested_fix,
        )
        for problem in problems
    ]


class FieldChange(BaseModel):
    """One field of a live listing that a run rewrote (`run --mode improve`): before and after."""

    field: str
    before: str
    after: str


class ListingRecord(BaseModel):
    """Why a listing has its status: the record a compliance team reads."""

    status: Status
    attempts: int
    findings: list[Finding] = Field(default_factory=list)
    model_id: str | None = None
    prompt_hash: str | None = None
    timings: dict[str, float] = Field(default_factory=dict)
    reviewer: str | None = None
    reason: str | None = None
    packs: list[str] = Field(default_factory=list)
    # The fields rewritten from the live listing, when there was one; the rest is unchanged.
    changes: list[FieldChange] = Field(default_factory=list)


class VariantTag(BaseModel):
    """Which variant of a listing this is (`run --audiences` / `--variants`): the experiment
    that splits traffic between a listing's variants, the variant's id, its audience."""

    experiment_id: str
    variant_id: str
    audience: str | None = None


class Listing(BaseModel):
    """What ships: one product's listing in one locale, and its record (field `decision`, the
    name stored results and the API use). `variant` is set on a variant of an experiment."""

    sku: str
    locale: str
    listing: Draft | None
    decision: ListingRecord
    variant: VariantTag | None = None
    # Values the system inferred about the product (not written in its data or text), with
    # calibrated confidence: for a person to confirm, never facts the listing relies on.
    suggestions: list[Attribute] = Field(default_factory=list)


def draft_schema(
    title_chars: int,
    bullets: int,
    bullet_chars: int,
    description_chars: int,
    keywords: int,
    keyword_chars: int,
) -> dict[str, Any]:
    """JSON schema of a Draft with length bounds, so a structured answer always ends in time."""

    def text(limit: int) -> dict[str, Any]:
        return {"type": "string", "minLength": 1, "maxLength": limit}

    return {
        "type": "object",
        "properties": {
            "title": text(title_chars),
            "bullets": {
                "type": "array",
                "items": text(bullet_chars),
                "minItems": 1,
                "maxItems": bullets,
            },
            "description": text(description_chars),
            "keywords": {
                "type": "array",
                "items": text(keyword_chars),
                "minItems": 1,
                "maxItems": keywords,
            },
        },
        "required": ["title", "bullets", "description", "keywords"],
        "additionalProperties": False,
    }
