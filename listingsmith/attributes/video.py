"""A product's videos on the photo path: their key frames join its photos, so the pixel colours
and the photo model read them with the photos' checks and limits."""

from __future__ import annotations

import asyncio
import tempfile
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from listingsmith.config import Settings
from listingsmith.domain import Product
from listingsmith.videos import save_key_frames


@asynccontextmanager
async def with_key_frames(product: Product, settings: Settings) -> AsyncIterator[Product]:
    """The product with its videos' key frames after its photos, as PNG files that last as long
    as the context: from the key-frame store, or decoded once (on a thread, so other products'
    model calls go on) and stored. A video that fails to decode raises VideoError naming its
    field (videos[i])."""
    if not product.videos:
        yield product
        return
    with tempfile.TemporaryDirectory(prefix="key-frames-") as folder:
        frames = await asyncio.to_thread(
            save_key_frames, product.videos, Path(folder), settings.video, settings.key_frames_dir
        )
        yield product.model_copy(update={"images": [*product.images, *frames]})
