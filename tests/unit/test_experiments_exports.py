"""Exports of a run with variants: the main files hold each experiment's control (its first
shipped variant) and the ordinary listings, once per sku x locale; DEST/variant-ID holds that
variant of every experiment; jsonl keeps every variant; Google labels each variant."""

import csv
import json
from pathlib import Path

import pytest

from listingsmith.channels.export import ExportRequest, export_run
from listingsmith.config import Settings
from listingsmith.domain import VariantTag
from tests.unit.channel_runs import listing, write_run
from tests.unit.experiment_runs import experiment_id, write_variant_run


def titles_in_csv(path: Path, column: str = "Title") -> list[str]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [row[column] for row in csv.DictReader(handle)]


def test_jsonl_keeps_every_shipped_variant_with_its_ids(tmp_path: Path) -> None:
    run = write_variant_run(tmp_path / "run")
    export_run(ExportRequest(run, "jsonl"), Settings())
    lines = [json.loads(x) for x in (run / "shipped-listings.jsonl").read_text().splitlines()]
    tagged = [x for x in lines if x["variant_id"]]
    assert len(tagged) == 11  # 12 variants, one held
    assert {x["experiment_id"] for x in tagged} == {
        experiment_id(s, loc) for s in ("BOT-1", "BOT-2") for loc in ("en-US", "de-DE")
    }


def test_shopify_main_file_has_the_control_and_each_variant_its_own_files(
    tmp_path: Path,
) -> None:
    run = write_variant_run(tmp_path / "run")
    out = tmp_path / "out"
    report = export_run(ExportRequest(run, "shopify", out), Settings())
    assert titles_in_csv(out / "shopify-products.csv") == [
        "Steel bottle BOT-1 for gift",
        "Steel bottle BOT-2 for gift",
        "Plain mug",
    ]
    assert titles_in_csv(out / "variant-B" / "shopify-products.csv") == [
        "Steel bottle BOT-1 for pro",
        "Steel bottle BOT-2 for pro",
    ]
    translated = titles_in_csv(out / "variant-C" / "shopify-translations.csv", "Translated content")
    assert "Steel bottle BOT-1 for budget" in translated
    assert "Steel bottle BOT-2 for budget" not in translated  # held in de-DE
    assert (out / "variant-A" / "shopify-products.csv").is_file()
    assert not any(
        str(r).startswith("BOT-2 de-DE") and "untranslatable" in str(r) for r in report.refused
    )


def test_amazon_feeds_have_one_message_per_sku_and_locale(tmp_path: Path) -> None:
    run = write_variant_run(tmp_path / "run")
    out = tmp_path / "out"
    export_run(ExportRequest(run, "amazon", out, seller_id="SELLER"), Settings())

    def messages(path: Path) -> list[tuple[str, str, str]]:
        feed = json.loads(path.read_text(encoding="utf-8"))
        return [
            (
                m["sku"],
                m["patches"][0]["value"][0]["language_tag"],
                m["patches"][0]["value"][0]["value"],
            )
            for m in feed["messages"]
            if m["patches"][0]["path"] == "/attributes/item_name"
        ]

    main = messages(out / "amazon-listings-feed.json")
    assert len(main) == len(set(main)) == 6  # 2 skus x 2 locales + PLAIN x 2
    variant_b = messages(out / "variant-B" / "amazon-listings-feed.json")
    assert {title for _, _, title in variant_b} == {
        "Steel bottle BOT-1 for pro",
        "Steel bottle BOT-2 for pro",
    }
    assert len(variant_b) == 4


def test_google_labels_each_variant_with_its_experiment_and_id(tmp_path: Path) -> None:
    run = write_variant_run(tmp_path / "run")
    out = tmp_path / "out"
    export_run(ExportRequest(run, "google", out), Settings())
    with (out / "variant-C" / "google-merchant-de-DE.tsv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    assert [(r["id"], r["custom_label_0"], r["custom_label_1"]) for r in rows] == [
        ("BOT-1", experiment_id("BOT-1", "de-DE"), "C")
    ]
    with (out / "google-merchant-en-US.tsv").open(encoding="utf-8") as handle:
        main = {r["id"]: r["custom_label_1"] for r in csv.DictReader(handle, delimiter="\t")}
    assert main == {"BOT-1": "A", "BOT-2": "A", "PLAIN": ""}


@pytest.mark.parametrize("bad", ["../up", "a b", "x" * 65])
def test_a_variant_id_that_is_no_safe_folder_name_is_refused(tmp_path: Path, bad: str) -> None:
    tag = VariantTag(experiment_id="exp-1", variant_id=bad)
    items = [
        listing("S", "en-US", "Control").model_copy(
            update={"variant": VariantTag(experiment_id="exp-1", variant_id="A")}
        ),
        listing("S", "en-US", "Other").model_copy(update={"variant": tag}),
    ]
    run = write_run(tmp_path / "run", items, ["en-US"])
    report = export_run(ExportRequest(run, "google", tmp_path / "out"), Settings())
    assert [str(r) for r in report.refused] == [
        f"S en-US: variant id {bad!r} is not a safe folder name"
    ]
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        "google-merchant-en-US.tsv",
        "variant-A",
    ]
