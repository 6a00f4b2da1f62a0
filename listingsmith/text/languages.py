"""Locale tags."""


def language_of(locale: str) -> str:
    """The language part of a locale tag: de-DE -> de, zh-CN -> zh."""
    return locale.split("-", 1)[0].lower()
