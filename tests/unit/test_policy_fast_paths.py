"""The engine's fast paths report what the slow ones did: validator hits, regex scans."""

from __future__ import annotations

import json
import re
from pathlib import Path

from listingsmith.batch.policy_lines import _draft, _parsed
from listingsmith.domain import Finding, Severity
from listingsmith.policies.contacts import contact_details
from listingsmith.policies.engine import check_policies
from listingsmith.policies.packs import load_packs
from listingsmith.policies.rules import RuleContext, banned_characters, caps_ratio
from listingsmith.policies.validators import build_validator
from listingsmith.text.languages import language_of

TEXTS = (
    "BEST SELLER!!! Call 0151 23456789 or mail sales@example.com, visit shop.example.de",
    "Umweltfreundlich und klimaneutral: 100 % natürlich, kein BPA",
    "天然成分，100%无毒，电话13812345678",
)


def test_hits_are_what_validate_reports() -> None:
    context = RuleContext(brand="ACME", language="en")
    for pack in load_packs():
        for rule in pack.rules:
            validator = build_validator(rule)
            for text in TEXTS:
                result = validator.validate(text, {"context": context})
                hits = validator.hits(text, context)
                expected = [] if result.outcome == "pass" else result.metadata["hits"]
                assert hits == expected, rule.id
                if hits:
                    assert validator.messages(hits) == result.metadata["messages"]


def test_banned_characters_every_one_but_the_brand_s() -> None:
    text = "Go! Now? {x}_ $5 ^¬¦"
    params = {"characters": "!$?_{}^¬¦"}
    found = [v["match"] for _, v in banned_characters(text, params, RuleContext(brand="Go!"))]
    assert found == ["?", "{", "}", "_", "$", "^", "¬", "¦"]
    spans = [s for s, _ in banned_characters(text, params, RuleContext())]
    assert spans[0] == (2, 3)


def test_caps_ratio_counts_ascii_letters_only() -> None:
    params = {"max_ratio": 0.5, "min_letters": 10}
    assert list(caps_ratio("ÄÖÜÄÖÜÄÖÜÄÖÜ abcdefghij", params, RuleContext())) == []
    hits = list(caps_ratio("ABCDEFGHIJ klm äöü", params, RuleContext()))
    assert hits[0][1]["ratio"] == "77%"
    # Full-width capitals shout as loud; a lone surrogate (JSON can carry one) is no letter.
    hits = list(caps_ratio("ＡＢＣＤＥＦＧＨＩＪ kl \ud800", params, RuleContext()))
    assert hits[0][1]["ratio"] == "83%"


def test_a_text_with_fewer_digits_than_a_phone_number_has_none() -> None:
    params = {"tlds": [], "regions": {}, "phone": {"min_digits": 7}}
    found = [
        [v["match"] for _, v in contact_details(text, params, RuleContext())]
        for text in ("+49 30 12 x 34", "+49 30 1234567", "Tel. +49 30 1234567, Größe 38")
    ]
    assert found == [[], ["+49 30 1234567"], ["+49 30 1234567"]]


def test_domain_after_long_runs_without_a_dot() -> None:
    params = {"tlds": ["com", "de"], "regions": {}}
    text = "x" * 5_000 + " a-b-c " + "-" * 3_000 + " see shop.example.de, not part-no"
    found = [v["match"] for _, v in contact_details(text, params, RuleContext())]
    assert found == ["shop.example.de"]


def test_phone_runs_are_the_digit_runs_with_enough_digits() -> None:
    from listingsmith.policies.contacts import _SEPARATORS, _number_runs

    every_run = re.compile(rf"[+(]?\d[\d{_SEPARATORS}]*")
    texts = (
        "1 2 3 x (030) 1234-567 x 12+3456789",
        "Size 12, 2 pcs, 500 ml; call 0151 23456789.",
        "1" + " " * 500 + "2 a 3-4-5-6-7-8 b ((((9",
        "+1 555 " * 20,
    )
    for text in texts:
        expected = [r for r in every_run.findall(text) if sum(c.isdigit() for c in r) >= 7]
        assert _number_runs(7).findall(text) == expected, text


def test_phone_runs_start_as_the_optional_plus_or_bracket_did() -> None:
    """The runs' start spelled as one class (so the engine skips to candidates in C) finds the
    runs `[+(]?\\d` found, for every least number of digits, on generated texts of digits
    (ASCII and not), separators, "+", "(" and letters."""
    import random

    from listingsmith.policies.contacts import _SEPARATORS, _number_runs

    alphabet = "0123456789٣５+(a. -/)\u2013x"
    rng = random.Random(16)
    texts = ["".join(rng.choices(alphabet, k=rng.randint(0, 60))) for _ in range(3_000)]
    texts += ["+(1", "((((9999999", "+" * 30 + "1234567", "a+1 234 567b", "(" + "1 " * 40]
    for least in (0, 1, 2, 5, 7, 10):
        further = max(least - 1, 0)
        before = re.compile(rf"[+(]?\d(?:[{_SEPARATORS}]*\d){{{further}}}[\d{_SEPARATORS}]*")
        now = _number_runs(least)
        for text in texts:
            assert [m.span() for m in now.finditer(text)] == [
                m.span() for m in before.finditer(text)
            ], (least, text)


def test_digits_are_counted_as_the_regex_counts_them() -> None:
    from listingsmith.policies.contacts import _digits

    for text in ("", "abc", "0151 23456789", "a1b2c3", "٣٣٣ 12", "１２３4", "x\u00b2 9"):
        assert _digits(text) == len(re.findall(r"\d", text)), text


def test_domains_at_the_end_of_a_run_and_never_inside_a_word() -> None:
    params = {"tlds": ["com", "de"], "regions": {}}

    def found(text: str) -> list[str]:
        return [v["match"] for _, v in contact_details(text, params, RuleContext())]

    assert found("see example.com. or shop.de- now") == ["example.com", "shop.de"]
    assert found("e.g. 2.5cm, example.comx, example.org, file.de_x") == []
    assert found("Call 0151 23456789 now") == []  # no region asked for: no phone number


def test_the_plan_follows_the_params_object() -> None:
    first = {"tlds": ["com"], "regions": {}}
    second = {"tlds": ["de"], "regions": {}}
    assert [v["match"] for _, v in contact_details("a.com b.de", first, RuleContext())] == ["a.com"]
    assert [v["match"] for _, v in contact_details("a.com b.de", second, RuleContext())] == ["b.de"]


def test_the_field_plan_runs_every_rule_that_fires_in_order() -> None:
    from listingsmith.domain import Draft
    from listingsmith.policies.engine import check_policies, rule_findings, rule_set

    for locale in ("en-US", "de-DE", "zh-CN"):
        draft = Draft(
            title=TEXTS[0], bullets=[TEXTS[1], "Eco-friendly BPA free"], description=TEXTS[2]
        )
        context = RuleContext(language=locale[:2], attributes={"color": "red"})
        rules = rule_set(locale, "amazon", None)
        every = []
        for field, text in draft.fields().items():
            for rule, validator, _ in rules.for_field(field):
                hits = validator.hits(text, context)
                every += rule_findings(rule, validator, field, hits, locale) if hits else []
        assert check_policies(draft, locale, "amazon", None, context)[0] == every, locale
        assert every


def test_a_rule_with_a_phrase_and_a_pattern_found_runs_once() -> None:
    from listingsmith.policies.engine import FieldPlan

    plan = FieldPlan((), (0, 3), {"a": 2, "b": 1}, {"a": 2, "c": 4})
    assert list(plan.chosen({"a", "x"}, {"a", "c"})) == [0, 2, 3, 4]
    assert list(plan.chosen({"x"}, set())) == [0, 3]
    assert list(plan.chosen(set(), set())) == [0, 3]


def test_a_substantiated_claim_does_not_read_the_text(monkeypatch) -> None:
    """evidence_claim asks for the evidence first: with it there is no hit, and the phrase
    matching (tens of microseconds a field) is skipped."""
    from listingsmith.policies import rules

    params = {"phrases": ["organic"], "evidence": ["certification"]}
    text = "Organic cotton towel"
    assert [s for s, _ in rules.evidence_claim(text, params, RuleContext())] == [(0, 7)]

    def unread(*_: object) -> list[tuple[int, int]]:
        raise AssertionError("the text was matched")

    monkeypatch.setattr(rules, "_phrase_hits", unread)
    proven = RuleContext(attributes={"certification": "GOTS organic"})
    assert list(rules.evidence_claim(text, params, proven)) == []


def test_findings_built_without_validation_are_what_validation_builds() -> None:
    """engine.rule_findings builds findings with model_construct: on the policy corpus's dev
    cases (every regime, language and kind of rule that fires), each is the finding that
    validating its values gives, field for field and type for type."""
    corpus = Path(__file__).resolve().parents[2] / "evals" / "data" / "policies" / "dev.jsonl"
    kinds: set[str] = set()
    rules = {rule.id: rule.kind for pack in load_packs() for rule in pack.rules}
    for line in corpus.read_text(encoding="utf-8").splitlines()[::3]:
        listing, error = _parsed(1, json.loads(line), {})
        assert listing is not None, error
        context = RuleContext(attributes=listing.attributes, language=language_of(listing.locale))
        findings, _ = check_policies(
            _draft(listing), listing.locale, listing.marketplace, listing.category, context
        )
        for found in findings:
            validated = Finding.model_validate(found.model_dump())
            assert found == validated
            assert found.model_fields_set == set(Finding.model_fields) - {"fixed"}
            assert type(found.severity) is Severity and type(found.span) is tuple
            assert all(type(v) is type(getattr(validated, k)) for k, v in found)
            kinds.add(rules.get(found.rule_id, ""))
    assert len(kinds) >= 8  # the kinds that fired, each one's findings checked
