"""`eval --task policies`: labelled cases through `policies check`'s code; recall and false
alarms per regime, language, variant and regime x variant; the learned detector apart."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from evals.policies import LEARNED, Outcome, labelled, learned_tally, tally
from listingsmith.cli import app

BLOCKED_ZH = {"title": "最佳保温杯", "description": "不锈钢保温杯"}
PLAIN_ZH = {"title": "不锈钢保温杯", "description": "保温杯, 500 毫升"}


def case(listing: dict[str, Any], locale: str = "zh-CN", **labels: Any) -> dict[str, Any]:
    return {"id": labels.pop("id", "c"), "locale": locale, "marketplace": "amazon",
            "listing": listing, **labels}  # fmt: skip


CORPUS = [
    case(BLOCKED_ZH, id="plain", regime="cn-adlaw", language="zh", variant="plain", violation=True,
         source="广告法 第九条第三项 https://example.org"),
    case(PLAIN_ZH, id="ordinary", regime="cn-adlaw", language="zh", variant="ordinary",
         violation=False),
    # A third party's labels: category naming the regime, label/expected_violation, near-miss.
    case(BLOCKED_ZH, id="aliased", category="cn-adlaw", label="violation", variant="plain"),
    case(PLAIN_ZH, id="control", category="cn-adlaw", expected_violation=False,
         variant="near-miss"),
    # A violation of a regime that fires nothing here: a miss.
    case(PLAIN_ZH, id="missed", regime="cn-adlaw", variant="evasion", violation=True),
    # Another regime's finding fires on a control: not a false alarm of this case's regime.
    case(BLOCKED_ZH, id="other", regime="jp-yakki", language="ja", variant="near_miss",
         violation=False),
    case(PLAIN_ZH, locale="zh", id="bad-locale", regime="cn-adlaw", violation=True),
    case(PLAIN_ZH, id="no-label", regime="cn-adlaw"),
]  # fmt: skip


def test_eval_policies_reports_recall_and_false_alarms_per_group(tmp_path: Path) -> None:
    corpus = tmp_path / "cases.jsonl"
    corpus.write_text("\n".join(json.dumps(c, ensure_ascii=False) for c in CORPUS) + "\n")
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["eval", str(corpus), "--task", "policies", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "regime and variant" in result.output and "learned detector" in result.output
    metrics = json.loads((out / "metrics.json").read_text())
    assert (out / "report.html").is_file()
    groups = metrics["groups"]
    assert groups["regime cn-adlaw"] == {
        "cases": 5, "violations": 3, "caught": 2, "recall": 2 / 3,
        "controls": 2, "false_alarms": 0, "false_alarm_rate": 0.0,
    }  # fmt: skip
    assert groups["cn-adlaw|plain"]["recall"] == 1.0 and groups["cn-adlaw|plain"]["cases"] == 2
    assert groups["cn-adlaw|evasion"]["recall"] == 0.0
    assert groups["cn-adlaw|near_miss"]["controls"] == 1
    assert groups["regime jp-yakki"]["false_alarms"] == 0  # cn-adlaw fired, not jp-yakki
    assert groups["language ja"]["cases"] == 1 and groups["language zh"]["cases"] == 5
    assert groups["variant near_miss"]["controls"] == 2
    assert [m["id"] for m in metrics["misses"]] == ["missed"]
    assert metrics["bad_cases"] == 2
    errors = [b["error"] for b in metrics["bad_case_lines"]]
    assert errors[0] == "line 7, field locale: locale 'zh' has no region: say zh-CN or zh-SG"
    assert errors[1].startswith("line 8, field violation: missing")
    assert metrics["learned"]["paraphrase_cases"] == 0


def test_a_category_naming_the_regime_is_not_the_products_category() -> None:
    labels, line = labelled(case(PLAIN_ZH, category="cn-adlaw", label="control"))
    assert labels == {"regime": "cn-adlaw", "language": "zh", "variant": "unlabelled",
                      "violation": False}  # fmt: skip
    assert "category" not in line
    labels, line = labelled(case(PLAIN_ZH, regime="cn-adlaw", category="Kitchen", violation=True))
    assert labels["regime"] == "cn-adlaw" and line["category"] == "Kitchen"


@pytest.mark.parametrize("value", ["maybe", 1, None])
def test_a_label_that_is_not_one_is_refused(value: Any) -> None:
    with pytest.raises(ValueError, match=r"field (label|violation)"):
        labelled(case(PLAIN_ZH, regime="cn-adlaw", label=value))


def outcome(variant: str, violation: bool, learned: bool, *fired: str) -> Outcome:
    return Outcome("x", "us-green-guides", "en", variant, violation, frozenset(fired), learned)


def test_the_learned_detector_is_reported_apart_from_the_regimes() -> None:
    outcomes = [
        outcome("paraphrase", True, True),
        outcome("paraphrase", True, False),
        outcome("paraphrase", False, True),
        outcome("paraphrase", True, True, "us-green-guides"),
        outcome("near_miss", False, True),
        outcome("ordinary", False, False),
    ]
    learned = learned_tally(outcomes)
    assert learned["precision"] == 2 / 3 and learned["recall"] == 2 / 3
    assert learned["controls"] == 3 and learned["false_alarms"] == 2
    assert tally(outcomes)["caught"] == 1  # learned findings never count for the regime
    assert LEARNED == "learned."


def test_a_disclosure_appended_from_the_products_own_data_is_not_an_alarm() -> None:
    from evals.policies import _alarm

    appended = {"rule_id": "eu-gpsr.art19.manufacturer", "fix": "append", "suggested_fix": "M: X."}
    missing = {"rule_id": "eu-gpsr.art19.manufacturer", "fix": "none", "suggested_fix": None}
    learned = {"rule_id": "learned.environmental-claim", "fix": "none", "suggested_fix": None}
    assert not _alarm(appended) and _alarm(missing) and not _alarm(learned)
