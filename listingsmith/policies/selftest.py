"""Run every rule's own examples: texts that must fire and texts that must not."""

from __future__ import annotations

from dataclasses import dataclass

from listingsmith.policies.packs import Example, Pack, Rule, load_packs
from listingsmith.policies.rules import RuleContext
from listingsmith.policies.validators import build_validator


@dataclass(frozen=True)
class ExampleResult:
    """One example's outcome."""

    pack: str
    rule_id: str
    expected_fire: bool
    text: str
    fired: bool

    @property
    def ok(self) -> bool:
        """Whether the rule did what the example says."""
        return self.fired == self.expected_fire


def context_of(example: Example) -> RuleContext:
    """The rule context an example is judged in."""
    return RuleContext(
        attributes={k.lower(): v for k, v in example.attributes.items()},
        language=example.language,
    )


def run_rule_examples(pack: Pack, rule: Rule) -> list[ExampleResult]:
    """Every example of one rule through its guardrails validator."""
    validator = build_validator(rule)
    results = []
    for expected, examples in ((True, rule.examples.fire), (False, rule.examples.pass_)):
        for example in examples:
            outcome = validator.validate(example.text, {"context": context_of(example)})
            fired = outcome.outcome == "fail"
            results.append(ExampleResult(pack.pack, rule.id, expected, example.text, fired))
    return results


def run_all_examples() -> list[ExampleResult]:
    """Every example of every rule of every shipped pack."""
    return [
        r for pack in load_packs() for rule in pack.rules for r in run_rule_examples(pack, rule)
    ]
