"""Opening and saving: dialogs, recent files, examples, the unsaved-changes prompt,
and failures told in one clear sentence that change nothing."""

import os
from pathlib import Path
from typing import List, Optional

from ...package_info import examples_dir
from ...document import GraphDocument
from ...document.fileformat import FileFormatError, load, save
from ..work import Cancelled
from ...document.session import Prepared
from .prepare import prepare
from ..examples import example_title
from ..settings import settings

FILTER = "gradgui graphs (*.json);;All files (*)"
MAX_RECENT = 10


def generate(choice: dict):
    """The MLP document Generate MLP's dialog asked for (the dialog's module, which brings
    networkx, is imported when first needed, not at start)."""
    from ..panels.generate_dialog import generate as mlp_from_choice
    return mlp_from_choice(choice)


class FileController:
    """New, Open, Save, Save As, Revert and recent files for one window's session."""

    def __init__(self, window, session):
        self.window = window
        self.session = session
        self._example: Optional[str] = None  # the bundled example shown, until saved under a name
        # Any document put in place (a lesson's, the bug lab's) is no longer the example;
        # open_example names its own after this has run.
        session.document_replaced.connect(self._forget_example)

    # ----- opening ----------------------------------------------------
    def new_file(self) -> bool:
        """Start an empty graph (after asking about unsaved changes)."""
        if not self.maybe_save():
            return False
        self._example = None
        self.session.replace_document(GraphDocument(), None)
        return True

    def _forget_example(self) -> None:
        self._example = None

    def open_file(self, path: Optional[str] = None) -> bool:
        """Ask for a file (unless given) and open it; a bad file changes nothing."""
        from PySide6.QtWidgets import QFileDialog
        if not self.maybe_save():
            return False
        if path is None:
            path, _ = QFileDialog.getOpenFileName(self.window, "Open graph", self._folder(), FILTER)
            if not path:
                return False
        return self.load_path(path)

    def open_example(self, name: str) -> bool:
        """Open a bundled example as a new, unsaved graph (the bundled file stays read-only)."""
        if not self.maybe_save():
            return False
        try:
            prepared = prepare(load(examples_dir() / name))
        except FileFormatError as error:
            self._fail("Could not open the example", error)
            return False
        if not self._show(prepared, None, "Opening"):
            return False
        self._example = name
        self.window.update_title()
        self.window.statusBar().showMessage(
            f"Opened the example “{example_title(name)}”; Save As keeps your changes.")
        return True

    def load_path(self, path, say: bool = True) -> bool:
        """Open ``path`` without asking; on failure say why and keep the open document.
        ``say``: tell the status bar what opened, unless the opening said something."""
        bar = self.window.statusBar()
        before = bar.currentMessage()
        try:
            prepared = self.session.work.run(f"Opening {os.path.basename(str(path))}…",
                                             lambda: prepare(load(path)))
        except Cancelled:
            self.window.statusBar().showMessage("Opening cancelled; nothing changed.", 8000)
            return False
        except FileFormatError as error:
            self._fail("Could not open the file", error)
            return False
        if not self._show(prepared, Path(path).resolve(), "Opening"):
            return False
        self.remember(Path(path).resolve())
        if say and bar.currentMessage() == before:  # (leaving a lesson says so: that stays)
            # Else the bar went on showing the last thing done to the other graph.
            count = len(self.session.doc)
            bar.showMessage(f"Opened {Path(path).name}: {count:,} node{'s' if count != 1 else ''}.",
                            8000)
        return True

    def _show(self, prepared: Prepared, path, what: str) -> bool:
        """Show a prepared document; False if the person cancelled building its canvas."""
        self._example = None
        try:
            self.session.open_prepared(prepared, path, cancellable=True)
        except Cancelled:
            self.window.statusBar().showMessage(f"{what} cancelled; nothing changed.", 8000)
            return False
        return True

    def generate_mlp(self) -> bool:
        """Ask for a network's shape and open its whole scalar graph as a new, unsaved graph."""
        from ..panels.generate_dialog import GenerateMlpDialog  # networkx: not at start
        dialog = GenerateMlpDialog(self.window)
        accepted = dialog.exec() == GenerateMlpDialog.DialogCode.Accepted
        settings_ = dialog.settings()
        dialog.deleteLater()
        if not accepted or not self.maybe_save():
            return False
        try:
            prepared = self.session.work.run("Generating the MLP…",
                                             lambda: prepare(generate(settings_)))
        except Cancelled:
            self.window.statusBar().showMessage("Generating cancelled; nothing changed.", 8000)
            return False
        except MemoryError:
            self._fail("Could not generate the MLP", "there is not enough memory for a graph that big")
            return False
        if not self._show(prepared, None, "Generating"):
            return False
        self.window.statusBar().showMessage(f"Generated an MLP of {len(prepared.doc):,} nodes.", 8000)
        return True

    def revert(self) -> bool:
        """Throw away unsaved changes and reload the file from disk."""
        from PySide6.QtWidgets import QMessageBox
        path = self.session.path
        if path is None or self.session.undo_stack.isClean():
            return False
        answer = QMessageBox.question(
            self.window, "Revert", f"Discard your changes and reload {path.name}?",
            QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel)
        if answer != QMessageBox.StandardButton.Discard:
            return False
        return self.load_path(path)

    # ----- saving -----------------------------------------------------
    def save(self) -> bool:
        """Save to the current file, or ask for one (always for a bundled example's file)."""
        if self.session.path is None:
            return self.save_as()
        if _bundled(self.session.path):
            # Saving over it would change the example for everyone who opens it later.
            self.window.statusBar().showMessage(
                "The bundled example stays as it is: choose where to save your copy.", 10000)
            return self.save_as()
        return self.write(self.session.path)

    def save_as(self) -> bool:
        """Ask for a file name and save there."""
        from PySide6.QtWidgets import QFileDialog, QMessageBox
        path, _ = QFileDialog.getSaveFileName(self.window, "Save graph as",
                                              str(self._folder_path() / self.suggested_file_name()), FILTER)
        if not path:
            return False
        if not path.lower().endswith(".json"):
            path += ".json"
            # The dialog asked about the name as typed; the name saved needs its own question.
            if Path(path).exists() and QMessageBox.question(
                    self.window, "Replace file?", f"{Path(path).name} already exists. Replace it?",
                    QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                    QMessageBox.StandardButton.No) != QMessageBox.StandardButton.Yes:
                return False
        return self.write(Path(path))

    def write(self, path: Path) -> bool:
        """Save atomically to ``path``; on failure say why and leave the old file as it was."""
        doc = self.session.doc
        revision = doc.revision
        try:
            # No Cancel: the old file stays whole until the new one is, so there is
            # nothing to gain from stopping half way.
            self.session.work.run(f"Saving {Path(path).name}…", lambda: save(doc, path),
                                  cancellable=False)
        except FileFormatError as error:
            self._fail("Could not save the file", error)
            return False
        self.session.path = Path(path).resolve()
        if doc.revision == revision:  # else the file lacks a later edit: still unsaved
            self.session.undo_stack.setClean()
        self.session.saved.emit()
        self.remember(self.session.path)
        self.window.update_title()
        return True

    def maybe_save(self) -> bool:
        """Ask to save unsaved changes; False means the person cancelled."""
        from PySide6.QtWidgets import QMessageBox
        self.session.change_coming()  # a training run's steps land first: they are changes too
        if self.session.undo_stack.isClean():
            return True
        answer = QMessageBox.question(
            self.window, "Unsaved changes",
            f"Save the changes to {self.display_name()} first?",
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Save)
        if answer == QMessageBox.StandardButton.Save:
            return self.save()
        return answer == QMessageBox.StandardButton.Discard

    # ----- recent files ------------------------------------------------
    def recent(self) -> List[str]:
        """The recently opened or saved files, newest first."""
        value = settings().value("files/recent", [])
        if isinstance(value, str):
            value = [value]
        return [str(v) for v in (value or [])][:MAX_RECENT]

    def remember(self, path: Path) -> None:
        """Put ``path`` first in the recent files."""
        entries = [str(path)] + [p for p in self.recent() if p != str(path)]
        store = settings()
        store.setValue("files/recent", entries[:MAX_RECENT])
        if not _bundled(path):  # Open and Save As start in the person's own folders
            store.setValue("files/last_folder", str(Path(path).parent))
        store.sync()
        self.window.recent_changed()

    def clear_recent(self) -> None:
        """Forget the recent files."""
        store = settings()
        store.setValue("files/recent", [])
        store.sync()
        self.window.recent_changed()

    # ----- helpers ---------------------------------------------------
    def display_name(self) -> str:
        """The file's name for titles and prompts (an example's title until it is saved)."""
        if self.session.path:
            return self.session.path.name
        return example_title(self._example) if self._example else "untitled.json"

    def suggested_file_name(self) -> str:
        """The name Save As offers: the file's, else the example's file name."""
        return self.session.path.name if self.session.path else (self._example or "untitled.json")

    def _folder_path(self) -> Path:
        """Where Open and Save As start: the file's folder, else the last one used."""
        if self.session.path and not _bundled(self.session.path):
            return self.session.path.parent
        last = settings().value("files/last_folder")
        return Path(last) if last and Path(str(last)).is_dir() else Path.home()

    def _folder(self) -> str:
        return str(self._folder_path())

    def _fail(self, title: str, error) -> None:
        from PySide6.QtWidgets import QMessageBox
        self.window.statusBar().showMessage(str(error), 10000)
        QMessageBox.warning(self.window, title, str(error))


def _bundled(path) -> bool:
    """True for a file in the bundled examples' folder, which is not the person's to change."""
    try:
        return Path(path).resolve().parent == examples_dir().resolve()
    except OSError:
        return False
