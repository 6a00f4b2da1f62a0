"""Time for a scripted browser session (headless Chromium) to clear held listings on the review
page: main's one-by-one flow (queue, open, Approve, back to the queue) against the new keyboard
flow ("a" approves and opens the next held listing), in the same session, on a service run with
the unit tests' fake model (every de-DE listing is held: a GTIN conflict, 12 h against 24 h).

    .venv/bin/python -m benchmarks.review_clear [--listings 20] [--screenshots docs]

Prints both times and their ratio; --screenshots saves the queue and an item page (PNG)."""

from __future__ import annotations

import argparse
import tempfile
import threading
import time
from pathlib import Path

import httpx
import uvicorn
import yaml
from PIL import Image
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from listingsmith.api.app import create_app
from listingsmith.config import Settings
from listingsmith.serving.server import free_port
from tests.unit.fakes import DE_WRONG_HOURS, DISPUTED, EN_GOOD, fake_model, translations

KEYS = [
    {"key": "k-seller", "name": "acme", "role": "seller", "tenant": "acme"},
    {"key": "k-rev", "name": "rita", "role": "reviewer"},
]


def start(folder: Path, listings: int) -> str:
    """The service on a free port, with the fake model; its base URL."""
    keys = folder / "keys.yaml"
    keys.write_text(yaml.safe_dump({"keys": KEYS}))
    settings = Settings(service_dir=folder / "service", api_keys_file=keys, max_attempts=1)
    model = fake_model([EN_GOOD] * (40 * listings), translations(*[DE_WRONG_HOURS] * 4))
    app = create_app(settings, llm=lambda client: (model, "fake-model"))
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.05)
    return f"http://127.0.0.1:{port}"


def hold(url: str, listings: int, tag: str) -> None:
    """A finished job whose `listings` de-DE listings are all held."""
    products = [{**DISPUTED.model_dump(mode="json"), "sku": f"{tag}-{i}"} for i in range(listings)]
    seller = {"X-API-Key": "k-seller"}
    body = {"products": products, "locales": ["de-DE"]}
    job = httpx.post(f"{url}/v1/jobs", headers=seller, json=body, timeout=60).json()["job"]
    while httpx.get(f"{url}/v1/jobs/{job}", headers=seller).json()["status"] != "done":
        time.sleep(0.2)
    queue = httpx.get(f"{url}/v1/review/queue", headers={"X-API-Key": "k-rev"}).json()
    assert len(queue) == listings, len(queue)


def browser(profile: Path) -> webdriver.Chrome:
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"):
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={profile}")
    driver = webdriver.Chrome(
        service=Service(executable_path="/usr/bin/chromedriver"), options=options
    )
    driver.set_window_size(1280, 1400)
    return driver


def wait_for(driver: webdriver.Chrome, element_id: str) -> None:
    WebDriverWait(driver, 60).until(EC.presence_of_element_located((By.ID, element_id)))


def one_by_one(driver: webdriver.Chrome, url: str) -> float:
    """Main's flow: from the queue, open the first listing, Approve, back on the queue."""
    started = time.perf_counter()
    driver.get(f"{url}/review")
    while True:
        wait_for(driver, "queue")
        links = driver.find_elements(By.CSS_SELECTOR, "#queue a.open")
        if not links:
            return time.perf_counter() - started
        links[0].click()
        wait_for(driver, "approve")
        driver.find_element(By.ID, "approve").click()


def keyboard(driver: webdriver.Chrome, url: str) -> float:
    """The new flow: j and Enter on the queue open the first listing; "a" approves it and opens
    the next one, until the queue is empty."""
    started = time.perf_counter()
    driver.get(f"{url}/review")
    wait_for(driver, "queue")
    body = driver.find_element(By.TAG_NAME, "body")
    body.send_keys("j")
    driver.switch_to.active_element.send_keys(Keys.ENTER)
    while True:
        WebDriverWait(driver, 60).until(
            lambda d: d.find_elements(By.ID, "approve-next") or d.find_elements(By.ID, "queue")
        )
        if driver.find_elements(By.ID, "queue"):
            assert not driver.find_elements(By.CSS_SELECTOR, "#queue a.open")
            return time.perf_counter() - started
        page = driver.find_element(By.TAG_NAME, "html")
        driver.find_element(By.TAG_NAME, "body").send_keys("a")
        WebDriverWait(driver, 60).until(EC.staleness_of(page))


def screenshot(driver: webdriver.Chrome, path: Path) -> None:
    """The page as a small PNG (64 colours)."""
    driver.save_screenshot(str(path))
    Image.open(path).convert("RGB").quantize(64).save(path, optimize=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--listings", type=int, default=20)
    parser.add_argument("--screenshots", type=Path, default=None)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        url = start(folder, args.listings)
        driver = browser(folder / "profile")
        try:
            driver.get(f"{url}/login")
            driver.find_element(By.ID, "key").send_keys("k-rev")
            driver.find_element(By.ID, "sign-in").click()
            wait_for(driver, "queue")
            hold(url, args.listings, "OLD")
            old = one_by_one(driver, url)
            hold(url, args.listings, "NEW")
            if args.screenshots:
                driver.get(f"{url}/review")
                wait_for(driver, "queue")
                screenshot(driver, args.screenshots / "review-queue.png")
                driver.find_element(By.CSS_SELECTOR, "#queue a.open").click()
                wait_for(driver, "findings")
                screenshot(driver, args.screenshots / "review-item.png")
            new = keyboard(driver, url)
        finally:
            driver.quit()
    n = args.listings
    print(f"one by one (main's flow): {n} listings in {old:.2f} s ({old / n:.3f} s each)")
    print(f"keyboard, approve and open next: {n} listings in {new:.2f} s ({new / n:.3f} s each)")
    print(f"speed-up: {old / new:.2f}x")


if __name__ == "__main__":
    main()
