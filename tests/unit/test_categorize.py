"""The categorize node: retrieval's category, the model's pick when ambiguous, the fallback
when the model's answer is no option, and the kind the seller's title names where the
category's noun contradicts it."""

from __future__ import annotations

import json
from pathlib import Path

from langgraph.runtime import Runtime

from listingsmith.audit.log import AuditLog
from listingsmith.domain import Product
from listingsmith.nodes.categorize import categorize
from listingsmith.nodes.deps import Deps
from listingsmith.state import category_of
from listingsmith.taxonomy.model_pick import option_names
from listingsmith.taxonomy.retrieval import Candidate, match_category
from tests.unit.fakes import CATEGORY_END, fake_deps

VASE = Product(sku="VASE-1", title="Glass flower vase, 20 cm", category="Vases")
# Shopify has Coffee Tables under Accent Tables and under Outdoor Tables: a tie.
TABLE = Product(sku="TABLE-1", title="Wooden table", category="Coffee Tables")
# Train record oa-mine:train-934: a face mask whose seller category says "Conditioner".
FACE_MASK = Product(
    sku="oa-mine_train-934",
    title="Pacifica Kale Charcoal Ultimate Detox Face Mask For All Skin Types(Vegan & Cruelty "
    "Free), lime, 2.25 Fl.Oz",
    category="Conditioner",
)


async def run(product: Product, deps: Deps, tmp_path: Path) -> tuple[dict, list]:
    deps.audit = AuditLog(tmp_path / "audit.sqlite")
    state = {"run_id": "r1", "product": product.model_dump(), "attributes": []}
    update = await categorize(state, Runtime(context=deps))
    events = [e for e in deps.audit.events() if e.node == "categorize"]
    return update, events


def pick_prompts(deps: Deps) -> list[str]:
    return [p for p in deps.client.llm.prompts if p.endswith(CATEGORY_END)]


async def test_a_clear_match_is_retrieval_s_without_the_model(tmp_path: Path) -> None:
    deps = fake_deps([])
    update, events = await run(VASE, deps, tmp_path)
    match = category_of(update)
    assert (match.id, match.chosen_by, match.ambiguous) == ("hg-3-67", "retrieval", False)
    assert "vase" in match.evidence
    assert pick_prompts(deps) == []
    assert events[0].payload["category_id"] == "hg-3-67"
    assert events[0].payload["model_id"] is None
    assert events[0].payload["replaced_category_id"] is None


async def test_an_ambiguous_match_is_the_model_s_pick_among_the_candidates(
    tmp_path: Path,
) -> None:
    deps = fake_deps([])
    names = {v: k for k, v in option_names(_ambiguous_candidates()).items()}
    deps.client.llm.picks.append(json.dumps({"category": names["fr-15-6-3"]}))
    update, events = await run(TABLE, deps, tmp_path)
    match = category_of(update)
    assert (match.id, match.chosen_by, match.ambiguous) == ("fr-15-6-3", "model", True)
    assert "Outdoor Tables > Coffee Tables" in pick_prompts(deps)[0]
    assert events[0].payload["chosen_by"] == "model"
    assert events[0].payload["model_error"] is None


async def test_a_model_answer_outside_the_options_falls_back_to_retrieval(
    tmp_path: Path,
) -> None:
    deps = fake_deps([], model_output_retries=1)
    deps.client.llm.picks.extend([json.dumps({"category": "Shoes"}), "not json"])
    update, events = await run(TABLE, deps, tmp_path)
    match = category_of(update)
    assert match.chosen_by == "retrieval" and match.id == match.candidates[0].id
    assert len(pick_prompts(deps)) == 2
    assert "categorize" in events[0].payload["model_error"]


async def test_a_category_the_title_contradicts_gives_way_to_the_kind_it_names(
    tmp_path: Path,
) -> None:
    """The model picks Conditioners among the candidates; the title says a face mask."""
    deps = fake_deps([])
    names = {v: k for k, v in option_names(match_category(FACE_MASK, []).candidates).items()}
    deps.client.llm.picks.append(json.dumps({"category": names["hb-3-10-13-1"]}))
    update, events = await run(FACE_MASK, deps, tmp_path)
    match = category_of(update)
    assert (match.id, match.chosen_by) == ("hb-3-2-9-13", "title")
    assert events[0].payload["category_id"] == "hb-3-2-9-13"
    assert events[0].payload["chosen_by"] == "title"
    assert events[0].payload["replaced_category_id"] == "hb-3-10-13-1"
    assert events[0].payload["evidence"] == ["Detox", "Face", "Mask"]


def test_option_names_tell_equal_leaf_names_apart() -> None:
    names = option_names(_ambiguous_candidates())
    assert "Accent Tables > Coffee Tables" in names
    assert "Outdoor Tables > Coffee Tables" in names
    assert len(names) == len(_ambiguous_candidates())


def _ambiguous_candidates() -> list[Candidate]:
    return match_category(TABLE, []).candidates
