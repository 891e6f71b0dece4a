"""From code to the editor: ``gradgui.to_document`` and ``gradgui.show`` on the tutorial's
graph and on a 2,000-node graph built in Python."""

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication

import gradgui
from gradgui.engine import Value
from gradgui.ui.main_window import MainWindow
from subprocess_output import wait_for_line

ROOT = Path(gradgui.__file__).resolve().parent.parent


def big_graph():
    """A 2,000-node graph: a long weighted sum with a loss, every value labelled."""
    acc = Value(0.0, label="s0")
    for i in range(1, 499):
        x = Value((i % 7 - 3) * 0.25, label=f"x{i}")
        w = Value(((i * 13) % 11 - 5) * 0.02, label=f"w{i}")
        m = x * w; m.label = f"m{i}"
        acc = acc + m; acc.label = f"s{i}"
    o = acc.tanh(); o.label = "o"
    y = Value(0.5, label="y")
    d = o - y; d.label = "d"
    loss = d ** 2; loss.label = "loss"
    lam = Value(0.01, label="lam")
    decay = lam * acc; decay.label = "decay"
    total = loss + decay; total.label = "total"
    return total


def every_value(root):
    seen, stack = {}, [root]
    while stack:
        value = stack.pop()
        if id(value) not in seen:
            seen[id(value)] = value
            stack.extend(value.operands)
    return list(seen.values())


def engine_grads(root):
    root.backward()
    values = every_value(root)
    labels = [v.label for v in values]
    assert len(set(labels)) == len(labels)  # labels name the values one to one
    return {v.label: (v.data, v.grad) for v in values}


def window_grads(window):
    session, doc = window.session, window.session.doc
    return {doc.label(n): (session.evaluation.data(n), session.grad(n)) for n in doc.node_ids()}


def test_big_graph_has_2000_nodes():
    assert len(every_value(big_graph())) == 2000


@pytest.mark.parametrize("graph", ["tutorial", "2000-nodes"])
def test_to_document_then_backward_gives_the_engines_grads(window, graph, request):
    output = request.getfixturevalue("tutorial_neuron") if graph == "tutorial" else big_graph()
    expected = engine_grads(output)
    doc = gradgui.to_document(output)
    assert len(doc) == len(expected)
    window.session.replace_document(doc, None)
    assert len(window.scene.nodes) == len(expected)
    window.findChild(QAction, "actionBackward").trigger()
    assert window_grads(window) == expected


def test_to_document_lays_the_graph_out_left_to_right(tutorial_neuron):
    doc = gradgui.to_document(tutorial_neuron)
    xs = {doc.label(n): doc.pos(n)[0] for n in doc.node_ids()}
    assert xs["x1"] < xs["x1*w1"] < xs["x1*w1 + x2*w2"] < xs["n"] < xs["o"]
    assert len({doc.pos(n) for n in doc.node_ids()}) == len(doc)  # no two nodes on one spot


@pytest.fixture
def shown(monkeypatch, settings_dir, no_modal_dialogs):
    """Run ``gradgui.show`` in this test's application; record the editor windows it opened."""
    seen = []

    def exec_(*_args):
        before = set(map(id, seen))
        loop = QEventLoop()

        def look_then_close():
            for window in QApplication.topLevelWidgets():
                if (isinstance(window, MainWindow) and window.isVisible()
                        and id(window) not in before):
                    seen.append(dict(window=window, nodes=len(window.scene.nodes),
                                     doc=len(window.session.doc), title=window.windowTitle(),
                                     modified=window.isWindowModified(),
                                     output=window.session.doc.label(window.session.doc.output),
                                     grads=window_grads(window)))
                    window.close()
            loop.quit()

        QTimer.singleShot(0, look_then_close)
        loop.exec()
        return 0

    monkeypatch.setattr(QApplication, "exec", exec_)
    yield seen
    for record in seen:
        assert not record["window"].isVisible()
        record["window"].deleteLater()


def test_show_opens_the_graph_in_the_editor_of_a_running_application(shown, tutorial_neuron):
    o = tutorial_neuron
    assert gradgui.show(o) == 0
    assert len(shown) == 1
    record = shown[0]
    assert record["nodes"] == record["doc"] == 10
    assert record["title"].startswith("untitled.json")
    assert not record["modified"]
    labels = {label for label in record["grads"]}
    assert labels == {v.label for v in every_value(o)}


def test_show_of_a_2000_node_graph(shown):
    assert gradgui.show(big_graph()) == 0
    assert len(shown) == 1 and shown[0]["nodes"] == 2000


def test_show_of_a_list_of_outputs(shown):
    loss = big_graph()
    o = next(v for v in every_value(loss) if v.label == "o")
    extra = o * 3.0; extra.label = "3o"
    assert gradgui.show([extra, loss]) == 0
    # The 3.0 and the product; a graph this big zoomed out is drawn by the overview, no items.
    assert shown[0]["doc"] == 2000 + 2 and shown[0]["nodes"] == 0
    assert shown[0]["output"] == "3o"  # the first output is marked


def test_show_of_micrograds_values_marks_the_params(shown):
    from micrograd.engine import Value as MicroValue

    w, x = MicroValue(-3.0), MicroValue(2.0)
    out = (w * x + 1).relu()
    assert gradgui.show(out, params=[w]) == 0
    assert shown[0]["nodes"] == 6  # w, x, w*x, 1, the sum, relu
    doc = shown[0]["window"].session.doc
    assert sorted(doc.node(n)["kind"] for n in doc.node_ids() if doc.kind(n).is_leaf) == [
        "const", "input", "weight"]


# ----- a script of its own ---------------------------------------------------------------------
def script_env(tmp_path):
    """A user's environment with nothing redirected but the home folder."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", HOME=str(tmp_path),
               XDG_DATA_HOME=str(tmp_path / "data"), XDG_CONFIG_HOME=str(tmp_path / "config"),
               PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])))
    for name in ("GRADGUI_SETTINGS_DIR", "GRADGUI_QUIT_AFTER_MS"):
        env.pop(name, None)
    return env


SHOW_SCRIPT = textwrap.dedent("""
    import sys
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication
    import gradgui
    from gradgui.engine import Value
    from gradgui.ui.main_window import MainWindow

    assert QApplication.instance() is None
    real_exec = QApplication.exec

    def exec_(*_args):
        def look():
            windows = [w for w in QApplication.topLevelWidgets()
                       if isinstance(w, MainWindow) and w.isVisible()]
            print("windows", len(windows), "nodes", len(windows[0].scene.nodes), flush=True)
            if sys.argv[1] == "crash":
                from gradgui.document import SetField
                windows[0].session.execute(SetField("x", "value", 3.0))
                assert windows[0].recovery.autosave()
                print("saved", flush=True)
            else:
                QApplication.instance().closeAllWindows()
        QTimer.singleShot(0, look)
        return real_exec()

    QApplication.exec = exec_
    x = Value(2.0, label="x")
    y = (x * x).tanh(); y.label = "y"
    print("returned", gradgui.show(y), flush=True)
""")


def test_show_creates_the_application_when_none_is_running(tmp_path):
    proc = subprocess.run([sys.executable, "-c", SHOW_SCRIPT, "close"], env=script_env(tmp_path),
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split() == ["windows", "1", "nodes", "3", "returned", "0"]


NEXT_START = textwrap.dedent("""
    import os
    import traceback
    from PySide6.QtWidgets import QApplication, QMessageBox
    from gradgui.app import main

    offers = []

    def question(_parent, _title, text, *_args):
        offers.append(text)
        return QMessageBox.StandardButton.Yes

    def exec_(*_args):
        window = next(w for w in QApplication.topLevelWidgets() if w.isVisible())
        doc = window.session.doc
        print("offers", len(offers), "nodes", len(doc),
              "x", doc.node("x")["value"] if "x" in doc else None, flush=True)
        window.session.undo_stack.setClean()
        window.close()
        return 0

    QMessageBox.question = question
    QApplication.exec = exec_
    try:
        main([])
    except BaseException:
        traceback.print_exc()
        os._exit(3)  # not through the editor's error dialog: nobody would answer it
""")


def test_work_in_a_shown_graph_is_recovered_by_the_next_gradgui_start(tmp_path):
    env = script_env(tmp_path)
    proc = subprocess.Popen([sys.executable, "-c", SHOW_SCRIPT, "crash"], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        wait_for_line(proc, "saved", "the script")
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        proc.stdout.close()
        proc.stderr.close()

    start = subprocess.run([sys.executable, "-c", NEXT_START], env=env, capture_output=True,
                           text=True, timeout=120)
    assert start.returncode == 0, start.stderr
    assert start.stdout.split() == ["offers", "1", "nodes", "3", "x", "3.0"]


HOST_SCRIPT = textwrap.dedent("""
    import gc
    import sys
    from PySide6.QtCore import QTimer
    from PySide6.QtGui import QAction
    from PySide6.QtWidgets import QApplication
    import gradgui
    from gradgui.engine import Value
    from gradgui.ui.main_window import MainWindow

    app = QApplication(sys.argv[:1])
    if sys.argv[1] == "frozen":  # a host with objects frozen of its own, collector off
        kept = [[] for _ in range(1000)]
        gc.freeze()
        gc.disable()
        sys.setswitchinterval(0.01)
    else:
        sys.setswitchinterval(0.002)
    before = (gc.isenabled(), gc.get_freeze_count(), sys.getswitchinterval())

    def look():
        windows = [w for w in QApplication.topLevelWidgets()
                   if isinstance(w, MainWindow) and w.isVisible()]
        if not windows or QApplication.activeModalWidget() is not None:
            return  # not shown yet: its canvas is still being built
        timer.stop()
        windows[0].findChild(QAction, "actionBackward").trigger()  # a worker, as a person would
        print("inside", len(windows[0].session.doc), gc.get_freeze_count() > before[1], flush=True)
        app.closeAllWindows()

    timer = QTimer()
    timer.timeout.connect(look)
    timer.start(20)
    acc = Value(0.0, label="s0")
    for i in range(1, 900):
        acc = acc + Value(0.5, label=f"x{i}") * Value(0.25, label=f"w{i}")
    gradgui.show(acc.tanh())
    after = (gc.isenabled(), gc.get_freeze_count(), sys.getswitchinterval())
    # The host's frozen objects stay frozen: none are unfrozen and none are added. Some
    # of them may be freed meanwhile without anyone touching the collector: a library
    # dropping an object it had made, or the import system's own tables changing as
    # networkx is imported after the window's first paint (a dozen or two objects).
    # Unfreezing would drop the count to nothing, so losing under 1% is that churn.
    kept = before[1] - before[1] // 100 <= after[1] <= before[1]
    same = after[0] == before[0] and after[2] == before[2] and kept
    print("same" if same else f"changed {before} -> {after}", flush=True)
""")


@pytest.mark.parametrize("host", ["plain", "frozen"])
def test_show_leaves_the_collector_and_switch_interval_of_the_host_as_they_were(tmp_path, host):
    proc = subprocess.run([sys.executable, "-c", HOST_SCRIPT, host], env=script_env(tmp_path),
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    # A big graph: gradgui froze its objects while it ran, unless the host had frozen its own.
    froze = "True" if host == "plain" else "False"
    assert proc.stdout.split() == ["inside", "3598", froze, "same"], proc.stdout + proc.stderr
