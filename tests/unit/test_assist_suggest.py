"""POST /v1/assist/suggest: a proposal for one field, by data where data can do it, else by the
(fake) model; the checks judge it and a failing proposal comes back with its findings."""

from pathlib import Path

import pytest
import yaml
from fastapi.testclient import TestClient

from listingsmith.api.app import create_app
from listingsmith.api.suggest import SuggestRequest, suggest_prompt
from listingsmith.config import Settings
from listingsmith.prompts import load_prompt
from tests.unit.fakes import fake_model
from tests.unit.test_api import KEYS, as_
from tests.unit.test_assist_api import CLEAN


def service(tmp_path: Path, answers: list[str]):
    keys = tmp_path / "keys.yaml"
    keys.write_text(yaml.safe_dump({"keys": [{"key": k, **v} for k, v in KEYS.items()]}))
    settings = Settings(service_dir=tmp_path / "service", api_keys_file=keys)
    model = fake_model(answers)
    return TestClient(create_app(settings, llm=lambda http: (model, "fake-model"))), model


def suggest(client: TestClient, **changes):
    body = {
        "locale": "en-US",
        "marketplace": "amazon",
        "field": "bullets[0]",
        "text": CLEAN["bullets"][0],
        "instruction": "more formal",
        "listing": CLEAN,
        **changes,
    }
    return client.post("/v1/assist/suggest", headers=as_("k-rev"), json=body)


def test_a_clean_model_proposal_is_clean_and_the_prompt_carries_the_audience(tmp_path) -> None:
    client, model = service(tmp_path, ["Removes grease from counters and stovetops"])
    with client:
        answer = suggest(client, audience="pro").json()
    assert answer["proposal"] == "Removes grease from counters and stovetops"
    assert answer["source"] == "model" and answer["clean"] is True
    assert "Make it more formal." in model.prompts[-1] and "Written for:" in model.prompts[-1]


def test_the_prompt_shows_worked_examples_before_the_request() -> None:
    """Without examples the embedded base model answered every request with an empty line."""
    request = SuggestRequest(
        locale="de-DE", marketplace="amazon.de", field="title", text="A  b", instruction="shorter"
    )
    prompt = suggest_prompt(request)
    demonstrations = load_prompt("suggest")["demonstrations"]
    assert all(f"Rewritten: {d['rewritten']}" in prompt for d in demonstrations)
    assert prompt.endswith("Language: de\nRequest: Make it shorter.\nText: A b\nRewritten:")


def test_a_proposal_that_fails_the_checks_comes_back_with_its_findings(tmp_path) -> None:
    client, _ = service(tmp_path, ["Kills germs and viruses on every counter"])
    with client:
        answer = suggest(client).json()
    assert answer["clean"] is False
    assert answer["findings"] and {f["field"] for f in answer["findings"]} == {"bullets[0]"}


def test_shorter_keywords_and_bullets_come_from_data_without_the_model(tmp_path) -> None:
    client, model = service(tmp_path, [])
    with client:
        words = suggest(client, field="keywords", text="a, b, a, c", instruction="shorter")
        long = "Cuts through grease on counters, stovetops and sinks"
        bullet = suggest(client, text=long, instruction="shorter")
    assert words.json()["proposal"] == "a, b, c" and words.json()["source"] == "data"
    assert bullet.json()["proposal"] == "Cuts through grease on counters"
    assert model.prompts == []


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"field": "price"}, "field"),
        ({"instruction": "x" * 500}, "instruction"),
        ({"instruction": ""}, "instruction"),
        ({"audience": "pirates"}, "audience"),
        ({"text": "t" * 30_000}, "text"),
        ({"text": ["list"]}, "text"),
        ({"listing": {**CLEAN, "title": "x" * 5000}}, "listing.title"),
    ],
)
def test_bad_input_is_a_one_line_422_naming_the_field(tmp_path, changes, field) -> None:
    client, model = service(tmp_path, [])
    with client:
        answer = suggest(client, **changes)
    detail = answer.json()["detail"]
    assert answer.status_code == 422 and isinstance(detail, str) and "\n" not in detail
    assert detail.startswith(field), detail
    assert model.prompts == []
