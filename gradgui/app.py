"""The editor's entry point: parse the arguments, build the window, run the event loop."""

import argparse
import os
import sys
from typing import List, Optional


def _parse(argv: List[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="gradgui", description="Open the gradgui editor.")
    parser.add_argument("file", nargs="?", help="a graph file to open")
    parser.add_argument("--lesson", metavar="NAME|FILE", help="a lesson to open")
    return parser.parse_args(argv)


def _quit_later_if_asked(app) -> None:
    """For scripts and tests: with GRADGUI_QUIT_AFTER_MS set, close every window after that many ms.

    Windows close the ordinary way (unsaved changes would still be asked about),
    and the event loop ends when the last one is gone. A window busy opening a file
    when the time comes refuses to close: it is asked again every tenth of a second.
    """
    delay = os.environ.get("GRADGUI_QUIT_AFTER_MS", "").strip()
    if not delay:
        return
    from PySide6.QtCore import QTimer

    try:
        ms = max(0, int(delay))
    except ValueError:
        print(f"gradgui: ignoring GRADGUI_QUIT_AFTER_MS={delay!r}: not a whole number",
              file=sys.stderr)
        return
    retry = QTimer(app, interval=100)

    def close_all():
        if app.activeModalWidget() is not None:  # a question (unsaved changes): its answer
            retry.start()
            return
        app.closeAllWindows()
        if any(window.isVisible() for window in app.topLevelWidgets()):
            retry.start()
        else:
            retry.stop()
    retry.timeout.connect(close_all)
    QTimer.singleShot(ms, close_all)


def main(argv: Optional[List[str]] = None) -> int:
    """Open the editor (on FILE if given); reuses a running QApplication."""
    args = _parse(sys.argv[1:] if argv is None else argv)
    from . import tuning

    starting = tuning.while_starting()  # closed once the window has painted
    try:
        from PySide6.QtWidgets import QApplication

        from .ui.crash import install_exception_hook
        from .ui.main_window import MainWindow
        from .ui.work.preload import after_first_paint, import_now

        if args.file is not None or args.lesson is not None:
            import_now()  # the graph shown first needs networkx: no point opening without it
        app = QApplication.instance() or QApplication(sys.argv[:1])
        app.setApplicationName("gradgui")
        _quit_later_if_asked(app)
        install_exception_hook()
        window = MainWindow()
        window.show()
        # networkx: the empty graph opens without it
        after_first_paint(window.view.viewport(), then=starting.close)
        others = _recover_then_open(window, args.file, MainWindow)
        if args.lesson is not None:
            window.lessons.open_lesson(args.lesson)
        code = app.exec()
    finally:
        starting.close()  # the window never painted (or start-up failed)
    others.clear()  # the windows were kept alive while the event loop ran
    return code


def _recover_then_open(window, file: Optional[str], make_window) -> list:
    """Offer lost work, then open FILE: in ``window`` unless it now holds recovered work
    (then in a window of its own, unless it is that very file). The windows made."""
    import logging

    from PySide6.QtCore import QPoint

    from .ui.crash import offer_recovery

    try:
        recovered = offer_recovery(window)
    except Exception as error:  # nothing in the recovery folder may stop the editor
        logging.getLogger("gradgui").exception("looking for lost work failed")
        window.statusBar().showMessage(f"Could not look for unsaved work from last time: {error}")
        recovered = False
    if not file:
        return []
    if not recovered:
        window.files.load_path(file, say=False)  # a word from the recovery check stays
        return []
    path = window.session.path
    try:
        if path is not None and os.path.samefile(path, file):
            return []  # the recovered work is that file, with the changes it had
    except OSError:
        pass
    other = make_window()
    other.move(window.pos() + QPoint(40, 40))  # both in sight
    other.show()
    if not other.files.load_path(file):
        other.close()
        return []
    return [other]


def show(outputs, params=None) -> int:
    """Open a ``Value`` graph (one output or a list) in the editor; blocks until it closes.

    ``params`` (optional) are the values to mark as weights. Creates the
    application if none is running yet.
    """
    from PySide6.QtWidgets import QApplication

    from .document.from_values import to_document
    from .ui.main_window import MainWindow
    from .tuning import host_settings_kept

    doc = to_document(outputs, params)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    # The interpreter is the caller's: what gradgui tunes in it is given back.
    with host_settings_kept():
        window = MainWindow()
        window.session.replace_document(doc, None)
        window.show()
        window.view.fit_graph(readable=True)
        return app.exec()
