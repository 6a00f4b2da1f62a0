"""Property-based fuzzing of the catalogue readers and both job routes: arbitrary bytes, JSON
and unicode give products or record errors (422/413 through the service), never an exception.
Bounded and derandomized, so CI runs the same examples every time."""

from __future__ import annotations

import base64
import io
import json
from pathlib import Path

import yaml
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from listingsmith.api.app import create_app
from listingsmith.batch.catalog import RecordError, parse_record, read_catalog
from listingsmith.batch.photos import LocalPhotos
from listingsmith.config import InputLimits, Settings
from listingsmith.domain import Product
from listingsmith.images import check_image
from tests.unit.hostile_inputs import good_png, pixel_bomb, text_bomb, truncated_jpeg

FUZZ = settings(
    max_examples=200,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
SETTINGS = Settings(
    max_image_pixels=1_000_000,
    input_limits=InputLimits(record_bytes=4_000, field_chars=200, title_chars=80, list_items=8),
)
PHOTOS = {
    "good.png": good_png(),
    "bomb.png": pixel_bomb(),
    "ztxt.png": text_bomb(),
    "cut.jpg": truncated_jpeg(),
}
IMAGE_NAMES = [
    *PHOTOS,
    "missing.png",
    "../good.png",
    "/etc/passwd",
    "a\0b.png",
    "data:image/png;base64," + base64.b64encode(good_png()).decode(),
    "data:image/png;base64,@@@",
    "data:text/html;base64,PGI+",
]

scalars = (
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=40)
)
values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)
texts = st.text(max_size=60) | st.text(min_size=150, max_size=250)
# Records of the right shape (most reach the limits and photo checks), and any JSON object.
records = st.builds(
    lambda fields, sku, title, images: {**fields, "sku": sku, "title": title, "images": images},
    st.fixed_dictionaries(
        {},
        optional={
            "description": texts,
            "bullets": st.lists(texts, max_size=10),
            "attributes": st.dictionaries(st.text(max_size=10), texts | st.integers(), max_size=10),
            "category": texts,
            "protected_terms": st.lists(texts, max_size=3),
            "marketplace": texts,
        },
    ),
    st.text(min_size=1, max_size=20),
    st.text(min_size=1, max_size=100),
    st.lists(st.sampled_from(IMAGE_NAMES), max_size=3),
)
objects = st.dictionaries(st.sampled_from(list(Product.model_fields)) | st.text(max_size=8), values)
lines = (
    records.map(lambda r: json.dumps(r).encode())
    | records.map(lambda r: json.dumps(r, ensure_ascii=False).encode())
    | objects.map(lambda r: json.dumps(r).encode())
    | values.map(lambda v: json.dumps(v).encode())
    | st.binary(max_size=300)
    | st.text(max_size=300).map(lambda t: t.encode("utf-8", "surrogatepass"))
    | records.map(lambda r: json.dumps(r).encode()[: len(json.dumps(r)) // 2])
)


def is_outcome(result: tuple[Product | None, RecordError | None]) -> bool:
    product, error = result
    if error is not None:
        return product is None and "\n" not in str(error) and len(str(error)) < 600
    return isinstance(product, Product)


def write_photos(folder: Path) -> None:
    for name, data in PHOTOS.items():
        (folder / name).write_bytes(data)


@FUZZ
@given(line=lines)
def test_parse_record_gives_a_product_or_a_record_error(tmp_path: Path, line: bytes) -> None:
    write_photos(tmp_path)
    assert is_outcome(parse_record(1, line, LocalPhotos(tmp_path, 1_000_000), SETTINGS))


@settings(FUZZ, max_examples=100)
@given(catalogue=st.lists(lines, max_size=6), separator=st.sampled_from([b"\n", b"\r\n"]))
def test_read_catalog_reads_every_line_or_names_it(
    tmp_path: Path, catalogue: list[bytes], separator: bytes
) -> None:
    write_photos(tmp_path)
    path = tmp_path / "catalog.jsonl"
    path.write_bytes(separator.join(catalogue))
    products, errors = read_catalog(path, SETTINGS)
    assert all(isinstance(p, Product) for p in products)
    assert all("\n" not in str(e) for e in errors)
    assert len({p.sku for p in products}) == len(products)


def encoded(image_format: str) -> bytes:
    out = io.BytesIO()
    Image.linear_gradient("L").convert("RGB").resize((24, 24)).save(out, image_format)
    return out.getvalue()


SEED_IMAGES = [encoded(f) for f in ("PNG", "JPEG", "GIF", "WEBP", "TIFF", "BMP")]


@FUZZ
@given(
    seed=st.sampled_from(SEED_IMAGES),
    edits=st.lists(
        st.tuples(st.floats(0, 1), st.binary(max_size=8), st.integers(0, 40)), max_size=6
    ),
)
def test_check_image_refuses_a_damaged_photo_or_passes_it(
    tmp_path: Path, seed: bytes, edits: list[tuple[float, bytes, int]]
) -> None:
    data = bytearray(seed)
    for where, insert, delete in edits:  # cut `delete` bytes at a point, put `insert` there
        at = int(where * len(data))
        data[at : at + delete] = insert
    path = tmp_path / "photo"
    path.write_bytes(bytes(data))
    problem = check_image(path, 1_000_000)
    assert problem is None or ("\n" not in problem and str(tmp_path) not in problem)


def no_model(client: object) -> tuple[object, str]:
    raise RuntimeError("the fuzz test runs no model")


def fuzz_service(tmp_path: Path) -> TestClient:
    keys = tmp_path / "keys.yaml"
    seller = {"key": "k", "name": "s", "role": "seller", "tenant": "t"}
    keys.write_text(yaml.safe_dump({"keys": [seller]}))
    service = SETTINGS.model_copy(
        update={"service_dir": tmp_path / "service", "api_keys_file": keys}
    )
    return TestClient(create_app(service, llm=no_model), raise_server_exceptions=False)


def test_the_upload_route_answers_422_or_202_never_500(tmp_path: Path) -> None:
    with fuzz_service(tmp_path) as client:

        @settings(FUZZ, max_examples=100)
        @given(
            catalogue=st.lists(lines, min_size=1, max_size=4),
            photos=st.lists(st.sampled_from(list(PHOTOS)) | st.text(max_size=10), max_size=3),
        )
        def check(catalogue: list[bytes], photos: list[str]) -> None:
            files = [("file", ("c.jsonl", b"\n".join(catalogue), "application/jsonl"))]
            files += [("images", (n, PHOTOS.get(n, b"x"), "image/png")) for n in photos]
            response = client.post(
                "/v1/jobs/upload",
                headers={"X-API-Key": "k"},
                data={"locales": "de-DE"},
                files=files,
            )
            assert response.status_code in (202, 422), response.text
            assert len(response.content) < 20_000

        check()


def test_the_json_route_answers_422_or_202_never_500(tmp_path: Path) -> None:
    with fuzz_service(tmp_path) as client:

        @settings(FUZZ, max_examples=100)
        @given(products=st.lists(records | values, min_size=1, max_size=4))
        def check(products: list) -> None:
            body = json.dumps({"products": products, "locales": ["de-DE"]})  # Infinity too
            headers = {"X-API-Key": "k", "content-type": "application/json"}
            response = client.post("/v1/jobs", headers=headers, content=body)
            assert response.status_code in (202, 422), response.text
            assert len(response.content) < 20_000

        check()
