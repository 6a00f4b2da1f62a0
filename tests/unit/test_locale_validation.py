"""Locales are validated wherever they enter: settings, the CLI, the JSON and upload routes."""

from pathlib import Path

import pytest
from babel import Locale
from fastapi.testclient import TestClient
from pydantic import ValidationError
from typer.testing import CliRunner

from listingsmith.cli import app
from listingsmith.config import Settings
from listingsmith.domain import locale_tag, locale_tags
from listingsmith.lexicons import load
from listingsmith.locale.langid import identify
from listingsmith.prompts import load_prompt
from tests.unit.fakes import BOTTLE
from tests.unit.test_api import as_, service  # noqa: F401 (the service fixture)

BAD = ["xx-YY", "../", "<script>", "", "de_DE", "de-DE-1996", "x" * 500]


def test_supported_locales_are_canonical_tags() -> None:
    assert locale_tag("de-de") == "de-DE"
    assert locale_tag("ZH-cn") == "zh-CN"
    assert locale_tags(["en-US", "ja-jp"]) == ["en-US", "ja-JP"]


@pytest.mark.parametrize("tag", BAD)
def test_a_bad_locale_is_refused_in_one_line_naming_it(tag: str) -> None:
    with pytest.raises(ValueError) as refused:
        locale_tag(tag)
    message = str(refused.value)
    assert "\n" not in message and repr(tag[:40])[:-1] in message and len(message) < 200


def test_a_locale_given_twice_is_refused() -> None:
    with pytest.raises(ValueError, match="de-DE is given twice"):
        locale_tags(["de-DE", "de-de"])


def test_settings_refuse_a_bad_locale(monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(ValidationError, match="xx-YY"):
        Settings(locales=["en-US", "xx-YY"])
    monkeypatch.setenv("LISTINGSMITH_LOCALES", '["../"]')
    with pytest.raises(ValidationError, match="well-formed"):
        Settings()


@pytest.mark.parametrize("given", ["en-US,xx-YY", "../", "<script>", "de-DE,de-DE"])
def test_cli_run_refuses_a_bad_locale_before_anything_runs(tmp_path: Path, given: str) -> None:
    catalog = tmp_path / "catalog.jsonl"
    catalog.write_text(BOTTLE.model_dump_json() + "\n")
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["run", str(catalog), "--out", str(out), "--locales", given])
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: locale")
    assert not out.exists()


def test_cli_run_names_a_bad_locale_setting(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    catalog = tmp_path / "catalog.jsonl"
    catalog.write_text(BOTTLE.model_dump_json() + "\n")
    monkeypatch.setenv("LISTINGSMITH_LOCALES", '["xx-YY"]')
    result = CliRunner().invoke(app, ["run", str(catalog), "--out", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert result.output.strip().startswith("error: setting locales:")
    assert "xx-YY" in result.output and len(result.output.strip().splitlines()) == 1


@pytest.mark.parametrize("tag", ["xx-YY", "../", "<script>"])
def test_the_json_route_refuses_a_bad_locale_naming_the_field(
    service: TestClient,  # noqa: F811
    tag: str,
) -> None:
    body = {"products": [BOTTLE.model_dump(mode="json")], "locales": ["de-DE", tag]}
    response = service.post("/v1/jobs", headers=as_("k-acme"), json=body)
    assert response.status_code == 422
    detail = response.json()["detail"][0]
    assert detail["loc"][:2] == ["body", "locales"] and tag[:5] in detail["msg"]
    assert service.get("/v1/jobs", headers=as_("k-acme")).json() == []


@pytest.mark.parametrize("given", ["xx-YY", "de-DE,../", "<script>", "de-DE,de-DE"])
def test_the_upload_route_refuses_a_bad_locale_naming_the_field(
    service: TestClient,  # noqa: F811
    given: str,
) -> None:
    response = service.post(
        "/v1/jobs/upload",
        headers=as_("k-acme"),
        files={"file": ("catalog.jsonl", BOTTLE.model_dump_json() + "\n")},
        data={"locales": given},
    )
    assert response.status_code == 422
    detail = response.json()["detail"]
    assert detail["field"] == "locales" and detail["message"].startswith("locale")
    assert service.get("/v1/jobs", headers=as_("k-acme")).json() == []


@pytest.mark.parametrize("tag", load("locales"))
def test_every_supported_locale_is_known_to_babel_prompts_and_language_id(tag: str) -> None:
    locale = Locale.parse(tag, sep="-")
    assert f"{locale.language}-{locale.territory}" == tag
    prompt = load_prompt("localize")
    examples = {"en": prompt["english"], **{k: v["pairs"] for k, v in prompt["languages"].items()}}
    assert locale.language in examples  # a translation prompt, or the pivot language
    assert identify(" ".join(examples[locale.language])).language == locale.language
