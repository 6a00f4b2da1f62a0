"""The experiments page: a seller signs in and lands on their jobs with variants, reads a job's
report (each variant with its interval and P(best), the winner marked), and promotes a shipped
variant with the page's CSRF token; a held variant has no button and is refused server-side."""

import re

from fastapi.testclient import TestClient

from listingsmith.audit.log import AuditLog
from listingsmith.experiments.promote import AUDIT_NODE
from listingsmith.prompts.audience import parse_audiences
from listingsmith.prompts.framing import plan_framings
from tests.unit.experiment_runs import experiment_id, write_variant_run
from tests.unit.fakes import BOTTLE
from tests.unit.test_api import as_
from tests.unit.test_api_experiments import service, upload  # noqa: F401
from tests.unit.test_api_sessions import sign_in


def results() -> str:
    """Traffic for every variant of BOT-1 en-US (B converts best) and BOT-2 de-DE."""
    rows = ["experiment_id,variant_id,impressions,clicks,orders"]
    for sku, locale in (("BOT-1", "en-US"), ("BOT-2", "de-DE")):
        exp = experiment_id(sku, locale)
        rows += [f"{exp},A,2000,100,8", f"{exp},B,2000,140,50", f"{exp},C,2000,90,9"]
    return "\n".join(rows) + "\n"


def job_with_variants(client: TestClient, tenant: str = "acme") -> str:
    """A done job of `tenant` that wrote variants A-C (gift, pro, budget), results ingested."""
    store = client.app.state.store
    framings = plan_framings(parse_audiences("gift,pro,budget"), None)
    job = store.create(tenant, [BOTTLE], ["en-US", "de-DE"], framings=framings)
    write_variant_run(store.folder(job))
    store.set_status(job, "done", None, {"counts": {}})
    assert upload(client, job, "k-admin", results()).json()["errors"] == []
    return job


def test_a_seller_lands_on_their_own_jobs_with_variants(service: TestClient) -> None:  # noqa: F811
    mine, theirs = job_with_variants(service), job_with_variants(service, "globex")
    service.app.state.store.create("acme", [BOTTLE], ["en-US"])  # no variants: not listed
    sign_in(service, "k-acme")
    page = service.get("/experiments").text
    assert re.findall(r'href="/experiments/([^"]+)"', page) == [mine]
    assert theirs not in page
    assert service.get(f"/experiments/{theirs}").status_code == 404


def test_the_report_page_shows_each_variant_and_offers_shipped_ones(
    service: TestClient,  # noqa: F811
) -> None:
    job = job_with_variants(service)
    sign_in(service, "k-acme")
    page = service.get(f"/experiments/{job}").text
    exp = experiment_id("BOT-1", "en-US")
    section = page[page.index(f'id="{exp}"') :]
    section = section[: section.index("</table>")]
    rows = re.findall(r'<td class="variant">(\w+)</td><td>(\w+)</td>', section)
    assert rows == [("A", "gift"), ("B", "pro"), ("C", "budget")]
    assert '<tr class="winner">\n    <td class="variant">B</td>' in section
    assert section.count('class="promote"') == 3
    held = experiment_id("BOT-2", "de-DE")  # its variant C is held: no button for it
    other = page[page.index(f'id="{held}"') :]
    assert other[: other.index("</table>")].count('class="promote"') == 2


def test_a_seller_promotes_from_the_page_and_it_is_audited(service: TestClient) -> None:  # noqa: F811
    job = job_with_variants(service)
    csrf = sign_in(service, "k-acme")
    exp = experiment_id("BOT-1", "en-US")
    url = f"/experiments/{job}/{exp}/promote"
    assert service.post(url, data={"variant_id": "A"}).status_code == 403  # no CSRF token
    page = service.post(url, data={"csrf": csrf, "variant_id": "A"})
    assert page.status_code == 200, page.text
    assert f"Promoted variant A of {exp}" in page.text
    assert f'id="{exp}"' not in page.text  # the experiment has ended
    listings = service.get(
        f"/v1/jobs/{job}/listings?sku=BOT-1&locale=en-US", headers=as_("k-acme")
    ).json()
    assert [x["title"] for x in listings] == ["Steel bottle BOT-1 for gift"]
    log = AuditLog(service.app.state.store.folder(job) / "audit.sqlite")
    (event,) = [e for e in log.events("BOT-1") if e.node == AUDIT_NODE]
    log.close()
    assert event.payload["reviewer"] == "acme-seller"


def test_a_reviewer_and_a_held_variant_are_refused(service: TestClient) -> None:  # noqa: F811
    job = job_with_variants(service)
    sign_in(service, "k-rev")
    assert service.get("/experiments").status_code == 403
    csrf = sign_in(service, "k-acme")
    held = experiment_id("BOT-2", "de-DE")
    page = service.post(
        f"/experiments/{job}/{held}/promote", data={"csrf": csrf, "variant_id": "C"}
    )
    assert page.status_code == 422
    assert "only a shipped variant can be promoted" in page.text
