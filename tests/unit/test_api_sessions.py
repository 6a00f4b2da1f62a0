"""Review page sessions: a signed, expiring cookie without the key, CSRF tokens and an origin
check on every page POST, logout, tenant-scoped reviewers and auditors, skus with "/"."""

import re
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
import yaml
from fastapi.testclient import TestClient
from itsdangerous import TimestampSigner

from listingsmith.api.app import create_app
from listingsmith.api.keys import KeyRing
from listingsmith.config import Settings
from tests.unit.fakes import DE_WRONG_HOURS, DISPUTED, EN_GOOD, fake_model, translations

KEYS = {
    "k-acme": {"name": "acme-seller", "role": "seller", "tenant": "acme"},
    "k-globex": {"name": "globex-seller", "role": "seller", "tenant": "globex"},
    "k-rev": {"name": "rita", "role": "reviewer"},
    "k-rev-acme": {"name": "ann", "role": "reviewer", "tenant": "acme"},
    "k-aud-acme": {"name": "abe", "role": "auditor", "tenant": "acme"},
    "k-aud": {"name": "otto", "role": "auditor"},
}


def sign_in(client: TestClient, key: str) -> str:
    """Sign in through the login form; the session's CSRF token (from the page's forms)."""
    form = client.get("/login").text
    token = re.search(r'name="token" value="([^"]+)"', form).group(1)
    page = client.post("/login", data={"key": key, "token": token})
    assert page.status_code == 200, page.text
    return re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)


def make_client(tmp_path: Path, **settings: object) -> TestClient:
    tmp_path.mkdir(parents=True, exist_ok=True)
    keys = tmp_path / "keys.yaml"
    keys.write_text(yaml.safe_dump({"keys": [{"key": k, **v} for k, v in KEYS.items()]}))
    config = Settings(
        service_dir=tmp_path / "service", api_keys_file=keys, max_attempts=1, **settings
    )
    model = fake_model([EN_GOOD] * 10, translations(DE_WRONG_HOURS))
    return TestClient(create_app(config, llm=lambda client: (model, "fake-model")))


@pytest.fixture
def service(tmp_path: Path) -> Iterator[TestClient]:
    with make_client(tmp_path) as client:
        yield client


def held_job(client: TestClient, key: str, sku: str = "BOTTLE-1") -> str:
    """A finished job of one product whose de-DE listing is held (a GTIN conflict, and 12 h
    against 24 h)."""
    product = {**DISPUTED.model_dump(mode="json"), "sku": sku}
    job = client.post(
        "/v1/jobs",
        headers={"X-API-Key": key},
        json={"products": [product], "locales": ["de-DE"]},
    ).json()["job"]
    for _ in range(200):
        if client.get(f"/v1/jobs/{job}", headers={"X-API-Key": key}).json()["status"] == "done":
            return job
        time.sleep(0.05)
    raise AssertionError("job did not finish")


def test_the_session_cookie_names_the_key_never_holds_it(service: TestClient) -> None:
    form = service.get("/login")
    token = re.search(r'name="token" value="([^"]+)"', form.text).group(1)
    response = service.post("/login", data={"key": "k-rev", "token": token}, follow_redirects=False)
    cookie = next(
        c for c in response.headers.get_list("set-cookie") if c.startswith("listingsmith_session=")
    )
    assert "k-rev" not in cookie
    attributes = cookie.lower()
    assert "httponly" in attributes and "samesite=strict" in attributes
    assert "max-age=28800" in attributes and "secure" not in attributes
    assert service.get("/review").status_code == 200


def test_the_cookie_is_secure_over_https_or_when_configured(tmp_path: Path) -> None:
    with make_client(tmp_path / "a") as plain, make_client(tmp_path / "b") as https:
        https.base_url = "https://testserver"
        form = https.get("/login")
        assert "secure" in form.headers["set-cookie"].lower()
        token = re.search(r'name="token" value="([^"]+)"', form.text).group(1)
        signed = https.post("/login", data={"key": "k-rev", "token": token}, follow_redirects=False)
        assert "secure" in signed.headers["set-cookie"].lower()
        assert "secure" not in plain.get("/login").headers["set-cookie"].lower()
    with make_client(tmp_path / "c", session_cookie_secure=True) as proxied:
        assert "secure" in proxied.get("/login").headers["set-cookie"].lower()


def test_a_forged_or_expired_session_is_refused(
    service: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    sign_in(service, "k-rev")
    cookie = service.cookies["listingsmith_session"]
    service.cookies.clear()
    service.cookies["listingsmith_session"] = cookie[:-2] + ("AA" if cookie[-2:] != "AA" else "BB")
    assert service.get("/review").status_code == 401
    service.cookies["listingsmith_session"] = cookie
    assert service.get("/review").status_code == 200
    later = int(time.time()) + 8 * 3600 + 5
    monkeypatch.setattr(TimestampSigner, "get_timestamp", lambda self: later)
    assert service.get("/review").status_code == 401


def test_a_session_signed_with_the_configured_secret_survives_a_restart(tmp_path: Path) -> None:
    with make_client(tmp_path, session_secret="s3cret-for-tests") as first:
        sign_in(first, "k-rev")
        cookie = first.cookies["listingsmith_session"]
    with make_client(tmp_path, session_secret="s3cret-for-tests") as second:
        second.cookies["listingsmith_session"] = cookie
        assert second.get("/review").status_code == 200
    with make_client(tmp_path) as random_secret:
        random_secret.cookies["listingsmith_session"] = cookie
        assert random_secret.get("/review").status_code == 401


def test_login_needs_the_token_of_its_own_form(tmp_path: Path) -> None:
    with make_client(tmp_path / "a") as victim, make_client(tmp_path / "b") as attacker:
        assert victim.post("/login", data={"key": "k-rev"}).status_code == 403
        form = attacker.get("/login").text
        foreign = re.search(r'name="token" value="([^"]+)"', form).group(1)
        assert victim.post("/login", data={"key": "k-rev", "token": foreign}).status_code == 403
        assert "listingsmith_session" not in victim.cookies


def test_page_posts_need_the_csrf_token_and_this_origin(service: TestClient) -> None:
    job = held_job(service, "k-acme")
    csrf = sign_in(service, "k-rev")
    url = f"/review/{job}/BOTTLE-1/de-DE"
    assert service.post(url, data={"action": "approve"}).status_code == 403
    assert service.post(url, data={"action": "approve", "csrf": "forged"}).status_code == 403
    cross = service.post(
        url,
        data={"action": "approve", "csrf": csrf},
        headers={"Origin": "https://evil.example"},
    )
    assert cross.status_code == 403
    assert len(service.get("/v1/review/queue", headers={"X-API-Key": "k-rev"}).json()) == 1
    same = service.post(
        url, data={"action": "approve", "csrf": csrf}, headers={"Origin": "http://testserver"}
    )
    assert same.status_code == 200 and "Nothing is held." in same.text


def test_the_json_api_takes_the_header_never_the_cookie(service: TestClient) -> None:
    job = held_job(service, "k-acme")
    sign_in(service, "k-rev")
    assert service.get("/v1/review/queue").status_code == 401
    assert (
        service.post(f"/v1/review/{job}/BOTTLE-1/de-DE", json={"action": "approve"}).status_code
        == 401
    )
    assert service.get("/v1/audit/BOTTLE-1").status_code == 401


def test_logout_clears_the_session(service: TestClient) -> None:
    csrf = sign_in(service, "k-rev")
    assert service.post("/logout", data={}).status_code == 403
    out = service.post("/logout", data={"csrf": csrf}, follow_redirects=False)
    assert out.status_code == 303 and out.headers["location"] == "/login"
    assert 'listingsmith_session=""' in out.headers["set-cookie"]
    assert service.get("/review").status_code == 401


def test_a_reviewer_or_auditor_with_a_tenant_sees_only_that_tenant(tmp_path: Path) -> None:
    from tests.unit.test_review_cli import held_run

    run_db = held_run(tmp_path / "cli")
    with make_client(tmp_path, review_dbs=[run_db]) as service:
        mine = held_job(service, "k-acme")
        theirs = held_job(service, "k-globex")
        ann, rita = {"X-API-Key": "k-rev-acme"}, {"X-API-Key": "k-rev"}
        assert {q["job"] for q in service.get("/v1/review/queue", headers=ann).json()} == {mine}
        assert {q["job"] for q in service.get("/v1/review/queue", headers=rita).json()} == {
            mine,
            theirs,
            "run0",
        }
        refused = service.post(
            f"/v1/review/{theirs}/BOTTLE-1/de-DE", headers=ann, json={"action": "approve"}
        )
        assert refused.status_code == 404
        assert (
            service.post(
                "/v1/review/run0/BOTTLE-1/de-DE", headers=ann, json={"action": "approve"}
            ).status_code
            == 404
        )
        for key in ("k-rev-acme", "k-aud-acme"):
            trail = service.get("/v1/audit/BOTTLE-1", headers={"X-API-Key": key}).json()
            assert trail and {e["job"] for e in trail} == {mine}
        all_jobs = service.get("/v1/audit/BOTTLE-1", headers={"X-API-Key": "k-aud"}).json()
        assert {e["job"] for e in all_jobs} == {mine, theirs, "run0"}

        csrf = sign_in(service, "k-rev-acme")
        queue = service.get("/review").text
        assert f"/review/{mine}/BOTTLE-1/de-DE" in queue and theirs not in queue
        assert "run0" not in queue
        assert service.get(f"/review/{theirs}/BOTTLE-1/de-DE").status_code == 404
        assert service.get(f"/review/photo/{theirs}/BOTTLE-1/de-DE/0").status_code == 404
        forbidden = service.post(
            f"/review/{theirs}/BOTTLE-1/de-DE", data={"action": "approve", "csrf": csrf}
        )
        assert forbidden.status_code == 404
        assert len(service.get("/v1/review/queue", headers=rita).json()) == 4  # 2 in run0


@pytest.mark.parametrize("sku", ["A/B-1", "100%?#x", "run1:A:B"])
def test_a_sku_with_reserved_url_characters_is_reviewable(service: TestClient, sku: str) -> None:
    job = held_job(service, "k-acme", sku=sku)
    csrf = sign_in(service, "k-rev")
    queue = service.get("/review").text
    href = f"/review/{job}/{quote(sku)}/de-DE"
    assert f'href="{href}"' in queue
    page = service.get(href)
    assert page.status_code == 200 and f'action="{href}"' in page.text
    trail = service.get(f"/v1/audit/{quote(sku)}?locale=de-DE", headers={"X-API-Key": "k-aud"})
    assert trail.status_code == 200 and {e["sku"] for e in trail.json()} == {sku}
    done = service.post(href, data={"action": "reject", "reason": "no", "csrf": csrf})
    assert done.status_code == 200 and "Nothing is held." in done.text


def test_a_sku_with_a_slash_is_decided_through_the_json_api(service: TestClient) -> None:
    job = held_job(service, "k-acme", sku="A/B %?#")
    decided = service.post(
        f"/v1/review/{job}/{quote('A/B %?#')}/de-DE",
        headers={"X-API-Key": "k-rev"},
        json={"action": "approve"},
    )
    assert decided.status_code == 200 and decided.json()["status"] == "approved"


def test_key_names_are_unique_because_sessions_name_keys(tmp_path: Path) -> None:
    keys = tmp_path / "keys.yaml"
    twins = [
        {"key": "a", "name": "rita", "role": "reviewer"},
        {"key": "b", "name": "rita", "role": "admin"},
    ]
    keys.write_text(yaml.safe_dump({"keys": twins}))
    with pytest.raises(ValueError, match="two keys are named 'rita'"):
        KeyRing.load(keys)


def test_no_get_changes_state(service: TestClient) -> None:
    job = held_job(service, "k-acme")
    csrf = sign_in(service, "k-rev")
    url = f"/review/{job}/BOTTLE-1/de-DE"
    for path in (
        "/logout",
        "/review/bulk-approve",
        "/review/assist/check",
        "/review/assist/suggest",
        f"/experiments/{job}/exp-1/promote",
    ):
        assert service.get(path).status_code in (404, 405), path
    for method in ("put", "patch", "delete"):
        assert getattr(service, method)(url).status_code == 405, method
    # A decision's fields on the page's GET (a link, an <img src>) decide nothing.
    query = {"action": "approve", "csrf": csrf, "then": "next"}
    assert service.get(url, params=query).status_code == 200
    assert (
        service.get(f"/v1/review/{job}/BOTTLE-1/de-DE", headers={"X-API-Key": "k-rev"}).status_code
        == 405
    )
    assert len(service.get("/v1/review/queue", headers={"X-API-Key": "k-rev"}).json()) == 1
    assert service.get("/review").status_code == 200  # still signed in
