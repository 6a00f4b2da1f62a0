"""A seller profile (`--seller FILE`, YAML): the business data every record of a seller shares
(manufacturer, EU responsible person, which field identifies a product), added to each product
as seller attributes wherever the record does not state them itself."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, ValidationInfo, field_validator

from listingsmith.config import InputLimits
from listingsmith.domain import Product
from listingsmith.lexicons import load_data

_DATA = load_data(__package__, "seller.yaml")
DISCLOSURES: dict[str, dict[str, Any]] = _DATA["disclosures"]
IDENTIFIER_FIELDS: tuple[str, ...] = tuple(_DATA["identifier_fields"])
# An electronic address: an e-mail address or a web address.
_ELECTRONIC = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s.]+|https?://[^\s/]+\.[^\s]+")


class SellerProfileError(ValueError):
    """A profile that cannot be used, in one line naming the file and the field."""


def _one_line(value: str) -> str:
    """A value written over several YAML lines (an address block) as one line, comma-joined."""
    return ", ".join(line.strip() for line in value.splitlines() if line.strip())


class Party(BaseModel):
    """A company the offer must name: its name, postal address and electronic address."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1)
    postal_address: str = Field(min_length=1)
    electronic_address: str = Field(min_length=1, description="an e-mail or web address")

    @field_validator("name", "postal_address", "electronic_address")
    @classmethod
    def _bounded_line(cls, value: str, info: ValidationInfo) -> str:
        chars = (info.context or {}).get("field_chars", InputLimits().field_chars)
        if len(value) > chars:
            raise ValueError(f"longer than {chars} characters")
        value = _one_line(value)
        if not value:
            raise ValueError("empty")
        return value

    @field_validator("electronic_address")
    @classmethod
    def _electronic(cls, value: str) -> str:
        if not _ELECTRONIC.fullmatch(value):
            raise ValueError("not an e-mail address or an http(s) web address")
        return value

    def disclosed(self) -> str:
        """The address as the offer states it: postal, then electronic."""
        return f"{self.postal_address}, {self.electronic_address}"


class SellerProfile(BaseModel):
    """What a seller's records share; `identifier` names the record field (sku) or attribute
    (gtin, ean, asin, ...) that identifies each product."""

    model_config = ConfigDict(extra="forbid")

    manufacturer: Party
    eu_responsible_person: Party | None = None
    identifier: str = Field(default="sku", min_length=1, max_length=100)

    def fingerprint(self) -> str:
        """A short digest of the profile's values: which profile a run used, without its text."""
        return hashlib.sha256(self.model_dump_json().encode("utf-8")).hexdigest()[:12]

    def values(self, product: Product) -> dict[str, str | None]:
        """The profile's value of each disclosure (seller.yaml) for this product."""
        maker, person = self.manufacturer, self.eu_responsible_person
        return {
            "manufacturer": maker.name,
            "manufacturer_address": maker.postal_address,
            "manufacturer_electronic_address": maker.electronic_address,
            "eu_responsible_person": f"{person.name}, {person.postal_address}" if person else None,
            "eu_responsible_person_address": person.postal_address if person else None,
            "eu_responsible_person_electronic_address": (
                person.electronic_address if person else None
            ),
            "identifier": identifier_of(product, self.identifier),
        }


def identifier_of(product: Product, name: str) -> str | None:
    """The product's value of a record field (sku) or of an attribute (any case), if it has it."""
    if name in IDENTIFIER_FIELDS:
        return getattr(product, name)
    wanted = name.casefold()
    return next((v for k, v in product.attributes.items() if k.casefold() == wanted), None)


def _field_of(error: ValidationError) -> str:
    first = error.errors()[0]
    return ".".join(str(part) for part in first["loc"]) or "-"


def read_seller_profile(path: Path, limits: InputLimits) -> SellerProfile:
    """The profile in a YAML file of at most `limits.record_bytes` bytes, each value at most
    `limits.field_chars` characters; SellerProfileError names the file and the field."""
    with path.open("rb") as handle:
        data = handle.read(limits.record_bytes + 1)
    if len(data) > limits.record_bytes:
        raise SellerProfileError(f"{path}: longer than {limits.record_bytes} bytes")
    try:
        raw = yaml.safe_load(data.decode("utf-8"))
    except UnicodeDecodeError as error:
        raise SellerProfileError(f"{path}: not valid UTF-8 at byte {error.start + 1}") from error
    except (yaml.YAMLError, RecursionError) as error:
        where = getattr(error, "problem_mark", None)
        line = f" at line {where.line + 1}" if where else ""
        raise SellerProfileError(f"{path}: not valid YAML{line}") from error
    if not isinstance(raw, dict):
        raise SellerProfileError(f"{path}: a seller profile must be a YAML mapping")
    try:
        return SellerProfile.model_validate(raw, context={"field_chars": limits.field_chars})
    except ValidationError as error:
        message = error.errors()[0]["msg"]
        raise SellerProfileError(f"{path}: field {_field_of(error)}: {message}") from error


def with_profile(product: Product, profile: SellerProfile | None) -> Product:
    """The product with the profile's values added as seller attributes, except where the record
    states that value itself (under any name in seller.yaml): the record's own value wins."""
    if profile is None:
        return product
    stated = {name.casefold() for name, value in product.attributes.items() if value.strip()}
    added = {}
    for key, value in profile.values(product).items():
        disclosure = DISCLOSURES[key]
        if value and not stated & set(disclosure["stated"]):
            added[disclosure["attribute"]] = value
    return product.model_copy(update={"attributes": {**product.attributes, **added}})
