"""Length limits of listing fields per channel and store (field_limits/CHANNEL.yaml): characters
or UTF-8 bytes, each with its source. The policy packs, compose and the channel writers read
them here, so a limit has one home."""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any, NamedTuple

from listingsmith.lexicons import load_data

FOLDER = "field_limits"


class FieldLimit(NamedTuple):
    """How long one field may be: characters and/or UTF-8 bytes (None: not bounded that way)."""

    chars: int | None = None
    bytes: int | None = None

    def params(self) -> dict[str, int]:
        """The limit as a max_length rule's params."""
        return {k: v for k, v in (("chars", self.chars), ("bytes", self.bytes)) if v is not None}


def utf8_bytes(text: str) -> int:
    """UTF-8 bytes of `text` (a lone surrogate counts the 3 bytes it takes in WTF-8)."""
    return len(text.encode("utf-8", "surrogatepass"))


def overrun(text: str, limit: FieldLimit) -> str | None:
    """Why `text` is over `limit` ("212 characters; the limit is 200"), or None when it fits."""
    if limit.chars is not None and len(text) > limit.chars:
        return f"{len(text)} characters; the limit is {limit.chars}"
    if limit.bytes is not None and utf8_bytes(text) > limit.bytes:
        return f"{utf8_bytes(text)} UTF-8 bytes; the limit is {limit.bytes} bytes"
    return None


@cache
def channels() -> tuple[str, ...]:
    """The channels that have a limits file."""
    folder = resources.files(__package__).joinpath(FOLDER)
    return tuple(sorted(p.name[:-5] for p in folder.iterdir() if p.name.endswith(".yaml")))


def channel_data(channel: str) -> dict[str, Any]:
    """The parsed limits file of `channel` ({} when it has none). Shared: never mutate it."""
    if channel not in channels():
        return {}
    return load_data(__package__, f"{FOLDER}/{channel}.yaml")


def store_of(channel: str, locale: str) -> str | None:
    """The channel's store that sells in `locale` (amazon, ja-JP -> amazon.co.jp), if any."""
    stores = channel_data(channel).get("stores", {})
    return next((name for name, store in stores.items() if locale in store["locales"]), None)


def _limit(entry: dict[str, Any]) -> FieldLimit:
    return FieldLimit(entry.get("chars"), entry.get("bytes"))


def field_limit(channel: str, field: str, store: str | None = None) -> FieldLimit | None:
    """The limit of `field` (title, bullet, description, keywords) in `channel`, the store's own
    where it has one; None when the channel does not bound the field."""
    data = channel_data(channel)
    own = data.get("stores", {}).get(store, {}).get("fields", {}) if store else {}
    entry = own.get(field) or data.get("fields", {}).get(field)
    return _limit(entry) if entry else None


def limits_for(channel: str, locale: str) -> dict[str, FieldLimit]:
    """Every bounded field of a listing sold by `channel` in `locale`, by field name."""
    store = store_of(channel, locale)
    names = set(channel_data(channel).get("fields", {}))
    if store:
        names |= set(channel_data(channel)["stores"][store].get("fields", {}))
    return {name: limit for name in sorted(names) if (limit := field_limit(channel, name, store))}
