"""Stored XSS on the review pages, in a real browser (Debian's headless Chromium) against the real
service and the real embedded model: a seller's product whose every field carries a script, a
listing held for GPSR, an edit whose fields and reason carry scripts (checked again and held
again, so the model-side fields and the findings' messages carry them too). The queue and the
item page run none of them and show every one as text."""

import json
from urllib.parse import quote

import httpx
import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from tests.integration.served import job_ended
from tests.integration.test_review_browser import browser, queue_links, service  # noqa: F401

pytestmark = pytest.mark.integration  # a real vLLM server, like the browser test it builds on

# Each payload sets window.__xss if it ever runs: as a script, an event handler or a URL.
SCRIPT = "<script>window.__xss='script'</script>"
IMG = "<img src=x onerror=\"window.__xss='img'\">"
SVG = '"><svg onload="window.__xss=\'svg\'">'
JS_URL = "javascript:window.__xss='url'"
ALL = f"{SCRIPT} {IMG} {SVG} {JS_URL}"
SKU = f"XSS-1{SVG}{IMG}"


def product() -> dict:
    """No manufacturer data: a de-DE listing is held (GPSR), whatever the model writes."""
    return {
        "sku": SKU,
        "title": f"Steel Bottle {SCRIPT}",
        "description": f"A bottle. {ALL}",
        "brand": f"Acme{IMG}",
        "category": f"Bottles{SVG}",
        "attributes": {f"color{SCRIPT}": f"blue {IMG}", "link": JS_URL},
    }


def edited_listing() -> dict:
    return {
        "title": f"Flasche {SCRIPT}",
        "bullets": [f"Stahl {IMG}", JS_URL],
        "description": f"Eine Flasche. {ALL}",
        "keywords": [SVG],
    }


def assert_nothing_ran(browser) -> None:  # noqa: F811
    assert browser.execute_script("return window.__xss") is None


def test_no_stored_script_runs_on_the_review_pages(service: str, browser) -> None:  # noqa: F811
    seller, reviewer = {"X-API-Key": "k-seller"}, {"X-API-Key": "k-rev"}
    job = httpx.post(
        f"{service}/v1/jobs",
        headers=seller,
        timeout=30,
        json={"products": [product()], "locales": ["de-DE"]},
    ).json()["job"]
    status = job_ended(service, job, seller, tries=900)
    assert status["report"]["counts"] == {"de-DE": {"held": 1}}, status

    assert len(httpx.get(f"{service}/v1/review/queue", headers=reviewer).json()) == 1
    edit = httpx.post(
        f"{service}/v1/review/{job}/{quote(SKU)}/de-DE",
        headers=reviewer,
        timeout=120,
        json={"action": "edit", "listing": edited_listing(), "reason": f"fixed {SCRIPT}"},
    )
    assert edit.status_code == 200, edit.text
    assert edit.json()["status"] == "held"
    page = httpx.get(f"{service}/login")
    assert "default-src 'none'" in page.headers["content-security-policy"]

    browser.get(f"{service}/login")
    browser.find_element(By.ID, "key").send_keys("k-rev")
    browser.find_element(By.ID, "sign-in").click()
    (link,) = queue_links(browser)
    assert_nothing_ran(browser)
    queue_text = browser.find_element(By.ID, "queue").text
    assert SKU in queue_text

    link.click()
    WebDriverWait(browser, 60).until(EC.presence_of_element_located((By.ID, "findings")))
    assert_nothing_ran(browser)
    text = browser.find_element(By.TAG_NAME, "body").text
    for shown in (
        SKU,
        product()["title"],
        f"Acme{IMG}",
        f"Bottles{SVG}",
        f"color{SCRIPT}",
        f"blue {IMG}",
        JS_URL,
        f"reason=fixed {SCRIPT}",
    ):
        assert shown in text, shown
    # The recheck deletes HTML tags from the edit (the amazon.html rule); what is left is text.
    listing = browser.find_element(By.ID, "listing").text
    assert SVG in listing and JS_URL in listing
    assert json.dumps(SVG) in browser.find_element(By.ID, "edit-listing").get_attribute("value")
    # Only this origin's static scripts (the keys and the assisted editor), never a stored one.
    assert browser.find_elements(By.CSS_SELECTOR, "script:not([src^='/static/'])") == []
    assert browser.find_elements(By.CSS_SELECTOR, "#listing svg, #listing img") == []
    for hostile in ("#side-by-side", "#findings"):
        assert browser.find_elements(By.CSS_SELECTOR, f"{hostile} svg, {hostile} img") == []

    # The queue's filters echo what they were given, as text.
    browser.get(f"{service}/review?locale={quote(SVG)}&rule={quote(SCRIPT)}")
    WebDriverWait(browser, 60).until(EC.presence_of_element_located((By.ID, "filtered")))
    assert_nothing_ran(browser)
    assert SVG in browser.find_element(By.ID, "filtered").text
    assert browser.find_elements(By.CSS_SELECTOR, "#filters svg, #filters img") == []
