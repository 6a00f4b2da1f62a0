"""Data files that an evals script builds from data, written beside the code that reads them."""

from __future__ import annotations

from collections.abc import Sequence
from importlib import resources
from pathlib import Path
from typing import Any

import yaml


def write_attribute_data(file_name: str, script: str, built_from: str, content: Any) -> Path:
    """`content` as YAML in listingsmith/attributes/`file_name`, under a header that names the
    script and what it was built from."""
    return write_data("listingsmith.attributes", file_name, script, built_from, content)


def write_data(package: str, file_name: str, script: str, built_from: str, content: Any) -> Path:
    """`content` as YAML in `package`'s `file_name`, under a header that names the script and
    what it was built from."""
    header = f"# Built by evals/{script} from {built_from}; do not edit by hand.\n"
    target = Path(str(resources.files(package).joinpath(file_name)))
    target.write_text(
        header + yaml.safe_dump(content, allow_unicode=True, sort_keys=False, width=100),
        encoding="utf-8",
    )
    return target


def train_splits(paths: Sequence[Path]) -> str:
    """What a file built from train splits says it was built from."""
    return f"the train splits ({', '.join(p.name for p in paths)}) without their held-out folds"
