"""Update runs (`run --existing`): a product whose source is unchanged keeps the earlier run's
listings and costs no model call; a changed one, or a locale not made before, is redone."""

import json
from pathlib import Path

import pytest
from PIL import Image
from typer.testing import CliRunner

from listingsmith.audit.log import AuditLog
from listingsmith.batch.digest import source_digest
from listingsmith.batch.existing import ExistingError, ExistingListings, _add_line, read_existing
from listingsmith.batch.job import JobSpec, audit_path, run_job
from listingsmith.batch.recheck import SHIPPED, new_rules
from listingsmith.cli import app
from listingsmith.config import Settings
from listingsmith.domain import Draft, Listing, ListingRecord, Product, Status
from listingsmith.serving.connect import model_client
from tests.unit.fakes import BOTTLE, DE_GOOD, EN_GOOD, fake_model, translations

SECOND = BOTTLE.model_copy(update={"sku": "BOTTLE-2"})


async def job(
    folder: Path, products: list[Product], locales: list[str], drafts: int, existing: Path | None
) -> tuple[dict, list[dict]]:
    """A run of `products` into FOLDER/out with its own checkpoints, kept against `existing`."""
    settings = Settings()
    spec = JobSpec(
        products,
        locales,
        folder / "out",
        folder.name,
        [],
        folder / "state.sqlite",
        existing=read_existing(existing) if existing else None,
    )
    llm = fake_model([EN_GOOD] * drafts, translations(DE_GOOD))
    report = await run_job(spec, settings, model_client(settings, llm, "fake-model"))
    text = (folder / "out" / "listings.jsonl").read_text(encoding="utf-8")
    return report, [json.loads(line) for line in text.splitlines()]


async def test_only_the_changed_product_is_redone(tmp_path: Path) -> None:
    first, lines = await job(tmp_path / "a", [BOTTLE, SECOND], ["de-DE"], 2, None)
    assert first["model_usage"]["calls"] == 6
    changed = SECOND.model_copy(update={"description": SECOND.description + " Now in blue."})
    second, lines2 = await job(
        tmp_path / "b", [BOTTLE, changed], ["de-DE"], 1, tmp_path / "a" / "out"
    )
    assert second["products"] == {"new": 1, "resumed": 0, "reused": 0, "unchanged": 1}
    assert second["model_usage"]["calls"] == 3  # one product's extraction, draft, translation
    kept = {x["sku"]: x for x in lines2}["BOTTLE-1"]
    assert kept == {x["sku"]: x for x in lines}["BOTTLE-1"]
    assert {x["sku"]: x["source_digest"] for x in lines2}["BOTTLE-2"] == source_digest(changed)
    log = AuditLog(audit_path(tmp_path / "b" / "state.sqlite"))
    events = [(e.sku, e.node) for e in log.events() if e.node == "product.unchanged"]
    log.close()
    assert events == [("BOTTLE-1", "product.unchanged")]


async def test_a_locale_not_made_before_is_made_and_the_others_kept(tmp_path: Path) -> None:
    _, lines = await job(tmp_path / "a", [BOTTLE], ["de-DE"], 1, None)
    second, lines2 = await job(
        tmp_path / "b", [BOTTLE], ["en-US", "de-DE"], 1, tmp_path / "a" / "out"
    )
    assert [(x["locale"], x["status"]) for x in lines2] == [
        ("en-US", "approved"),
        ("de-DE", "approved"),
    ]
    assert lines2[1] == lines[0]
    assert second["model_usage"]["calls"] == 2  # extraction and draft for en-US; no translation


def test_bad_lines_are_reported_and_lines_without_a_digest_never_kept(tmp_path: Path) -> None:
    path = tmp_path / "listings.jsonl"
    good = {
        "sku": "S1",
        "locale": "de-DE",
        "status": "approved",
        "title": "Titel",
        "attempts": 1,
        "source_digest": "d1",
    }
    old = {**good, "sku": "S2", "source_digest": None}
    path.write_text(
        "\n".join([json.dumps(good), "{not json", json.dumps({"locale": "de-DE"}), json.dumps(old)])
        + "\n",
        encoding="utf-8",
    )
    existing = read_existing(path)
    assert [str(e) for e in existing.errors][1] == "line 3, field sku: missing"
    assert existing.errors[0].line == 2
    assert list(existing.kept("S1", "d1", ["de-DE", "fr-FR"])) == ["de-DE"]
    assert existing.kept("S1", "other", ["de-DE"]) == {}
    assert existing.kept("S2", "d1", ["de-DE"]) == {}
    with pytest.raises(ExistingError, match=r"no listings\.jsonl"):
        read_existing(tmp_path / "empty-folder-that-is-not-there")


def test_the_digest_follows_a_photos_bytes_not_its_path(tmp_path: Path) -> None:
    for name, colour in (("a.png", "red"), ("b.png", "red"), ("c.png", "blue")):
        Image.new("RGB", (4, 4), colour).save(tmp_path / name)
    product = BOTTLE.model_copy(update={"images": [str(tmp_path / "a.png")]})
    moved = product.model_copy(update={"images": [str(tmp_path / "b.png")]})
    repainted = product.model_copy(update={"images": [str(tmp_path / "c.png")]})
    assert source_digest(product) == source_digest(moved) != source_digest(repainted)
    reordered = product.model_copy(
        update={"attributes": dict(reversed(list(product.attributes.items())))}
    )
    assert source_digest(reordered) == source_digest(product)


def test_run_refuses_an_existing_folder_without_listings_in_one_line(tmp_path: Path) -> None:
    (tmp_path / "nothing").mkdir()
    out, nothing = str(tmp_path / "out"), str(tmp_path / "nothing")
    result = CliRunner().invoke(
        app, ["run", "examples/catalog.jsonl", "--out", out, "--existing", nothing]
    )
    assert result.exit_code == 2
    assert "no listings.jsonl of a previous run there" in result.output
    assert "Traceback" not in result.output


async def test_a_kept_listing_todays_packs_fail_is_redone_and_audited(tmp_path: Path) -> None:
    """A listing approved by older rules (here: a line whose text today's Amazon pack blocks)
    is not kept as it was: it is made again, and the rules that failed it are audited."""
    _, lines = await job(tmp_path / "a", [BOTTLE, SECOND], ["de-DE"], 2, None)
    listings = tmp_path / "a" / "out" / "listings.jsonl"
    stale = [
        {**line, "description": "Bestseller! " + line["description"]}
        if line["sku"] == "BOTTLE-2"
        else line
        for line in lines
    ]
    listings.write_text("".join(json.dumps(x) + "\n" for x in stale), encoding="utf-8")
    second, lines2 = await job(
        tmp_path / "b", [BOTTLE, SECOND], ["de-DE"], 1, tmp_path / "a" / "out"
    )
    assert second["products"] == {"new": 1, "resumed": 0, "reused": 0, "unchanged": 1}
    redone = {x["sku"]: x for x in lines2}["BOTTLE-2"]
    assert redone["status"] == "approved"
    assert "Bestseller" not in redone["description"]
    assert {x["sku"]: x for x in lines2}["BOTTLE-1"] == {x["sku"]: x for x in lines}["BOTTLE-1"]
    log = AuditLog(audit_path(tmp_path / "b" / "state.sqlite"))
    events = [(e.sku, e.payload) for e in log.events() if e.node == "listing.rechecked"]
    log.close()
    assert [(sku, payload["locale"], payload["rules"]) for sku, payload in events] == [
        ("BOTTLE-2", "de-DE", ["amazon.promo.phrases"])
    ]


def test_held_and_rejected_listings_are_not_checked_again() -> None:
    """Only what ships is checked again: a held listing waits for its reviewer as it is."""
    text = Draft(title="Trinkflasche", description="Bestseller! Kostenloser Versand.")
    for status in Status:
        listing = Listing(
            sku="S1",
            locale="de-DE",
            listing=text,
            decision=ListingRecord(status=status, attempts=1),
        )
        product = Product(sku="S1", title="Trinkflasche", marketplace="amazon")
        rules = new_rules(listing, product, Settings())
        assert ("amazon.promo.phrases" in rules) is (status in SHIPPED), status
        assert rules == [] or status in SHIPPED


def test_the_recorded_category_keeps_food_outside_the_gpsr_on_a_recheck() -> None:
    """A kept food listing is checked again with its run's category: without it, the GPSR's
    product-safety rules would fail it on every update run and it would be redone each time."""
    line = {
        "sku": "S1",
        "locale": "de-DE",
        "status": "approved",
        "title": "Chilisauce von El Yucateco",
        "description": "Rote Chilisauce, 226,8 g.",
        "attempts": 1,
        "source_digest": "d1",
        "category_id": "fb-2-4-8",
    }
    product = Product(sku="S1", title="Hot Sauce", category="Hot Sauce", marketplace="amazon")
    existing = ExistingListings()
    _add_line(existing, 1, json.dumps(line))
    kept = existing.kept_today(product, "d1", ["de-DE"], Settings())
    assert kept.category_id == "fb-2-4-8"
    # food law asks for what the line lacks, product-safety law does not apply
    assert kept.redone["de-DE"] == ["eu-food-1169.art9.ingredients", "eu-food-1169.art9.operator"]
    existing.categories.clear()
    without = existing.kept_today(product, "d1", ["de-DE"], Settings()).redone["de-DE"]
    assert "eu-gpsr.art19.manufacturer" in without
    assert not any(rule.startswith("eu-food") for rule in without)
