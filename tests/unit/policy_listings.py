"""Policy findings on a listing built in a test: an Amazon listing with seller attributes given
as keywords (underscores for spaces: `manufacturer_address="..."`)."""

from listingsmith.batch.policy_lines import regime_of
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


def regime_fired(
    regime: str,
    locale: str,
    description: str,
    title: str = "Item",
    category: str | None = None,
    **attributes: str,
) -> set[str]:
    """The rule ids of `regime` (as the corpus counts a regime) that fire on a listing with
    `description` (and `title`)."""
    draft = Draft(title=title, description=description, bullets=[])
    found = policy_findings(draft, locale, category, **attributes)
    return {f.rule_id for f in found if regime_of(f.rule_id) == regime}
