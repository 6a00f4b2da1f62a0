"""The memory learns from reviewers: finalize stores a held listing's translated fields when a
reviewer approves or edits it (edited fields as "edited"), never on an automatic approval or a
rejection, with an audit event that holds hashes and lengths, not text."""

from __future__ import annotations

import asyncio
from pathlib import Path

from listingsmith.audit.log import AuditLog
from listingsmith.batch.job import JobSpec, audit_path, run_job
from listingsmith.batch.review import Owner, decide, held_items, review_decision
from listingsmith.config import Settings
from listingsmith.domain import Draft, Listing
from listingsmith.nodes.memory import memory_fields, reviewed_segments
from listingsmith.serving.connect import model_client
from listingsmith.storage.memory import DEFAULT_TENANT, TranslationMemory, segment_hash
from tests.unit.fakes import BOTTLE, DE_GOOD, EN_GOOD, fake_model, translations
from tests.unit.test_review_cli import held_run
from tests.unit.test_runner import Quiet


def memory_of(db: Path) -> TranslationMemory:
    """The memory beside a CLI run's checkpoints (the default)."""
    return TranslationMemory(db.parent / "memory.sqlite")


def memory_events(db: Path) -> list[dict]:
    log = AuditLog(audit_path(db))
    found = [e.payload for e in log.events("BOTTLE-1", "de-DE") if e.node == "memory.remember"]
    log.close()
    return found


def held_bottle(db: Path) -> Draft:
    (item,) = [i for i in asyncio.run(held_items(db, Settings())) if i.sku == "BOTTLE-1"]
    # The page's fuzzy lookups start from the pivot: the model's description, the rest composed.
    assert item.pivot is not None and item.pivot.description == EN_GOOD["description"]
    assert {n for n, o in item.pivot.origins.items() if o != "data"} == {"description"}
    return Draft.model_validate(item.payload["listing"])


def translated(listing: Draft) -> dict[str, str]:
    """The fields of a locale's listing that are translations (not composed from data)."""
    return {n: t for n, t in listing.fields().items() if listing.origins.get(n) != "data"}


def test_an_approval_stores_every_translated_field(tmp_path: Path) -> None:
    db = held_run(tmp_path)
    held = held_bottle(db)
    decision = review_decision(action="approve", reviewer="ana")
    asyncio.run(decide(db, "BOTTLE-1", "de-DE", decision, Settings()))
    pairs = {p.source: p for p in memory_of(db).pairs(DEFAULT_TENANT)}
    english = Draft(**EN_GOOD).fields()
    assert set(translated(held)) == {"description"}
    assert len(pairs) == 1  # title, bullets and keywords are composed from data: no translations
    for name, target in translated(held).items():
        pair = pairs[english[name]]
        assert (pair.target, pair.origin, pair.reviewer, pair.language) == (
            target,
            "approved",
            "ana",
            "de",
        )
    (event,) = memory_events(db)
    assert event["tenant"] == DEFAULT_TENANT and event["language"] == "de"
    assert {e["field"] for e in event["entries"]} == set(translated(held))
    description = next(e for e in event["entries"] if e["field"] == "description")
    assert description == {
        "field": "description",
        "source_hash": segment_hash(EN_GOOD["description"]),
        "origin": "approved",
        "source_chars": len(EN_GOOD["description"]),
        "target_chars": len(held.description),
    }
    assert held.description not in str(event)  # hashes and lengths, never the text


def test_an_edit_stores_the_changed_field_as_edited(tmp_path: Path) -> None:
    db = held_run(tmp_path)
    held = held_bottle(db)
    edit = held.model_copy(update={"description": DE_GOOD["description"], "origins": {}})
    decision = review_decision(action="edit", reviewer="bo", listing=edit.model_dump())
    shipped = asyncio.run(decide(db, "BOTTLE-1", "de-DE", decision, Settings()))
    assert isinstance(shipped, Listing) and shipped.listing is not None
    memory = memory_of(db)
    description = memory.exact(DEFAULT_TENANT, "de", EN_GOOD["description"])
    bullet = memory.exact(DEFAULT_TENANT, "de", EN_GOOD["bullets"][0])
    assert description is not None
    # Composed from data, and not edited: no translations to remember.
    assert bullet is None and memory.exact(DEFAULT_TENANT, "de", EN_GOOD["title"]) is None
    # What ships: the reviewer's text with the legal disclosures the checks appended.
    assert description.target == shipped.listing.description
    assert description.target.startswith(DE_GOOD["description"])
    assert (description.origin, description.reviewer) == ("edited", "bo")


def test_a_rejection_stores_nothing(tmp_path: Path) -> None:
    db = held_run(tmp_path)
    decision = review_decision(action="reject", reviewer="ben", reason="12 h is wrong")
    asyncio.run(decide(db, "BOTTLE-1", "de-DE", decision, Settings()))
    assert list(memory_of(db).pairs()) == [] and memory_events(db) == []


def test_an_automatic_approval_stores_nothing(tmp_path: Path) -> None:
    db = tmp_path / "out" / "state.sqlite"
    settings = Settings(max_attempts=1)
    client = model_client(settings, fake_model([EN_GOOD], translations(DE_GOOD)), "fake-model")
    spec = JobSpec([BOTTLE], ["de-DE"], tmp_path / "out", "run1", db_path=db)
    report = asyncio.run(run_job(spec, settings, client, observer=Quiet()))
    assert report["counts"]["de-DE"].get("held") is None  # shipped without a person
    assert list(memory_of(db).pairs()) == [] and memory_events(db) == []


def test_the_runs_tenant_and_memory_come_from_the_owner(tmp_path: Path) -> None:
    db = held_run(tmp_path)
    service = TranslationMemory(tmp_path / "service" / "memory.sqlite")
    decision = review_decision(action="approve", reviewer="ana")
    owner = Owner("acme", service)
    asyncio.run(decide(db, "BOTTLE-1", "de-DE", decision, Settings(), owner=owner))
    assert {p.tenant for p in service.pairs()} == {"acme"}
    assert list(memory_of(db).pairs()) == []


def test_memory_fields_answers_the_remembered_fields_of_a_pivot(tmp_path: Path) -> None:
    memory = TranslationMemory(tmp_path / "m.sqlite")
    lines = Draft(**EN_GOOD).fields()
    memory.remember("acme", "de", EN_GOOD["description"], DE_GOOD["description"], "edited", "bo")
    memory.remember("globex", "de", EN_GOOD["bullets"][0], "x", "approved", None)
    assert memory_fields(memory, "acme", "de", lines) == {"description": DE_GOOD["description"]}
    assert memory_fields(memory, "acme", "ja", lines) == {}


def test_data_composed_fields_are_no_translations() -> None:
    pivot = Draft(**EN_GOOD)
    listing = Draft(**DE_GOOD, origins={"title": "data", "description": "reviewer"})
    segments = {name: origin for name, _, _, origin in reviewed_segments(pivot, listing)}
    assert "title" not in segments
    assert segments["description"] == "edited" and segments["bullets[0]"] == "approved"
