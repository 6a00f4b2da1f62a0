"""Policy rules as guardrails-ai validators, run offline with telemetry off: each wraps the
rule's RuleRunner (policies.runner), which the engine runs without this module."""

from __future__ import annotations

import os
from functools import cache
from typing import Any

# guardrails reads these at import: no OpenTelemetry exporter, no model price download.
os.environ.setdefault("OTEL_SDK_DISABLED", "true")
os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")

from guardrails import settings as guardrails_settings
from guardrails.classes.validation.validation_result import (
    ErrorSpan,
    FailResult,
    PassResult,
    ValidationResult,
)
from guardrails.validator_base import Validator, register_validator

from listingsmith.policies.packs import Rule
from listingsmith.policies.rules import Hit, RuleContext
from listingsmith.policies.runner import RuleRunner

guardrails_settings.rc.enable_metrics = False


class RuleValidator(Validator):
    """One pack rule: fails with an ErrorSpan per hit; the hits ride in the result's metadata."""

    def __init__(self, rule: Rule, **kwargs: Any) -> None:
        super().__init__(on_fail="noop", rule_id=rule.id, **kwargs)
        self.rule = rule
        self.runner = RuleRunner(rule)

    def hits(self, text: str, context: RuleContext) -> list[Hit]:
        """The rule's hits in `text` that no exception lifts: what `validate` reports."""
        return self.runner.hits(text, context)

    def messages(self, hits: list[Hit]) -> list[str]:
        """The message of each hit."""
        return self.runner.messages(hits)

    def _validate(self, value: Any, metadata: dict[str, Any]) -> ValidationResult:
        context: RuleContext = metadata.get("context") or RuleContext()
        hits = self.hits(str(value), context)
        if not hits:
            return PassResult()
        messages = self.messages(hits)
        return FailResult(
            error_message="; ".join(messages),
            error_spans=[
                ErrorSpan(start=start, end=end, reason=message)
                for ((start, end), _), message in zip(hits, messages, strict=True)
            ],
            metadata={"hits": hits, "messages": messages},
        )


@cache
def validator_class(kind: str) -> type[RuleValidator]:
    """The registered guardrails validator class of one rule kind (listingsmith/<kind>)."""
    cls = type(f"{kind.title().replace('_', '')}Validator", (RuleValidator,), {})
    return register_validator(name=f"listingsmith/{kind}", data_type="string")(cls)


def build_validator(rule: Rule) -> RuleValidator:
    """A guardrails validator for `rule`."""
    return validator_class(rule.kind)(rule)
