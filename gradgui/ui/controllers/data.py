"""The data set of the open graph: generate or import it, choose the row the canvas shows,
and build a new network on it (Graph > New Network from Data…)."""

import os
from typing import Optional

from PySide6.QtCore import Qt, QTimer

from ...document.errors import DatasetError, DocumentError
from ...document.training_settings import has_dataset
from ..work import Cancelled
from .prepare import prepare

# The panel and the data set's modules bring numpy: they are imported with the first data
# set (or when the Data dock is first shown), so a graph without data starts without them.

CSV_FILTER = "CSV files (*.csv);;All files (*)"
MAX_UNROLLED = 300_000  # nodes: an unrolled graph bigger than this is refused, not built


class DataController:
    """Keeps the Data panel in step with the session and turns its requests into edits."""

    def __init__(self, window, session):
        self.window = window
        self.session = session
        self._panel = None  # made when first needed: see panel
        self._picked: Optional[str] = None  # the node selected alone on the canvas
        self.dock = self.palette_dock = None
        self._shown_by_us = False  # the dock came with data, not from the View menu
        self._choices = None  # what the binding row offers, and for which document state
        session.evaluated.connect(self.refresh)
        session.settled.connect(self.refresh)
        session.document_replaced.connect(self._replaced)
        self.refresh()

    @property
    def panel(self):
        """The Data panel, made (and put in its dock) the first time it is asked for."""
        if self._panel is None:
            from ..panels.data_panel import DataPanel
            panel = self._panel = DataPanel()
            panel.generate_requested.connect(self.generate)
            panel.import_requested.connect(lambda: self.import_csv())
            panel.row_chosen.connect(self.select_row)
            panel.binding.bind_requested.connect(self.bind)
            panel.binding.unbind_requested.connect(self.unbind)
            if self.dock is not None:
                self.dock.widget().setWidget(panel)  # in place of the empty stand-in
            self._choices = None
            self.refresh()
            panel.binding.pick(self._picked)
        return self._panel

    def docked(self, dock, palette_dock) -> None:
        """The panel's dock (hidden until there is data; it holds a stand-in until the panel
        is made) and the one it shares a side with."""
        self.dock, self.palette_dock = dock, palette_dock
        if self._panel is not None:
            dock.widget().setWidget(self._panel)
        dock.visibilityChanged.connect(lambda shown: shown and self.panel)
        dock.toggleViewAction().triggered.connect(self._chosen)

    def _chosen(self) -> None:
        self._shown_by_us = False  # opened or closed by the person: it stays as they left it

    def show_dock(self) -> None:
        """Show the Data dock, in a tab beside the palette's, tall enough for its plot and table."""
        if self.dock is None or self.dock.isVisible():
            return
        palette, window = self.palette_dock, self.window
        if (palette is not None and not palette.isHidden() and not palette.isFloating()
                and not window.tabifiedDockWidgets(palette)):
            # Stacked under the palette, each got half a column, too short for either
            # (with the Training panel open, three palette rows and a cut-off table).
            window.tabifyDockWidget(palette, self.dock)
        self.dock.show()
        self._shown_by_us = True
        self.dock.raise_()
        self._size_dock()
        # Once more when the window has laid the dock out (it may not be shown yet).
        QTimer.singleShot(0, self._size_dock)
        QTimer.singleShot(0, self.dock.raise_)

    def _size_dock(self) -> None:
        if self.dock is None or not self.dock.isVisible() or self.dock.isFloating():
            return
        window = self.window
        if self.palette_dock is not None and self.palette_dock.isVisible():
            window.resizeDocks([self.palette_dock, self.dock], [220, 560], Qt.Orientation.Vertical)
        window.resizeDocks([self.dock], [max(370, self._width_needed())], Qt.Orientation.Horizontal)

    def _width_needed(self) -> int:
        """The dock's width that shows every control of the panel (beside a vertical scroll
        bar, as the dock is often shorter than the panel), at the text size in use."""
        # QStyle is imported here, not at start: PySide6 makes its many large enums when it
        # is first imported (about 4 ms).
        from PySide6.QtWidgets import QStyle

        scroller = self.dock.widget()
        bar = scroller.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent, None, scroller)
        frame = max(0, self.dock.width() - scroller.width()) + 2 * scroller.frameWidth()
        return self.panel.minimumSizeHint().width() + bar + frame

    def _replaced(self) -> None:
        if self._panel is not None:
            self._panel.say("")  # news about the last document's data is not this one's
        self.refresh()
        if self.bound() is not None:
            self.show_dock()
        elif self._shown_by_us and self.dock is not None and self.dock.isVisible():
            # A graph without data: the panel would only say so, in the palette's place.
            self.dock.hide()
            self._shown_by_us = False

    def bound(self):
        """The open graph's data set with its bindings, or None."""
        if not has_dataset(self.session.doc):
            return None
        from ...document.dataset_field import bound_dataset
        try:
            return bound_dataset(self.session.doc)
        except DatasetError:
            return None

    def refresh(self) -> None:
        """Show the graph's data set and the row the canvas shows."""
        bound = self.bound()
        if self._panel is None and bound is None:
            return  # nothing to show yet: the panel is made with the first data set
        self.panel.show_dataset(bound, self.session.core.row)
        doc = self.session.doc
        state = (doc.identity, doc.revision, bound is None)
        if self._choices != state:
            self._choices = state
            inputs = [] if bound is None else [
                (node_id, doc.label(node_id)) for node_id, attrs in doc.nodes().items()
                if attrs.get("kind") == "input"]
            self.panel.binding.show_choices(bound, inputs)

    def show_selected(self, node_id: Optional[str]) -> None:
        """The node selected alone on the canvas: the binding row picks it if it is an input."""
        self._picked = node_id
        if self._panel is not None:
            self._panel.binding.pick(node_id)

    # ----- bindings -----------------------------------------------------
    def bind(self, node_id: str, column: str, as_target: bool) -> bool:
        """Bind input ``node_id`` to ``column``, as an input or as the target (one undo step)."""
        from ...document.dataset_commands import bind_input_command, bind_target_command
        doc = self.session.doc
        try:
            command = (bind_target_command(doc, node_id, column) if as_target
                       else bind_input_command(doc, node_id, column))
        except DatasetError as error:
            self._tell(f"Not bound: {error}")
            return False
        return self._bind_step(command)

    def unbind(self, node_id: str) -> bool:
        """Let ``node_id`` read no column (its own value again), as one undo step."""
        bound = self.bound()
        if bound is None or (node_id not in bound.inputs and node_id != bound.target_node):
            return False
        from ...document.dataset_commands import bind_input_command, bind_target_command
        doc = self.session.doc
        command = (bind_target_command(doc, None) if node_id == bound.target_node
                   else bind_input_command(doc, node_id, None))
        return self._bind_step(command)

    def _bind_step(self, command) -> bool:
        try:
            done = self.session.execute(command)
        except DatasetError as error:  # the checked field refused it (not an input node, say)
            self._tell(f"Not bound: {error}")
            return False
        if done:
            self.panel.say("")
            self.window.statusBar().showMessage(command.text, 5000)
        return done

    def _tell(self, text: str) -> None:
        self.show_dock()
        self.panel.say(text)
        self.window.statusBar().showMessage(text, 10000)

    # ----- new data ----------------------------------------------------
    def generate(self, name: str, n: int, noise: float, seed: int) -> bool:
        """Give the graph the data set a built-in generator makes (one undo step)."""
        from ...document.generators import generate
        try:
            dataset = generate(name, n, noise, seed)
        except DatasetError as error:
            self._tell(f"Could not generate the data: {error}")
            return False
        return self._use(dataset, f"{dataset.n_rows:,} rows of {name}")

    def import_csv(self, path: Optional[str] = None) -> bool:
        """Ask for a CSV file (unless given) and make it the graph's data set; a bad file
        is refused in one line and nothing changes."""
        from PySide6.QtWidgets import QFileDialog
        if path is None:
            path, _ = QFileDialog.getOpenFileName(self.window, "Import CSV", "", CSV_FILTER)
            if not path:
                return False
        from ...document.dataset import load_csv
        try:
            dataset = load_csv(path)
        except DatasetError as error:
            self._tell(f"Not imported: {error}")
            return False
        return self._use(dataset, f"{dataset.n_rows:,} rows from {os.path.basename(path)}")

    def _use(self, dataset, what: str) -> bool:
        from ...document.dataset_commands import set_dataset_command
        try:
            command = set_dataset_command(self.session.doc, dataset)
        except DatasetError as error:
            self._tell(str(error))
            return False
        before = self.bound()
        if not self.session.execute(command):
            return False
        self.show_dock()
        self._tell(f"{command.text}: {what}.{self._bindings_lost(before)}")
        return True

    def _bindings_lost(self, before) -> str:
        """What the new data set left unbound for want of a column, said as a warning:
        training on it would use those nodes' own constant values."""
        if before is None:
            return ""
        after, doc = self.bound(), self.session.doc
        lost = [f"{doc.label(node)} (column {column})" for node, column in before.inputs.items()
                if after is None or node not in after.inputs]
        if before.target_node is not None and (after is None or after.target_node is None):
            lost.append(f"the target {doc.label(before.target_node)} "
                        f"(column {before.target_column})")
        if not lost:
            return ""
        return (f" It has no column for {', '.join(lost)}: now unbound, so training would use "
                f"{'its own value' if len(lost) == 1 else 'their own values'}. Bind "
                f"{'it' if len(lost) == 1 else 'them'} below.")

    # ----- the row shown -------------------------------------------------
    def select_row(self, row: int) -> None:
        """Show row ``row`` on the canvas (its values, and its grads after Backward)."""
        bound = self.bound()
        if bound is None or not 0 <= row < bound.n_rows:
            return
        if self.session.work.edits_refused:
            self.refresh()  # work is reading the evaluation: keep the row shown
            return
        self.session.core.select_row(row)
        self.refresh()

    # ----- a new network ------------------------------------------------
    def new_network(self) -> bool:
        """Ask for a network's shape and open it, bound to the data, as a new unsaved graph.

        A new document rather than an edit of the open one: the network is a
        graph of its own (its output is the loss of a row), as Generate MLP's is.
        """
        from ...document.network import network_document
        from ..panels.network_dialog import NewNetworkDialog
        bound = self.bound()
        dialog = NewNetworkDialog(self.window, bound.dataset if bound is not None else None)
        accepted = dialog.exec() == NewNetworkDialog.DialogCode.Accepted
        choice = dialog.choice() if accepted else None
        dialog.deleteLater()
        if choice is None or not self.window.files.maybe_save():
            return False
        try:
            doc = network_document(**choice)
        except DatasetError as error:
            self._tell(f"Could not build the network: {error}")
            return False
        prepared = prepare(doc)
        files = self.window.files
        if not files._show(prepared, None, "Building"):
            return False
        rows = choice["dataset"].n_rows
        self.window.statusBar().showMessage(
            f"A new network of {len(doc):,} nodes on {rows:,} rows of data: "
            "press Backward, or train it.", 10000)
        return True

    # ----- unrolled ------------------------------------------------------
    def unroll(self) -> bool:
        """Open the network copied once per row, its output the batch loss, as a new graph:
        the graph micrograd's loop builds, whose Backward gives the same grads."""
        from ...document.batched import BatchProgram
        from ...document.training_settings import training_settings
        from ...document.unroll import unroll
        self.session.change_coming()  # a training run settles first: its weights are kept
        bound = self.bound()
        if bound is None:
            self._tell("This graph has no data set to unroll over: generate or import one.")
            return False
        doc = self.session.doc
        try:
            alpha = training_settings(doc).l2
            program = BatchProgram(doc, bound.node_columns())
        except DocumentError as error:
            self._tell(f"Cannot unroll: {error}")
            return False
        size = len(program.order) + (bound.n_rows - 1) * program.n_row_nodes + bound.n_rows
        if size > MAX_UNROLLED:
            self._tell(f"Unrolling {bound.n_rows:,} rows would make a graph of about {size:,} "
                       f"nodes, more than the {MAX_UNROLLED:,} the editor takes: unroll a smaller "
                       "data set (Generate fewer rows).")
            return False
        if not self.window.files.maybe_save():
            return False
        try:
            prepared = self.session.work.run("Unrolling…", lambda: prepare(unroll(doc, alpha)))
        except Cancelled:
            self.window.statusBar().showMessage("Unrolling cancelled; nothing changed.", 8000)
            return False
        except DocumentError as error:
            self._tell(f"Cannot unroll: {error}")
            return False
        if not self.window.files._show(prepared, None, "Unrolling"):
            return False
        self.window.statusBar().showMessage(
            f"The network unrolled over {bound.n_rows:,} rows: {len(prepared.doc):,} nodes, "
            "its output the batch loss 'total'. Press Backward to compare the weights' grads.",
            10000)
        return True
