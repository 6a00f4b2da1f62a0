"""Information the law requires in the consumer's language: a disclosure the product's data gives
in another language (GPSR Art. 19(d): warnings "in a language easily understood by consumers,
as determined by the Member State") needs a person to translate it; appending it as it is would
not inform the reader."""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache
from typing import Any

from listingsmith.locale.langid import identify
from listingsmith.policies.placeholders import stated
from listingsmith.policies.rules import Hit, RuleContext


def disclosure_language(text: str, params: dict[str, Any], context: RuleContext) -> Iterator[Hit]:
    """One hit for each of the `attributes` whose value is in a language other than the
    listing's: the language the data is written in when known, else the one fastText reads with
    at least `min_confidence`. A value the seller gave in the listing's language passes; values
    shorter than `min_chars` (a voltage, "3+") are not judged."""
    for name in params["attributes"]:
        value = context.attributes.get(name.lower())
        if not stated(value) or len(str(value).strip()) < params["min_chars"]:
            continue
        if name.lower() in context.localized:
            continue  # the seller gave it in the listing's language
        found = context.data_language or _identified(str(value), params["min_confidence"])
        if found is not None and found != context.language:
            values = {"attribute": name, "found": found, "language": context.language}
            yield (len(text), len(text)), {**values, "_fixable": False}


# Values identified, remembered (a product's warnings are asked once per field the rule checks,
# and a catalogue repeats its boilerplate); seller text: bounded.
IDENTIFIED_CACHE = 4096


@lru_cache(maxsize=IDENTIFIED_CACHE)
def _identified(value: str, min_confidence: float) -> str | None:
    """The value's language by fastText, or None below `min_confidence`."""
    guess = identify(value)
    return guess.language if guess.probability >= min_confidence else None
