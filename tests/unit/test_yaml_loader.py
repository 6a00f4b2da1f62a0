"""The shipped YAML data loads the same through lexicons.load_data's parser (libyaml's where
PyYAML has it) as through PyYAML's pure Python safe loader."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

import listingsmith
from listingsmith import lexicons
from listingsmith.lexicons import load_data

ROOT = Path(listingsmith.__file__).resolve().parent
SHIPPED = sorted(ROOT.rglob("*.yaml"))


def test_data_files_found() -> None:
    assert len(SHIPPED) > 10


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: str(p.relative_to(ROOT)))
def test_load_data_equals_pure_python_safe_load(path: Path) -> None:
    folder = path.parent
    while not (folder / "__init__.py").is_file():  # data folders inside a package
        folder = folder.parent
    package = ".".join(("listingsmith", *folder.relative_to(ROOT).parts))
    expected = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
    loaded = load_data(package, path.relative_to(folder).as_posix())
    assert loaded == expected
    assert repr(loaded) == repr(expected)  # the same types and key order too


def test_loader_is_safe() -> None:
    """No arbitrary Python objects from a data file: the loader is a safe one."""
    with pytest.raises(yaml.constructor.ConstructorError):
        yaml.load("!!python/object/apply:os.getcwd []", Loader=lexicons._LOADER)
