import json
from pathlib import Path

from typer.testing import CliRunner

from listingsmith.cli import app


def test_policies_test_runs_every_example() -> None:
    result = CliRunner().invoke(app, ["policies", "test"])
    assert result.exit_code == 0, result.output
    assert " 0 failed" in result.output


def test_policies_check_prints_findings_and_exits_2_on_a_block(tmp_path: Path) -> None:
    listing = tmp_path / "listing.json"
    listing.write_text(json.dumps({"title": "最佳保温杯", "description": "不锈钢保温杯"}))
    result = CliRunner().invoke(
        app, ["policies", "check", str(listing), "--locale", "zh-CN", "--json"]
    )
    assert result.exit_code == 2
    body = json.loads(result.output)
    assert body["verdict"] == "blocked"
    assert [f["rule_id"] for f in body["findings"]] == ["cn-adlaw.art9-3.superlatives"]
    assert "cn-adlaw@2026.11" in body["packs"]


def test_policies_list_filters_by_locale() -> None:
    result = CliRunner().invoke(app, ["policies", "list", "--locale", "en-US"])
    assert result.exit_code == 0
    assert "us-ftc" in result.output and "jp-keihyo" not in result.output
