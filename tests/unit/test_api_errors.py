"""What an error response says: a body with NaN or Infinity (which Python's JSON reader takes)
is a 422 naming the field, never a 500; a refused body is never echoed back; and no message
names the server's folders."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from fastapi.testclient import TestClient

from listingsmith.api.app import create_app
from listingsmith.api.errors import without_server_paths
from listingsmith.config import Settings
from tests.unit.fakes import FakeModel
from tests.unit.test_api import KEYS, as_, submit, wait_done
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


class FailsNamingPaths(FakeModel):
    """A model client whose failure names a file of the service's folder and one elsewhere on
    the server, and a URL with its password."""

    where: str = ""

    def _call(self, prompt: str, *args: Any, **kwargs: Any) -> str:
        said = f"no such file (the model at {SERVER_FILE}; https://u:pw-9d1e@gpu.example/v1)"
        raise FileNotFoundError(2, said, self.where)


SERVER_FILE = "/var/lib/listingsmith-models/gemma-3/tokenizer.json"


@pytest.fixture
def failing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """The service with a model whose every call fails naming server paths."""
    monkeypatch.setenv("LISTINGSMITH_AUDIT_SIGNING_KEY", str(tmp_path / "key"))
    keys = tmp_path / "keys.yaml"
    keys.write_text(yaml.safe_dump({"keys": [{"key": k, **v} for k, v in KEYS.items()]}))
    settings = Settings(service_dir=tmp_path / "service", api_keys_file=keys, max_attempts=1)
    model = FailsNamingPaths(responses=[], where=str(tmp_path / "service" / "jobs" / "p.png"))
    app = create_app(settings, llm=lambda client: (model, "fake-model"))
    with TestClient(app) as client:
        yield client


def assert_no_server_path(text: str, tmp_path: Path) -> None:
    for secret in (str(tmp_path), str(tmp_path.resolve()), "/var/lib", "pw-9d1e"):
        assert secret not in text, (secret, text)


def test_a_failed_product_names_no_server_path_or_secret(
    failing: TestClient, tmp_path: Path
) -> None:
    job = submit(failing, "k-acme")
    body = wait_done(failing, job, "k-acme")
    said = body["report"]["failed_products"]["BOTTLE-1"]
    assert "FileNotFoundError" in said and "p.png" in said and "tokenizer.json" in said, said
    for answer in (
        failing.get(f"/v1/jobs/{job}", headers=as_("k-acme")),
        failing.get("/v1/jobs", headers=as_("k-acme")),
        failing.get(f"/v1/jobs/{job}/listings", headers=as_("k-acme")),
    ):
        assert answer.status_code == 200 and "FileNotFoundError" in answer.text, answer.text
        assert_no_server_path(answer.text, tmp_path)


def test_a_failed_job_names_no_server_path(
    service: TestClient, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def broken(*args: Any, **kwargs: Any) -> None:
        raise PermissionError(13, "Permission denied", str(tmp_path / "service" / "memory.sqlite"))

    monkeypatch.setattr("listingsmith.api.jobs.run_job", broken)
    job = submit(service, "k-acme")
    body = wait_done(service, job, "k-acme")
    assert body["status"] == "failed" and "memory.sqlite" in body["error"], body
    for answer in (
        service.get(f"/v1/jobs/{job}", headers=as_("k-acme")),
        service.get("/v1/jobs", headers=as_("k-acme")),
    ):
        assert_no_server_path(answer.text, tmp_path)


@pytest.mark.parametrize(
    ("said", "shown"),
    [
        ("cannot open file:///var/lib/models/tokenizer.json", "cannot open tokenizer.json"),
        ("cannot open file://localhost/var/lib/x/p.png: gone", "cannot open p.png: gone"),
        ("No such file: '/var/lib/models/tokenizer.json'", "No such file: 'tokenizer.json'"),
        (
            "see https://example.com/docs/page and 3/4 cup",
            "see https://example.com/docs/page and 3/4 cup",
        ),
    ],
)
def test_server_paths_are_cut_in_file_urls_too(said: str, shown: str, tmp_path: Path) -> None:
    assert without_server_paths(said, tmp_path) == shown
