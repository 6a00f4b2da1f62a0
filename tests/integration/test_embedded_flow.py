"""The whole flow on Gemma 3 270M served by the real vLLM CPU server."""

import json
from pathlib import Path

import httpx
import pytest
from typer.testing import CliRunner

from listingsmith.batch.catalog import read_catalog
from listingsmith.checks.kinds import dropped_findings, kind_findings
from listingsmith.cli import app
from listingsmith.config import Settings
from listingsmith.domain import Draft, draft_schema
from listingsmith.serving.client import ModelClient
from listingsmith.serving.launch import Endpoint
from listingsmith.serving.llm import make_llm
from listingsmith.taxonomy.retrieval import match_category

pytestmark = pytest.mark.integration
EXAMPLES = Path("examples")


def two_product_catalog(folder: Path) -> Path:
    lines = (EXAMPLES / "catalog.jsonl").read_text(encoding="utf-8").splitlines()[:2]
    records = []
    for line in lines:
        record = json.loads(line)
        record["images"] = [str((EXAMPLES / name).resolve()) for name in record["images"]]
        records.append(json.dumps(record))
    path = folder / "catalog.jsonl"
    path.write_text("\n".join(records) + "\n", encoding="utf-8")
    return path


def test_server_serves_the_embedded_model(embedded_endpoint: Endpoint) -> None:
    models = httpx.get(f"{embedded_endpoint.url}/models", timeout=10).json()
    served = [m["id"] for m in models["data"]]
    # The base model first, then the shipped task adapters the profile serves.
    assert served[0] == "gemma3-270m"
    assert set(served[1:]) == set(embedded_endpoint.profile.adapters.values())


async def test_structured_output_always_parses(embedded_endpoint: Endpoint) -> None:
    settings = Settings()
    llm = make_llm(
        embedded_endpoint.profile, embedded_endpoint.url, embedded_endpoint.model, settings
    )
    client = ModelClient(llm, embedded_endpoint.model, 4)
    schema = draft_schema(**settings.listing_limits.model_dump())
    answer = await client.complete_json(
        "draft", "Listing for a red mug as JSON: ", schema, settings.draft_sampling
    )
    assert set(answer.data) == {"title", "bullets", "description", "keywords"}
    assert answer.completion_tokens > 0


def test_cli_runs_two_products_in_two_locales_and_a_rerun_redoes_nothing(
    embedded_endpoint: Endpoint, tmp_path: Path
) -> None:
    catalog = two_product_catalog(tmp_path)
    out = tmp_path / "out"
    args = [
        "run",
        str(catalog),
        "--locales",
        "en-US,de-DE",
        "--out",
        str(out),
        "--llm-url",
        embedded_endpoint.url,
        "--model",
        embedded_endpoint.model,
    ]
    first = CliRunner().invoke(app, args)
    assert first.exit_code == 0, first.output
    lines = [json.loads(x) for x in (out / "listings.jsonl").read_text().splitlines()]
    assert len(lines) == 4
    for line in lines:
        assert line["status"] in {"approved", "fixed", "held"}, line
        assert line["title"] and line["description"], line  # every listing parsed
        assert isinstance(line["findings"], list)
        if line["status"] == "held":
            assert line["findings"], "a held listing must say why"
        # The pivot locale's text comes from the draft adapter, translations from the base model.
        served = {"gemma3-270m", *embedded_endpoint.profile.adapters.values()}
        assert line["model_id"] in served and line["packs"]
    report = json.loads((out / "run.json").read_text())
    assert report["model_usage"]["calls"] >= 5  # 2 extractions + 2 drafts + 1 translation at least
    assert "extract" in report["model_usage"]["seconds_by_task"]
    assert report["products"]["new"] == 2

    second = CliRunner().invoke(app, args)
    assert second.exit_code == 0, second.output
    again = json.loads((out / "run.json").read_text())
    assert again["products"] == {"new": 0, "resumed": 0, "reused": 2, "unchanged": 0}
    assert again["model_usage"]["calls"] == 0
    assert [json.loads(x) for x in (out / "listings.jsonl").read_text().splitlines()] == lines

    # An update run: one product's source changed; only it is redone, the other is kept as it was.
    records = [json.loads(x) for x in catalog.read_text(encoding="utf-8").splitlines()]
    records[1]["description"] += " Updated by the seller."
    catalog.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    update_out = tmp_path / "update"
    update = [*args[:5], str(update_out), *args[6:], "--existing", str(out)]
    third = CliRunner().invoke(app, update)
    assert third.exit_code == 0, third.output
    updated = json.loads((update_out / "run.json").read_text())
    assert updated["products"] == {"new": 1, "resumed": 0, "reused": 0, "unchanged": 1}
    assert 0 < updated["model_usage"]["calls"] < report["model_usage"]["calls"]
    fresh = [json.loads(x) for x in (update_out / "listings.jsonl").read_text().splitlines()]
    first_sku = records[0]["sku"]
    assert [x for x in fresh if x["sku"] == first_sku] == [
        x for x in lines if x["sku"] == first_sku
    ]


def test_cli_drafts_one_variant_per_audience_from_facts_extracted_once(
    embedded_endpoint: Endpoint, tmp_path: Path
) -> None:
    catalog = tmp_path / "one.jsonl"
    catalog.write_text(two_product_catalog(tmp_path).read_text().splitlines()[0] + "\n")
    out = tmp_path / "variants"
    args = ["run", str(catalog), "--locales", "en-US,de-DE", "--out", str(out)]
    args += ["--llm-url", embedded_endpoint.url, "--model", embedded_endpoint.model]
    result = CliRunner().invoke(app, [*args, "--audiences", "gift,pro"])
    assert result.exit_code == 0, result.output
    lines = [json.loads(x) for x in (out / "listings.jsonl").read_text().splitlines()]
    by = {(x["variant_id"], x["locale"]): x for x in lines}
    assert sorted(by) == [("gift", "de-DE"), ("gift", "en-US"), ("pro", "de-DE"), ("pro", "en-US")]
    for (variant, locale), line in by.items():
        assert line["audience"] == variant and line["status"] in {"approved", "fixed", "held"}
        assert line["title"] and line["description"], line
        assert line["experiment_id"] == by["gift", locale]["experiment_id"]
        # The facts are shared: the title is composed from the same data; only the framing
        # (bullet order and count, the description) changes. Gift buyers get 3 bullets at most.
        assert line["title"] == by["gift", locale]["title"]
    assert all(len(by["gift", locale]["bullets"]) <= 3 for locale in ("en-US", "de-DE"))
    report = json.loads((out / "run.json").read_text())
    assert report["node_seconds"]["extract"]["calls"] == 1
    assert report["node_seconds"]["draft"]["calls"] >= 2
    assert set(report["audiences"]) == {"gift", "pro"}
    assert sum(report["audiences"]["gift"]["counts"].values()) == 2


def test_shipped_translations_name_no_kind_and_drop_no_product_the_data_does_not_say(
    embedded_endpoint: Endpoint, tmp_path: Path
) -> None:
    """The demo's hot sauce in four languages on the real model: whatever the model writes (the
    demo shipped "in einem 226,8 g-Löffel"), every listing ships, and what ships names no
    container or shape the product data does not and says what the product is."""
    lines = (EXAMPLES / "catalog.jsonl").read_text(encoding="utf-8").splitlines()
    (sauce,) = [json.loads(x) for x in lines if '"B0000GHNT0"' in x]
    sauce["images"] = [str((EXAMPLES / name).resolve()) for name in sauce["images"]]
    catalog = tmp_path / "catalog.jsonl"
    catalog.write_text(json.dumps(sauce) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    args = ["run", str(catalog), "--locales", "en-US,de-DE,fr-FR,ja-JP,zh-CN", "--out", str(out)]
    args += ["--llm-url", embedded_endpoint.url, "--model", embedded_endpoint.model]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    listings = [json.loads(x) for x in (out / "listings.jsonl").read_text().splitlines()]
    (product,) = read_catalog(catalog, Settings())[0]
    category = match_category(product, []).id
    fields = ("title", "bullets", "description", "keywords", "origins")
    drafts = {x["locale"]: Draft(**{k: x[k] for k in fields}) for x in listings}
    for listing in listings:
        assert listing["status"] in {"approved", "fixed"}, listing
        draft, locale = drafts[listing["locale"]], listing["locale"]
        found = kind_findings(draft, product, drafts["en-US"], locale, category)
        found += dropped_findings(draft, product, drafts["en-US"], locale, category)
        assert found == [], (locale, draft.description)
