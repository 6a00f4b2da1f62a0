"""Variants of a listing (`run --audiences`, `--variants`): framings, shared facts, framed
bullets and descriptions, tags in listings, run.json, the audit trail, review and the API."""

import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from evals.variants import markdown, rows
from listingsmith.audit.log import AuditLog
from listingsmith.batch.job import JobSpec, audit_path, run_job
from listingsmith.batch.review import ReviewError, decide, held_items, review_decision
from listingsmith.cli import app
from listingsmith.config import Settings
from listingsmith.domain import Product
from listingsmith.nodes.assembly import first_sentences
from listingsmith.prompts.audience import parse_audiences
from listingsmith.prompts.framing import SEED_STRIDE, experiment_id, plan_framings
from listingsmith.serving.client import ModelClient
from listingsmith.serving.connect import model_client
from tests.unit.fakes import (
    BOTTLE,
    DE_GOOD,
    DE_WRONG_HOURS,
    DISPUTED,
    EN_GOOD,
    EXTRACTION_END,
    FakeModel,
    fake_model,
    translations,
)
from tests.unit.test_api import as_, service, wait_done  # noqa: F401 (the service fixture)


def ids(audiences: str, variants: int | None) -> list[str]:
    return [
        f.variant_id
        for f in plan_framings(parse_audiences(audiences) if audiences else [], variants)
    ]


def test_variant_ids_per_audience_letter_or_both() -> None:
    assert ids("gift,pro", None) == ["gift", "pro"]
    assert ids("", 3) == ["A", "B", "C"]
    assert ids("gift,pro", 2) == ["gift-A", "gift-B", "pro-A", "pro-B"]
    assert ids("", None) == []


@pytest.mark.parametrize("count", [1, 6])
def test_a_variant_count_outside_two_to_five_is_refused(count: int) -> None:
    with pytest.raises(ValueError, match=f"variants: {count} is not in 2..5"):
        plan_framings([], count)


def test_one_experiment_per_run_sku_and_locale() -> None:
    one = experiment_id("run1", "BOTTLE-1", "de-DE")
    assert one.startswith("exp-") and len(one) == 16
    assert one == experiment_id("run1", "BOTTLE-1", "de-DE")
    assert (
        len(
            {
                one,
                experiment_id("run1", "BOTTLE-1", "en-US"),
                experiment_id("run2", "BOTTLE-1", "de-DE"),
            }
        )
        == 3
    )


def test_a_description_is_cut_to_whole_sentences() -> None:
    text = "Made of steel. Keeps drinks cold for 24 h! Holds 750 ml."
    assert first_sentences(text, 1) == "Made of steel."
    assert first_sentences(text, 2) == "Made of steel. Keeps drinks cold for 24 h!"
    assert first_sentences(text, 3) == text


async def variant_job(
    tmp_path: Path,
    llm: FakeModel,
    audiences: str | None,
    variants: int | None = None,
    locales: tuple[str, ...] = ("en-US", "de-DE"),
    product: Product = BOTTLE,
    settings: Settings | None = None,
    client: ModelClient | None = None,
):
    settings = settings or Settings()
    framings = plan_framings(parse_audiences(audiences) if audiences else [], variants)
    report = await run_job(
        JobSpec(
            [product],
            list(locales),
            tmp_path / "out",
            "run1",
            [],
            tmp_path / "state.sqlite",
            framings=tuple(framings),
        ),
        settings,
        client or model_client(settings, llm, "fake-model"),
    )
    lines = [json.loads(x) for x in (tmp_path / "out" / "listings.jsonl").read_text().splitlines()]
    return report, lines


def draft_prompts(llm: FakeModel) -> list[str]:
    return [p for p in llm.prompts if p.rstrip().endswith("Listing:")]


async def test_audiences_share_the_facts_and_frame_the_bullets(tmp_path: Path) -> None:
    llm = fake_model([EN_GOOD], translations(DE_GOOD))
    report, lines = await variant_job(tmp_path, llm, "gift,pro")
    # The facts are extracted (and categorized) once; each audience gets its own draft.
    assert sum(p.endswith(EXTRACTION_END) for p in llm.prompts) == 1
    assert report["node_seconds"]["extract"]["calls"] == 1
    assert report["node_seconds"]["draft"]["calls"] == 2
    drafts = draft_prompts(llm)
    assert "\n- audience: gift buyers; tone: warm and friendly\nListing:" in drafts[0]
    assert "- audience: professionals; tone: precise and factual" in drafts[1]
    by = {(x["variant_id"], x["locale"]): x for x in lines}
    assert sorted(by) == [("gift", "de-DE"), ("gift", "en-US"), ("pro", "de-DE"), ("pro", "en-US")]
    assert all(x["audience"] == x["variant_id"] and x["status"] == "approved" for x in lines)
    # One experiment per (run, sku, locale), shared by its variants.
    for locale in ("en-US", "de-DE"):
        assert by["gift", locale]["experiment_id"] == by["pro", locale]["experiment_id"]
        assert by["gift", locale]["experiment_id"] == experiment_id("run1", "BOTTLE-1", locale)
    # Data frames the bullets: gift buyers see the colour first, professionals the material.
    assert by["gift", "de-DE"]["bullets"][0] == "Farbe: Blau"
    assert by["pro", "de-DE"]["bullets"][0] == "Material: Edelstahl"
    assert by["gift", "en-US"]["bullets"][0].startswith("Color")
    # The facts never change with the framing: the same lines, the same title.
    assert sorted(by["gift", "de-DE"]["bullets"]) == sorted(by["pro", "de-DE"]["bullets"])
    assert by["gift", "de-DE"]["title"] == by["pro", "de-DE"]["title"]
    assert report["audiences"]["gift"]["counts"] == {"approved": 2}
    assert report["audiences"]["pro"]["shipped_share"] == 1.0
    assert [f["variant_id"] for f in report["variants"]] == ["gift", "pro"]


async def test_a_rerun_of_a_run_with_variants_redoes_nothing(tmp_path: Path) -> None:
    llm = fake_model([EN_GOOD], translations(DE_GOOD))
    _, lines = await variant_job(tmp_path, llm, "gift,eco", 2)
    assert [x["variant_id"] for x in lines[::2]] == ["gift-A", "gift-B", "eco-A", "eco-B"]
    again, rerun = await variant_job(tmp_path, llm, "gift,eco", 2)
    assert again["model_usage"]["calls"] == 0 and again["products"]["reused"] == 1
    assert rerun == lines


async def test_audit_events_carry_the_variant_tag(tmp_path: Path) -> None:
    await variant_job(tmp_path, fake_model([EN_GOOD], translations(DE_GOOD)), "gift,pro")
    log = AuditLog(audit_path(tmp_path / "state.sqlite"))
    events = [e for e in log.events("BOTTLE-1") if e.node != "product.unchanged"]
    log.close()
    finals = {
        (e.payload["variant"]["variant_id"], e.locale): e for e in events if e.node == "finalize"
    }
    assert sorted(finals) == [
        ("gift", "de-DE"),
        ("gift", "en-US"),
        ("pro", "de-DE"),
        ("pro", "en-US"),
    ]
    tag = finals["pro", "de-DE"].payload["variant"]
    assert tag == {
        "experiment_id": experiment_id("run1", "BOTTLE-1", "de-DE"),
        "variant_id": "pro",
        "audience": "pro",
    }
    drafts = [e.payload["variant"] for e in events if e.node == "draft"]
    assert drafts == [
        {"variant_id": "gift", "audience": "gift"},
        {"variant_id": "pro", "audience": "pro"},
    ]
    # Only the first variant extracted: its siblings' threads started from its facts.
    assert [e.node for e in events].count("extract") == 1


async def test_a_draft_that_copies_the_audience_line_is_not_shipped(tmp_path: Path) -> None:
    # What the embedded model wrote when the audience line asked for a length.
    copied = {**EN_GOOD, "description": "Gift buyers; Tone: warm and friendly."}
    _, lines = await variant_job(tmp_path, fake_model([copied]), "gift", None, ("en-US",))
    (line,) = lines
    assert "copies the prompt example" in line["findings"][0]["message"]
    assert "tone" not in line["description"].lower() and line["status"] == "fixed"


async def test_lettered_variants_draw_their_own_seeds(tmp_path: Path) -> None:
    llm = fake_model([EN_GOOD])
    _, lines = await variant_job(tmp_path, llm, None, 2, ("en-US",))
    assert [(x["variant_id"], x["audience"]) for x in lines] == [("A", None), ("B", None)]
    log = AuditLog(audit_path(tmp_path / "state.sqlite"))
    seeds = [e.payload["sampling"]["seed"] for e in log.events("BOTTLE-1") if e.node == "draft"]
    log.close()
    assert seeds == [Settings().draft_sampling.seed, Settings().draft_sampling.seed + SEED_STRIDE]
    # No audience: the prompt has no audience line and the bullets keep the usual order.
    assert not any("- audience:" in p for p in draft_prompts(llm))
    assert lines[0]["bullets"] == lines[1]["bullets"]


async def test_an_audiences_length_is_kept_by_code(tmp_path: Path) -> None:
    long = {**EN_GOOD, "description": EN_GOOD["description"] + " It holds 750 mL."}
    _, lines = await variant_job(tmp_path, fake_model([long]), "budget,pro", None, ("en-US",))
    by = {x["variant_id"]: x for x in lines}
    # Budget shoppers: one sentence and three bullets; professionals: up to three of each.
    assert by["budget"]["description"] == EN_GOOD["description"]
    assert len(by["budget"]["bullets"]) <= 3
    assert by["pro"]["description"] == long["description"]


async def test_a_sellers_voice_writes_the_audience_framing(tmp_path: Path) -> None:
    llm = fake_model([EN_GOOD])
    settings = Settings(seller_voices={"acme": "voice-acme"})
    product = BOTTLE.model_copy(update={"seller": "acme"})
    client = ModelClient(llm, "base", 2, {"draft": "draft"})
    await variant_job(tmp_path, llm, "eco", None, ("en-US",), product, settings, client)
    log = AuditLog(audit_path(tmp_path / "state.sqlite"))
    (draft,) = [e for e in log.events("BOTTLE-1") if e.node == "draft"]
    log.close()
    assert draft.payload["model_id"] == "voice-acme"
    (prompt,) = draft_prompts(llm)
    assert "- audience: eco-minded shoppers; tone: calm and factual" in prompt


async def test_a_decision_names_the_variant_when_several_are_held(tmp_path: Path) -> None:
    llm = fake_model([EN_GOOD] * 4, translations(DE_WRONG_HOURS))
    settings = Settings(max_attempts=1)
    _, lines = await variant_job(tmp_path, llm, "gift,pro", None, ("de-DE",), DISPUTED, settings)
    assert [(x["variant_id"], x["status"]) for x in lines] == [("gift", "held"), ("pro", "held")]
    db = tmp_path / "state.sqlite"
    assert sorted(i.variant_id for i in await held_items(db, Settings())) == ["gift", "pro"]
    approve = review_decision(action="approve", reviewer="rita")
    with pytest.raises(
        ReviewError, match=r"held in several variants \(gift, pro\): give the variant"
    ):
        await decide(db, "BOTTLE-1", "de-DE", approve, settings, out_dir=tmp_path / "out")
    listing = await decide(
        db, "BOTTLE-1", "de-DE", approve, settings, out_dir=tmp_path / "out", variant="pro"
    )
    assert listing.variant is not None and listing.variant.variant_id == "pro"
    after = [json.loads(x) for x in (tmp_path / "out" / "listings.jsonl").read_text().splitlines()]
    assert [(x["variant_id"], x["status"]) for x in after] == [
        ("gift", "held"),
        ("pro", "approved"),
    ]
    run = json.loads((tmp_path / "out" / "run.json").read_text())
    assert run["audiences"]["pro"]["counts"] == {"approved": 1}
    assert run["audiences"]["gift"]["counts"] == {"held": 1}


def test_run_refuses_an_unknown_audience_in_one_line(tmp_path: Path) -> None:
    out = str(tmp_path / "out")
    result = CliRunner().invoke(
        app, ["run", "examples/catalog.jsonl", "--out", out, "--audiences", "gift,kids"]
    )
    assert result.exit_code == 2
    assert "unknown audience 'kids': known are budget, eco, gift, pro" in result.output
    assert "Traceback" not in result.output


def test_run_refuses_variants_with_improve(tmp_path: Path) -> None:
    out = str(tmp_path / "out")
    args = ["run", "examples/catalog.jsonl", "--out", out, "--variants", "2", "--mode", "improve"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 2
    assert "not with --mode improve" in result.output


def test_run_refuses_variants_with_an_earlier_run_rather_than_ignore_it(tmp_path: Path) -> None:
    earlier = tmp_path / "earlier.jsonl"
    earlier.write_text("", encoding="utf-8")
    args = ["run", "examples/catalog.jsonl", "--out", str(tmp_path / "out"), "--variants", "2"]
    result = CliRunner().invoke(app, [*args, "--existing", str(earlier)])
    assert result.exit_code == 2
    assert "not with --existing" in result.output
    assert not (tmp_path / "out").exists()


def job_body(**extra: object) -> dict:
    return {"products": [DISPUTED.model_dump(mode="json")], "locales": ["de-DE"], **extra}


@pytest.mark.parametrize(
    ("extra", "says"),
    [
        ({"audiences": ["gift", "kids"]}, "unknown audience 'kids'"),
        ({"variants": 9}, "less than or equal to 5"),
    ],
)
def test_a_job_with_unknown_variants_is_422(
    service: TestClient,  # noqa: F811
    extra: dict,
    says: str,
) -> None:
    response = service.post("/v1/jobs", headers=as_("k-acme"), json=job_body(**extra))
    assert response.status_code == 422
    assert says in response.text


def test_a_job_with_audiences_is_reviewed_per_variant(service: TestClient) -> None:  # noqa: F811
    response = service.post(
        "/v1/jobs", headers=as_("k-acme"), json=job_body(audiences=["gift", "pro"])
    )
    assert response.status_code == 202, response.text
    job = response.json()["job"]
    done = wait_done(service, job, "k-acme")
    assert done["report"]["audiences"]["gift"]["counts"] == {"held": 1}
    queue = service.get("/v1/review/queue", headers=as_("k-rev")).json()
    assert sorted(e["variant"]["variant_id"] for e in queue) == ["gift", "pro"]
    route = f"/v1/review/{job}/BOTTLE-1/de-DE"
    approve = {"action": "approve"}
    assert service.post(route, headers=as_("k-rev"), json=approve).status_code == 422
    decided = service.post(f"{route}?variant=gift", headers=as_("k-rev"), json=approve)
    assert decided.status_code == 200, decided.text
    assert decided.json()["listing"]["variant"]["variant_id"] == "gift"
    listings = service.get(f"/v1/jobs/{job}/listings", headers=as_("k-acme")).json()
    assert sorted((x["variant_id"], x["status"]) for x in listings) == [
        ("gift", "approved"),
        ("pro", "held"),
    ]


async def test_the_eval_sets_each_audience_against_single_listings(tmp_path: Path) -> None:
    llm = fake_model([EN_GOOD], translations(DE_GOOD))
    single, _ = await variant_job(tmp_path / "single", llm, None)
    variants, _ = await variant_job(tmp_path / "variants", llm, "gift,pro")
    table = rows(single, variants)
    assert [(r["group"], r["listings"], r["approved"], r["shipped_share"]) for r in table] == [
        ("single", 2, 2, 1.0),
        ("gift", 2, 2, 1.0),
        ("pro", 2, 2, 1.0),
    ]
    assert markdown(table).splitlines()[2] == "| single | 2 | 2 | 0 | 0 | 0 | 100% |"
