"""Hostile input through both job routes: one clean 422 (or 413) naming the record and field,
never a 500, never a server path; photos only from the job itself; limits from InputLimits."""

from __future__ import annotations

import base64
import json
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from pathlib import Path

import pytest
import yaml
from fastapi.testclient import TestClient

from listingsmith.api.app import create_app
from listingsmith.config import InputLimits, Settings
from tests.unit.fakes import BOTTLE, DE_WRONG_HOURS, EN_GOOD, fake_model, translations
from tests.unit.hostile_inputs import (
    deep_json,
    good_png,
    pixel_bomb,
    record,
    text_bomb,
    truncated_jpeg,
)

SELLER = {"X-API-Key": "k-acme"}
Service = Callable[..., TestClient]


@pytest.fixture
def service(tmp_path: Path) -> Iterator[Service]:
    """A factory of services with the given InputLimits (the rest default)."""
    keys = tmp_path / "keys.yaml"
    keys.write_text(
        yaml.safe_dump(
            {"keys": [{"key": "k-acme", "name": "a", "role": "seller", "tenant": "acme"}]}
        )
    )
    with ExitStack() as stack:

        def make(**limits: int) -> TestClient:
            settings = Settings(
                service_dir=tmp_path / "service",
                api_keys_file=keys,
                max_attempts=1,
                max_image_pixels=1_000_000,
                input_limits=InputLimits(**limits),
            )
            model = fake_model([EN_GOOD] * 10, translations(DE_WRONG_HOURS))
            app = create_app(settings, llm=lambda client: (model, "fake-model"))
            return stack.enter_context(TestClient(app))

        yield make


def bottle(sku: str = "BOTTLE-1", **fields: object) -> dict:
    return {**BOTTLE.model_dump(mode="json"), "sku": sku, **fields}


def data_url(data: bytes, kind: str = "png") -> str:
    return f"data:image/{kind};base64," + base64.b64encode(data).decode()


def post_json(client: TestClient, products: list[dict]):
    return client.post(
        "/v1/jobs", headers=SELLER, json={"products": products, "locales": ["de-DE"]}
    )


def upload(client: TestClient, lines: list[bytes], photos: dict[str, bytes] | None = None):
    files = [("file", ("catalog.jsonl", b"\n".join(lines), "application/jsonl"))]
    files += [("images", (name, data, "image/png")) for name, data in (photos or {}).items()]
    return client.post("/v1/jobs/upload", headers=SELLER, data={"locales": "de-DE"}, files=files)


def bad_records(response) -> list[dict]:
    assert response.status_code == 422, response.text
    return response.json()["detail"]["bad_records"]


def no_jobs_left(tmp_path: Path) -> bool:
    jobs = tmp_path / "service" / "jobs"
    return not jobs.exists() or not any(jobs.iterdir())


HOSTILE_PHOTOS = pytest.mark.parametrize(
    ("data", "says"),
    [
        (pixel_bomb(), "pixels"),
        (text_bomb(b"zTXt"), "unreadable image"),
        (text_bomb(b"iTXt"), "unreadable image"),
        (truncated_jpeg(), "truncated"),
    ],
    ids=["pixel-bomb", "ztxt-bomb", "itxt-bomb", "truncated-jpeg"],
)


@HOSTILE_PHOTOS
def test_upload_a_hostile_photo(service: Service, tmp_path: Path, data: bytes, says: str) -> None:
    lines = [json.dumps(bottle()).encode(), record("BAD", images=["photo.png"]).encode()]
    (problem,) = bad_records(upload(service(), lines, {"photo.png": data}))
    assert (problem["line"], problem["sku"], problem["field"]) == (2, "BAD", "images[0]")
    assert says in problem["message"] and str(tmp_path) not in problem["message"]
    assert no_jobs_left(tmp_path)


@HOSTILE_PHOTOS
def test_json_a_hostile_inline_photo(service: Service, data: bytes, says: str) -> None:
    response = post_json(service(), [bottle(), bottle("BAD", images=[data_url(data)])])
    (problem,) = bad_records(response)
    assert (problem["index"], problem["field"]) == (1, "images[0]") and says in problem["message"]


@pytest.mark.parametrize(
    ("line", "says"),
    [
        (deep_json().encode(), "nested deeper than 16 levels"),
        (b'{"sku": "BAD", "title": "caf\xe9"}', "not valid UTF-8"),
        (record("BAD", images=["a\u0000.png"]).encode(), "names no image sent"),
    ],
    ids=["deep-json", "invalid-utf8", "nul-in-path"],
)
def test_upload_a_hostile_line(service: Service, line: bytes, says: str) -> None:
    (problem,) = bad_records(upload(service(), [json.dumps(bottle()).encode(), line]))
    assert problem["line"] == 2 and says in problem["message"]


def test_a_json_body_nested_too_deeply(service: Service) -> None:
    body = '{"locales": ["de-DE"], "products": [' + deep_json(5_000) + "]}"
    response = service().post(
        "/v1/jobs", headers={**SELLER, "content-type": "application/json"}, content=body
    )
    assert response.status_code == 422 and "nested deeper than 18 levels" in response.text


@pytest.fixture
def server_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A photo on the server outside any job, and a service working directory with a link
    to it (what a relative path or a symlink could reach)."""
    secret = tmp_path / "secret.png"
    secret.write_bytes(good_png())
    cwd = tmp_path / "cwd"
    cwd.mkdir()
    (cwd / "link.png").symlink_to(secret)
    monkeypatch.chdir(cwd)
    return secret


def escapes(secret: Path) -> list[str]:
    return [str(secret), "../secret.png", "link.png", "photo.png\u0000", "/nonexistent/x.png"]


def test_json_route_reads_no_server_path(service: Service, server_files: Path) -> None:
    names = escapes(server_files)
    response = post_json(service(), [bottle(f"S{i}", images=[n]) for i, n in enumerate(names)])
    problems = bad_records(response)
    assert [(p["index"], p["field"]) for p in problems] == [(i, "images[0]") for i in range(5)]
    assert len({p["message"] for p in problems}) == 1  # an existing path reads as a missing one
    assert str(server_files.parent) not in response.text


def test_upload_route_reads_no_server_path(service: Service, server_files: Path) -> None:
    names = escapes(server_files)
    lines = [json.dumps(bottle(f"S{i}", images=[n])).encode() for i, n in enumerate(names)]
    response = upload(service(), lines, {"photo.png": good_png()})
    problems = bad_records(response)
    assert [(p["line"], p["field"]) for p in problems] == [(i, "images[0]") for i in range(1, 6)]
    assert len({p["message"] for p in problems}) == 1
    assert str(server_files.parent) not in response.text


def test_uploaded_and_inline_photos_are_kept_in_the_job(service: Service, tmp_path: Path) -> None:
    client = service()
    lines = [json.dumps(bottle(images=["front.png", data_url(good_png())])).encode()]
    response = upload(client, lines, {"front.png": good_png(), "unused.png": good_png()})
    assert response.status_code == 202, response.text
    job = response.json()["job"]
    folder = tmp_path / "service" / "jobs" / job
    (product,) = client.app.state.store.products(job)
    assert [Path(p).parent for p in product.images] == [folder / "photos"] * 2
    assert all(Path(p).read_bytes() == good_png() for p in product.images)


def test_an_uploaded_file_that_is_no_image_type_is_refused(service: Service) -> None:
    response = upload(service(), [json.dumps(bottle()).encode()], {"notes.txt": b"hello"})
    assert response.status_code == 422
    assert response.json()["detail"]["bad_images"][0]["file"] == "notes.txt"


def test_duplicate_skus_are_refused_by_both_routes(service: Service, tmp_path: Path) -> None:
    client = service()
    problems = bad_records(post_json(client, [bottle(), bottle("OTHER"), bottle()]))
    assert [(p["index"], p["sku"], p["field"]) for p in problems] == [(2, "BOTTLE-1", "sku")]
    lines = [json.dumps(bottle()).encode()] * 2
    problems = bad_records(upload(client, lines))
    assert [(p["line"], p["sku"], p["field"]) for p in problems] == [(2, "BOTTLE-1", "sku")]
    assert no_jobs_left(tmp_path)


def test_an_upload_over_upload_bytes_is_413_without_echo(service: Service) -> None:
    client = service(upload_bytes=2_000)
    secret_line = json.dumps(bottle(description="SECRET " * 500)).encode()
    response = upload(client, [secret_line])
    assert response.status_code == 413 and len(response.text) < 200
    assert "SECRET" not in response.text
    response = post_json(client, [bottle(description="SECRET " * 500)])
    assert response.status_code == 413 and "SECRET" not in response.text


def test_a_record_over_record_bytes(service: Service) -> None:
    client = service(record_bytes=1_000)
    big = bottle(description="d" * 2_000)
    (problem,) = bad_records(upload(client, [json.dumps(big).encode()]))
    assert problem["line"] == 1 and "longer than 1000 bytes" in problem["message"]
    (problem,) = bad_records(post_json(client, [big]))
    assert problem["index"] == 0 and "longer than 1000 bytes" in problem["message"]


def test_field_and_title_limits_on_both_routes(service: Service) -> None:
    client = service(field_chars=500, title_chars=50)
    (problem,) = bad_records(post_json(client, [bottle(title="t" * 51)]))
    assert (problem["field"], problem["message"]) == ("title", "longer than 50 characters")
    line = json.dumps(bottle(bullets=["ok", "b" * 501])).encode()
    (problem,) = bad_records(upload(client, [line]))
    assert (problem["field"], problem["message"]) == ("bullets[1]", "longer than 500 characters")


def test_records_per_job_on_both_routes(service: Service) -> None:
    client = service(records_per_job=2)
    products = [bottle(f"R{i}") for i in range(4)]
    (problem,) = bad_records(post_json(client, products))
    assert problem["index"] == 2 and "more than 2 records" in problem["message"]
    (problem,) = bad_records(upload(client, [json.dumps(p).encode() for p in products]))
    assert problem["line"] == 3 and "more than 2 records" in problem["message"]


def test_error_bodies_quote_little(service: Service) -> None:
    huge = {"sku": "S" * 100_000, "title": ["not", "text"], "category": "C" * 100_000}
    response = post_json(service(record_bytes=1_000_000, field_chars=1_000_000), [huge])
    (problem,) = bad_records(response)
    assert problem["field"] == "title" and len(response.text) < 1_000


def test_a_chunked_body_is_counted_as_it_arrives(service: Service) -> None:
    body = json.dumps({"products": [bottle(description="SECRET " * 500)], "locales": ["de-DE"]})
    chunks = iter([body[i : i + 500].encode() for i in range(0, len(body), 500)])
    headers = {**SELLER, "content-type": "application/json"}  # no content-length: chunked
    response = service(upload_bytes=2_000).post("/v1/jobs", headers=headers, content=chunks)
    assert response.status_code == 413 and "SECRET" not in response.text


def test_an_uploaded_video_is_kept_in_the_job_and_checked(service: Service, tmp_path: Path) -> None:
    client = service()
    video = (Path(__file__).resolve().parents[2] / "examples/videos/B00BSBV0GI.mp4").read_bytes()

    def send(name: str, data: bytes):
        lines = [json.dumps(bottle(videos=[name])).encode()]
        files = [("file", ("catalog.jsonl", b"\n".join(lines), "application/jsonl"))]
        files.append(("videos", (name, data, "video/mp4")))
        return client.post(
            "/v1/jobs/upload", headers=SELLER, data={"locales": "de-DE"}, files=files
        )

    response = send("clip.mp4", video)
    assert response.status_code == 202, response.text
    (product,) = client.app.state.store.products(response.json()["job"])
    assert Path(product.videos[0]).read_bytes() == video
    (problem,) = bad_records(send("broken.mp4", video[:1000]))
    assert problem["field"] == "videos[0]" and "unreadable video" in problem["message"]
    refused = send("clip.m3u8", video)
    assert refused.json()["detail"]["bad_images"][0]["file"] == "clip.m3u8"


@pytest.mark.parametrize(
    ("mark", "codec"),
    [(b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le")],
    ids=["utf-8-bom", "utf-16-le"],
)
def test_an_upload_saved_with_a_byte_order_mark_reads_every_record(
    service: Service, mark: bytes, codec: str
) -> None:
    client = service()
    text = "\n".join(json.dumps(bottle(sku)) for sku in ("A", "B"))
    files = [("file", ("catalog.jsonl", mark + text.encode(codec), "application/jsonl"))]
    response = client.post(
        "/v1/jobs/upload", headers=SELLER, data={"locales": "de-DE"}, files=files
    )
    assert response.status_code == 202, response.text
    products = client.app.state.store.products(response.json()["job"])
    assert [p.sku for p in products] == ["A", "B"]


def test_an_attribute_that_is_no_finite_number_is_refused_by_both_routes(
    service: Service,
) -> None:
    client = service()
    line = json.dumps(bottle("BAD"))[:-1] + ', "attributes": {"weight": Infinity}}'
    body = '{"locales": ["de-DE"], "products": [' + line + "]}"
    posted = client.post(
        "/v1/jobs", headers={**SELLER, "content-type": "application/json"}, content=body
    )
    (problem,) = bad_records(posted)
    assert (problem["sku"], problem["field"]) == ("BAD", "attributes")
    assert "'weight' is inf" in problem["message"]
    (problem,) = bad_records(upload(client, [line.encode()]))
    assert problem["line"] == 1 and "'weight' is inf" in problem["message"]


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"sku": "A\ud800B"}, "sku"),
        ({"title": "Steel\udfff"}, "title"),
        ({"attributes": {"colo\ud800r": "blue"}}, "attributes"),
        ({"attributes": {"color": "blu\ud83d"}}, "attributes"),
    ],
    ids=["sku", "title", "attribute-name", "attribute-value"],
)
def test_a_lone_surrogate_is_refused_by_name_on_both_routes(
    service: Service, fields: dict, field: str
) -> None:
    # JSON's "\ud800" escape decodes to half a UTF-16 pair, which no UTF-8 response can carry:
    # a refusal that quoted the sku was a 500, and an attribute name was taken into the job.
    client = service()
    body = json.dumps({"products": [bottle(**fields)], "locales": ["de-DE"]})  # as escapes
    posted = client.post(
        "/v1/jobs", headers={**SELLER, "content-type": "application/json"}, content=body
    )
    for response, where in (
        (posted, "index"),
        (upload(client, [json.dumps(bottle(**fields)).encode()]), "line"),
    ):
        assert response.status_code == 422, response.text
        (problem,) = bad_records(response)
        assert problem[where] in (0, 1) and problem["field"].startswith(field), problem


def test_an_upload_with_two_catalogue_files_is_refused_not_cut(service: Service) -> None:
    # The second file was left out of the job without a word (a job of the first file's skus).
    client = service()
    files = [
        ("file", ("a.jsonl", json.dumps(bottle("A-1")).encode(), "application/jsonl")),
        ("file", ("b.jsonl", json.dumps(bottle("B-1")).encode(), "application/jsonl")),
    ]
    response = client.post(
        "/v1/jobs/upload", headers=SELLER, data={"locales": "de-DE"}, files=files
    )
    assert response.status_code == 422, response.text
    assert response.json()["detail"] == {
        "field": "file",
        "message": "give one file; this upload has 2",
    }
    one = [("file", ("a.jsonl", json.dumps(bottle("A-1")).encode(), "application/jsonl"))]
    data = {"locales": "de-DE", "variants": "9"}
    refused = client.post("/v1/jobs/upload", headers=SELLER, data=data, files=one)
    assert refused.status_code == 422 and refused.json()["detail"]["field"] == "variants"


def test_a_sku_with_a_nul_is_refused_by_name_on_both_routes(service: Service) -> None:
    # It was taken, and on PostgreSQL the whole job failed (text cannot hold NUL).
    client = service()
    for response, where, at in (
        (post_json(client, [bottle("GOOD-1"), bottle("A\x00B")]), "index", 1),
        (upload(client, [json.dumps(bottle("A\x00B")).encode()]), "line", 1),
    ):
        assert response.status_code == 422, response.text
        (problem,) = bad_records(response)
        assert problem[where] == at and problem["field"] == "sku", problem
        assert problem["sku"] == "A\\x00B", problem


def test_a_refused_form_field_is_not_echoed(service: Service) -> None:
    # The upload's 500 kB `audiences` came back whole in its refusal.
    client = service()
    files = [("file", ("c.jsonl", json.dumps(bottle()).encode(), "application/jsonl"))]
    for data in ({"locales": "de-DE", "audiences": "y" * 500_000}, {"locales": "x" * 500_000}):
        response = client.post("/v1/jobs/upload", headers=SELLER, data=data, files=files)
        assert response.status_code == 422 and len(response.text) < 1_000, len(response.text)
        assert response.json()["detail"]["field"] in data
