"""The export actions: ask where (and at what scale), write, and say what happened."""

from pathlib import Path

from ...document import DocumentError
from ...document.atomic import replace_atomic, write_atomic

# The picture and DOT writers are imported with the first export: the window starts without.

# Export PNG's question: what the number means, not only its unit.
SCALE_QUESTION = ("Pixels for each point of the canvas: 1 is the size it has at 100 % zoom,\n"
                  "2 (the usual) twice that, sharp on a slide or a printed page.")


class ExportController:
    """PNG, SVG, Python and DOT exports of one window's graph."""

    def __init__(self, window, session, scene):
        self.window = window
        self.session = session
        self.scene = scene

    def _ask(self, title: str, suffix: str, filter_: str):
        from PySide6.QtWidgets import QFileDialog
        stem = self.session.path.stem if self.session.path else "graph"
        folder = self.session.path.parent if self.session.path else Path.home()
        path, _ = QFileDialog.getSaveFileName(self.window, title, str(folder / f"{stem}{suffix}"), filter_)
        if path and not path.lower().endswith(suffix):
            path += suffix
        return Path(path) if path else None

    def _selection_only(self) -> bool:
        return bool(self.scene.selected_node_ids())

    def export_png(self, path=None, scale=None) -> bool:
        """Export a PNG of the selection (or the whole graph) at a chosen scale."""
        from PySide6.QtWidgets import QInputDialog
        path = path or self._ask("Export PNG", ".png", "PNG images (*.png)")
        if path is None:
            return False
        if scale is None:
            scale, ok = QInputDialog.getDouble(self.window, "Export PNG", SCALE_QUESTION,
                                               2.0, 0.25, 8.0, 2)
            if not ok:
                return False
        from .pictures import export_png
        return self._write(path, lambda temp: export_png(self.scene, temp, scale, self._selection_only()))

    def export_svg(self, path=None) -> bool:
        """Export an SVG of the selection (or the whole graph)."""
        path = path or self._ask("Export SVG", ".svg", "SVG pictures (*.svg)")
        if path is None:
            return False
        from .pictures import export_svg
        return self._write(path, lambda temp: export_svg(self.scene, temp, self._selection_only()))

    def export_python(self, path=None) -> bool:
        """Export a script that rebuilds the graph and prints every grad; it needs only Python."""
        try:
            selected = self.scene.selected_node_ids()
            output = self.session.doc.output or (selected[0] if len(selected) == 1 else None)
            from ...document.python_export import export_python  # networkx: not at start
            text = export_python(self.session.doc, output)
        except DocumentError as error:
            self._fail(f"Cannot export Python: {error}")
            return False
        path = path or self._ask("Export Python", ".py", "Python scripts (*.py)")
        if path is None:
            return False
        if not self._write_text(path, text, "the script"):
            return False
        self.session.message.emit(f"Exported {path.name}: run it with python3 (it needs nothing "
                                  f"else) to see every grad.")
        return True

    def export_dot(self, path=None) -> bool:
        """Export Graphviz DOT text of the whole graph with the data and grads on show."""
        if not len(self.session.doc):
            self._fail("The graph is empty: there is nothing to export.")
            return False
        path = path or self._ask("Export DOT", ".dot", "Graphviz DOT files (*.dot *.gv)")
        if path is None:
            return False
        from ...document.dot_export import export_dot
        text = export_dot(self.session.doc, self.session.evaluation)
        if not self._write_text(path, text, "the DOT file"):
            return False
        self.session.message.emit(f"Exported {path.name}: draw it with Graphviz "
                                  f"(dot -Tsvg {path.name} -o {path.stem}.svg).")
        return True

    def _write_text(self, path: Path, text: str, what: str) -> bool:
        """Write ``text`` atomically; on failure say why (``what`` names the file) and return False."""
        try:
            write_atomic(path, text.encode("utf-8"))
        except OSError as error:
            self._fail(f"{path.name}: could not write {what} ({error.strerror or error}).")
            return False
        return True

    def _write(self, path: Path, writer) -> bool:
        """Render into a temporary file beside ``path``, then rename it over: all or nothing."""
        from .pictures import ExportError
        try:
            replace_atomic(path, writer)
        except ExportError as error:
            self._fail(f"{path.name}: {error}")
            return False
        except OSError as error:
            self._fail(f"{path.name}: could not write the picture there ({error.strerror or error}).")
            return False
        self.session.message.emit(f"Exported {path.name}.")
        return True

    def _fail(self, text: str) -> None:
        from PySide6.QtWidgets import QMessageBox
        self.window.statusBar().showMessage(text, 10000)
        QMessageBox.warning(self.window, "Export failed", text)
