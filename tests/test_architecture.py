"""Data flows one way (ARCHITECTURE.md): load → model → resolve → analyse
→ render → build. These tests hold the import direction, so a renderer
that starts importing a rule, or a value type that starts importing the
project loader, fails CI instead of growing a cycle."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from conftest import REPO

PACKAGE = REPO / "generator"

#: values and the model: know nothing about projects, analysis or output
BASE = {"numbers", "durations", "values", "findings", "outline", "loader", "metrics", "model"}
#: rendering: reads the analysis, never the rules or the checker
RENDER = {"document", "sentences", "pdf", "word", "site", "fonts", "assets", "printsources"}
#: what BASE may not import
ABOVE_BASE = {"project", "checker", "rules", "compliance", "analysis", "prose", "document", "sentences", "pdf", "word", "site", "build", "cli",
              "mkdocs_plugin"}
#: output and front ends: the rules never import them (rules never render)
OUTPUT = {"document", "sentences", "pdf", "word", "site", "build", "cli", "mkdocs_plugin"}


def _module(path: Path) -> str:
    return ".".join(path.relative_to(REPO).with_suffix("").parts)


def imported(path: Path) -> set[str]:
    """The first-level generator modules a file imports (`rules` for generator.rules.*)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = _module(path).split(".")[:-1]
    out = set()
    for node in ast.walk(tree):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            target = ".".join([*base, node.module] if node.module else base)
            names = [target] if node.module else [f"{target}.{a.name}" for a in node.names]
        for name in names:
            parts = name.split(".")
            if parts[0] == "generator" and len(parts) > 1:
                out.add(parts[1])
    return out


def _files(names: set[str] | None = None) -> list[Path]:
    files = sorted(PACKAGE.glob("*.py")) + sorted((PACKAGE / "rules").glob("*.py"))
    if names is None:
        return files
    return [f for f in files if f.parent == PACKAGE and f.stem in names]


@pytest.mark.parametrize("path", _files(RENDER), ids=lambda p: p.stem)
def test_render_never_imports_rules_or_the_checker(path):
    assert not imported(path) & {"rules", "checker", "cli", "build"}, path.name


@pytest.mark.parametrize("path", _files(BASE), ids=lambda p: p.stem)
def test_values_and_model_import_nothing_above_them(path):
    assert not imported(path) & ABOVE_BASE, path.name


@pytest.mark.parametrize("path", sorted((PACKAGE / "rules").glob("*.py")), ids=lambda p: p.stem)
def test_rules_never_render(path):
    assert not imported(path) & OUTPUT, path.name


def test_only_the_entry_points_import_the_cli():
    users = [p.name for p in _files() if "cli" in imported(p) and p.stem not in ("__main__", "cli")]
    assert users == []


def test_the_import_reader_sees_relative_imports():
    assert "assets" in imported(PACKAGE / "pdf.py")
    assert "rules" in imported(PACKAGE / "checker.py")


#: modules allowed to write an object's __dict__, and why: the model attaches
#: the loader's raw data and file when it builds a node (before anyone reads
#: it); compare.py memoises on its own `Compared` reading, not on a model object
WRITES_DICT = {"model": "raw data and file attached at construction", "compare": "its own Compared value"}


def _writes_dict(path: Path) -> bool:
    """Whether a file stores anything into some object's __dict__."""
    def is_dict(node: ast.AST) -> bool:
        return isinstance(node, ast.Attribute) and node.attr == "__dict__"

    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        targets = node.targets if isinstance(node, ast.Assign) else [node.target] if isinstance(node, (ast.AugAssign, ast.AnnAssign)) else []
        if any(isinstance(t, ast.Subscript) and is_dict(t.value) for t in targets):
            return True
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in ("setdefault", "update") and is_dict(node.func.value):
            return True
    return False


@pytest.mark.parametrize("path", [p for p in _files() if p.stem not in WRITES_DICT or p.parent != PACKAGE], ids=lambda p: p.stem)
def test_analysis_leaves_no_state_on_model_objects(path):
    """Derived figures live in analysis.Analysis (one per check), so a second
    check or the renderer never reads a stale cache left on a model object."""
    assert not _writes_dict(path), path.name


def test_the_state_detector_sees_a_cache():
    assert _writes_dict(PACKAGE / "model.py")
