"""Extraction eval: ExtractGPT's outcome counts and rates (hand-computed), the asked names per
category, the per-locale listing tally, and the whole harness with --no-model on a temp file."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from typer.testing import CliRunner

from evals.extract_metrics import (
    Pair,
    exact_match,
    normalized_match,
    outcome,
    rates,
    relaxed_match,
    reliability,
    score,
)
from evals.listing import listing_tally
from evals.run import sampled
from listingsmith.batch.runner import ProductOutcome
from listingsmith.cli import app
from listingsmith.config import Settings
from listingsmith.datasets import GoldRecord, category_attribute_names
from listingsmith.domain import Draft, Finding, Listing, ListingRecord, Severity, Status


def pair(gold: list[str], predicted: str | None, name: str = "Color", dataset: str = "d") -> Pair:
    return Pair(dataset, "r", "c", name, tuple(gold), predicted)


FIVE = [
    pair([], None),  # NN
    pair([], "red"),  # NV
    pair(["Red"], None),  # VN
    pair(["Red", "red color"], " RED "),  # VC (normalised)
    pair(["Navy Blue"], "Blue"),  # VW exact, VC relaxed
]


def test_outcomes_of_each_case() -> None:
    assert [outcome(p, exact_match) for p in FIVE] == ["NN", "NV", "VN", "VC", "VW"]
    assert [outcome(p, relaxed_match) for p in FIVE] == ["NN", "NV", "VN", "VC", "VC"]


def test_rates_by_hand() -> None:
    # precision = VC/(NV+VC+VW), recall = VC/(VN+VC+VW)
    assert rates(Counter(NN=5, NV=1, VN=2, VC=6, VW=1)) == {
        "precision": round(6 / 8, 4),
        "recall": round(6 / 9, 4),
        "f1": round(2 * (6 / 8) * (6 / 9) / (6 / 8 + 6 / 9), 4),
    }
    assert rates(Counter(NN=3)) == {"precision": 0.0, "recall": 0.0, "f1": 0.0}


def test_score_overall_relaxed_per_dataset_and_per_attribute() -> None:
    pairs = [*FIVE, pair([], None, name="Size")]  # "Size" has nothing but NN
    metrics = score(pairs)
    assert metrics["counts"] == {"NN": 2, "NV": 1, "VN": 1, "VC": 1, "VW": 1}
    assert (metrics["precision"], metrics["recall"], metrics["f1"]) == (0.3333, 0.3333, 0.3333)
    assert metrics["relaxed"] == {"precision": 0.6667, "recall": 0.6667, "f1": 0.6667}
    assert metrics["per_dataset"]["d"]["f1"] == 0.3333
    assert set(metrics["per_attribute"]) == {"d:Color", "d:Size"}
    assert metrics["per_attribute"]["d:Color"]["f1"] == 0.3333
    # The macro mean skips groups with only NN, as ExtractGPT does.
    assert metrics["macro"]["f1"] == 0.3333


def record(id_: str, category: str, gold: dict[str, list[str]]) -> GoldRecord:
    return GoldRecord(id_, "d", "title", "", category, gold, None)


def test_category_attribute_names() -> None:
    records = [
        record("1", "Lure", {"Weight": ["9g"], "Brand Name": ["X"]}),
        record("2", "Lure", {"Length": ["150mm"]}),
        record("3", "Shoes", {"Color": ["Black"]}),
    ]
    assert category_attribute_names(records) == {
        "Lure": ["Brand Name", "Length", "Weight"],
        "Shoes": ["Color"],
    }


def test_implicitave_records_are_asked_their_annotated_attribute_only() -> None:
    from evals.extract import names_by_record

    shirts = [
        record("implicitave:val-1", "Shirts", {"Sleeve Style": ["Short Sleeve"]}),
        record("implicitave:val-2", "Shirts", {"Neckline": ["V-Neck"]}),
    ]
    lures = [
        record("ae-110k:1", "Lure", {"Weight": ["9g"]}),
        record("ae-110k:2", "Lure", {"Length": ["150mm"]}),
    ]
    asked = names_by_record({"implicitave-val": shirts, "ae-110k": lures})
    # ImplicitAVE's protocol: each record its own annotated attribute (its train and val too).
    assert asked["implicitave:val-1"] == ["Sleeve Style"]
    assert asked["implicitave:val-2"] == ["Neckline"]
    # ExtractGPT's setting elsewhere: every name of the category.
    assert asked["ae-110k:1"] == asked["ae-110k:2"] == ["Length", "Weight"]


def finding(rule_id: str, severity: Severity, **extra: object) -> Finding:
    return Finding.model_validate(
        {
            "rule_id": rule_id,
            "severity": severity,
            "locale": "de-DE",
            "field": "title",
            "message": "m",
            **extra,
        }
    )


def test_listing_tally_per_locale() -> None:
    fact = finding("fact.quantity.unsupported", Severity.FIX, fixed=True)
    policy = finding("eu.gpsr.address", Severity.BLOCK, fix="none")
    outcome = ProductOutcome(
        "p1",
        [
            Listing(
                sku="p1",
                locale="de-DE",
                listing=Draft(title="t"),
                decision=ListingRecord(status=Status.HELD, attempts=1, findings=[fact, policy]),
            ),
            Listing(
                sku="p1",
                locale="en-US",
                listing=Draft(title="t"),
                decision=ListingRecord(status=Status.APPROVED, attempts=1),
            ),
        ],
        "new",
    )
    tally = listing_tally([outcome], Settings(), {})
    assert tally["de-DE"]["statuses"] == {"held": 1}
    assert tally["de-DE"]["fact_findings_per_listing"] == 1.0
    assert tally["de-DE"]["fact_findings_unfixed_per_listing"] == 0.0
    assert tally["de-DE"]["policy_pass_rate"] == 0.0
    assert tally["en-US"]["policy_pass_rate"] == 1.0


def test_eval_extract_without_model_end_to_end(tmp_path: Path) -> None:
    lines = [
        {
            "id": "t:1",
            "source": "s",
            "title": "SEAPESCA Minnow Fishing Lure 150mm 9g Hard Bait",
            "description": None,
            "category": "Lure",
            "attributes_gold": {"Length": "150mm", "Weight": "9g"},
            "image": None,
            "lang": "en",
        },
        {
            "id": "t:2",
            "source": "s",
            "title": "Shimano Spoon Lure 12g black",
            "description": None,
            "category": "Lure",
            "attributes_gold": {"Weight": ["12g", "12 g"]},
            "image": None,
            "lang": "en",
        },
        {
            "id": "t:3",
            "source": "s",
            "title": "Plain cotton shirt",
            "description": "Soft.",
            "category": "Shirts",
            "attributes_gold": {"Neckline": "Crew Neck"},
            "image": None,
            "lang": "en",
        },
    ]
    data = tmp_path / "tiny.jsonl"
    data.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(
        app, ["eval", str(data), "--task", "extract", "--no-model", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    metrics = json.loads((out / "metrics.json").read_text(encoding="utf-8"))
    for scores in (
        metrics,
        metrics["per_dataset"]["tiny"],
        metrics["per_attribute"]["tiny:Weight"],
    ):
        assert {"precision", "recall", "f1"} <= set(scores)
    # Lure asks Length and Weight of both lure records; Shirts asks Neckline.
    assert sum(metrics["counts"].values()) == 5
    assert metrics["per_attribute"]["tiny:Weight"]["counts"]["VC"] == 2
    assert metrics["model_calls_per_record"] == 0
    assert metrics["latency_per_record"]["mean_ms"] > 0
    assert metrics["settings"]["use_model"] is False
    page = (out / "report.html").read_text(encoding="utf-8")
    assert page.count("data:image/png;base64") == 3  # F1 per dataset, per attribute, reliability
    assert "Worst attributes" in page and "t:3" in page and "Calibration" in page
    assert metrics["normalized"]["f1"] >= metrics["f1"]
    assert (
        metrics["calibration"]["all"]["values"] == metrics["counts"]["VC"] + metrics["counts"]["VW"]
    )


def test_vocabulary_keeps_values_right_often_enough_where_found() -> None:
    from evals.build_vocabulary import build

    def shoe(id_: str, title: str, gold: dict[str, list[str]]) -> GoldRecord:
        return GoldRecord(id_, "d", title, "", "Shoes", gold, None)

    records = [
        shoe("1", "Crocs Clog, Lime, 9 M US", {"Color": ["Lime"], "Brand": ["Crocs"]}),
        shoe("2", "Crocs Clog, Lime, 10 M US", {"Color": ["Lime"], "Brand": ["Crocs"]}),
        shoe("3", "Navy sandal, lime print, 8 M US", {"Color": ["Navy"], "Brand": ["Teva"]}),
        shoe("4", "Navy sandal 7 M US", {"Color": ["Navy"], "Brand": ["Teva"]}),
    ]
    content = build(records)
    # "lime": found 3 times, right twice; "navy": found twice, right twice.
    assert content["values"]["color"] == {"lime": round(2 / 3, 3), "navy": 1.0}
    assert content["brands"] == {"crocs": 1.0}  # "Teva" never appears in a title
    assert content["kinds"]["brand"]["first_word"] == 0.5


def test_bad_dataset_lines_are_named_and_skipped(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    from listingsmith.datasets import read_dataset

    data = tmp_path / "bad.jsonl"
    good = {"id": "b:2", "title": "Lure 9g", "attributes_gold": {"Weight": 9}}
    data.write_text(
        "{not json\n" + json.dumps({"id": "b:1", "title": ""}) + "\n" + json.dumps(good) + "\n",
        encoding="utf-8",
    )
    records = read_dataset(data)
    assert [(r.id, r.gold) for r in records] == [("b:2", {"Weight": ["9"]})]
    assert "bad.jsonl line 1" in caplog.text
    assert "line 2 (id b:1): field 'title'" in caplog.text


def test_model_answers_join_the_rules_and_a_bad_answer_does_not_stop_the_batch() -> None:
    import asyncio

    from langchain_core.language_models.fake import FakeListLLM

    from evals.extract import _run_with_model, pairs_of
    from listingsmith.config import Settings
    from listingsmith.serving.client import ModelClient

    records = [
        GoldRecord("m:1", "d", "SEAPESCA Minnow Lure 150mm 9g", "", "Lure", {}, None),
        GoldRecord("m:2", "d", "Spoon Lure 12g", "", "Lure", {}, None),
    ]
    names = ["Brand Name", "Weight"]
    answers = [json.dumps({"Brand Name": "SEAPESCA", "Weight": None})] + ["not json"] * 3
    settings = Settings(max_model_concurrency=1)
    client = ModelClient(FakeListLLM(responses=answers), "fake", 1)
    asked = {r.id: names for r in records}
    results = asyncio.run(_run_with_model(records, asked, client, settings))
    first, second = results
    assert first.chosen["Brand Name"].value == "SEAPESCA"
    assert first.chosen["Weight"].value == "9g"  # the rules still answer what the model left out
    assert first.errors == []
    assert second.chosen["Weight"].value == "12g"
    assert second.errors and second.errors[0].startswith("m:2: model:")
    assert client.usage.calls == 4
    assert len(pairs_of(results)) == 4


def test_vocabulary_asks_names_per_dataset() -> None:
    from evals.build_vocabulary import _records_by_name

    records = [
        GoldRecord("1", "oa", "Clog 9 M US", "", "Shoes", {"Size": ["9 M US"]}, None),
        GoldRecord("2", "implicit", "Boot 8 M US", "", "Shoes", {"Boot Style": ["Combat"]}, None),
    ]
    # The same category name in another dataset is not asked for that dataset's names.
    by_name = _records_by_name(records)
    assert [r.id for r in by_name["size"]] == ["1"]
    assert [r.id for r in by_name["boot style"]] == ["2"]


def test_a_bad_photo_is_reported_and_the_text_still_answers(tmp_path: Path) -> None:
    from evals.extract import _rules_only
    from listingsmith.config import Settings

    broken = tmp_path / "broken.jpg"
    broken.write_bytes(b"not an image")
    item = GoldRecord("p:1", "d", "Crocs Clog, black, 9 M US", "", "Shoes", {}, broken)
    result = _rules_only(item, ["Color", "Size"], Settings())
    assert result.chosen["Size"].value == "9 M US"
    assert result.errors and result.errors[0].startswith("p:1: image broken.jpg:")


def test_a_sample_is_seeded_spread_over_the_file_and_kept_in_file_order() -> None:
    records = [GoldRecord(f"r:{i}", "s", f"t{i}", "", f"c{i // 10}", {}, None) for i in range(100)]
    first = sampled(records, 10, seed=7)
    assert first == sampled(records, 10, seed=7)
    assert first != sampled(records, 10, seed=8)
    assert [r.id for r in first] == sorted((r.id for r in first), key=lambda i: int(i[2:]))
    assert len({r.category for r in first}) > 1  # the first 10 records are one category
    assert sampled(records, 500, seed=7) == records
    assert sampled(records, None, seed=7) == records


def test_eval_sample_flag_is_recorded(tmp_path: Path) -> None:
    data = tmp_path / "tiny.jsonl"
    data.write_text(
        "".join(
            json.dumps(
                {
                    "id": f"t:{i}",
                    "source": "s",
                    "title": f"Lure {i}g",
                    "category": "Lure",
                    "attributes_gold": {"Weight": f"{i}g"},
                }
            )
            + "\n"
            for i in range(1, 9)
        ),
        encoding="utf-8",
    )
    out = tmp_path / "out"
    args = [
        "eval",
        str(data),
        "--task",
        "extract",
        "--no-model",
        "--sample",
        "3",
        "--out",
        str(out),
    ]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    metrics = json.loads((out / "metrics.json").read_text(encoding="utf-8"))
    assert metrics["settings"]["records"] == 3
    assert metrics["settings"]["sample"] == 3 and metrics["settings"]["sample_seed"] == 7


def test_normalized_scores_compare_canonical_forms() -> None:
    pairs = [pair(["16 oz"], "1 lb"), pair(["X-Large"], "XL"), pair(["Red"], "Blue")]
    assert [outcome(p, normalized_match) for p in pairs] == ["VC", "VC", "VW"]
    metrics = score(pairs)
    assert metrics["f1"] == 0.0
    assert metrics["normalized"]["f1"] == round(2 / 3, 4)
    assert metrics["normalized_counts"] == {"NN": 0, "NV": 0, "VN": 0, "VC": 2, "VW": 1}


def test_an_exact_match_is_always_a_normalized_match() -> None:
    # Canonical forms may read a quantity in one form and not in another case of it.
    for predicted, gold in [("500 GB", ["500 gb"]), ("Large", ["large"]), (" RED ", ["Red"])]:
        assert exact_match(predicted, gold) and normalized_match(predicted, gold)


def test_reliability_bins_and_expected_calibration_error_by_hand() -> None:
    curve = reliability([(0.95, True), (0.95, True), (0.15, False), (0.15, True)], bins=10)
    assert [(b["values"], b["confidence"], b["right"]) for b in curve["bins"]] == [
        (2, 0.15, 0.5),
        (2, 0.95, 1.0),
    ]
    assert curve["ece"] == round((2 * 0.35 + 2 * 0.05) / 4, 4)
    assert reliability([(1.0, True)])["bins"][0]["bin"] == [0.9, 1.0]
    assert reliability([]) == {"bins": [], "ece": 0.0, "values": 0}


def test_kept_model_answers_are_replayed_without_a_model_for_the_same_prompt(
    tmp_path: Path,
) -> None:
    import asyncio

    from langchain_core.language_models.fake import FakeListLLM

    from evals.extract import _run_with_model, extract_records, served_model
    from evals.model_answers import ModelAnswers
    from listingsmith.serving.client import ModelClient

    gold = {"Brand Name": ["SEAPESCA"], "Weight": ["9g"]}
    records = [GoldRecord("m:1", "d", "SEAPESCA Minnow Lure 150mm 9g", "", "Lure", gold, None)]
    names = ["Brand Name", "Weight"]
    settings = Settings(max_model_concurrency=1)
    client = ModelClient(FakeListLLM(responses=['{"Brand Name":"SEAPESCA","Weight":null}']), "f", 1)
    kept = ModelAnswers()
    asyncio.run(_run_with_model(records, {"m:1": names}, client, settings, kept))
    assert [e["id"] for e in kept.given] == ["m:1"]
    assert kept.given[0]["model"] == served_model(client)
    kept.write(tmp_path / "answers.jsonl")
    replayed = ModelAnswers(tmp_path / "answers.jsonl")
    # Every record has a kept answer of one model: no server is started (connect would fail).
    results, usage = extract_records({"d": records}, settings, True, replayed)
    assert results[0].chosen["Brand Name"].value == "SEAPESCA"
    assert usage["replayed"] is True and usage["model_calls"] == 1
    # The usage names the served model as a run with the model does, and the adapter apart.
    assert (usage["model"], usage["adapter"]) == ("f", client.model_for("extract"))
    # Another prompt (another category) is not the same question: nothing is replayed.
    other = GoldRecord("m:1", "d", "SEAPESCA Minnow Lure 150mm 9g", "", "Bait", gold, None)
    from evals.extract import _replayed

    assert _replayed([other], {"m:1": names}, settings, replayed) is None


def test_fusion_goes_model_first_where_the_model_won_the_disagreements() -> None:
    from evals.build_fusion import ALL, build

    counts = {
        ALL: Counter(model=9, rules=5, neither=3),
        "brand": Counter(rules=4, model=1),  # differs from the default: listed
        "material": Counter(model=3),  # agrees with the default: not listed
        "splash": Counter(rules=2),  # too few to leave the default
        # A tie is no evidence against the default (it once put "flavor" rules-first on a
        # 2-2 tune part, and the check part lost by it).
        "flavor": Counter(rules=2, model=2, neither=1),
    }
    built = build(counts, min_support=3)
    assert built["model_first"] == {"default": True, "names": {"brand": False}}
    assert build({ALL: Counter(rules=2, model=2)})["model_first"]["default"] is False


def test_the_vocabulary_never_learns_from_the_held_out_folds() -> None:
    from evals.build_tagger import fold_of
    from evals.build_vocabulary import learnable
    from listingsmith.attributes.tagger import spec

    records = [GoldRecord(f"oa-mine:{i}", "oa", "t", "", None, {}, None) for i in range(60)]
    kept = learnable(records)
    assert kept and len(kept) < len(records)
    assert all(fold_of(r) not in spec()["heldout_folds"] for r in kept)


def test_dev_records_fall_in_a_stable_tune_or_check_part() -> None:
    from evals.extract_errors import error_kind, part_of

    records = [GoldRecord(f"wdc-pave:{i}", "w", "t", "", None, {}, None) for i in range(40)]
    parts = Counter(part_of(r) for r in records)
    assert set(parts) == {"tune", "check"} and part_of(records[0]) == part_of(records[0])
    assert error_kind(["Navy Blue"], "Blue") == "span"
    assert error_kind(["16 oz"], "1 lb") == "normalisation"
    assert error_kind([], "red") == "hallucinated" and error_kind(["Red"], None) == "missed"


def test_an_answer_lost_to_a_failed_connection_is_not_kept_for_a_replay() -> None:
    import asyncio

    import httpx
    import openai

    from evals.extract import _run_with_model
    from evals.model_answers import ModelAnswers

    class Unreachable:
        model_id = "m"

        def model_for(self, task: str) -> str:
            return "extract"

        async def complete_json(self, *args: object, **kwargs: object) -> None:
            raise openai.APIConnectionError(request=httpx.Request("POST", "http://x"))

    records = [GoldRecord("m:1", "d", "SEAPESCA Lure 9g", "", "Lure", {"Weight": ["9g"]}, None)]
    kept = ModelAnswers()
    settings = Settings(max_model_concurrency=1, model_output_retries=0)
    (result,) = asyncio.run(
        _run_with_model(records, {"m:1": ["Weight"]}, Unreachable(), settings, kept)  # type: ignore[arg-type]
    )
    assert result.errors and result.chosen["Weight"].value == "9g"
    assert kept.given == []
