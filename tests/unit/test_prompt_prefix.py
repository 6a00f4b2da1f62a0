"""Prompts put what repeats first, byte-identical, so vLLM's prefix cache reuses it: only the
record's own part differs between two requests of the same task."""

from listingsmith.domain import Attribute, Finding, Severity
from listingsmith.nodes.writing import draft_prompt, line_prompt
from tests.unit.fakes import BOTTLE

OTHER = BOTTLE.model_copy(
    update={
        "sku": "LAMP-1",
        "title": "Brass Desk Lamp",
        "description": "A desk lamp.",
        "brand": None,
    }
)


def shared_prefix(a: str, b: str) -> str:
    end = next(
        (i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b))
    )
    return a[:end]


def test_draft_prompts_differ_only_after_the_last_facts_header() -> None:
    first = draft_prompt(BOTTLE, [], [])
    problem = Finding(
        rule_id="facts.unsupported",
        severity=Severity.FIX,
        locale="en-US",
        field="title",
        message="not in the facts",
        fix="rewrite",
    )
    retry = draft_prompt(
        OTHER, [Attribute(name="color", value="brass", source="seller", confidence=1.0)], [problem]
    )
    fixed_part = first[: first.rindex("Facts:\n") + len("Facts:\n")]
    assert shared_prefix(first, retry).startswith(fixed_part)
    assert fixed_part.count("Listing:") == first.count("Listing:") - 1  # every example


def test_line_prompts_of_a_language_differ_only_after_the_last_english_line() -> None:
    first = line_prompt("de", "Keeps tea hot for 12 h")
    second = line_prompt("de", "A brass desk lamp")
    fixed_part = first[: first.rindex("English: ") + len("English: ")]
    assert shared_prefix(first, second).startswith(fixed_part)
    assert len(fixed_part) > len(first) * 0.6  # most of it is reused
