#!/usr/bin/env python3
"""Render the teaching screenshots offscreen: scripts/teach_screenshots.py [OUT_DIR].

Writes quiz.png (Predict the Grad on the tutorial neuron, x1 answered
wrong), bug_lab.png (assign on b = a + a, d = a*b + a) and presenter_dark.png
(View > Theme Dark, Text Size 200 %, Edge Labels, stepping the neuron on a
projector's 1920x1080) into OUT_DIR (default docs/screenshots). The lesson step is made by
scripts/lesson_screenshot.py.
"""

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("GRADGUI_SETTINGS_DIR", tempfile.mkdtemp(prefix="gradgui-shot-"))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

SIZE = (1440, 860)


def settle(app, ms: int = 300) -> None:
    """Let pans and repaints finish."""
    from PySide6.QtCore import QElapsedTimer
    timer = QElapsedTimer()
    timer.start()
    while timer.elapsed() < ms:
        app.processEvents()


def new_window(app):
    """A window of the screenshots' size, shown."""
    from gradgui.ui.main_window import MainWindow
    window = MainWindow()
    window.resize(*SIZE)
    window.show()
    app.processEvents()
    return window


def quiz(app, out: Path) -> None:
    """The quiz on the neuron, every question answered right but x1 (0.5: a factor left out)."""
    from gradgui import examples_dir
    window = new_window(app)
    assert window.files.open_file(str(examples_dir() / "neuron.json"))
    window.actions["actionQuiz"].trigger()
    panel = window.quiz_panel
    window.actions["actionStep"].trigger()
    while True:
        prompt = panel.prompt.text()
        label = prompt[:-len(".grad = ?")].strip("()")
        node = next(n for n in window.session.doc.node_ids() if window.session.doc.label(n) == label)
        answer = "0.5" if label == "x1" else repr(window.session.grad(node))
        panel.answer.setText(answer)
        panel.answer.returnPressed.emit()  # Enter checks the answer
        app.processEvents()
        if label == "x1":
            break
        panel.answer.returnPressed.emit()  # Enter again: the next question or step
        app.processEvents()
    window.view.fit_graph()
    settle(app)
    window.grab().save(str(out / "quiz.png"))


def bug_lab(app, out: Path) -> None:
    """Assign on the graph of the lesson on a node used twice, a selected."""
    from gradgui.document import AddNode, AddWire, GraphDocument, SetOutput
    from gradgui.document.fileformat import save
    doc = GraphDocument()
    for node_id, kind, fields, pos in (
            ("a", "input", dict(value=3.0), (0, 60)), ("b", "add", dict(label="b = a + a"), (230, 0)),
            ("c", "mul", dict(label="a*b"), (460, 30)), ("d", "add", dict(label="d = a*b + a"), (690, 90))):
        AddNode(node_id, kind, pos=pos, **fields).do(doc)
    for wire in (("a", "b", 0), ("a", "b", 1), ("a", "c", 0), ("b", "c", 1), ("c", "d", 0),
                 ("a", "d", 1)):
        AddWire(*wire).do(doc)
    SetOutput("d").do(doc)
    path = Path(tempfile.mkdtemp(prefix="gradgui-shot-")) / "used-twice.json"
    save(doc, path)
    window = new_window(app)
    assert window.files.open_file(str(path))
    window.bug_lab.set_variant("assign")
    window.scene.select_nodes(["a"])
    window.view.fit_graph()
    settle(app)
    window.grab().save(str(out / "bug_lab.png"))


def presenter(app, out: Path) -> None:
    """Dark, 200 %, edge labels, the neuron stepped to n on a projector's 1920x1080, the
    palette and the Inspector closed."""
    from gradgui import examples_dir
    window = new_window(app)
    window.resize(1920, 1080)
    window.appearance.set_theme_choice("dark")
    window.appearance.set_text_size(200)
    window.actions["actionEdgeLabels"].trigger()
    assert window.files.open_file(str(examples_dir() / "neuron.json"))
    for name in ("paletteDock", "inspectorDock"):
        window.findChild(type(window.find_dock), name).close()
    window.actions["actionBackward"].trigger()
    for _ in range(3):
        window.actions["actionStep"].trigger()
    app.processEvents()
    settle(app)
    window.view.fit_graph()
    settle(app)
    window.grab().save(str(out / "presenter_dark.png"))


def main() -> int:
    """Make the three pictures."""
    from PySide6.QtWidgets import QApplication
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("docs/screenshots")
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setStyle("Fusion")
    quiz(app, out)
    bug_lab(app, out)
    presenter(app, out)
    for name in ("quiz.png", "bug_lab.png", "presenter_dark.png"):
        print(out / name)
    return 0


if __name__ == "__main__":
    sys.exit(main())
