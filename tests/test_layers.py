"""The layers import only what DESIGN.md allows.

Two kinds of check. The static ones read every module's source with ``ast``
and check the direction of every import between gradgui's own rooms, and
which outside packages each layer names (imports inside functions count:
a lazy import against the direction is still a breach). The runtime ones
import a layer in a fresh interpreter with PySide6 and shiboken6 blocked and
look at what got loaded, which also catches imports no parser can see.
"""

import ast
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Dict, Iterator, List, Tuple

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "gradgui"

# The rooms, from the top down: a module may import its own room and the rooms
# after it, never one before it. ``name.*`` is a package and everything in it;
# a plain name is that one module.
ROOMS: List[Tuple[str, Tuple[str, ...]]] = [
    ("entry", ("gradgui", "gradgui.__main__", "gradgui.app", "gradgui.cli", "gradgui.train_cli")),
    ("ui window", ("gradgui.ui", "gradgui.ui.main_window", "gradgui.ui.actions",
                   "gradgui.ui.menus", "gradgui.ui.crash", "gradgui.ui.appearance",
                   "gradgui.ui.lazy_panel", "gradgui.ui.docks", "gradgui.ui.toolbar_rows")),
    ("ui controllers", ("gradgui.ui.controllers.*",)),
    ("ui panels", ("gradgui.ui.panels.*",)),
    ("ui canvas", ("gradgui.ui.canvas.*",)),
    ("ui overview", ("gradgui.ui.overview.*",)),
    ("ui base", ("gradgui.ui.session", "gradgui.ui.colors", "gradgui.ui.geometry",
                 "gradgui.ui.mime", "gradgui.ui.settings", "gradgui.ui.examples",
                 "gradgui.ui.theme_choice")),
    ("ui work", ("gradgui.ui.work.*",)),
    ("document", ("gradgui.document.*",)),
    ("engine", ("gradgui.engine.*",)),
    ("package tuning", ("gradgui.tuning",)),  # the process-wide settings: stdlib only
    ("package info", ("gradgui.package_info",)),
]

# Packages from outside the standard library that each layer may name.
# The engine names none at all.
OUTSIDE = {
    "package": set(),
    "document": {"networkx", "numpy"},
    "ui": {"networkx", "numpy", "PySide6", "shiboken6", "pyqtgraph"},
    "entry": {"networkx", "numpy", "PySide6", "shiboken6", "pyqtgraph"},
}


def module_names(package: Path = PACKAGE) -> Dict[str, Path]:
    """Every module of the package by dotted name (a package by its own name)."""
    names = {}
    for path in sorted(package.rglob("*.py")):
        parts = list(path.relative_to(package.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        names[".".join(parts)] = path
    return names


def imports_of(name: str, source: str, is_package: bool, known) -> Iterator[Tuple[str, int]]:
    """(imported module, line) for every import statement anywhere in ``source``.

    ``from .x import y`` gives the module ``.x.y`` when that is one of the
    ``known`` modules, else the module ``.x``.
    """
    here = name if is_package else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, node.lineno
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = here.split(".")[: len(here.split(".")) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module
            for alias in node.names:
                sub = f"{target}.{alias.name}"
                yield (sub if sub in known else target), node.lineno


def room_of(module: str) -> int:
    """The index in ROOMS of the room ``module`` lives in (ValueError if none)."""
    for index, (_, members) in enumerate(ROOMS):
        for member in members:
            package = member[:-2] if member.endswith(".*") else None
            if module == member or (package and (module == package or module.startswith(package + "."))):
                return index
    raise ValueError(f"{module} is in no room")


def layer_of(module: str) -> str:
    """engine, document, ui or entry."""
    room = ROOMS[room_of(module)][0]
    return room.split()[0]


def all_imports(package: Path = PACKAGE) -> List[Tuple[str, str, int]]:
    """(importer, imported, line) for every import in the package."""
    names = module_names(package)
    found = []
    for name, path in names.items():
        for target, line in imports_of(name, path.read_text(encoding="utf-8"),
                                       path.name == "__init__.py", names):
            found.append((name, target, line))
    return found


def wrong_way(imports) -> List[str]:
    """Each import of gradgui's own modules that goes against the rooms' order."""
    faults = []
    for importer, target, line in imports:
        if target.split(".")[0] != "gradgui":
            continue
        if room_of(target) < room_of(importer):
            faults.append(f"{importer} (line {line}, {ROOMS[room_of(importer)][0]}) imports "
                          f"{target} ({ROOMS[room_of(target)][0]})")
    return faults


def outside_names(imports) -> List[str]:
    """Each import of a package from outside the standard library that its layer may not name."""
    faults = []
    for importer, target, line in imports:
        top = target.split(".")[0]
        if top == "gradgui" or top in sys.stdlib_module_names or top == "__future__":
            continue
        layer = layer_of(importer)
        if top not in OUTSIDE.get(layer, set()):
            faults.append(f"{importer} (line {line}, {layer}) imports {target}")
    return faults


def test_every_module_lives_in_a_room():
    names = module_names()
    assert len(names) > 60, sorted(names)  # the walk found the whole package
    for room, members in ROOMS:
        for member in members:
            assert member.removesuffix(".*") in names, f"room {room}: no module {member}"
    homeless = []
    for name in names:
        try:
            room_of(name)
        except ValueError:
            homeless.append(name)
    assert not homeless, f"add these to a room in ROOMS: {homeless}"


def test_every_import_between_gradguis_rooms_goes_down():
    imports = all_imports()
    own = [(a, b) for a, b, _ in imports if b.split(".")[0] == "gradgui"]
    # Every layer really does import the ones below: the check has something to check.
    crossings = {(layer_of(a), layer_of(b)) for a, b in own}
    assert {("entry", "ui"), ("ui", "document"), ("ui", "engine"),
            ("document", "engine")} <= crossings
    faults = wrong_way(imports)
    assert not faults, "imports against the rooms' order:\n" + "\n".join(faults)


def test_each_layer_names_only_the_outside_packages_it_may():
    faults = outside_names(all_imports())
    assert not faults, "outside packages a layer may not import:\n" + "\n".join(faults)


def test_the_command_line_module_names_no_qt_and_no_ui():
    names = module_names()
    source = names["gradgui.cli"].read_text(encoding="utf-8")
    targets = [t for t, _ in imports_of("gradgui.cli", source, False, names)]
    # It reads files through the document (its modules, not the whole package).
    assert any(t == "gradgui.document" or t.startswith("gradgui.document.") for t in targets)
    assert not [t for t in targets if t.split(".")[0] in ("PySide6", "shiboken6", "pyqtgraph")
                or t.startswith("gradgui.ui")]


def test_the_checks_catch_a_wrong_way_import(tmp_path):
    """The checker itself: a small package with imports each way gets exactly the bad ones."""
    fake = tmp_path / "gradgui"
    for folder in ("engine", "document", "ui/canvas", "ui/work"):
        (fake / folder).mkdir(parents=True)
        (fake / folder / "__init__.py").write_text("")
    (fake / "__init__.py").write_text("")
    (fake / "engine" / "value.py").write_text("import math\nfrom ..document import x\n")
    (fake / "document" / "kinds.py").write_text("from ..engine import value\nimport PySide6\n")
    (fake / "ui" / "work" / "runner.py").write_text(
        "def later():\n    from ..canvas import scene\n")
    (fake / "ui" / "canvas" / "scene.py").write_text(
        "from ..work.runner import later\nfrom ...document.kinds import K\nimport pyqtgraph\n")
    imports = all_imports(fake)
    assert sorted(wrong_way(imports)) == [
        "gradgui.engine.value (line 2, engine) imports gradgui.document (document)",
        "gradgui.ui.work.runner (line 2, ui work) imports gradgui.ui.canvas.scene (ui canvas)",
    ]
    assert outside_names(imports) == ["gradgui.document.kinds (line 2, document) imports PySide6"]


# --- at run time, with Qt blocked ----------------------------------------------------

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
