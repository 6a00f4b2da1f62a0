"""What an error response says: a body with NaN or Infinity (which Python's JSON reader takes)
is a 422 naming the field, never a 500; a refused body is never echoed back; and no message
names the server's folders."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tests.unit.test_api import as_
from tests.unit.test_api_experiments import finished_job
from tests.unit.test_api_experiments import service as service  # a fixture

JSON = {"content-type": "application/json"}


@pytest.mark.parametrize(
    ("route", "key", "body", "field"),
    [
        ("/v1/jobs", "k-acme", b'{"products": [], "locales": NaN}', "locales"),
        ("/v1/jobs", "k-acme", b'{"products": Infinity, "locales": ["de-DE"]}', "products"),
        ("/v1/review/j1/SKU/de-DE", "k-rev", b'{"action": NaN}', "action"),
        (
            "/v1/review/j1/SKU/de-DE",
            "k-rev",
            b'{"action": "edit", "listing": {"title": NaN}}',
            "listing",
        ),
    ],
)
def test_a_body_with_nan_is_a_422_naming_the_field(
    service: TestClient, route: str, key: str, body: bytes, field: str
) -> None:
    answer = service.post(route, headers={**as_(key), **JSON}, content=body)
    assert answer.status_code == 422, answer.text
    assert any(field in problem["loc"] for problem in answer.json()["detail"])


def test_a_refused_body_is_not_echoed(service: TestClient) -> None:
    body = b'{"products": [], "locales": "' + b"x" * 1_000_000 + b'"}'
    answer = service.post("/v1/jobs", headers={**as_("k-acme"), **JSON}, content=body)
    assert answer.status_code == 422 and len(answer.content) < 2_000
    assert {"type", "loc", "msg"} == set(answer.json()["detail"][0])


def test_no_error_names_the_servers_folder(service: TestClient, tmp_path: Path) -> None:
    job = finished_job(service)
    promoted = service.post(
        f"/v1/jobs/{job}/experiments/nothing/promote", headers=as_("k-acme"), json={}
    )
    decided = service.post(
        f"/v1/review/{job}/NO-SUCH/de-DE", headers=as_("k-rev"), json={"action": "approve"}
    )
    for answer in (promoted, decided):
        assert answer.status_code in (404, 422), answer.text
        assert str(tmp_path) not in answer.text and str(tmp_path.resolve()) not in answer.text
    assert f"jobs/{job}" in promoted.json()["detail"]
