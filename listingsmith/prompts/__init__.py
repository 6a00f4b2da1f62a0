"""Prompt templates (YAML data: extract, photo, draft, localize) and their hashes."""

from __future__ import annotations

import hashlib
from typing import Any

from listingsmith.lexicons import load_data


def load_prompt(name: str) -> dict[str, Any]:
    """The parsed prompt file `name`.yaml."""
    return load_data(__package__, f"{name}.yaml")


def prompt_hash(text: str) -> str:
    """Short SHA-256 of a prompt, recorded with every decision."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
