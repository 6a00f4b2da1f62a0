"""The review page's triage: findings grouped with counts, the queue's filters, the word diff
against the live listing, and bulk approve (warnings only, refused server-side otherwise)."""

import asyncio
import re
import time
from pathlib import Path

from fastapi.testclient import TestClient

from listingsmith.api.triage import grouped_findings, warnings_only
from listingsmith.api.view import field_diff
from listingsmith.batch.job import JobSpec, run_job
from listingsmith.batch.review import HeldItem, held_items
from listingsmith.config import Settings
from listingsmith.domain import Draft
from listingsmith.nodes.human_review import held_listing
from listingsmith.serving.connect import model_client
from tests.unit.fakes import BOTTLE, DE_GOOD, DE_WRONG_HOURS, EN_GOOD, fake_model, translations
from tests.unit.test_api_pages import SCRIPT, queue_and_trail
from tests.unit.test_api_sessions import held_job, make_client, service, sign_in  # noqa: F401
from tests.unit.test_runner import Quiet

LISTING = {"title": "T", "bullets": [], "description": "D", "keywords": []}


def finding(rule: str, severity: str, field: str = "title", message: str = "m") -> dict:
    return {"rule_id": rule, "severity": severity, "field": field, "message": message}


def held(locale: str, *findings: dict, listing: dict | None = LISTING) -> HeldItem:
    payload = {"listing": listing, "findings": list(findings), "attempts": 1}
    return HeldItem("t", "run", "SKU-1", locale, "i", payload, BOTTLE)


def test_the_same_finding_ten_times_is_one_group_with_its_count_and_fields() -> None:
    findings = [finding("gpsr.manufacturer", "block", f"bullets[{i % 3}]") for i in range(10)]
    findings += [finding("style.caps", "warn"), finding("claims.hours", "fix", "description")]
    groups = grouped_findings(findings)
    assert [(g["rule_id"], g["severity"], g["count"]) for g in groups] == [
        ("gpsr.manufacturer", "block", 10),
        ("claims.hours", "fix", 1),
        ("style.caps", "warn", 1),
    ]
    assert groups[0]["fields"] == ["bullets[0]", "bullets[1]", "bullets[2]"]


def test_same_rule_with_other_messages_stays_apart() -> None:
    groups = grouped_findings([finding("r", "fix", message="a"), finding("r", "fix", message="b")])
    assert [g["message"] for g in groups] == ["a", "b"]


def test_only_a_listing_with_warnings_alone_may_be_approved_in_bulk() -> None:
    assert warnings_only(held("de-DE", finding("w", "warn"), finding("w2", "warn")))
    assert warnings_only(held("de-DE"))
    assert not warnings_only(held("de-DE", finding("w", "warn"), finding("f", "fix")))
    assert not warnings_only(held("de-DE", finding("b", "block")))
    assert not warnings_only(held("de-DE", finding("w", "warn"), listing=None))


def test_the_diff_against_the_live_listing_marks_removed_and_added_words() -> None:
    live = Draft(title="Steel bottle 750 ml", description="Keeps cold.", bullets=["Same"])
    new = Draft(title="Steel bottle 1 l", description="Keeps cold.", bullets=["Same", "New"])
    diff = {d["name"]: d["segments"] for d in field_diff(live, new)}
    assert set(diff) == {"title", "bullets[1]"}  # unchanged fields are left out
    assert diff["title"] == [
        {"kind": " ", "text": "Steel bottle"},
        {"kind": "-", "text": "750 ml"},
        {"kind": "+", "text": "1 l"},
    ]
    assert diff["bullets[1]"] == [{"kind": "+", "text": "New"}]
    assert field_diff(None, new) == []


def bulk(client: TestClient, csrf: str, *picks: str) -> tuple[int, str]:
    response = client.post("/review/bulk-approve", data={"csrf": csrf, "pick": list(picks)})
    return response.status_code, response.text


def test_bulk_approve_refuses_a_listing_with_a_fix_or_block_finding(
    service: TestClient,  # noqa: F811
) -> None:
    job = held_job(service, "k-acme")
    csrf = sign_in(service, "k-rev")
    queue = service.get("/review").text
    assert 'class="pick"' not in queue  # the page offers no tick box for it
    status, page = bulk(service, csrf, f"{job}|de-DE||BOTTLE-1")  # the server refuses it too
    assert status == 422
    assert "BOTTLE-1 de-DE: has a fix or block finding" in page
    assert queue_and_trail(service) == (1, [])


def test_bulk_approve_refuses_what_is_not_held_and_too_many_at_once(
    service: TestClient,  # noqa: F811
) -> None:
    job = held_job(service, "k-acme")
    csrf = sign_in(service, "k-rev")
    status, page = bulk(service, csrf, f"{job}|de-DE||NOPE", "garbage", f"{job}|fr-FR||BOTTLE-1")
    assert status == 422 and page.count("not held in") == 3
    most = Settings().review_paging.max_page_size  # a page's worth at most
    status, page = bulk(service, csrf, *[f"{job}|de-DE||BOTTLE-1"] * (most + 1))
    assert status == 422 and f"at most {most}" in page
    assert service.post("/review/bulk-approve", data={"pick": "x"}).status_code == 403  # no CSRF
    assert queue_and_trail(service) == (1, [])


def test_a_listing_held_for_sign_off_is_approved_in_bulk_and_audited(tmp_path: Path) -> None:
    """A locale whose listings need a person's sign-off: the clean en-US listing is held with
    no finding, offered a tick box, approved in bulk, audited as the reviewer's decision."""
    with make_client(tmp_path, sign_off_locales=["en-US"]) as client:
        product = BOTTLE.model_dump(mode="json")
        job = client.post(
            "/v1/jobs",
            headers={"X-API-Key": "k-acme"},
            json={"products": [product], "locales": ["en-US"]},
        ).json()["job"]
        for _ in range(200):
            status = client.get(f"/v1/jobs/{job}", headers={"X-API-Key": "k-acme"}).json()
            if status["status"] == "done":
                break
            time.sleep(0.05)
        assert status["report"]["counts"] == {"en-US": {"held": 1}}, status
        csrf = sign_in(client, "k-rev")
        queue = client.get("/review").text
        assert 'class="pick"' in queue and "need a person's sign-off" in queue
        status, page = bulk(client, csrf, f"{job}|en-US||BOTTLE-1")
        assert status == 200 and "Approved 1." in page
        trail = client.get("/v1/audit/BOTTLE-1", headers={"X-API-Key": "k-aud"}).json()
        (decision,) = [e["payload"] for e in trail if e["node"] == "human_review"]
        assert (decision["action"], decision["reviewer"]) == ("approve", "rita")
        listings = client.get(f"/v1/jobs/{job}/listings", headers={"X-API-Key": "k-acme"}).json()
        assert [x["status"] for x in listings] == ["approved"]
        status, page = bulk(client, csrf, f"{job}|en-US||BOTTLE-1")  # a second time: not held
        assert status == 422 and "not held in" in page


def test_the_queue_filters_server_side_and_echoes_them_escaped(
    service: TestClient,  # noqa: F811
) -> None:
    held_job(service, "k-acme")
    sign_in(service, "k-rev")
    rows = lambda page: len(re.findall(r'class="open"', page))  # noqa: E731
    assert rows(service.get("/review").text) == 1
    assert rows(service.get("/review", params={"locale": "de-DE"}).text) == 1
    assert rows(service.get("/review", params={"locale": "fr-FR"}).text) == 0
    assert rows(service.get("/review", params={"age": 1000}).text) == 0
    hostile = service.get("/review", params={"locale": SCRIPT, "rule": SCRIPT}).text
    assert rows(hostile) == 0 and "<script>window" not in hostile
    assert "locale=&lt;script&gt;" in hostile
    assert service.get("/review", params={"age": -1}).status_code == 422
    assert service.get("/review", params={"locale": "x" * 500}).status_code == 422


def test_approve_and_open_next_leads_to_the_next_held_listing_then_the_queue(
    service: TestClient,  # noqa: F811
) -> None:
    first, second = held_job(service, "k-acme"), held_job(service, "k-acme", "BOTTLE/2")
    csrf = sign_in(service, "k-rev")
    decide = {"action": "approve", "csrf": csrf, "then": "next"}
    went = service.post(f"/review/{first}/BOTTLE-1/de-DE", data=decide, follow_redirects=False)
    assert went.headers["location"] == f"/review/{second}/BOTTLE/2/de-DE"
    went = service.post(f"/review/{second}/BOTTLE/2/de-DE", data=decide, follow_redirects=False)
    assert went.headers["location"] == "/review"


def test_a_listing_held_after_a_retry_carries_the_attempt_before_for_the_diff(
    tmp_path: Path,
) -> None:
    """de-DE needs a sign-off; the first translation says 12 h (fixed by a second attempt): the
    held listing carries the first attempt, and the diff between them shows 12 h -> 24 h."""
    db = tmp_path / "out" / "state.sqlite"
    settings = Settings(max_attempts=2, sign_off_locales=["de-DE"])
    model = fake_model([EN_GOOD], translations(DE_WRONG_HOURS, DE_GOOD))
    spec = JobSpec([BOTTLE], ["de-DE"], tmp_path / "out", "run1", db_path=db)
    asyncio.run(run_job(spec, settings, model_client(settings, model, "fake"), observer=Quiet()))
    (item,) = asyncio.run(held_items(db, Settings()))
    assert item.payload["attempts"] == 2 and item.payload["sign_off"]
    before = Draft.model_validate(item.payload["previous"])
    diff = {
        d["name"]: d["segments"] for d in field_diff(before, held_listing(item.payload).listing)
    }
    assert set(diff) == {"description"}
    assert {"kind": "-", "text": "12"} in diff["description"]
    assert {"kind": "+", "text": "24"} in diff["description"]
