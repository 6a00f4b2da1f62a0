"""Prompt templates (YAML data beside the nodes that use them) and their hashes."""

from __future__ import annotations

import hashlib
from functools import cache
from importlib import resources
from typing import Any

import yaml


@cache
def load_prompt(name: str) -> dict[str, Any]:
    """The parsed prompt file `name`.yaml."""
    text = resources.files(__package__).joinpath(f"{name}.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(text)


def prompt_hash(text: str) -> str:
    """Short SHA-256 of a prompt, recorded with every decision."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
