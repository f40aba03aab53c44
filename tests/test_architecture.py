"""The layering, checked: which top-level package may import which. Imports run one way,
from the edges (api, cli, eval) through the wiring (services) and the agent down to
retrieval, ingestion, storage and the domain; `core` (settings, errors, logging) is below
everything and `domain` is plain Python with no I/O."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

pytestmark = pytest.mark.unit

ROOT = Path(__file__).resolve().parents[1]

ALLOWED: dict[str, set[str]] = {
    "core": set(),
    "prompts": {"domain"},
    "web": set(),
    "domain": {"core"},
    "storage": {"core", "domain"},
    "retrieval": {"core", "domain", "storage"},
    "ingest": {"core", "domain", "storage", "retrieval"},
    "agent": {"core", "domain", "storage", "retrieval", "prompts"},
    "services": {"core", "domain", "storage", "retrieval", "ingest", "agent"},
    "eval": {"core", "domain", "storage", "retrieval", "agent", "services", "prompts"},
    "api": {"core", "domain", "storage", "retrieval", "ingest", "agent", "services", "web"},
    "cli": {"core", "domain", "storage", "retrieval", "ingest", "agent", "services", "eval"},
}
# The domain computes; it reads no files, opens no sockets and touches no database.
IO_MODULES = {"sqlalchemy", "httpx", "requests", "socket", "chromadb", "fastapi", "openai"}


def _imports(package: str) -> dict[str, set[str]]:
    """module path → top-level names it imports."""
    found: dict[str, set[str]] = {}
    for path in sorted((ROOT / package).rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names: set[str] = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names.add(node.module.split(".")[0])
        found[str(path.relative_to(ROOT))] = names
    return found


@pytest.mark.parametrize("package", sorted(ALLOWED))
def test_imports_run_one_way(package: str) -> None:
    ours = set(ALLOWED)
    wrong = {
        module: sorted(names & ours - ALLOWED[package] - {package})
        for module, names in _imports(package).items()
        if names & ours - ALLOWED[package] - {package}
    }
    assert not wrong, f"{package} may import only {sorted(ALLOWED[package])}: {wrong}"


def test_every_top_level_package_has_a_place_in_the_graph() -> None:
    packages = {
        p.name
        for p in ROOT.iterdir()
        if (p / "__init__.py").exists() and p.name not in {"tests", "benchmarks"}
    }
    assert packages == set(ALLOWED)


def test_the_domain_does_no_io() -> None:
    io = {m: sorted(n & IO_MODULES) for m, n in _imports("domain").items() if n & IO_MODULES}
    assert not io
