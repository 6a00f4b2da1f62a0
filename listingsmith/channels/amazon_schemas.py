"""Offline validation of Amazon JSON listings feed messages: the feed's message schema (draft-07)
and the Product Type Definition (draft 2019-09 with Amazon's own keywords, implemented here as
the meta-schema describes them), both with the `jsonschema` library."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from functools import cache
from importlib import resources
from typing import Any

from jsonschema import Draft7Validator, Draft201909Validator, ValidationError, validators
from jsonschema.protocols import Validator

SCHEMAS = "schemas/amazon"
MESSAGE_SCHEMA = "listings-feed-message-schema-v2.json"
FEED_SCHEMA = "listings-feed-schema-v2.json"
PRODUCT_TYPE = "product-type-Product.json"
# Meta-schema keywords that only describe (labels, UI hints, deprecations): nothing to check.
ANNOTATIONS = ("editable", "hidden", "enumNames", "selectors", "$lifecycle")


def load_schema(name: str) -> dict[str, Any]:
    """A schema shipped in schemas/amazon/."""
    path = resources.files(__package__).joinpath(f"{SCHEMAS}/{name}")
    return json.loads(path.read_text(encoding="utf-8"))


def _utf8(text: str) -> int:
    return len(text.encode("utf-8", "surrogatepass"))


def max_utf8_bytes(validator: Validator, limit: int, instance: Any, schema: dict) -> Iterator:
    """maxUtf8ByteLength: a string of at most `limit` UTF-8 bytes."""
    if isinstance(instance, str) and _utf8(instance) > limit:
        yield ValidationError(f"{_utf8(instance)} UTF-8 bytes is more than {limit}")


def min_utf8_bytes(validator: Validator, limit: int, instance: Any, schema: dict) -> Iterator:
    """minUtf8ByteLength: a string of at least `limit` UTF-8 bytes."""
    if isinstance(instance, str) and _utf8(instance) < limit:
        yield ValidationError(f"{_utf8(instance)} UTF-8 bytes is fewer than {limit}")


def _by_selectors(instance: list, schema: dict) -> Counter[tuple]:
    """How many items share each combination of the schema's selector properties."""
    names = schema.get("selectors", [])
    return Counter(
        tuple(json.dumps(item.get(n), sort_keys=True) for n in names)
        for item in instance
        if isinstance(item, dict)
    )


def max_unique_items(validator: Validator, limit: int, instance: Any, schema: dict) -> Iterator:
    """maxUniqueItems: at most `limit` items with the same selector values (marketplace_id,
    language_tag)."""
    if isinstance(instance, list):
        for key, count in _by_selectors(instance, schema).items():
            if count > limit:
                yield ValidationError(f"{count} items share selectors {key}; at most {limit}")


def min_unique_items(validator: Validator, limit: int, instance: Any, schema: dict) -> Iterator:
    """minUniqueItems: at least `limit` items for each selector combination present."""
    if isinstance(instance, list):
        for key, count in _by_selectors(instance, schema).items():
            if count < limit:
                yield ValidationError(f"{count} items share selectors {key}; at least {limit}")


def _annotation(validator: Validator, value: Any, instance: Any, schema: dict) -> Iterator:
    return iter(())


ProductTypeValidator = validators.extend(
    Draft201909Validator,
    {
        "maxUtf8ByteLength": max_utf8_bytes,
        "minUtf8ByteLength": min_utf8_bytes,
        "maxUniqueItems": max_unique_items,
        "minUniqueItems": min_unique_items,
        **dict.fromkeys(ANNOTATIONS, _annotation),
    },
)


@cache
def message_validator() -> Draft7Validator:
    """The feed's message schema (one message, as the feed schema includes it)."""
    return Draft7Validator(load_schema(MESSAGE_SCHEMA))


@cache
def feed_validator() -> Draft7Validator:
    """The whole feed document's schema."""
    return Draft7Validator(load_schema(FEED_SCHEMA))


@cache
def _product_type() -> dict[str, Any]:
    return load_schema(PRODUCT_TYPE)


def attributes_validator(names: tuple[str, ...]) -> Validator:
    """The Product Type Definition restricted to the attributes a PATCH replaces: their property
    schemas as they are; requirements on attributes it does not send are the live listing's."""
    definition = _product_type()
    schema = {
        "$schema": definition["$schema"],
        "$defs": definition["$defs"],
        "type": "object",
        "properties": {name: definition["properties"][name] for name in names},
        "required": list(names),
        "additionalProperties": False,
    }
    return ProductTypeValidator(schema)


def first_error(validator: Validator, instance: Any) -> str | None:
    """The first error (by its path in the instance) as "path: message", or None."""
    errors = sorted(validator.iter_errors(instance), key=lambda e: list(map(str, e.path)))
    if not errors:
        return None
    error = errors[0]
    path = "/".join(str(p) for p in error.absolute_path) or "/"
    where = "/".join(str(p) for p in error.absolute_schema_path)
    return f"{path} ({where}): {error.message[:160]}"
