"""POST /v1/assist/check: the deterministic checks on a listing being written, for any role;
bad or oversized requests are one-line 422s naming the field."""

import json
from pathlib import Path

import pytest
import yaml
from fastapi.testclient import TestClient

from listingsmith.api.app import create_app
from listingsmith.config import Settings
from tests.unit.fakes import fake_model
from tests.unit.test_api import KEYS, as_

CLEAN = {
    "title": "Pailo Kitchen Spray Cleaner, Lemon Scent, 500 ml",
    "bullets": ["Cuts through grease on counters and stovetops"],
    "description": "An all-purpose kitchen spray for everyday cleaning.",
    "keywords": ["kitchen cleaner"],
}


@pytest.fixture
def client(tmp_path: Path):
    keys = tmp_path / "keys.yaml"
    keys.write_text(yaml.safe_dump({"keys": [{"key": k, **v} for k, v in KEYS.items()]}))
    settings = Settings(service_dir=tmp_path / "service", api_keys_file=keys)
    model = fake_model([])
    with TestClient(create_app(settings, llm=lambda http: (model, "fake-model"))) as client:
        yield client


def check(client: TestClient, key: str = "k-acme", **changes):
    body = {"locale": "en-US", "marketplace": "amazon", "listing": dict(CLEAN), **changes}
    return client.post("/v1/assist/check", headers=as_(key), json=body)


def test_a_clean_listing_has_no_blocking_finding_for_any_role(client) -> None:
    for key in ("k-acme", "k-rev", "k-aud", "k-admin"):
        answer = check(client, key)
        assert answer.status_code == 200
        assert [f for f in answer.json()["findings"] if f["severity"] == "block"] == []


def test_a_pesticide_claim_is_found_with_its_field_and_span(client) -> None:
    bullet = "Kills germs and viruses"
    answer = check(client, listing={**CLEAN, "bullets": [CLEAN["bullets"][0], bullet]})
    findings = [f for f in answer.json()["findings"] if f["field"] == "bullets[1]"]
    assert findings and findings[0]["rule_id"] and findings[0]["severity"] == "block"
    start, end = findings[0]["span"]
    assert bullet[start:end].lower() in bullet.lower() and end > start


def test_a_claim_against_the_stated_facts_is_found(client) -> None:
    listing = {**CLEAN, "title": "Pailo Kitchen Spray Cleaner, Lemon Scent, 750 ml"}
    stated = check(client, listing=listing, facts={"volume": "500 ml"}).json()["findings"]
    agreed = check(client, listing=listing, facts={"volume": "750 ml"}).json()["findings"]
    assert any(f["field"] == "title" and "750" in f["message"] for f in stated), stated
    assert not any(f["field"] == "title" and "750" in f["message"] for f in agreed), agreed


def test_no_key_is_401(client) -> None:
    body = {"locale": "en-US", "marketplace": "amazon", "listing": CLEAN}
    assert client.post("/v1/assist/check", json=body).status_code == 401


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"locale": "xx"}, "locale"),
        ({"marketplace": "nowhere"}, "marketplace"),
        ({"listing": {**CLEAN, "title": 5}}, "listing.title"),
        ({"listing": {**CLEAN, "bullets": "one"}}, "listing.bullets"),
        ({"listing": {**CLEAN, "title": "x" * 5000}}, "listing.title"),
        ({"listing": {**CLEAN, "bullets": ["b"] * 500}}, "listing.bullets"),
        ({"listing": {**CLEAN, "description": "d" * 30_000}}, "listing.description"),
        ({"facts": {"volume": {"nested": 1}}}, "facts"),
        ({"extra": 1}, "extra"),
    ],
)
def test_bad_input_is_a_one_line_422_naming_the_field(client, changes, field) -> None:
    answer = check(client, **changes)
    assert answer.status_code == 422
    detail = answer.json()["detail"]
    assert isinstance(detail, str) and "\n" not in detail and detail.startswith(field), detail


def test_a_body_that_is_not_json_is_a_422(client) -> None:
    answer = client.post(
        "/v1/assist/check",
        headers={**as_("k-rev"), "content-type": "application/json"},
        content=b"{not json",
    )
    assert answer.status_code == 422 and answer.json()["detail"].startswith("body:")


@pytest.mark.parametrize("number", ["NaN", "Infinity", "-Infinity"])
def test_a_fact_that_is_no_finite_number_is_a_422(client, number: str) -> None:
    body = json.dumps({"locale": "en-US", "marketplace": "amazon", "listing": CLEAN})
    body = body[:-1] + f', "facts": {{"volume": {number}}}}}'
    answer = client.post(
        "/v1/assist/check",
        headers={**as_("k-acme"), "content-type": "application/json"},
        content=body.encode(),
    )
    assert answer.status_code == 422, answer.text
    detail = answer.json()["detail"]
    assert detail.startswith("facts") and "'volume'" in detail and "not a number" in detail
