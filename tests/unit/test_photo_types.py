"""A photo is a PNG, JPEG, WebP or GIF by its bytes, whatever its name: no other decoder sees a
seller's file (Pillow would open TIFF, BMP, SGI, ... and hand EPS to Ghostscript), and the review
page serves a photo as the type its bytes are, never as its name says (a GIF named .html)."""

from __future__ import annotations

import asyncio
import io
from pathlib import Path

import pytest
import yaml
from fastapi.testclient import TestClient
from PIL import Image

from listingsmith.api.app import create_app
from listingsmith.batch.job import JobSpec, run_job
from listingsmith.config import Settings
from listingsmith.images import check_image, image_type
from listingsmith.serving.connect import model_client
from tests.unit.fakes import DE_WRONG_HOURS, DISPUTED, EN_GOOD, fake_model, translations
from tests.unit.test_api import KEYS
from tests.unit.test_api_sessions import sign_in
from tests.unit.test_runner import Quiet

EPS = b"%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 8 8\nnewpath 0 0 moveto 8 8 lineto stroke\n"


def encoded(image_format: str) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (8, 8), "blue").save(out, image_format)
    return out.getvalue()


@pytest.mark.parametrize("image_format", ["BMP", "TIFF", "PPM", "SGI", "TGA", "ICO", "EPS"])
def test_only_the_four_photo_formats_are_decoded(tmp_path: Path, image_format: str) -> None:
    path = tmp_path / "photo.png"  # the name says PNG
    path.write_bytes(EPS if image_format == "EPS" else encoded(image_format))
    assert check_image(path, 1_000_000) == "unreadable image: not a PNG, JPEG, WebP or GIF image"
    assert image_type(path) is None


@pytest.mark.parametrize(
    ("image_format", "media_type"),
    [("PNG", "image/png"), ("JPEG", "image/jpeg"), ("WEBP", "image/webp"), ("GIF", "image/gif")],
)
def test_the_four_photo_formats_are_read(
    tmp_path: Path, image_format: str, media_type: str
) -> None:
    path = tmp_path / "photo.bin"
    path.write_bytes(encoded(image_format))
    assert check_image(path, 1_000_000) is None and image_type(path) == media_type


def test_the_review_page_serves_a_photo_as_its_bytes_not_its_name(tmp_path: Path) -> None:
    # A CLI catalogue names its photos freely: a GIF with HTML after it, named .html, would have
    # been served as text/html on the review page's origin.
    photo = tmp_path / "cli" / "evil.html"
    photo.parent.mkdir(parents=True)
    photo.write_bytes(encoded("GIF") + b"<script src=/static/x.js></script>")
    db = tmp_path / "cli" / "out" / "state.sqlite"
    settings = Settings(max_attempts=1)
    product = DISPUTED.model_copy(update={"images": [str(photo)]})
    model = fake_model([EN_GOOD], translations(DE_WRONG_HOURS))
    spec = JobSpec([product], ["de-DE"], db.parent, "run1", db_path=db)
    asyncio.run(run_job(spec, settings, model_client(settings, model, "fake"), observer=Quiet()))
    keys = tmp_path / "keys.yaml"
    keys.write_text(yaml.safe_dump({"keys": [{"key": k, **v} for k, v in KEYS.items()]}))
    served = Settings(service_dir=tmp_path / "service", api_keys_file=keys, review_dbs=[db])
    with TestClient(create_app(served, llm=lambda client: (None, "unused"))) as client:
        sign_in(client, "k-rev")
        image = client.get(f"/review/photo/run0/{product.sku}/de-DE/0")
        assert image.status_code == 200, image.text
        assert image.headers["content-type"] == "image/gif"
