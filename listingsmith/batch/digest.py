"""A product's source digest: what a later run compares to tell a changed product from an
unchanged one (the idea of Shopify's translation digests, per product)."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from listingsmith.domain import Product

# Bytes of a photo or video read into its digest at a time.
_CHUNK = 1 << 16


def _file_digest(reference: str) -> str:
    """A local photo's or video's bytes' SHA-256; the reference itself for a remote one or a
    missing file."""
    path = Path(reference)
    if not path.is_file():
        return reference
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def source_digest(product: Product) -> str:
    """SHA-256 (hex) of every source field of the product as the run reads it, with its photos'
    and videos' bytes: equal digests mean nothing a listing is made from has changed."""
    body = product.model_dump(mode="json")
    body["images"] = [_file_digest(reference) for reference in product.images]
    # Without videos, the digest is the one made before records had them.
    videos = [_file_digest(reference) for reference in body.pop("videos")]
    if videos:
        body["videos"] = videos
    canonical = json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()
