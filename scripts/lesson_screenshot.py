#!/usr/bin/env python3
"""Render a lesson step offscreen to a PNG: scripts/lesson_screenshot.py NAME STEP [OUT.png].

Opens the lesson NAME (a bundled name or number, or a lesson file), does the
action of every step before STEP (counted from 1) the way a learner would,
and saves the window. Options: --size WxH (default 1280x800), --dark, and
--answer TEXT (once or more): typed and checked at STEP before the picture.
"""

import argparse
import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("GRADGUI_SETTINGS_DIR", tempfile.mkdtemp(prefix="gradgui-shot-"))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from screenshot import dark_palette  # noqa: E402


def do_action(window, step) -> None:
    """Do what ``step`` asks, through the window's own actions and panel."""
    from gradgui.document import AddWire
    from gradgui.document.lesson_check import expected_answer

    done = step.action.done
    if done.kind == "value":
        window.edits.set_field_text(done.node, "value", repr(done.number))
    elif done.kind == "wire":
        window.session.execute(AddWire(done.source, done.target, done.port or 0))
    elif done.kind == "predict":
        window.lesson_panel.answer.setText(repr(expected_answer(window.session.doc, done)))
        window.lesson_panel.check.click()
    elif done.kind == "step":
        lessons = window.lessons
        while lessons.index not in lessons.done and not (
                window.backprop.stepper is not None and window.backprop.stepper.finished):
            window.actions["actionStep"].trigger()
    elif done.kind == "bug_lab":
        window.bug_lab.set_variant(done.variant)
    elif done.kind == "backward":
        window.actions["actionBackward"].trigger()
    else:
        raise SystemExit(f"lesson_screenshot.py: cannot do a '{done.kind}' action by itself")


def main() -> int:
    """Open the lesson, walk to the step, save the window as a PNG."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("lesson")
    parser.add_argument("step", type=int)
    parser.add_argument("out", nargs="?", default="lesson.png")
    parser.add_argument("--size", default="1280x800")
    parser.add_argument("--dark", action="store_true")
    parser.add_argument("--answer", action="append", default=[])
    args = parser.parse_args()

    from PySide6.QtCore import QElapsedTimer
    from PySide6.QtWidgets import QApplication

    from gradgui.ui.main_window import MainWindow

    app = QApplication.instance() or QApplication(sys.argv[:1])
    if args.dark:
        app.setStyle("Fusion")
        app.setPalette(dark_palette())
    width, height = (int(v) for v in args.size.lower().split("x"))
    window = MainWindow()
    window.resize(width, height)
    window.show()
    if not window.lessons.open_lesson(args.lesson):
        return 2
    app.processEvents()
    controller = window.lessons
    while controller.index < args.step - 1:
        step = controller.lesson.steps[controller.index]
        if step.action is not None and controller.index not in controller.done:
            do_action(window, step)
            app.processEvents()
        window.lesson_panel.next.click()
        app.processEvents()
    settle = QElapsedTimer()
    settle.start()
    while settle.elapsed() < 800:  # let a pan that follows the step-through finish
        app.processEvents()
    window.view.fit_graph()
    for answer in args.answer:
        window.lesson_panel.answer.setText(answer)
        window.lesson_panel.check.click()
    app.processEvents()
    window.grab().save(args.out)
    print(args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
