"""LoRA adapters shipped in listingsmith/adapters/<name>/ and which task asks for which."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from listingsmith.config import Settings
from listingsmith.serving.profiles import Profile, get_profile

ADAPTER_CONFIG = "adapter_config.json"


def shipped_adapters() -> dict[str, Path]:
    """Every adapter folder shipped with the package, by name."""
    root = Path(str(resources.files("listingsmith").joinpath("adapters")))
    if not root.is_dir():
        return {}
    return {p.name: p for p in sorted(root.iterdir()) if (p / ADAPTER_CONFIG).is_file()}


def lora_module_args(profile: Profile) -> list[str]:
    """`--lora-modules name=path ...` for every shipped adapter when the profile serves adapters;
    a ValueError names an adapter the profile's task map asks for that is not shipped."""
    if not profile.adapters:
        return []
    shipped = shipped_adapters()
    missing = sorted(set(profile.adapters.values()) - set(shipped))
    if missing:
        raise ValueError(
            f"profile {profile.name!r} names adapters that are not in listingsmith/adapters/: "
            f"{', '.join(missing)} (run `make adapters`)"
        )
    return ["--lora-modules", *(f"{name}={path}" for name, path in shipped.items())]


def task_models(settings: Settings) -> dict[str, str]:
    """Task -> served model name (an adapter) for the model client: settings.adapters when set,
    else the profile's map; a task not in the map goes to the base model."""
    if settings.adapters is not None:
        return dict(settings.adapters)
    return dict(get_profile(settings.profile).adapters)
