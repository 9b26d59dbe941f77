"""The package's shape: wings by stage, each importing only wings below it, no circles.

Stages, bottom up (design.md, with one departure said in README "Where does X live"):
language -> sources -> store -> truth -> writing -> core -> evaluation -> app.
``config``, ``schema`` and ``_offline`` are base modules any wing may import; they import
no wing.  Imports inside ``if TYPE_CHECKING`` and inside functions count like any other;
a function-level import of a briefbot module is allowed only to defer a heavy dependency
for a fast entry point (``briefbot --help`` starts in a fraction of a second), marked
``# heavy: <dependency>`` on the import or the line above it; the package's lazy facade,
``briefbot/__init__.py``, imports on first attribute access.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "briefbot"
ORDER = ["language", "sources", "store", "truth", "writing", "core", "evaluation", "app"]
BASE = {"config", "schema", "_offline"}


def module_name(path: Path) -> str:
    return ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts).removesuffix(".__init__")


MODULES = {module_name(p): p for p in PACKAGE.rglob("*.py")}


def imports_of(module: str, path: Path) -> list[tuple[str, int, bool]]:
    """``(imported briefbot module, line, inside a function)`` for every import in ``path``;
    a function-level import marked ``# heavy:`` counts as deferred, not as inside a function."""
    source = path.read_text(encoding="utf-8")
    lines = source.splitlines()
    tree = ast.parse(source)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: list[tuple[str, int, bool]] = []

    def visit(node: ast.AST, in_function: bool) -> None:
        for child in ast.iter_child_nodes(node):
            nested = in_function or isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef)
            names: list[str] = []
            if isinstance(child, ast.ImportFrom):
                base = child.module or ""
                if child.level:
                    parts = package.split(".")[: len(package.split(".")) - child.level + 1]
                    base = ".".join(parts + ([base] if base else []))
                names = [f"{base}.{a.name}" if f"{base}.{a.name}" in MODULES else base for a in child.names]
            elif isinstance(child, ast.Import):
                names = [a.name for a in child.names]
            if names:
                span = lines[max(child.lineno - 2, 0):child.end_lineno]
                marked = any("# heavy:" in line for line in span)
            for name in names:
                if name in MODULES and name != module and not module.startswith(name + "."):
                    found.append((name, child.lineno, in_function and not marked))
            visit(child, nested)

    visit(tree, False)
    return found


def stage(module: str) -> int | None:
    """Rank of the wing ``module`` lives in; None for the package itself; -1 for base modules."""
    parts = module.split(".")
    if len(parts) == 1:
        return None
    return -1 if parts[1] in BASE else ORDER.index(parts[1])


def test_every_module_lives_in_a_wing_or_is_a_base_module() -> None:
    loose = [m for m in MODULES if stage(m) is None and m != "briefbot"]
    assert not loose
    root_files = sorted(p.name for p in PACKAGE.glob("*.py"))
    assert root_files == ["__init__.py", "_offline.py", "config.py", "core.py", "schema.py"]


@pytest.mark.parametrize("module", sorted(m for m in MODULES if m != "briefbot"))
def test_imports_only_wings_below(module: str) -> None:
    own = stage(module)
    upward = []
    for name, line, _ in imports_of(module, MODULES[module]):
        other = stage(name)
        if other is not None and own is not None and other > own:
            upward.append(f"line {line}: {name}")
        if own == -1 and other is not None and other >= 0:
            upward.append(f"line {line}: base module imports wing module {name}")
    assert not upward, f"{module} imports above its wing: {upward}"


@pytest.mark.parametrize("module", sorted(m for m in MODULES if m != "briefbot"))
def test_no_function_level_imports_of_briefbot_modules(module: str) -> None:
    inner = [f"line {line}: {name}" for name, line, in_function in imports_of(module, MODULES[module]) if in_function]
    assert not inner, f"{module} imports briefbot modules inside functions: {inner}"


def test_no_import_circles() -> None:
    graph = {m: {n for n, _, _ in imports_of(m, p)} for m, p in MODULES.items()}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    circles: list[list[str]] = []

    def visit(v: str) -> None:  # Tarjan's strongly connected components
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in graph[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                circles.append(sorted(component))

    for v in graph:
        if v not in index:
            visit(v)
    assert not circles


def test_the_web_ui_is_a_package_of_small_modules() -> None:
    ui = PACKAGE / "app" / "ui"
    sizes = {p.name: len(p.read_text(encoding="utf-8").splitlines()) for p in ui.glob("*.py")}
    assert {"chat.py", "briefs.py", "corpus.py"} <= set(sizes)
    assert max(sizes.values()) < 300, sizes


def test_the_checks_catch_an_upward_and_a_function_level_import(tmp_path: Path) -> None:
    """The checker itself: a store module importing writing, inside a function, is seen."""
    bad = tmp_path / "bad.py"
    bad.write_text("def f():\n    from briefbot.writing.answer import AnswerChain\n", encoding="utf-8")
    found = imports_of("briefbot.store.bad", bad)
    assert found == [("briefbot.writing.answer", 2, True)]
    deferred = tmp_path / "deferred.py"
    deferred.write_text("def f():\n    from briefbot.core import BriefBot  # heavy: torch\n", encoding="utf-8")
    assert imports_of("briefbot.app.deferred", deferred) == [("briefbot.core", 2, False)]
    assert stage("briefbot.writing.answer") > stage("briefbot.store.bad")


def test_no_two_test_files_share_a_name() -> None:
    """The test folders are not packages, so pytest cannot collect two ``test_x.py`` in different
    wings: the whole run stops at collection (a module of one name in two wings must be renamed)."""
    seen: dict[str, list[str]] = {}
    for path in (PACKAGE.parent / "tests").rglob("test_*.py"):
        seen.setdefault(path.name, []).append(str(path.relative_to(PACKAGE.parent)))
    assert {name: paths for name, paths in seen.items() if len(paths) > 1} == {}
