"""Where a listing is sold, as the policy packs read it: a BCP 47 locale with a region (the
region chooses the law), parsed by Babel, and a known marketplace id (marketplaces.yaml)."""

from __future__ import annotations

import re
from functools import cache, lru_cache

from babel import Locale, UnknownLocaleError
from babel.core import get_global, parse_locale

from listingsmith.lexicons import load, load_data

# How much of a refused value an error message repeats.
SHOWN_CHARS = 40
# Parsed locales and marketplaces remembered (seller text: bounded): a batch repeats a few.
PARSED_CACHE = 1024
_SCHEME = re.compile(r"^(?:https?://)?(?:www\.)?")


def _shown(value: str) -> str:
    return repr(value if len(value) <= SHOWN_CHARS else value[:SHOWN_CHARS] + "…")


@lru_cache(maxsize=PARSED_CACHE)
def region_locale(tag: str) -> str:
    """`tag` as language-REGION (de_DE, de-de -> de-DE; a script or variant is dropped), or a
    one-line ValueError: malformed, an unknown language or region, or no region at all."""
    try:
        parts = parse_locale(tag.strip().replace("_", "-"), sep="-")
    except ValueError:
        raise ValueError(f"locale {_shown(tag)} is not a well-formed BCP 47 tag") from None
    language, region = parts[0], parts[1]
    if not _known_language(language):
        raise ValueError(f"locale {_shown(tag)}: {_shown(language)} is not a language Babel knows")
    if region is None:
        raise ValueError(
            f"locale {_shown(tag)} has no region: say {' or '.join(_regions_of(language))}"
        )
    if region not in _countries():
        raise ValueError(
            f"locale {_shown(tag)}: {_shown(region)} is not a country, and the law is chosen by "
            f"country: say {' or '.join(_regions_of(language))}"
        )
    return f"{language}-{region}"


@cache
def _known_language(language: str) -> bool:
    try:
        Locale.parse(language)
    except (UnknownLocaleError, ValueError):
        return False
    return True


# Two-letter region codes that are not one country's law: the EU, the euro area, the UN,
# outlying Oceania, pseudo-regions and the unknown region.
NOT_COUNTRIES = frozenset({"EU", "EZ", "UN", "QO", "XA", "XB", "ZZ"})


@cache
def _countries() -> frozenset[str]:
    """Two-letter regions that are a country or territory."""
    return frozenset(r for r in Locale("en").territories if len(r) == 2) - NOT_COUNTRIES


@cache
def _regions_of(language: str) -> tuple[str, ...]:
    """Two locales to suggest for a bare language: its likely one, a supported one, the country
    of the same code (pt-PT), then where it is official, the marketplaces' countries first and
    the most widely spoken first."""
    likely = get_global("likely_subtags").get(language, "").split("_")[1:]
    sold_in = set(load_data(__package__, "marketplaces.yaml")["regions"])
    official = sorted(
        (region not in sold_in, -info.get("population_percent", 0), region)
        for region, languages in get_global("territory_languages").items()
        for name, info in languages.items()
        if name == language and "official" in (info.get("official_status") or "")
    )
    regions = [
        *likely,
        *(t.split("-")[1] for t in load("locales") if t.split("-")[0] == language),
        *([language.upper()] if language.upper() in {row[-1] for row in official} else []),
        *(row[-1] for row in official),
    ]
    found = [f"{language}-{r}" for r in dict.fromkeys(regions) if r in _countries()][:2]
    return tuple(found) or (f"{language}-XX, XX a country",)


def marketplace_ids() -> list[str]:
    """The known marketplace ids, as the packs' scopes name them."""
    return list(_marketplaces())


@lru_cache(maxsize=PARSED_CACHE)
def marketplace_id(name: str) -> str:
    """The marketplace id of `name` (Amazon, amazon.de, https://www.otto.de -> amazon, otto), or
    a one-line ValueError listing the known ids."""
    aliases = _aliases()
    key = _SCHEME.sub("", name.strip().casefold()).rstrip("/")
    found = aliases.get(key) or aliases.get(key.split(".", 1)[0]) if key else None
    if found is None:
        raise ValueError(
            f"marketplace {_shown(name)} is not known; use one of {', '.join(marketplace_ids())}"
        )
    return found


@cache
def _marketplaces() -> dict[str, list[str]]:
    return load_data(__package__, "marketplaces.yaml")["marketplaces"]


@cache
def _aliases() -> dict[str, str]:
    return {
        alias.casefold(): known
        for known, others in _marketplaces().items()
        for alias in (known, *others)
    }
