"""Information the law requires in the consumer's language: a disclosure the product's data gives
in another language (GPSR Art. 19(d): warnings "in a language easily understood by consumers,
as determined by the Member State") needs a person to translate it; appending it as it is would
not inform the reader."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from listingsmith.locale.langid import identify
from listingsmith.policies.placeholders import stated

if TYPE_CHECKING:  # rules registers this kind: a runtime import would be circular
    from listingsmith.policies.rules import Hit, RuleContext


def disclosure_language(text: str, params: dict[str, Any], context: RuleContext) -> Iterator[Hit]:
    """One hit for each of the `attributes` whose value reads, with at least `min_confidence`,
    as a language other than the listing's. Values shorter than `min_chars` (a voltage, "3+")
    are not judged: language identification is unreliable on a few characters."""
    for name in params["attributes"]:
        value = context.attributes.get(name.lower())
        if not stated(value) or len(str(value).strip()) < params["min_chars"]:
            continue
        guess = identify(str(value))
        if guess.language != context.language and guess.probability >= params["min_confidence"]:
            values = {"attribute": name, "found": guess.language, "language": context.language}
            yield (len(text), len(text)), {**values, "_fixable": False}
