"""Run every rule's own examples: texts that must fire and texts that must not."""

from __future__ import annotations

from dataclasses import dataclass

from listingsmith.policies.packs import Example, Pack, Rule, load_packs
from listingsmith.policies.rules import RuleContext
from listingsmith.policies.validators import build_validator
from listingsmith.text.languages import language_of


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


def context_of(example: Example, language: str = "en") -> RuleContext:
    """The rule context an example is judged in."""
    attributes = {k.lower(): v for k, v in example.attributes.items()}
    return RuleContext(attributes=attributes, language=example.language or language)


def example_languages(pack: Pack, rule: Rule, example: Example) -> tuple[str, ...]:
    """The languages an example is read in: its own; else each language of the rule's
    per-language phrases; else the language of the rule's single locale; else English."""
    if example.language:
        return (example.language,)
    phrases = rule.params.get("phrases")
    if isinstance(phrases, dict) and set(phrases) - {"*"}:
        return tuple(sorted(set(phrases) - {"*"}))
    locales = rule.scope.locales if rule.scope.locales != ["*"] else pack.scope.locales
    if len(locales) == 1 and "*" not in locales[0]:
        return (language_of(locales[0]),)
    return ("en",)


def run_rule_examples(pack: Pack, rule: Rule) -> list[ExampleResult]:
    """Every example of one rule through its guardrails validator: it fired when it fired in
    one of the example's languages."""
    validator = build_validator(rule)
    results = []
    for expected, examples in ((True, rule.examples.fire), (False, rule.examples.pass_)):
        for example in examples:
            fired = any(
                validator.validate(example.text, {"context": context_of(example, language)}).outcome
                == "fail"
                for language in example_languages(pack, rule, example)
            )
            results.append(ExampleResult(pack.pack, rule.id, expected, example.text, fired))
    return results


def run_all_examples() -> list[ExampleResult]:
    """Every example of every rule of every shipped pack."""
    return [
        r for pack in load_packs() for rule in pack.rules for r in run_rule_examples(pack, rule)
    ]
