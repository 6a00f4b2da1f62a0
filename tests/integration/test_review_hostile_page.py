"""The review page opened by a compliance officer on a listing a hostile seller wrote, in a real
browser (Debian's headless Chromium) against the real service with the unit tests' fake model
(no model server): every seller field and the reviewer's edit and reason carry scripts, event
handlers, `javascript:` links, a closing textarea, attribute-breaking quotes, CSS, Unicode bidi
overrides and very long unbroken words. Nothing runs, every payload reads as text, no bidi
control reaches the screen unmarked, the decision buttons stay in reach and a decision clicks
through; a page of another origin cannot decide for the signed-in reviewer."""

import http.server
import threading
from pathlib import Path
from urllib.parse import quote

import httpx
import pytest
import yaml
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from listingsmith.api.app import create_app
from listingsmith.config import Settings
from tests.integration.served import job_ended, served
from tests.integration.test_review_browser import browser, queue_links  # noqa: F401
from tests.unit.fakes import DE_WRONG_HOURS, DISPUTED, EN_GOOD, fake_model, translations

pytestmark = pytest.mark.integration  # a real browser, like the other page tests

KEYS = [
    {"key": "k-seller", "name": "acme", "role": "seller", "tenant": "acme"},
    {"key": "k-rev", "name": "rita", "role": "reviewer"},
]
# Each payload sets window.__xss if it ever runs.
SCRIPT = "<script>window.__xss='script'</script>"
IMG = "<img src=x onerror=\"window.__xss='img'\">"
TEXTAREA = "</textarea><img src=x onerror=\"window.__xss='textarea'\">"
QUOTES = "\"' autofocus onfocus=\"window.__xss='quote'\" x='"
JS_URL = "javascript:window.__xss='url'"
CSS = "<style>body{display:none}</style><link rel=stylesheet href=//evil.example/x.css>"
ALL = f"{SCRIPT} {IMG} {TEXTAREA} {QUOTES} {JS_URL} {CSS}"
RLO, PDI = "\u202e", "\u2069"
# Reads "SKU-99.4$" on screen when the override is obeyed: the real sku ends "$4.99".
SKU = f"SKU-{RLO}$4.99{QUOTES[:2]}"
LONG = "W" * 3000  # one unbroken word
BIDI = ("\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069")


def product() -> dict:
    """The disputed bottle (held whatever its text: a GTIN conflict), every seller field
    hostile."""
    record = DISPUTED.model_dump(mode="json")
    return {
        **record,
        "sku": SKU,
        "title": f"{record['title']} {SCRIPT}",
        "description": f"{record['description']} {ALL} {LONG} price {RLO}99.4$",
        "category": f"Bottles{IMG}",
        "attributes": {
            **record["attributes"],
            f"finish{SCRIPT}": f"matte {IMG} {RLO}red{PDI}",
            "link": JS_URL,
            "note": TEXTAREA + QUOTES,
            "style": CSS,
        },
    }


def edited_listing() -> dict:
    """A reviewer-side edit of hostile text, held again (it says 12 h, the product 24 h)."""
    return {
        "title": f"Flasche {SCRIPT} {RLO}99.4${PDI}",
        "bullets": [f"Stahl {IMG}", JS_URL, LONG],
        "description": f"Hält 12 h kalt. {ALL}",
        "keywords": [QUOTES, CSS],
    }


@pytest.fixture
def service(tmp_path: Path) -> str:
    """The service on a free port with the fake model (the German description says 12 h)."""
    keys = tmp_path / "keys.yaml"
    keys.write_text(yaml.safe_dump({"keys": KEYS}))
    settings = Settings(service_dir=tmp_path / "service", api_keys_file=keys, max_attempts=1)
    model = fake_model([EN_GOOD] * 10, translations(DE_WRONG_HOURS))
    app = create_app(settings, llm=lambda client: (model, "fake-model"))
    with served(app) as url:
        yield url


def held_hostile_listing(service: str) -> str:
    """The hostile product's de-DE listing, held, then edited with hostile text and held
    again; its job id."""
    seller, reviewer = {"X-API-Key": "k-seller"}, {"X-API-Key": "k-rev"}
    body = {"products": [product()], "locales": ["de-DE"]}
    answer = httpx.post(f"{service}/v1/jobs", headers=seller, json=body, timeout=30)
    assert answer.status_code == 202, answer.text
    job = answer.json()["job"]
    status = job_ended(service, job, seller, pause=0.1)
    assert status["report"]["counts"] == {"de-DE": {"held": 1}}, status
    edit = httpx.post(
        f"{service}/v1/review/{job}/{quote(SKU, safe='')}/de-DE",
        headers=reviewer,
        timeout=60,
        json={"action": "edit", "listing": edited_listing(), "reason": f"fixed {ALL} {RLO}ok"},
    )
    assert edit.status_code == 200, edit.text
    assert edit.json()["status"] == "held", edit.json()
    return job


def sign_in(browser, service: str) -> None:  # noqa: F811
    browser.get(f"{service}/login")
    browser.find_element(By.ID, "key").send_keys("k-rev")
    browser.find_element(By.ID, "sign-in").click()


def assert_safe(browser) -> str:  # noqa: F811
    """Nothing ran, only this origin's static scripts and stylesheet are on the page, no
    inline style, no bidi control unmarked; the page's text."""
    assert browser.execute_script("return window.__xss") is None
    assert browser.find_elements(By.CSS_SELECTOR, "script:not([src^='/static/'])") == []
    assert browser.find_elements(By.CSS_SELECTOR, "style, [style], [onerror], [onfocus]") == []
    sheets = browser.find_elements(By.CSS_SELECTOR, "link")
    assert [s.get_attribute("href").split("/", 3)[3] for s in sheets] == ["static/review.css"]
    assert browser.find_elements(By.CSS_SELECTOR, "img:not(.photo), a[href^='javascript']") == []
    text = browser.execute_script("return document.body.innerText")
    values = browser.execute_script(
        "return [...document.querySelectorAll('input, textarea')].map((e) => e.value).join(' ')"
    )
    for shown in (text, values):
        assert not set(shown) & set(BIDI), [hex(ord(c)) for c in set(shown) & set(BIDI)]
    return text


def assert_in_reach(browser, element_id: str) -> None:  # noqa: F811
    """The page does not scroll sideways, and the button, scrolled to, is the element at its
    own centre (nothing laid over it)."""
    wide = browser.execute_script(
        "return document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert wide <= 1, f"the page is {wide} px wider than the window"
    button = browser.find_element(By.ID, element_id)
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", button)
    on_top = browser.execute_script(
        "const r = arguments[0].getBoundingClientRect();"
        "return document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);",
        button,
    )
    assert button.is_displayed() and on_top == button


def test_a_hostile_listing_reads_as_text_and_is_decided_in_the_browser(
    service: str,
    browser,  # noqa: F811
) -> None:
    job = held_hostile_listing(service)
    sign_in(browser, service)
    (link,) = queue_links(browser)
    text = assert_safe(browser)
    assert "SKU-[U+202E]$4.99" in text
    assert_in_reach(browser, "bulk-approve")

    link.click()
    WebDriverWait(browser, 60).until(EC.presence_of_element_located((By.ID, "findings")))
    text = assert_safe(browser)
    for shown in (
        "SKU-[U+202E]$4.99",
        SCRIPT,
        f"Bottles{IMG}",
        f"finish{SCRIPT}",
        f"matte {IMG} [U+202E]red[U+2069]",
        JS_URL,
        TEXTAREA + QUOTES,
        CSS,
        "Flasche",
        "reason=fixed",
    ):
        assert shown in text, shown
    # The edit form holds the listing as JSON text (the textarea was not closed early).
    edit_form = browser.find_element(By.ID, "edit-listing").get_attribute("value")
    assert '"title": "Flasche' in edit_form and "textarea" not in edit_form.split('"title"')[0]
    assert "\\u202e99.4" in edit_form  # the JSON escapes: saved back as they were
    editor_title = browser.find_element(By.ID, "editor-title").get_attribute("value")
    assert editor_title.endswith(" 99.4")  # the assisted editor leaves them out
    for button in ("approve", "reject", "edit"):
        assert_in_reach(browser, button)

    browser.find_element(By.ID, "approve").click()
    WebDriverWait(browser, 60).until(EC.presence_of_element_located((By.ID, "queue")))
    assert queue_links(browser) == []
    trail = httpx.get(
        f"{service}/v1/audit/{quote(SKU, safe='')}", headers={"X-API-Key": "k-rev"}
    ).json()
    assert [e["payload"].get("action") for e in trail if e["node"] == "human_review"][-1:] == [
        "approve"
    ], job


class Attacker(http.server.BaseHTTPRequestHandler):
    """Another origin's page: a form that posts an approval to the review page on load."""

    target = ""

    def do_GET(self) -> None:
        page = (
            f'<form id="f" method="post" action="{self.target}">'
            '<input name="action" value="approve"><input name="csrf" value="guessed"></form>'
            "<script>document.getElementById('f').submit()</script>"
        )
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.end_headers()
        self.wfile.write(page.encode())

    def log_message(self, *args: object) -> None:
        pass


def test_a_page_of_another_origin_cannot_decide(service: str, browser) -> None:  # noqa: F811
    job = held_hostile_listing(service)
    sign_in(browser, service)
    queue_links(browser)
    Attacker.target = f"{service}/review/{job}/{quote(SKU, safe='')}/de-DE"
    evil = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Attacker)
    evil.daemon_threads = True
    threading.Thread(target=evil.serve_forever, daemon=True).start()
    try:
        browser.get(f"http://localhost:{evil.server_port}/")
        WebDriverWait(browser, 30).until(lambda b: b.current_url.startswith(service))
        WebDriverWait(browser, 30).until(
            lambda b: b.execute_script("return document.readyState") == "complete"
        )
    finally:
        evil.shutdown()
    queue = httpx.get(f"{service}/v1/review/queue", headers={"X-API-Key": "k-rev"}).json()
    assert len(queue) == 1  # still held
