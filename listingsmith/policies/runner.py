"""One pack rule run on a text: its hits that no exception lifts, and their messages.

The engine runs rules through these. policies.validators wraps each as a guardrails-ai validator
(`policies test` runs every example through guardrails' validate), imported only where it is
used: importing guardrails costs seconds, which a `policies check` of a file need not pay.
"""

from __future__ import annotations

from typing import Any

from listingsmith.policies.exceptions import without_exceptions
from listingsmith.policies.kinds import KINDS
from listingsmith.policies.packs import Rule
from listingsmith.policies.rules import Hit, RuleContext


class RuleRunner:
    """One rule's kind function with its params in the listing's language and its exceptions."""

    __slots__ = ("check", "params", "rule")

    def __init__(self, rule: Rule) -> None:
        self.rule = rule
        self.check = KINDS[rule.kind]
        # The params in each language met so far (pack data: a few languages).
        self.params: dict[str, dict[str, Any]] = {}

    def hits(self, text: str, context: RuleContext) -> list[Hit]:
        """The rule's hits in `text` that no exception lifts."""
        params = self.params.get(context.language)
        if params is None:
            params = self.params[context.language] = self.rule.localized_params(context.language)
        hits = list(self.check(text, params, context))
        return without_exceptions(self.rule.exceptions, text, hits, context) if hits else hits

    def messages(self, hits: list[Hit]) -> list[str]:
        """The message of each hit."""
        return [self.rule.message.format(**values) for _, values in hits]
