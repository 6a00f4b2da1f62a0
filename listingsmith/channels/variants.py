"""A run's shipped variants split for the channel writers: the main files take every ordinary
listing and each experiment's control (its first shipped variant, in file order), and each
variant id gets files of its own with that variant of every experiment that has it, so a shop
can split traffic between them (README "A/B experiments": the format per channel)."""

from __future__ import annotations

import re
from pathlib import Path

from listingsmith.channels.run_outputs import RunListing

# A variant id as a folder name: letters, digits, "_" and "-" only (ids come from audience names
# and letters: "A", "gift", "gift-A").
_SAFE_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")
FOLDER_PREFIX = "variant-"


def split_variants(
    shipped: list[RunListing],
) -> tuple[list[RunListing], dict[str, list[RunListing]]]:
    """(ordinary listings and each experiment's control, in file order; variant id -> its
    listings across experiments, ids in first-seen order)."""
    main: list[RunListing] = []
    controls: set[str] = set()
    by_variant: dict[str, list[RunListing]] = {}
    for item in shipped:
        tag = item.listing.variant
        if tag is None:
            main.append(item)
            continue
        if tag.experiment_id not in controls:
            controls.add(tag.experiment_id)
            main.append(item)
        by_variant.setdefault(tag.variant_id, []).append(item)
    return main, by_variant


def variant_folder(dest: Path, variant_id: str) -> Path:
    """DEST/variant-ID, or ValueError for an id that is no safe folder name."""
    if not _SAFE_ID.fullmatch(variant_id):
        raise ValueError(f"variant id {variant_id[:80]!r} is not a safe folder name")
    return dest / f"{FOLDER_PREFIX}{variant_id}"
