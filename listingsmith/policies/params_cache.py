"""A rule's derived data built once per params object and language."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

T = TypeVar("T")

MAX_ENTRIES = 512
"""Entries a cache holds before it starts again (params objects live as long as their rules)."""


def per_params(build: Callable[[dict[str, Any], str], T]) -> Callable[[dict[str, Any], str], T]:
    """`build(params, language)` once per params object (a rule's localized params are built
    once per language, so the object is the key); the object is kept beside its value so a
    freed id is never mistaken for a live one."""
    cache: dict[int, tuple[dict[str, Any], T]] = {}

    @wraps(build)
    def cached(params: dict[str, Any], language: str) -> T:
        hit = cache.get(id(params))
        if hit is not None and hit[0] is params:
            return hit[1]
        if len(cache) >= MAX_ENTRIES:
            cache.clear()
        value = build(params, language)
        cache[id(params)] = (params, value)
        return value

    return cached


def per_params_and_language(
    build: Callable[[dict[str, Any], str], T],
) -> Callable[[dict[str, Any], str], T]:
    """`build(params, language)` once per params object and language: for params that may be
    the same object in every language (a rule whose phrases are one list for all)."""
    cache: dict[tuple[int, str], tuple[dict[str, Any], T]] = {}

    @wraps(build)
    def cached(params: dict[str, Any], language: str) -> T:
        key = (id(params), language)
        hit = cache.get(key)
        if hit is not None and hit[0] is params:
            return hit[1]
        if len(cache) >= MAX_ENTRIES:
            cache.clear()
        value = build(params, language)
        cache[key] = (params, value)
        return value

    return cached
