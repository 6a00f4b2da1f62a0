"""The review page's assisted editor: its routes take a signed-in reviewer's session and CSRF
token, the item page carries the editor with everything escaped, and its script is a static
file of this origin."""

import html
import json
import re

from fastapi.testclient import TestClient

from tests.unit.test_api_sessions import held_job, service, sign_in  # noqa: F401
from tests.unit.test_assist_api import CLEAN

CHECK = {"locale": "en-US", "marketplace": "amazon", "listing": CLEAN}


def test_the_editor_check_needs_a_session_and_its_csrf_token(service: TestClient) -> None:  # noqa: F811
    body = json.dumps({**CHECK, "listing": {**CLEAN, "bullets": ["Kills germs and viruses"]}})
    assert service.post("/review/assist/check", data={"body": body}).status_code == 401
    csrf = sign_in(service, "k-rev")
    assert service.post("/review/assist/check", data={"body": body}).status_code == 403
    answer = service.post("/review/assist/check", data={"body": body, "csrf": csrf})
    assert answer.status_code == 200
    assert any(f["field"] == "bullets[0]" for f in answer.json()["findings"])
    bad = service.post("/review/assist/check", data={"body": "{", "csrf": csrf})
    assert bad.status_code == 422 and bad.json()["detail"].startswith("body:")


def test_the_item_page_carries_the_editor_escaped(service: TestClient) -> None:  # noqa: F811
    job = held_job(service, "k-acme")
    sign_in(service, "k-rev")
    page = service.get(f"/review/{job}/BOTTLE-1/de-DE").text
    root = re.search(r'<div id="editor"(.*?)></div>', page, re.S).group(1)
    listing = json.loads(html.unescape(re.search(r'data-listing="([^"]*)"', root).group(1)))
    assert listing["title"]
    assert json.loads(html.unescape(re.search(r'data-facts="([^"]*)"', root).group(1)))
    assert '<script src="/static/editor.js" defer></script>' in page
    script = service.get("/static/editor.js")
    assert script.status_code == 200 and "javascript" in script.headers["content-type"]
    assert "innerHTML" not in script.text


def test_a_sku_in_the_tenants_store_is_fact_checked_against_its_product(
    service: TestClient,  # noqa: F811
) -> None:
    held_job(service, "k-acme")  # BOTTLE-1: 750 ml
    listing = {"title": "Aqualo Steel Bottle 500 ml", "bullets": [], "description": ""}
    body = {"locale": "en-US", "marketplace": "amazon", "listing": listing, "sku": "BOTTLE-1"}

    def title_findings(key: str) -> list[str]:
        answer = service.post("/v1/assist/check", headers={"X-API-Key": key}, json=body)
        return [f["message"] for f in answer.json()["findings"] if f["field"] == "title"]

    own = title_findings("k-acme")
    assert any("750" in message for message in own), own
    assert not any("750" in message for message in title_findings("k-globex"))
