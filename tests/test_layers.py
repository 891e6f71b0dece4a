"""The layers import only what DESIGN.md allows.

Each check runs in a fresh interpreter with PySide6 and shiboken6 blocked,
imports a layer and every module under it, and looks at what got loaded.
"""

import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

SCRIPT = textwrap.dedent(
    """
    import importlib, importlib.abc, pathlib, pkgutil, sys, sysconfig

    BLOCKED = ("PySide6", "shiboken6")

    class Blocker(importlib.abc.MetaPathFinder):
        def find_spec(self, name, path=None, target=None):
            if name.split(".")[0] in BLOCKED:
                raise ImportError(f"{name} is blocked in this test")
            return None

    sys.meta_path.insert(0, Blocker())
    sys.path.insert(0, ROOT)
    before = set(sys.modules)

    def fail(name):
        raise ImportError(f"cannot import {name}")

    mod = importlib.import_module(LAYER)
    names = [LAYER]
    if WALK and hasattr(mod, "__path__"):
        for info in pkgutil.walk_packages(mod.__path__, LAYER + ".", onerror=fail):
            importlib.import_module(info.name)
            names.append(info.name)

    for blocked in BLOCKED:
        assert blocked not in sys.modules, f"{blocked} was imported"

    if STDLIB_ONLY:
        # The base interpreter's library; in a venv, platstdlib would be the
        # venv's lib folder. site-packages lives inside the stdlib folder on
        # POSIX, so it is excluded by name.
        base = {"base": sys.base_prefix, "platbase": sys.base_exec_prefix}
        paths = sysconfig.get_paths(vars=base)
        stdlib = (paths["stdlib"], paths["platstdlib"])
        outside = {}
        for name in sorted(set(sys.modules) - before):
            top = name.split(".")[0]
            file = getattr(sys.modules[name], "__file__", None)
            if top == "gradgui" or top in sys.builtin_module_names or file is None:
                continue
            parts = pathlib.PurePath(file).parts
            in_site = "site-packages" in parts or "dist-packages" in parts
            if in_site or not file.startswith(stdlib):
                outside.setdefault(top, file)
        assert not outside, f"not in the standard library: {outside}"

    print("imported", len(names), "modules:", " ".join(names))
    """
)


def check_imports(layer: str, *, walk: bool, stdlib_only: bool) -> None:
    header = (
        f"ROOT = {str(ROOT)!r}\nLAYER = {layer!r}\n"
        f"WALK = {walk!r}\nSTDLIB_ONLY = {stdlib_only!r}\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", header + SCRIPT],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr or proc.stdout


def test_engine_imports_only_the_standard_library():
    check_imports("gradgui.engine", walk=True, stdlib_only=True)


def test_document_imports_no_qt():
    check_imports("gradgui.document", walk=True, stdlib_only=False)


def test_cli_imports_no_qt():
    check_imports("gradgui.cli", walk=False, stdlib_only=False)


def _ui_syntax_trees():
    """(path, parsed module) of every Python file under gradgui/ui."""
    import ast

    for path in sorted((ROOT / "gradgui" / "ui").rglob("*.py")):
        yield path.relative_to(ROOT), ast.parse(path.read_text(encoding="utf-8"))


def test_ui_imports_no_networkx():
    import ast

    found = []
    for path, tree in _ui_syntax_trees():
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                names = [node.module or ""]
            else:
                continue
            found += [f"{path}:{node.lineno}" for name in names if name.split(".")[0] == "networkx"]
    assert not found, f"ui/ imports networkx: {found}"


def test_ui_reads_the_document_through_its_api_only():
    import ast

    # The document's networkx graph and networkx's private tables behind it.
    inner = {"graph", "_node", "_adj", "_pred", "_succ"}
    found = [f"{path}:{node.lineno} .{node.attr}" for path, tree in _ui_syntax_trees()
             for node in ast.walk(tree) if isinstance(node, ast.Attribute) and node.attr in inner]
    assert not found, f"ui/ reads the document's graph: {found}"
