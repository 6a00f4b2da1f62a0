"""The translate adapter's prompt: one English line in the short format it was trained on."""

from __future__ import annotations

import string

from listingsmith.prompts import load_prompt


def translate_adapter() -> str:
    """The name of the adapter that speaks this format (prompts/translate.yaml)."""
    return load_prompt("translate")["adapter"]


def adapter_prompt(language: str, source: str) -> str:
    """The translate adapter's prompt (prompts/translate.yaml) for one English line; the same
    builder makes the training prompts and the served ones."""
    spec = load_prompt("translate")
    if language not in spec["languages"]:
        raise ValueError(f"no translation prompt for language {language!r}")
    return string.Template(spec["template"]).substitute(
        name=spec["languages"][language], source=" ".join(source.split())
    )
