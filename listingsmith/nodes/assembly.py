"""How a listing is put together: the title (marketplace formula), bullets (attribute lines)
and keywords composed from data in every locale; the model writes the prose, the pivot's
description, which the translation memory or the model carries into each language, unless the
description composed from data there states all its facts."""

from __future__ import annotations

from collections.abc import Collection, Mapping

from listingsmith.attributes.fusion import product_facts
from listingsmith.checks.restated import restates
from listingsmith.checks.verdict import is_model_written
from listingsmith.compose.listing import compose_listing
from listingsmith.config import Settings
from listingsmith.domain import Draft, Origin
from listingsmith.policies.paraphrase import sentences
from listingsmith.prompts.framing import Framing
from listingsmith.state import (
    attributes_of,
    category_id_of,
    category_of,
    framing_of,
    product_of,
)
from listingsmith.taxonomy.confidence import is_confident, noun_category
from listingsmith.taxonomy.nouns import product_noun
from listingsmith.text.languages import language_of

# Always composed from data, in every locale: what data can say. The embedded model's bullets
# were "name: value" lines in English and mistook shapes and materials once translated; its
# keywords repeated themselves.
DATA_FIELDS = ("title", "bullets", "keywords")


def composed_listing(state: Mapping, locale: str, settings: Settings) -> Draft:
    """The listing composed from the product's data in `locale` (every field marked "data"):
    the facts a listing may state, never evidence-only ones (a photo's pixel colour)."""
    product = product_of(state)
    category = category_id_of(state)
    named = noun_category_of(state)
    noun = product_noun(named, language_of(locale)) if named else None
    framing = framing_of(state)
    audience = framing.audience_of() if framing else None
    return compose_listing(
        product,
        product_facts(attributes_of(state)),
        noun,
        locale,
        product.marketplace,
        settings.listing_limits,
        (audience.lead_with, audience.length.bullets) if audience else None,
        category,
    )


def noun_category_of(state: Mapping) -> str | None:
    """The category whose noun names the product: the matched one when it is sure, else the
    most specific one still right (taxonomy.confidence: "Kaffee", not a doubtful "Kaffeeset")."""
    match = category_of(state)
    return noun_category(match, product_of(state).title) if match else None


def noun_is_sure(state: Mapping) -> bool:
    """Whether the product's category, and so its composed noun, is sure."""
    match = category_of(state)
    return match is not None and is_confident(match)


def with_data_fields(draft: Draft, composed: Draft, framing: Framing | None = None) -> Draft:
    """The model's draft with every field but its description composed from data, the
    description cut to a variant's audience's sentences."""
    origins = {**composed.origins, "description": draft.origins.get("description", "model")}
    audience = framing.audience_of() if framing else None
    description = draft.description
    if audience is not None:
        description = first_sentences(description, audience.length.description_sentences)
    return composed.model_copy(update={"description": description, "origins": origins})


def first_sentences(text: str, count: int) -> str:
    """The first `count` sentences of `text`, as written (all of it when it has no more)."""
    spans = sentences(text)
    return text if len(spans) <= count else text[: spans[count][0]].rstrip()


def said_by_data(
    pivot: Draft, composed: Draft, settings: Settings, *, noun_sure: bool
) -> list[str]:
    """The pivot's model-written prose a locale takes from `composed` (its listing composed from
    data) instead of a translation: the description, when the composed one names the product by
    a sure noun (`noun_sure`: noun_is_sure), states every fact the checks read in the pivot's
    (its quantities by value, its numbers) and the pivot's states no other (a colour, a
    material, a count, a regulated claim ...)."""
    if (
        not noun_sure
        or not is_model_written(pivot, "description")
        or not restates(
            pivot.description,
            settings.pivot_language,
            composed.description,
            settings.quantity_rel_tolerance,
        )
    ):
        return []
    return ["description"]


def translatable(pivot: Draft, from_data: Collection[str] = ()) -> dict[str, str]:
    """The pivot's fields a locale takes from the pivot's words (memory or model): the
    model-written ones, except the fields always composed from data and `from_data`."""
    return {
        name: text
        for name, text in pivot.fields().items()
        if name.split("[", 1)[0] not in DATA_FIELDS
        and name not in from_data
        and text.strip()
        and is_model_written(pivot, name)
    }


def assemble(
    pivot: Draft, composed: Draft, written: Mapping[str, str], origins: Mapping[str, Origin]
) -> Draft:
    """A locale's listing: `written` (field -> text, with `origins`: "memory" or "model") where
    it has the field, the composed text everywhere else. A bullet with nothing written takes
    the next composed bullet not yet said; there are as many bullets as the pivot or the
    composed listing has, whichever is more, while composed ones are left."""
    said = set(written.values())
    spare = [b for b in composed.bullets if b not in said]
    bullets: list[str] = []
    kept: dict[str, Origin] = {}
    for index in range(max(len(pivot.bullets), len(composed.bullets))):
        name = f"bullets[{index}]"
        if written.get(name, "").strip():
            kept[f"bullets[{len(bullets)}]"] = origins.get(name, "model")
            bullets.append(written[name])
        elif spare:
            kept[f"bullets[{len(bullets)}]"] = "data"
            bullets.append(spare.pop(0))
    description = written.get("description", "").strip()
    kept["description"] = origins.get("description", "model") if description else "data"
    kept.update(title="data", keywords="data")
    return Draft(
        title=composed.title,
        bullets=bullets,
        description=written["description"] if description else composed.description,
        keywords=composed.keywords,
        origins=kept,
    )


def written_fields(listing: Draft | None) -> tuple[dict[str, str], dict[str, Origin]]:
    """A previous attempt's fields that the memory or the model wrote, and their origins."""
    if listing is None:
        return {}, {}
    fields = listing.fields()
    origins = {
        name: listing.origins.get(name, "model")
        for name in fields
        if listing.origins.get(name, "model") in ("model", "memory")
    }
    return {name: fields[name] for name in origins}, origins
