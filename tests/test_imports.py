"""The package has no import cycles, and every module imports on its own.

The graph is read from the source with `ast`, with every import of the project
in it, at the top of a module or inside a function: an import moved into a
function still makes a cycle here, so one cannot be hidden that way.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import audiozine

PACKAGE = Path(audiozine.__file__).parent


def _modules() -> dict[str, Path]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found[".".join(parts)] = path
    return found


def _imports(name: str, path: Path, modules: dict[str, Path]) -> set[str]:
    """The project modules `name` imports, anywhere in it."""
    is_package = path.name == "__init__.py"
    package = name if is_package else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[:len(base) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            # `from . import piper` imports the module audiozine.engines.piper; only
            # a name that is not a module is read from the package itself.
            submodules = {f"{target}.{alias.name}" for alias in node.names}
            found |= submodules
            if not submodules <= set(modules):
                found.add(target)
    return {module for module in found if module in modules and module != name}


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import cycle of `graph`, as a path that ends where it starts, or None."""
    state: dict[str, str] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = "open"
        stack.append(node)
        for target in sorted(graph[node]):
            if state.get(target) == "open":
                return stack[stack.index(target):] + [target]
            if target not in state and (found := visit(target)):
                return found
        stack.pop()
        state[node] = "done"
        return None

    for node in sorted(graph):
        if node not in state and (found := visit(node)):
            return found
    return None


def import_graph() -> dict[str, set[str]]:
    modules = _modules()
    return {name: _imports(name, path, modules) for name, path in modules.items()}


def test_the_package_has_no_import_cycle():
    graph = import_graph()
    assert len(graph) > 20 and "audiozine.config" in graph
    cycle = _cycle(graph)
    assert cycle is None, "import cycle: " + " -> ".join(cycle)


def test_the_cycle_finder_finds_a_cycle():
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": set()}) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b"}, "b": set()}) is None


def test_the_graph_sees_imports_inside_functions_and_relative_ones():
    graph = import_graph()
    # episodes imports master only inside a function (the audio libraries load only
    # when there is an episode to make): still an edge.
    assert "audiozine.master" in graph["audiozine.episodes"]
    assert "audiozine.definitions" in graph["audiozine.engines.piper"]
    assert "audiozine.engines.base" in graph["audiozine.engines.piper"]


def test_the_values_of_a_show_are_a_leaf():
    """Show and VoiceProfile import nothing of the project but the layout's names."""
    graph = import_graph()
    assert graph["audiozine.definitions"] <= {"audiozine.layout"}
    assert graph["audiozine.layout"] == set()
    assert "audiozine.engines" in graph["audiozine.config"]


def test_every_module_imports_in_a_fresh_interpreter():
    """Every module imported by name in a new interpreter (not this one, where the
    tests have imported much of the package already)."""
    names = sorted(import_graph())
    script = "import importlib, sys\nfor name in sys.argv[1:]:\n    importlib.import_module(name)\n"
    result = subprocess.run([sys.executable, "-c", script, *names], capture_output=True,
                            text=True, timeout=300)
    assert result.returncode == 0, result.stderr
