"""Policy findings on a listing built in a test: an Amazon listing with seller attributes given
as keywords (underscores for spaces: `manufacturer_address="..."`)."""

from listingsmith.domain import Draft, Finding
from listingsmith.policies.engine import check_policies
from listingsmith.policies.rules import RuleContext


def policy_findings(
    draft: Draft,
    locale: str,
    category: str | None = None,
    brand: str | None = None,
    **attributes: str,
) -> list[Finding]:
    """The policy engine's findings on `draft` in `locale` on Amazon."""
    context = RuleContext(
        attributes={k.replace("_", " "): v for k, v in attributes.items()},
        brand=brand,
        language=locale.split("-")[0],
    )
    found, _ = check_policies(draft, locale, "amazon", category, context)
    return found
