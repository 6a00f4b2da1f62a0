"""Model profiles (profiles.yaml): what to serve, with which flags, and which API to speak."""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Literal

import yaml
from pydantic import BaseModel, model_validator


class Profile(BaseModel):
    """One served-model profile."""

    name: str
    description: str
    served_model_name: str
    api: Literal["completions", "chat"]
    # A multimodal model gets the product photos as image parts (chat API only), at most
    # max_images per request (the server's --limit-mm-per-prompt).
    multimodal: bool = False
    max_images: int = 0
    checkpoint: str | None = None
    model: str | None = None
    chat_template: str | None = None
    env: dict[str, str] = {}
    args: list[str] = []
    # Task -> LoRA adapter (listingsmith/adapters/<name>/) served with the model; {}: none.
    adapters: dict[str, str] = {}

    @model_validator(mode="after")
    def _images_need_chat(self) -> Profile:
        if self.multimodal and (self.api != "chat" or self.max_images < 1):
            raise ValueError(
                f"profile {self.name!r}: multimodal needs api chat and max_images >= 1"
            )
        return self


@cache
def load_profiles() -> dict[str, Profile]:
    """Every profile in profiles.yaml by name."""
    text = resources.files(__package__).joinpath("profiles.yaml").read_text(encoding="utf-8")
    return {name: Profile(name=name, **body) for name, body in yaml.safe_load(text).items()}


def get_profile(name: str) -> Profile:
    """The profile called `name`, or a ValueError naming the known ones."""
    profiles = load_profiles()
    if name not in profiles:
        raise ValueError(f"unknown model profile {name!r}; known: {', '.join(sorted(profiles))}")
    return profiles[name]
