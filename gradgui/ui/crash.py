"""Unexpected errors: logged, shown in a dialog, and never the end of the application."""

import logging
import sys
import traceback
from pathlib import Path
from typing import List

from PySide6.QtWidgets import QApplication

from ..document.fileformat import FileFormatError
from .controllers.recovery_folder import data_dir, scan
from .settings import settings

log = logging.getLogger("gradgui")


def _log_file():
    folder = data_dir().parent
    folder.mkdir(parents=True, exist_ok=True)
    return folder / "gradgui.log"


def install_exception_hook() -> None:
    """Show and log any exception that escapes a slot, instead of losing it (or the app)."""
    if not any(isinstance(h, logging.FileHandler) for h in log.handlers):
        try:
            handler = logging.FileHandler(_log_file(), encoding="utf-8")
            handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
            log.addHandler(handler)
        except OSError:
            pass
    previous = sys.excepthook

    def hook(kind, error, tb):
        if issubclass(kind, KeyboardInterrupt):
            previous(kind, error, tb)
            return
        text = "".join(traceback.format_exception(kind, error, tb))
        log.error("unexpected error\n%s", text)
        sys.stderr.write(text)
        if QApplication.instance() is not None:
            # Imported when needed, as every dialog: PySide6 makes a class's enums when the
            # class is first imported, and the window's first paint needs none of these.
            from PySide6.QtWidgets import QMessageBox
            box = QMessageBox(QMessageBox.Icon.Critical, "Unexpected error",
                              f"Something went wrong: {error}\n\nYour graph is still open; "
                              "saving it now is a good idea.")
            box.setDetailedText(text)
            box.exec()

    sys.excepthook = hook


def offer_recovery(window) -> bool:
    """After a crash, offer the newest autosave of a lost session; True if one was recovered.

    Only the file that was offered is removed: autosaves of other lost sessions
    are offered at the next start, never thrown away unasked. Entries of the
    recovery folder that cannot be read are skipped and reported once. What
    lost sessions left half written is deleted.
    """
    found = scan(sweep=True)
    _report_unreadable(window, found.unreadable)
    if not found.orphans:
        return False
    from PySide6.QtWidgets import QMessageBox
    newest = found.orphans[0]
    more = len(found.orphans) - 1
    later = (f"\n\n{more} more lost session{'s' if more > 1 else ''} will be offered "
             "the next time gradgui starts.") if more else ""
    answer = QMessageBox.question(
        window, "Recover unsaved work?",
        f"gradgui did not close properly last time. Recover {newest.describe()}?{later}",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Discard,
        QMessageBox.StandardButton.Yes)
    recovered = False
    if answer == QMessageBox.StandardButton.Yes:
        try:
            doc = newest.load()
        except FileFormatError as error:
            QMessageBox.warning(window, "Could not recover", str(error))
        else:
            # Its own name and place: Save writes the recovered work where it came from.
            original = Path(newest.original) if newest.original else None
            window.session.replace_document(doc, original)
            window.session.undo_stack.resetClean()
            window.update_title()
            window.recovery.autosave()
            where = f"; Save writes them to {original}" if original else ""
            window.statusBar().showMessage(f"Recovered the unsaved changes{where}.", 15000)
            recovered = True
    try:
        newest.remove()
    except OSError as error:
        log.warning("could not remove the recovery file %s: %s", newest.path, error)
    return recovered


def _report_unreadable(window, entries: List[str]) -> None:
    """Say once which recovery folder entries are skipped (each is told of only the first time)."""
    store = settings()
    told = store.value("recovery/reported", [])
    told = [told] if isinstance(told, str) else [str(t) for t in (told or [])]
    new = [entry for entry in entries if entry not in told]
    if new:
        for entry in new:
            log.warning("recovery folder %s: skipped %s", data_dir(), entry)
        many = f"{len(new)} entries" if len(new) > 1 else "an entry"
        window.statusBar().showMessage(
            f"Skipped {many} of the recovery folder that gradgui cannot read: "
            f"{'; '.join(new)} (in {data_dir()})", 20000)
    if told != entries:  # forget what is no longer there, so it is told again if it comes back
        store.setValue("recovery/reported", entries)
        store.sync()
