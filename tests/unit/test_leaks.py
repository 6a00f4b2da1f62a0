from listingsmith.checks.adequacy import copied_findings as leak_findings
from listingsmith.domain import Draft
from tests.unit.fakes import BOTTLE, DE_GOOD, EN_GOOD

PIVOT = Draft(**EN_GOOD)


def test_copied_translation_example_is_a_blocking_finding() -> None:
    copied = Draft(**{**DE_GOOD, "title": "Rote Lederschuhe, Größe 42"})
    (finding,) = leak_findings(copied, BOTTLE, PIVOT, "de-DE")
    assert finding.rule_id == "model.copied-example" and finding.field == "title"
    assert finding.severity == "block"


def test_example_translation_is_fine_where_the_draft_says_the_examples_english() -> None:
    # EN_GOOD says "Keeps drinks cold for 24 h", whose German example is "Hält Getränke 24 h kalt".
    assert leak_findings(Draft(**DE_GOOD), BOTTLE, PIVOT, "de-DE") == []


def test_example_brand_in_a_draft_of_another_product() -> None:
    copied = Draft(title="Norda Men's Crew Neck T-Shirt", description="A vase.")
    rules = {f.rule_id for f in leak_findings(copied, BOTTLE, PIVOT, "en-US")}
    assert rules == {"model.copied-example"}


def test_a_looping_model_is_caught() -> None:
    from listingsmith.checks.output import degeneration_findings

    looped = Draft(
        title="100% cotton, 100% cotton, 100% cotton, 100% cotton",
        description="2018年12月10日 2018年12月10日 2018年12月10日",
    )
    rules = [(f.rule_id, f.field) for f in degeneration_findings(looped, "ja-JP")]
    assert rules == [("model.repetition", "title"), ("model.repetition", "description")]
    assert degeneration_findings(Draft(**EN_GOOD), "en-US") == []
    assert (
        degeneration_findings(Draft(title="Bottle Bottle", description="Aa aa aa"), "en-US") == []
    )


def test_retry_instructions_are_deduplicated_and_bounded() -> None:
    from listingsmith.domain import Finding
    from listingsmith.nodes.writing import PROMPT_PROBLEMS, problems_text

    same = [
        Finding(
            rule_id="r",
            severity="block",
            locale="en-US",
            field="title",
            message="the text says Gold",
        )
    ] * 30
    assert problems_text(same) == "title: the text says Gold"
    many = [
        Finding(
            rule_id="r", severity="block", locale="en-US", field="title", message=f"problem {i}"
        )
        for i in range(30)
    ]
    assert problems_text(many).count(";") == PROMPT_PROBLEMS - 1


def test_an_empty_translation_line_keeps_the_english_field() -> None:
    import asyncio

    from listingsmith.locale.glossary import protected_terms
    from listingsmith.nodes.writing import translate_fields
    from tests.unit.fakes import BOTTLE, DE_GOOD, fake_deps, translations

    lines = translations(DE_GOOD)
    title = next(k for k in lines if "Stainless" in k)
    lines[title] = [""]  # the model answers an empty line for the title
    deps = fake_deps([], lines)
    english = Draft(**EN_GOOD).fields()
    text, _ = asyncio.run(
        translate_fields(
            deps.client,
            deps.settings,
            "de",
            {"title": english["title"], "description": english["description"]},
            1,
            protected_terms(BOTTLE),
        )
    )
    assert text["title"] == EN_GOOD["title"]
    assert text["description"] == DE_GOOD["description"]
