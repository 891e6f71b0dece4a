"""While long work runs, the window's thread keeps getting its turn: no collector pauses,
short turns at Python, and chunked work lets events run even when its count stands still."""

import gc
import sys
import time

from PySide6.QtCore import QTimer

from gradgui.ui.work import runner as busy
from gradgui.ui.work import collector as heap

from progress_boxes import visible_progress


def test_a_worker_runs_with_the_collector_paused_and_short_turns(window):
    interval, enabled = sys.getswitchinterval(), gc.isenabled()
    seen = busy.run_busy(window, "Working…", lambda: (gc.isenabled(), sys.getswitchinterval()))
    assert seen == (False, busy.TURN_S)
    assert (sys.getswitchinterval(), gc.isenabled()) == (interval, enabled)  # as they were


def test_a_failing_worker_gives_back_the_collector_and_turns(window):
    interval, enabled = sys.getswitchinterval(), gc.isenabled()
    try:
        busy.run_busy(window, "Failing…", lambda: 1 / 0)
    except ZeroDivisionError:
        pass
    assert (sys.getswitchinterval(), gc.isenabled()) == (interval, enabled)


def test_a_big_graph_is_set_aside_from_full_collections_and_a_small_one_is_not():
    gc.unfreeze()
    try:
        heap.keep_long_lived(heap.BIG)
        assert gc.get_freeze_count() == 0
        kept = [[] for _ in range(100)]
        heap.keep_long_lived(heap.BIG + 1)
        assert gc.get_freeze_count() >= len(kept)
    finally:
        gc.unfreeze()


def test_many_objects_made_while_the_collector_waited_are_set_aside_few_are_not():
    gc.unfreeze()
    try:
        with heap.collector_paused():
            few = [[] for _ in range(100)]
        assert gc.get_freeze_count() == 0 and gc.isenabled()
        with heap.collector_paused():
            many = [[] for _ in range(heap.MANY + 10)]  # a walk over these would stall
        assert gc.get_freeze_count() >= len(many) and gc.isenabled()
        assert few
    finally:
        gc.unfreeze()


def test_chunked_work_lets_events_run_while_its_count_stands_still(window, qtbot, monkeypatch):
    monkeypatch.setattr(busy.ChunkProgress, "show_after_ms", 0)
    fired = []
    timer = QTimer()
    timer.timeout.connect(lambda: fired.append(1))
    with busy.ChunkProgress(window, "Putting things back…", 10, cancellable=False) as progress:
        progress.tick(10)  # the box shows
        timer.start(5)
        fired.clear()
        end = time.monotonic() + 0.3
        while time.monotonic() < end:  # work between two steps, reporting the same count
            progress.tick(10)
        assert visible_progress(window)  # at the full count the box stays until the work ends
    timer.stop()
    assert len(fired) >= 2
    assert not visible_progress(window)


def test_a_replaced_big_graph_is_freed_although_its_objects_were_set_aside(window, tmp_path):
    import weakref
    from gradgui.document import mlp_for_size
    from graph_files import open_doc

    gc.unfreeze()
    try:
        open_doc(window, mlp_for_size(3000), tmp_path, "first.json")
        window.view.reset_zoom()  # wire items made: networkx's views on the graph are in use
        first = weakref.ref(window.session.doc.graph)
        assert gc.get_freeze_count() > 0  # set aside once in place
        open_doc(window, mlp_for_size(2500), tmp_path, "second.json")
        gc.collect()  # frozen objects are never collected: only counting references frees them
        assert first() is None
    finally:
        gc.unfreeze()


def test_what_a_failed_worker_made_is_not_set_aside(window, monkeypatch):
    monkeypatch.setattr(heap, "MANY", 1000)

    def failing():
        made = [[] for _ in range(5000)]
        raise ValueError(f"bad file ({len(made)} parts read)")

    gc.unfreeze()
    try:
        try:
            busy.run_busy(window, "Reading…", failing)
        except ValueError:
            pass
        assert gc.get_freeze_count() == 0
        busy.run_busy(window, "Reading…", lambda: [[] for _ in range(5000)])
        assert gc.get_freeze_count() > 0  # a worker that finished: what it made stays
    finally:
        gc.unfreeze()


def test_closing_the_window_puts_what_was_set_aside_back_in_reach(make_window, tmp_path):
    from gradgui.document import mlp_for_size
    from graph_files import open_doc

    window = make_window()
    gc.unfreeze()
    try:
        open_doc(window, mlp_for_size(3000), tmp_path)
        assert gc.get_freeze_count() > 0
        window.session.undo_stack.setClean()
        assert window.close()
        assert gc.get_freeze_count() == 0  # a closed window's objects can be collected
    finally:
        gc.unfreeze()
