"""The review page's own defences: every template escapes what it shows, no inline script or
style, security headers on every response, and a bad decision from the page is a clear 422
that resumes nothing."""

import html
import re
from pathlib import Path
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from listingsmith.api.auth import SignedIn
from listingsmith.api.keys import Principal, Role
from listingsmith.api.routers.pages import TEMPLATES, page_links
from listingsmith.api.triage import QueueFilter, grouped_findings
from listingsmith.api.view import attribute_rows, field_diff, highlighted_fields
from listingsmith.api.visible import json_with_visible_controls
from listingsmith.batch.review import HeldItem
from listingsmith.domain import Draft, Product
from listingsmith.storage.held import Page
from listingsmith.storage.memory import MemoryMatch, TranslationMemory
from listingsmith.taxonomy.catalog import path_in
from tests.unit.fakes import EN_GOOD
from tests.unit.test_api_sessions import held_job, service, sign_in  # noqa: F401

SCRIPT = "<script>window.__xss=1</script>"
IMG = '<img src=x onerror="window.__xss=2">'
SVG = '"><svg onload="window.__xss=3">'
JS_URL = "javascript:window.__xss=4"
ALL = f"{SCRIPT}{IMG}{SVG}{JS_URL}"
TEMPLATE_DIR = Path(__file__).parents[2] / "listingsmith" / "api" / "templates"


def payload_context(text: str = ALL) -> dict:
    """What the item and queue pages get, with a payload (`text`) in every field they render."""
    listing = Draft(title=f"T {text}", bullets=[text], description=f"D {text}", keywords=[text])
    findings = [
        {"rule_id": text, "severity": text, "field": "title", "span": [0, 5], "message": text},
        {"rule_id": "r", "severity": "block", "field": "description", "message": text},
    ]
    payload = {
        "listing": listing.model_dump(),
        "findings": findings,
        "conflicts": [
            {"name": text, "values": [{"source": text, "value": text, "evidence": text}]}
        ],
        "attempts": text,
        "model_id": text,
        "packs": [text],
    }
    product = Product(
        sku=text,
        title=text,
        description=text,
        brand=text,
        category=text,
        attributes={text: text},
        images=["a.png"],
    )
    item = HeldItem(f"run:{text}", "run", text, text, "i", payload, product)
    visitor = SignedIn(Principal(name=text, role=Role.REVIEWER), csrf=text)
    rate = {"mean": 0.1, "low": 0.05, "high": 0.2}
    variant = {
        "variant_id": text,
        "audience": text,
        "status": "approved",
        "impressions": 10,
        "clicks": 2,
        "orders": 1,
        "conversion": rate,
        "p_best": 1.0,
        "click_rate": rate,
    }
    experiment = {
        "experiment_id": text,
        "sku": text,
        "locale": text,
        "winner": text,
        "variants": [variant],
    }
    return {
        "job_id": text,
        "item": item,
        "product": product,
        "visitor": visitor,
        "fields": highlighted_fields(listing, findings),
        "matches": {
            "title": [
                MemoryMatch(
                    source=text, target=text, score=91.5, origin="edited", reviewer=text, created=0
                )
            ]
        },
        "listing_json": json_with_visible_controls(listing.model_dump_json()),
        "events": [{"seq": text, "node": text, "attempt": text, "payload": {"reason": text}}],
        "rows": [
            {
                "job": text,
                "item": item,
                "hours": 1.5,
                "findings": grouped_findings(findings),
                "bulk": True,
            }
        ],
        "total": 1,
        "matching": 1,
        "links": page_links(QueueFilter(text, text, 1.0), 5, Page([], text, text)),
        "wanted": QueueFilter(text, text, 1.0),
        "locales": [text],
        "rules": [text],
        "approved": [text],
        "refusals": [text],
        "groups": grouped_findings(findings),
        "live_diff": field_diff(Draft(title=text, description="d"), listing),
        "pivot_fields": {"title": text},
        "login_token": text,
        "message": text,
        "attempt_diff": field_diff(Draft(title=text, description="e"), listing),
        "jobs": [{"id": text, "created": text, "status": "done"}],
        "report": {"experiments": [experiment], "overall": experiment},
        "promoted": {"experiment_id": text, "variant_id": text},
        "shipped": {"approved"},
        "attribute_rows": attribute_rows(
            [{"name": text, "value": text, "source": text, "evidence": text, "confidence": 0.1}],
            [{"name": text, "value": text, "source": text, "confidence": 0.9}],
            0.7,
        ),
        "unsure_below": 0.7,
    }


@pytest.mark.parametrize("name", sorted(p.name for p in TEMPLATE_DIR.glob("*.jinja")))
def test_every_template_escapes_what_it_shows(name: str) -> None:
    html = TEMPLATES.get_template(name).render(payload_context())
    html = re.sub(r'<script src="/static/[\w.-]+" defer></script>', "", html)  # the editor's
    for raw in ("<script", "<img src=x", "<svg", '="window.__xss'):
        assert raw not in html, raw
    assert "&lt;script&gt;" in html or name == "login.html.jinja"
    for attribute in re.findall(r'(?:href|src|action)="([^"]*)"', html):
        assert attribute.startswith("/"), attribute
        assert "<" not in attribute and "javascript:" not in attribute


BIDI = "".join(map(chr, (*range(0x202A, 0x202F), *range(0x2066, 0x206A))))


@pytest.mark.parametrize("name", sorted(p.name for p in TEMPLATE_DIR.glob("*.jinja")))
def test_every_template_shows_bidi_controls_visibly(name: str) -> None:
    # "SKU-\u202e$4.99" reads "SKU-99.4$" on screen: the override is shown, never obeyed.
    html = TEMPLATES.get_template(name).render(payload_context(f"SKU-{BIDI}$4.99"))
    assert not set(html) & set(BIDI), name
    assert "SKU-[U+202A][U+202B]" in html or name == "login.html.jinja"
    if name == "item.html.jinja":  # the edit form's JSON keeps them, as escapes
        assert "SKU-\\u202a\\u202b" in html


def test_the_item_page_offers_the_tenants_memory_matches_escaped(
    service: TestClient,  # noqa: F811
    tmp_path: Path,
) -> None:
    job = held_job(service, "k-acme")
    memory = TranslationMemory(tmp_path / "service" / "memory.sqlite")
    # The description is translated (the title is composed from data, never remembered).
    close = EN_GOOD["description"].replace("cold", "hot")
    memory.remember("acme", "de", close, f"Heiße Flasche {SCRIPT}", "edited", "ann")
    memory.remember("globex", "de", EN_GOOD["description"], "Globex-Flasche", "approved", None)
    sign_in(service, "k-rev")
    page = service.get(f"/review/{job}/BOTTLE-1/de-DE").text
    shown = re.search(r'<ul class="memory">(.*?)</ul>', page, re.S).group(1)
    assert "Heiße Flasche &lt;script&gt;" in shown and "<script" not in shown
    assert "(edited by ann)" in shown and re.search(r"memory \d\d%", shown)
    assert "Globex" not in page  # another tenant's memory is never offered


def test_a_reviewers_approval_on_the_page_fills_the_jobs_tenants_memory(
    signed_in_service: tuple[TestClient, str, str], tmp_path: Path
) -> None:
    client, job, csrf = signed_in_service
    client.post(f"/review/{job}/BOTTLE-1/de-DE", data={"action": "approve", "csrf": csrf})
    memory = TranslationMemory(tmp_path / "service" / "memory.sqlite")
    remembered = memory.exact("acme", "de", EN_GOOD["description"])
    assert remembered is not None and remembered.reviewer == "rita"
    assert [p.tenant for p in memory.pairs() if p.tenant != "acme"] == []


def test_urls_in_pages_percent_encode_the_sku() -> None:
    html = TEMPLATES.get_template("queue.html.jinja").render(payload_context())
    href = re.search(r'class="open" href="([^"]*)"', html).group(1)
    assert href.startswith("/review/%3Cscript%3E") and "%22%3E%3Csvg" in href


def test_the_templates_have_no_inline_script_or_style() -> None:
    for path in TEMPLATE_DIR.glob("*.jinja"):
        source = path.read_text(encoding="utf-8")
        # A script only as a static file of this origin (the editor's), never inline.
        scripts = re.findall(r"<script[^>]*>", source)
        assert all(re.fullmatch(r'<script src="/static/[\w.-]+" defer>', t) for t in scripts)
        assert not re.search(r"<script>|<style|\sstyle=|\son\w+=", source), path.name


def test_every_response_carries_the_security_headers(service: TestClient) -> None:  # noqa: F811
    for url in ("/login", "/review", "/v1/jobs", "/static/review.css", "/nowhere", "/openapi.json"):
        headers = service.get(url).headers
        policy = headers["content-security-policy"]
        for directive in (
            "default-src 'none'",
            "script-src 'self'",
            "connect-src 'self'",
            "style-src 'self'",
            "img-src 'self'",
            "form-action 'self'",
            "frame-ancestors 'none'",
            "base-uri 'none'",
        ):
            assert directive in policy, (url, directive)
        assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["referrer-policy"] == "no-referrer"
        assert headers["x-frame-options"] == "DENY"  # no framing of the Approve button
        assert headers["cross-origin-opener-policy"] == "same-origin"
    css = service.get("/static/review.css")
    assert css.status_code == 200 and css.headers["content-type"].startswith("text/css")
    docs = service.get("/docs")
    assert (
        docs.status_code == 200
        and "frame-ancestors 'none'" in docs.headers["content-security-policy"]
    )


def queue_and_trail(client: TestClient) -> tuple[int, list[str]]:
    """How many listings are held, and the decisions in the audit trail."""
    queue = client.get("/v1/review/queue", headers={"X-API-Key": "k-rev"}).json()
    trail = client.get("/v1/audit/BOTTLE-1", headers={"X-API-Key": "k-aud"}).json()
    return len(queue), [e["payload"]["action"] for e in trail if e["node"] == "human_review"]


@pytest.mark.parametrize(
    ("form", "says"),
    [
        ({"action": "edit", "listing": "{not json"}, "BOTTLE-1 de-DE: Invalid JSON"),
        ({"action": "edit", "listing": ""}, "an edit needs the edited listing"),
        ({"action": "edit", "listing": '{"bullets": []}'}, "title: Field required"),
        ({"action": "edit", "listing": "[" * 5000 + "]" * 5000}, "BOTTLE-1 de-DE: "),
        ({"action": "reject", "reason": " "}, "a rejection needs a reason"),
        ({"action": "delete"}, "action: Input should be"),
    ],
)
def test_a_bad_decision_on_the_page_is_a_clear_422_and_resumes_nothing(
    service: TestClient,  # noqa: F811
    form: dict,
    says: str,
) -> None:
    job = held_job(service, "k-acme")
    csrf = sign_in(service, "k-rev")
    response = service.post(f"/review/{job}/BOTTLE-1/de-DE", data={**form, "csrf": csrf})
    assert response.status_code == 422
    message = re.search(r'<p class="error" id="refused">([^<]*)</p>', response.text).group(1)
    assert says in message and "\n" not in message
    assert queue_and_trail(service) == (1, [])


@pytest.mark.parametrize(
    "body",
    [
        {"action": "edit"},
        {"action": "edit", "listing": None, "reason": "x"},
        {"action": "reject", "reason": ""},
        {"action": "approve!"},
    ],
)
def test_a_bad_decision_through_the_json_api_is_422_and_resumes_nothing(
    service: TestClient,  # noqa: F811
    body: dict,
) -> None:
    job = held_job(service, "k-acme")
    response = service.post(
        f"/v1/review/{job}/BOTTLE-1/de-DE", headers={"X-API-Key": "k-rev"}, json=body
    )
    assert response.status_code == 422
    assert queue_and_trail(service) == (1, [])
    approved = service.post(
        f"/v1/review/{job}/BOTTLE-1/de-DE",
        headers={"X-API-Key": "k-rev"},
        json={"action": "approve"},
    )
    assert approved.json()["status"] == "approved"


@settings(
    max_examples=40,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    path=st.text(min_size=1, max_size=30),
    form=st.dictionaries(
        st.sampled_from(["action", "reason", "listing", "csrf", "key", "token"]),
        st.one_of(st.text(max_size=60), st.sampled_from(["edit", "reject", "approve", "{}"])),
    ),
    with_csrf=st.booleans(),
)
def test_no_page_form_makes_a_server_error(
    signed_in_service: tuple[TestClient, str, str], path: str, form: dict, with_csrf: bool
) -> None:
    client, job, csrf = signed_in_service
    data = {**form, "csrf": csrf} if with_csrf else form
    for url in (f"/review/{job}/{quote(path)}/de-DE", f"/review/{quote(path)}", "/login"):
        assert client.post(url, data=data).status_code < 500
        assert client.get(url).status_code < 500


@pytest.fixture
def signed_in_service(service: TestClient) -> tuple[TestClient, str, str]:  # noqa: F811
    """A reviewer's session on a service with one held listing: client, job, CSRF token."""
    job = held_job(service, "k-acme")
    return service, job, sign_in(service, "k-rev")


def test_the_item_page_shows_the_category_in_english_and_the_locale_s_language(
    service: TestClient,  # noqa: F811
) -> None:
    job = held_job(service, "k-acme")
    sign_in(service, "k-rev")
    trail = service.get("/v1/audit/BOTTLE-1", headers={"X-API-Key": "k-aud"}).json()
    chosen = [e["payload"] for e in trail if e["node"] == "categorize"][-1]
    page = service.get(f"/review/{job}/BOTTLE-1/de-DE").text
    shown = re.search(r'<div class="field" id="category">(.*?)</div>', page).group(1)
    assert html.escape(path_in(chosen["category_id"], "de")) in shown
    assert html.escape(path_in(chosen["category_id"], "en")) in shown
    assert f"chosen by {chosen['chosen_by']}" in shown
