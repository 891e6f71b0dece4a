"""Unexpected errors: logged, shown in a dialog, and never the end of the application."""

import logging
import sys
import traceback

from PySide6.QtWidgets import QApplication, QMessageBox

from ..document.fileformat import FileFormatError
from .controllers.recovery import data_dir, orphans

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
            box = QMessageBox(QMessageBox.Icon.Critical, "Unexpected error",
                              f"Something went wrong: {error}\n\nYour graph is still open; "
                              "saving it now is a good idea.")
            box.setDetailedText(text)
            box.exec()

    sys.excepthook = hook


def offer_recovery(window) -> bool:
    """After a crash, offer the newest autosave of a lost session; True if one was recovered.

    Only the file that was offered is removed: autosaves of other lost sessions
    are offered at the next start, never thrown away unasked.
    """
    found = orphans()
    if not found:
        return False
    newest = found[0]
    more = len(found) - 1
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
            window.session.replace_document(doc, None)
            window.session.undo_stack.resetClean()
            window.update_title()
            window.recovery.autosave()
            recovered = True
    newest.remove()
    return recovered
