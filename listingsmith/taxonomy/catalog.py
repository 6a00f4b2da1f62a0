"""Shopify's product taxonomy shipped in this package (categories.jsonl.gz, MIT: SOURCES.md),
loaded once per process, and the taxonomy's language codes."""

from __future__ import annotations

import gzip
import json
from functools import cache
from importlib import resources

from pydantic import BaseModel

# What separates the seller's category from the taxonomy ids in scope_category's text.
TAXONOMY_MARK = "@taxonomy"
# The languages the taxonomy names its categories in.
LANGUAGES = ("en", "de", "fr", "es", "it", "ja", "zh-CN")
# language_of(locale) gives "zh" for zh-CN; the taxonomy names it zh-CN.
_ALIASES = {"zh": "zh-CN", "zh-cn": "zh-CN", "zh-hans": "zh-CN"}


class Category(BaseModel):
    """One taxonomy category: its id, parent, English path and its name per language."""

    id: str
    parent_id: str | None
    path_en: str
    names: dict[str, str]


@cache
def categories() -> dict[str, Category]:
    """Every category by id, in the file's order (parents before children)."""
    raw = resources.files(__package__).joinpath("categories.jsonl.gz").read_bytes()
    lines = gzip.decompress(raw).decode("utf-8").splitlines()
    found = (Category.model_validate(json.loads(line)) for line in lines if line.strip())
    return {c.id: c for c in found}


def category(category_id: str) -> Category:
    """The category with this id; a one-line KeyError naming it when the taxonomy has none."""
    found = categories().get(category_id)
    if found is None:
        raise KeyError(f"category id {category_id!r} is not in the product taxonomy")
    return found


def taxonomy_language(language: str) -> str:
    """The taxonomy's code for a language code (zh -> zh-CN); a ValueError for one it lacks."""
    code = _ALIASES.get(language.lower(), language.lower())
    if code not in LANGUAGES:
        raise ValueError(f"the taxonomy has no names in language {language!r}")
    return code


def category_name(category_id: str, language: str) -> str:
    """The category's name as the taxonomy writes it in `language` (plural, e.g. "Vasen")."""
    return category(category_id).names[taxonomy_language(language)]


def lineage(category_id: str) -> list[str]:
    """The ids from the top-level branch down to this category (ap, ap-2, ap-2-1)."""
    parts = category_id.split("-")
    return ["-".join(parts[: i + 1]) for i in range(len(parts))]


def path_in(category_id: str, language: str) -> str:
    """The category's path in `language`, names joined by " > "."""
    code = taxonomy_language(language)
    return " > ".join(category(c).names[code] for c in lineage(category_id))


def scope_category(seller_category: str | None, category_id: str | None) -> str | None:
    """The category text the policy packs' scopes match: the seller's words, then the taxonomy
    ids of the category's lineage ("Hot Sauce @taxonomy fb fb-2 fb-2-4 "), so that a pack can
    name a branch exactly ("*@taxonomy* fb-2 *") and its word patterns still read only the
    seller's words."""
    if not category_id or not known_category_id(category_id):
        return seller_category
    return f"{seller_category or ''} {TAXONOMY_MARK} {' '.join(lineage(category_id))} "


def known_category_id(category_id: str) -> bool:
    """Whether the taxonomy has a category with this id."""
    return category_id in categories()


@cache
def _ids_by_path() -> dict[str, str]:
    return {c.path_en.casefold(): c.id for c in categories().values()}


def category_by_path(text: str) -> str | None:
    """The id of a category named by its English path ("Home & Garden > Decor > Vases") or by
    Shopify's id form ("gid://shopify/TaxonomyCategory/hg-3-69"); None when it names none."""
    text = " ".join(text.split())
    tail = text.rpartition("TaxonomyCategory/")[2]
    if tail != text:
        return tail if known_category_id(tail) else None
    return _ids_by_path().get(" > ".join(part.strip() for part in text.split(">")).casefold())
