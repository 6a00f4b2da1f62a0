"""The review page's assisted editor in a real browser against the real service and the real
embedded model: type a violation and see its finding appear under the field, ask the model for
a suggestion, accept it, save, and find the edit in the audit trail."""

import httpx
import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from tests.integration.test_review_browser import (  # noqa: F401
    browser,
    finished_job,
    queue_links,
    service,
)

pytestmark = pytest.mark.integration
VIOLATION = " Unser Bestseller fürs Homeoffice."


def proposed(field: str):
    """Wait for a proposal's Accept button; fail at once, with the page's words, on an error."""

    def ready(driver):
        box = driver.find_element(By.ID, f"proposal-{field}")
        text = box.text  # read before the buttons: a proposal can arrive between the two reads
        buttons = box.find_elements(By.ID, f"accept-{field}")
        if buttons:
            return buttons[0]
        assert text in ("", "asking…"), text  # the server's refusal, shown in the box
        return False

    return ready


def test_a_reviewer_checks_asks_accepts_and_saves_in_the_editor(service: str, browser) -> None:  # noqa: F811
    status = finished_job(service, 1)
    assert status["report"]["counts"] == {"de-DE": {"held": 1}}, status

    browser.get(f"{service}/login")
    browser.find_element(By.ID, "key").send_keys("k-rev")
    browser.find_element(By.ID, "sign-in").click()
    links = queue_links(browser)
    sku = links[0].get_attribute("href").split("/")[-2]
    links[0].click()
    wait = WebDriverWait(browser, 120)
    description = wait.until(EC.presence_of_element_located((By.ID, "editor-description")))
    description.send_keys(VIOLATION)
    wait.until(lambda b: "bestseller" in b.find_element(By.ID, "findings-description").text.lower())

    browser.find_element(By.ID, "suggest-title").click()  # "shorter" first; pick "more formal"
    first = wait.until(proposed("title"))
    browser.find_element(By.CSS_SELECTOR, "#instruction-title option[value='more formal']").click()
    browser.find_element(By.ID, "suggest-title").click()
    wait.until(EC.staleness_of(first))
    accept = wait.until(proposed("title"))
    proposal = browser.find_element(By.CSS_SELECTOR, "#proposal-title q").text
    accept.click()
    assert browser.find_element(By.ID, "editor-title").get_attribute("value") == proposal
    browser.find_element(By.ID, "editor-save-button").click()
    WebDriverWait(browser, 60).until(EC.presence_of_element_located((By.ID, "queue")))

    trail = httpx.get(f"{service}/v1/audit/{sku}", headers={"X-API-Key": "k-rev"}).json()
    edits = [e["payload"] for e in trail if e["node"] == "human_review"]
    assert [(e["action"], e["reviewer"]) for e in edits] == [("edit", "rita")]
