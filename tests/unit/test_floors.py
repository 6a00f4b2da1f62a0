"""The house's floors, read from the imports (module level and inside functions alike): every
package has a floor, no import runs up a floor, and no packages import each other in a circle."""

from __future__ import annotations

import ast
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# The packages checked, each folder under the repository root.
CHECKED = ("listingsmith", "evals")
# Beside evals on floor 8, only the command that runs it may import the harness.
HARNESS, HARNESS_USERS = "evals", {"evals", "listingsmith.cli"}
# DESIGN.md's floors from the ground up. An import goes to a lower floor, to another package on
# the same floor (never in a circle), or stays inside its own package.
FLOORS = {
    "listingsmith.domain": 1,
    "listingsmith.lexicons": 1,
    "listingsmith.config": 1,
    "listingsmith.text": 2,
    "listingsmith.images": 2,
    "listingsmith.videos": 2,
    "listingsmith.datasets": 2,
    "listingsmith.prompts": 2,
    "listingsmith.serving": 2,
    "listingsmith.audit": 2,
    "listingsmith.storage": 2,
    "listingsmith.attributes": 3,
    "listingsmith.facts": 3,
    "listingsmith.policies": 3,
    "listingsmith.locale": 3,
    "listingsmith.taxonomy": 3,
    "listingsmith.compose": 3,
    "listingsmith.checks": 4,
    "listingsmith.state": 5,
    "listingsmith.nodes": 5,
    "listingsmith.graph": 6,
    "listingsmith.batch": 7,
    "listingsmith.channels": 7,
    "listingsmith.experiments": 7,
    "listingsmith.api": 8,
    "listingsmith.training": 8,
    "evals": 8,
    "listingsmith.cli": 9,
}


@dataclass(frozen=True)
class Import:
    """One import statement's target, seen from the file that makes it."""

    source: str  # the importing module
    target: str  # the imported module, or module.name for `from module import name`
    where: str  # path:line


def package_of(module: str) -> str:
    """The floor-holding package of a module: a top package's direct child (listingsmith.nodes),
    or the top package itself when it holds no floors of its own (evals)."""
    parts = module.split(".")
    return ".".join(parts[:2]) if parts[0] == "listingsmith" else parts[0]


def read_imports(root: Path, packages: tuple[str, ...]) -> list[Import]:
    """Every import of a checked package made by a file of one, relative imports resolved."""
    found = []
    for top in packages:
        for path in sorted((root / top).rglob("*.py")):
            module, here = _module_of(path.relative_to(root))
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                found += [
                    Import(module, target, f"{path.relative_to(root)}:{node.lineno}")
                    for target in _targets(node, here)
                    if target.split(".")[0] in packages
                ]
    return found


def _module_of(relative: Path) -> tuple[str, list[str]]:
    """A file's module name, and the package parts its relative imports start from."""
    parts = list(relative.with_suffix("").parts)
    if parts[-1] == "__init__":
        return ".".join(parts[:-1]), parts[:-1]
    return ".".join(parts), parts[:-1]


def _targets(node: ast.AST, here: list[str]) -> list[str]:
    """The modules (or module.name) an import statement names; none for any other node."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if not isinstance(node, ast.ImportFrom):
        return []
    base = here[: len(here) - node.level + 1] if node.level else []
    module = ".".join([*base, *([node.module] if node.module else [])])
    return [f"{module}.{alias.name}" for alias in node.names]


def unplaced(root: Path, packages: tuple[str, ...], floors: dict[str, int]) -> set[str]:
    """Packages of the checked files (the top package's own __init__ aside) without a floor."""
    found = {
        package_of(_module_of(path.relative_to(root))[0])
        for top in packages
        for path in (root / top).rglob("*.py")
    }
    return found - set(packages) - set(floors)


def upward(imports: list[Import], floors: dict[str, int]) -> list[str]:
    """Each import that runs up a floor, as 'where: from -> to (floor a -> b)'."""
    found = []
    for i in imports:
        source, target = package_of(i.source), package_of(i.target)
        low, high = floors.get(source), floors.get(target)
        if source != target and low is not None and high is not None and high > low:
            found.append(f"{i.where}: {i.source} -> {i.target} (floor {low} -> {high})")
    return found


def harness_imports(imports: list[Import]) -> list[str]:
    """Each import of the eval harness by the product (the command that runs it aside)."""
    return [
        f"{i.where}: {i.source} -> {i.target}"
        for i in imports
        if package_of(i.target) == HARNESS and package_of(i.source) not in HARNESS_USERS
    ]


def circles(
    imports: list[Import], key: Callable[[str], str | None] = package_of
) -> list[list[str]]:
    """Groups of packages (or of what `key` makes of a module: None leaves it out) that import
    each other in a circle (strongly connected, Tarjan)."""
    graph: dict[str, set[str]] = {}
    for i in imports:
        source, target = key(i.source), key(i.target)
        if source is None or target is None:
            continue
        graph.setdefault(source, set())
        graph.setdefault(target, set())
        if source != target:
            graph[source].add(target)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for nxt in sorted(graph[node]):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


@pytest.fixture(scope="module")
def house() -> list[Import]:
    return read_imports(ROOT, CHECKED)


def test_every_package_has_a_floor() -> None:
    assert unplaced(ROOT, CHECKED, FLOORS) == set(), "give it a floor in FLOORS"


def test_no_import_runs_up_a_floor(house: list[Import]) -> None:
    assert upward(house, FLOORS) == []


def test_no_packages_import_each_other_in_a_circle(house: list[Import]) -> None:
    assert circles(house) == []


def module_of(modules: set[str]) -> Callable[[str], str | None]:
    """The key that reads an import's target as the module it names (`module.name` as
    `module`; None where it names none of `modules`)."""

    def key(target: str) -> str | None:
        parts = target.split(".")
        while parts and ".".join(parts) not in modules:
            parts.pop()
        return ".".join(parts) or None

    return key


def test_no_modules_import_each_other_in_a_circle(house: list[Import]) -> None:
    """Inside a package too: a circle hidden by an import at a module's end or inside a
    function (policies.rules and the kinds it registered) is one."""
    modules = {
        _module_of(path.relative_to(ROOT))[0]
        for top in CHECKED
        for path in (ROOT / top).rglob("*.py")
    }
    assert circles(house, module_of(modules)) == []


def test_the_product_never_imports_its_harness(house: list[Import]) -> None:
    assert harness_imports(house) == []


def _write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def test_the_checker_finds_an_upward_import_inside_a_function(tmp_path: Path) -> None:
    _write(
        tmp_path,
        {
            "listingsmith/__init__.py": "",
            "listingsmith/domain.py": "",
            "listingsmith/text/__init__.py": "from . import spans\n",
            "listingsmith/text/spans.py": (
                "from listingsmith.domain import X\n"
                "def f():\n    from listingsmith.nodes.draft import g\n"
            ),
            "listingsmith/nodes/__init__.py": "",
            "listingsmith/nodes/draft.py": "from ..text.spans import f\n",
        },
    )
    imports = read_imports(tmp_path, ("listingsmith",))
    assert upward(imports, FLOORS) == [
        "listingsmith/text/spans.py:3: listingsmith.text.spans -> listingsmith.nodes.draft.g"
        " (floor 2 -> 5)"
    ]
    assert circles(imports) == [["listingsmith.nodes", "listingsmith.text"]]


def test_the_checker_finds_a_sideways_circle_a_homeless_package_the_harness(tmp_path: Path) -> None:
    _write(
        tmp_path,
        {
            "listingsmith/facts/verify.py": "import listingsmith.attributes.fusion\n",
            "listingsmith/attributes/fusion.py": "from listingsmith.facts import verify\n",
            "listingsmith/attic.py": "from listingsmith import domain\n",
            "listingsmith/training/run.py": "from evals.datasets import read_dataset\n",
            "evals/datasets.py": "",
        },
    )
    imports = read_imports(tmp_path, ("listingsmith", "evals"))
    assert upward(imports, FLOORS) == []
    assert circles(imports) == [["listingsmith.attributes", "listingsmith.facts"]]
    assert unplaced(tmp_path, ("listingsmith", "evals"), FLOORS) == {"listingsmith.attic"}
    assert harness_imports(imports) == [
        "listingsmith/training/run.py:1: listingsmith.training.run -> evals.datasets.read_dataset"
    ]
