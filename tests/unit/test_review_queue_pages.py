"""The review queue a page at a time: the index of held listings (storage/held.py) on SQLite and
PostgreSQL (keyset pages in a stable order, both ways, filters, counts, tenants kept apart, a
page's query on an index, not a scan), and the queue page and GET /v1/review/queue through the
service (next and previous links, a decision on page 2, bulk approve on the page shown)."""

import asyncio
import re
import sqlite3
import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from listingsmith.batch.review import HeldItem, decide, review_decision
from listingsmith.config import ReviewPaging
from listingsmith.storage.held import HeldIndex, Wanted, key_of, page_query
from tests.unit.fakes import BOTTLE
from tests.unit.test_api_sessions import make_client, sign_in


def held(sku: str, locale: str = "de-DE", rule: str = "gpsr", variant: str = "") -> HeldItem:
    finding = {"rule_id": rule, "severity": "block", "field": "title", "message": "m"}
    payload = {"listing": None, "findings": [finding], "attempts": 1, "sku": sku}
    if variant:
        payload["variant"] = {"variant_id": variant}
    return HeldItem(f"run:{sku}:{variant}", "run", sku, locale, f"i-{sku}", payload, BOTTLE)


def every_page(index: HeldIndex, wanted: Wanted, size: int) -> list[list[str]]:
    """The skus of each page, following the next cursors from the first page."""
    pages, page = [], index.page(wanted, size)
    while True:
        pages.append([row.sku for row in page.rows])
        if page.next is None:
            return pages
        page = index.page(wanted, size, after=key_of(page.next))


def test_pages_cover_the_queue_once_in_a_stable_order_both_ways(
    db_location: str | Path,
) -> None:
    index = HeldIndex(db_location)
    index.replace("job-b", "acme", 200.0, [held(f"B{i:02}") for i in range(10)], 0.0)
    index.replace("job-a", "acme", 100.0, [held(f"A{i:02}", "fr-FR") for i in range(7)], 0.0)
    index.replace("job-g", "globex", 150.0, [held(f"G{i:02}", rule="caps") for i in range(5)], 0)
    acme = Wanted("acme")
    pages = every_page(index, acme, 4)
    assert [len(p) for p in pages] == [4, 4, 4, 4, 1]
    skus = [sku for page in pages for sku in page]
    assert skus == [f"A{i:02}" for i in range(7)] + [
        f"B{i:02}" for i in range(10)
    ]  # oldest job first
    # Back from the last page, page by page, the same pages.
    last = index.page(acme, 4, after=key_of(index.page(acme, 16).next))
    assert [r.sku for r in last.rows] == ["B09"] and last.next is None
    back, cursor = [], last.previous
    while cursor:
        page = index.page(acme, 4, before=key_of(cursor))
        back.insert(0, [r.sku for r in page.rows])
        cursor = page.previous
    assert back == pages[:-1]
    assert index.page(acme, 4).previous is None
    # Tenants kept apart; a key without a tenant sees every listing.
    assert {sku[0] for page in every_page(index, Wanted("globex"), 4) for sku in page} == {"G"}
    assert index.count(Wanted()) == 22 and index.count(acme) == 17
    assert index.choices("acme") == {"locales": ["de-DE", "fr-FR"], "rules": ["gpsr"]}
    assert index.choices(None)["rules"] == ["caps", "gpsr"]
    # Filters: locale, rule, age (held since at most).
    assert index.count(Wanted("acme", locale="fr-FR")) == 7
    assert (
        index.count(Wanted(None, rule="caps")) == 5 and index.count(Wanted("acme", rule="ca")) == 0
    )
    assert index.count(Wanted(None, since=150.0)) == 12
    # A decision drops its row; held again, it comes back with its new interrupt.
    index.decided("job-b", "B03", "de-DE", None)
    index.decided("job-b", "B04", "de-DE", "", _again("B04"))
    assert index.find("job-b", "B03", "de-DE", None) is None
    again = index.find("job-b", "B04", "de-DE", "")
    assert again is not None and again.interrupt_id == "i-B04-2" and again.since == 200.0
    assert index.count(acme) == 16


def _again(sku: str) -> HeldItem:
    item = held(sku)
    return HeldItem(item.thread_id, "run", sku, "de-DE", f"i-{sku}-2", item.payload, BOTTLE)


def test_a_made_up_cursor_is_refused() -> None:
    for cursor in ("", "nope", "W10", "WyJhIiwgMV0"):
        with pytest.raises(ValueError):
            key_of(cursor)


def test_a_page_s_query_reads_an_index_not_every_held_listing(tmp_path: Path) -> None:
    """SQLite's plan of a page (a tenant's, everyone's, the next one, with a filter): a search
    on an index in the queue's order, never a scan of the table or a sort of it."""
    index = HeldIndex(tmp_path / "service.sqlite")
    index.replace("job", "acme", 1.0, [held(f"S{i:05}") for i in range(2000)], 0.0)
    key = (1.0, "job", "run:S01000:", "de-DE")
    plans = {}
    with sqlite3.connect(tmp_path / "service.sqlite") as conn:
        conn.execute("ANALYZE")
        for name, wanted, after in (
            ("tenant", Wanted("acme"), None),
            ("everyone", Wanted(), None),
            ("tenant, next page", Wanted("acme"), key),
            ("everyone, next page", Wanted(), key),
            ("tenant, locale", Wanted("acme", locale="de-DE"), key),
        ):
            sql, args = page_query(wanted, after, None, 50)
            rows = conn.execute("EXPLAIN QUERY PLAN " + sql, args).fetchall()
            plans[name] = " | ".join(row[-1] for row in rows)
    for name, plan in plans.items():
        assert re.search(r"SEARCH held_listings USING INDEX held_(tenant|order)", plan) or (
            name.startswith("everyone") and "SCAN held_listings USING INDEX held_order" in plan
        ), (name, plan)
        assert "TEMP B-TREE" not in plan and plan != "SCAN held_listings", (name, plan)


@pytest.mark.usefixtures("db_url")
def test_the_page_and_the_api_walk_the_queue_and_decide_on_page_2(tmp_path: Path) -> None:
    """Seven clean en-US listings held for sign-off, three to a page: the page shows the first
    three and the counts, the next link the next three; a decision on page 2 and a bulk approve
    of page 1's tick boxes take those listings only; the API's Link header walks the same."""
    paging = ReviewPaging(page_size=3, max_page_size=5)
    with make_client(tmp_path, sign_off_locales=["en-US"], review_paging=paging) as client:
        products = [{**BOTTLE.model_dump(mode="json"), "sku": f"SKU-{i}"} for i in range(7)]
        job = client.post(
            "/v1/jobs",
            headers={"X-API-Key": "k-acme"},
            json={"products": products, "locales": ["en-US"]},
        ).json()["job"]
        wait_done(client, job)
        csrf = sign_in(client, "k-rev")
        first = client.get("/review").text
        assert skus_on(first) == ["SKU-0", "SKU-1", "SKU-2"]
        assert "3 shown on this page, 7 match the filter, 7 held in all" in first
        assert 'id="previous-page"' not in first
        second = client.get(next_link(first)).text
        assert skus_on(second) == ["SKU-3", "SKU-4", "SKU-5"]
        assert 'id="previous-page"' in second
        assert skus_on(client.get(next_link(second)).text) == ["SKU-6"]
        assert client.get("/review?size=500").text.count('class="open"') == 5  # at most 5
        assert client.get("/review?after=not-a-cursor").status_code == 422

        # A decision on page 2, from its own link.
        decided = client.post(
            f"/review/{job}/SKU-4/en-US", data={"action": "approve", "csrf": csrf}
        )
        assert decided.status_code == 200  # back to the queue
        assert "6 held in all" in decided.text
        assert skus_on(client.get(next_link(client.get("/review").text)).text) == [
            "SKU-3",
            "SKU-5",
            "SKU-6",
        ]
        # Bulk approve takes the tick boxes of the page shown.
        picks = re.findall(r'name="pick" value="([^"]+)"', client.get("/review").text)
        assert len(picks) == 3
        done = client.post("/review/bulk-approve", data={"csrf": csrf, "pick": picks})
        assert done.status_code == 200, done.text
        assert skus_on(client.get("/review").text) == ["SKU-3", "SKU-5", "SKU-6"]

        # The API: a page, its Link header, X-Total-Count.
        api = client.get("/v1/review/queue?limit=2", headers={"X-API-Key": "k-rev"})
        assert [e["sku"] for e in api.json()] == ["SKU-3", "SKU-5"]
        assert api.headers["x-total-count"] == "3"
        following = re.search(r'<([^>]+)>; rel="next"', api.headers["link"]).group(1)
        rest = client.get(following, headers={"X-API-Key": "k-rev"})
        assert [e["sku"] for e in rest.json()] == ["SKU-6"]
        assert 'rel="prev"' in rest.headers["link"] and 'rel="next"' not in rest.headers["link"]
        # Decided elsewhere (the CLI, on the job's checkpoints): opening it says it is not
        # held, and the queue drops it.
        settings = client.app.state.settings
        decision = review_decision(action="approve", reviewer="cli-user")
        db = settings.service_dir / "jobs" / job / "state.sqlite"
        asyncio.run(decide(db, "SKU-6", "en-US", decision, settings, job))
        assert client.get(f"/review/{job}/SKU-6/en-US").status_code == 404
        api = client.get("/v1/review/queue", headers={"X-API-Key": "k-rev"})
        assert [e["sku"] for e in api.json()] == ["SKU-3", "SKU-5"]

        # A tenant's reviewer sees its tenant's only.
        theirs = client.post(
            "/v1/jobs",
            headers={"X-API-Key": "k-globex"},
            json={"products": products[:1], "locales": ["en-US"]},
        ).json()["job"]
        wait_done(client, theirs, "k-globex")
        everyone = client.get("/v1/review/queue", headers={"X-API-Key": "k-rev"})
        assert everyone.headers["x-total-count"] == "3"
        ann = client.get("/v1/review/queue?limit=5", headers={"X-API-Key": "k-rev-acme"})
        assert ann.headers["x-total-count"] == "2" and {e["job"] for e in ann.json()} == {job}


def wait_done(client: TestClient, job: str, key: str = "k-acme") -> None:
    for _ in range(600):
        status = client.get(f"/v1/jobs/{job}", headers={"X-API-Key": key}).json()
        if status["status"] == "done":
            return
        assert status["status"] != "failed", status
        time.sleep(0.05)
    raise AssertionError("job did not finish")


def skus_on(page: str) -> list[str]:
    """The skus of the queue page's rows, in order."""
    return re.findall(r'<a class="open" href="/review/[^/]+/([^/]+)/', page)


def next_link(page: str) -> str:
    return (
        re.search(r'id="next-page" rel="next" href="([^"]+)"', page).group(1).replace("&amp;", "&")
    )
