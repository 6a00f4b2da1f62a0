"""The review queue a page at a time in a real browser (Debian's headless Chromium) against the
real service (the fake model: the pages, not the model, are under test): with many held
listings the queue shows the first page and the counts, the next link opens the second page,
and a decision and a bulk approve on page 2 take page 2's listings only."""

from pathlib import Path

import httpx
import pytest
import yaml
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from listingsmith.api.app import create_app
from listingsmith.config import ReviewPaging, Settings
from tests.integration.served import job_ended, served
from tests.integration.test_review_browser import (  # noqa: F401
    KEYS,
    approve_ticked,
    browser,
    queue_links,
)
from tests.unit.fakes import BOTTLE, DE_GOOD, EN_GOOD, fake_model, translations

pytestmark = pytest.mark.integration
HELD, PAGE = 25, 10


@pytest.fixture
def service(tmp_path: Path) -> str:
    """The service on a free port, en-US listings held for sign-off, ten to a page."""
    keys = tmp_path / "keys.yaml"
    keys.write_text(yaml.safe_dump({"keys": KEYS}))
    settings = Settings(
        service_dir=tmp_path / "service",
        api_keys_file=keys,
        max_attempts=1,
        sign_off_locales=["en-US"],
        review_paging=ReviewPaging(page_size=PAGE),
    )
    model = fake_model([EN_GOOD] * 10, translations(DE_GOOD))
    app = create_app(settings, llm=lambda client: (model, "fake-model"))
    with served(app) as url:
        yield url


def skus(browser) -> list[str]:  # noqa: F811
    """The skus of the queue page's rows, in order."""
    return [link.get_attribute("href").split("/")[-2] for link in queue_links(browser)]


def click_to(browser, element_id: str, url: str, exact: bool = False) -> None:  # noqa: F811
    """Click an element and wait for the page it leads to (its URL ends with, or holds, `url`)."""
    browser.find_element(By.ID, element_id).click()
    WebDriverWait(browser, 60).until(
        lambda b: b.current_url.endswith(url) if exact else url in b.current_url
    )
    queue_links(browser)


def counts(browser) -> str:  # noqa: F811
    return browser.find_element(By.ID, "counts").text


def test_many_held_listings_page_by_page_with_decisions_on_page_2(
    service: str,
    browser,  # noqa: F811
) -> None:
    products = [{**BOTTLE.model_dump(mode="json"), "sku": f"SKU-{i:02}"} for i in range(HELD)]
    seller = {"X-API-Key": "k-seller"}
    answer = httpx.post(
        f"{service}/v1/jobs",
        headers=seller,
        timeout=30,
        json={"products": products, "locales": ["en-US"]},
    )
    assert answer.status_code == 202, answer.text
    status = job_ended(service, answer.json()["job"], seller, pause=0.2)
    assert status["report"]["counts"] == {"en-US": {"held": HELD}}, status

    browser.get(f"{service}/login")
    browser.find_element(By.ID, "key").send_keys("k-rev")
    browser.find_element(By.ID, "sign-in").click()
    first = skus(browser)
    assert first == [f"SKU-{i:02}" for i in range(PAGE)]
    assert f"{PAGE} shown on this page, {HELD} match the filter, {HELD} held in all" in (
        counts(browser)
    )
    assert not browser.find_elements(By.ID, "previous-page")

    click_to(browser, "next-page", "after=")
    second = skus(browser)
    assert second == [f"SKU-{i:02}" for i in range(PAGE, 2 * PAGE)], second
    assert browser.find_elements(By.ID, "previous-page")

    # One decision on page 2, from its own page.
    queue_links(browser)[3].click()
    WebDriverWait(browser, 60).until(EC.presence_of_element_located((By.ID, "approve")))
    click_to(browser, "approve", "/review", exact=True)
    assert f"{HELD - 1} held in all" in counts(browser)

    # Page 2 again: the decided listing is gone; a bulk approve of its tick boxes.
    click_to(browser, "next-page", "after=")
    page_two = skus(browser)
    assert page_two == [s for s in second if s != second[3]] + [f"SKU-{2 * PAGE:02}"]
    boxes = browser.find_elements(By.CSS_SELECTOR, "#queue input.pick")
    assert len(boxes) == PAGE
    assert approve_ticked(browser, boxes) == f"Approved {PAGE}."
    browser.get(f"{service}/review")
    assert skus(browser) == first  # page 1 untouched
    assert f"{HELD - 1 - PAGE} held in all" in counts(browser)
