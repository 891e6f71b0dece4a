"""While long work runs, the window's thread keeps getting its turn: no collector pauses,
short turns at Python, and chunked work lets events run even when its count stands still.
What gradgui changes in the interpreter is given back."""

import gc
import sys
import threading
import time

import pytest
from PySide6.QtCore import QTimer

from gradgui import tuning

from progress_boxes import visible_progress


@pytest.fixture
def thawed():
    """Nothing frozen before the test, and nothing left frozen after it."""
    tuning.thaw()
    gc.unfreeze()
    yield
    tuning.thaw()
    gc.unfreeze()


def test_a_worker_runs_with_the_collector_paused_and_short_turns(window):
    interval, enabled = sys.getswitchinterval(), gc.isenabled()
    seen = window.session.work.run("Working…", lambda: (gc.isenabled(), sys.getswitchinterval()))
    assert seen == (False, tuning.TURN_S)
    assert (sys.getswitchinterval(), gc.isenabled()) == (interval, enabled)  # as they were


def test_a_failing_worker_gives_back_the_collector_and_turns(window):
    interval, enabled = sys.getswitchinterval(), gc.isenabled()
    with pytest.raises(ZeroDivisionError):
        window.session.work.run("Failing…", lambda: 1 / 0)
    assert (sys.getswitchinterval(), gc.isenabled()) == (interval, enabled)


def test_a_big_graph_is_frozen_and_a_small_one_is_not(thawed):
    tuning.freeze_if_big(2000, big=2000)
    assert gc.get_freeze_count() == 0
    kept = [[] for _ in range(100)]
    tuning.freeze_if_big(2001, big=2000)
    assert gc.get_freeze_count() >= len(kept)
    tuning.thaw()
    assert gc.get_freeze_count() == 0


def test_many_objects_made_while_the_collector_waited_are_frozen_few_are_not(thawed):
    with tuning.collector_paused(many=1000):
        few = [[] for _ in range(100)]
    assert gc.get_freeze_count() == 0 and gc.isenabled()
    with tuning.collector_paused(many=1000):
        many = [[] for _ in range(1010)]  # a walk over these would stall
    assert gc.get_freeze_count() >= len(many) and gc.isenabled()
    assert few


def test_pauses_on_two_threads_overlap_and_the_collector_runs_after_the_last(thawed):
    started, release = threading.Event(), threading.Event()
    seen = []

    def other():
        with tuning.collector_paused():
            started.set()
            release.wait(10)
        seen.append(gc.isenabled())

    thread = threading.Thread(target=other)
    thread.start()
    assert started.wait(10)
    with tuning.collector_paused():
        release.set()
        thread.join()
        assert seen == [False]  # the other pause ended, this one goes on
        assert not gc.isenabled()
    assert gc.isenabled()


def test_nothing_is_frozen_when_the_host_had_frozen_objects_of_its_own(thawed):
    hosts = [[] for _ in range(100)]
    gc.freeze()
    theirs = gc.get_freeze_count()
    tuning.freeze_if_big(3000, big=2000)
    more = [[] for _ in range(100)]
    assert gc.get_freeze_count() == theirs  # theirs alone: thawing ours would thaw theirs
    tuning.thaw()
    assert gc.get_freeze_count() == theirs
    assert hosts and more


def test_the_host_settings_are_given_back_whatever_ran_between(thawed):
    interval, enabled = sys.getswitchinterval(), gc.isenabled()
    try:
        sys.setswitchinterval(0.002)
        gc.disable()
        with tuning.host_settings_kept():
            gc.enable()
            sys.setswitchinterval(0.0001)
            tuning.freeze_if_big(3000, big=2000)
        assert (sys.getswitchinterval(), gc.isenabled(), gc.get_freeze_count()) == (0.002, False, 0)
    finally:
        sys.setswitchinterval(interval)
        (gc.enable if enabled else gc.disable)()


def test_chunked_work_lets_events_run_while_its_count_stands_still(window, qtbot):
    window.session.work.show_after_ms = 0
    fired = []
    timer = QTimer()
    timer.timeout.connect(lambda: fired.append(1))
    with window.session.work.chunks("Putting things back…", 10, cancellable=False) as progress:
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


def test_a_replaced_big_graph_is_freed_although_its_objects_were_frozen(window, tmp_path, thawed):
    import weakref
    from gradgui.document import mlp_for_size
    from graph_files import open_doc

    open_doc(window, mlp_for_size(3000), tmp_path, "first.json")
    window.view.reset_zoom()  # wire items made: networkx's views on the graph are in use
    first = weakref.ref(window.session.doc.graph)
    assert gc.get_freeze_count() > 0  # frozen once in place
    open_doc(window, mlp_for_size(2500), tmp_path, "second.json")
    gc.collect()  # frozen objects are never collected: only counting references frees them
    assert first() is None


def test_what_a_failed_worker_made_is_not_frozen(window, thawed):
    def failing():
        made = [[] for _ in range(tuning.MANY + 1000)]
        raise ValueError(f"bad file ({len(made)} parts read)")

    with pytest.raises(ValueError):
        window.session.work.run("Reading…", failing)
    assert gc.get_freeze_count() == 0
    window.session.work.run("Reading…", lambda: [[] for _ in range(tuning.MANY + 1000)])
    assert gc.get_freeze_count() > 0  # a worker that finished: what it made stays


def test_closing_the_window_puts_what_was_frozen_back_in_reach(make_window, tmp_path, thawed):
    from gradgui.document import mlp_for_size
    from graph_files import open_doc

    window = make_window()
    open_doc(window, mlp_for_size(3000), tmp_path)
    assert gc.get_freeze_count() > 0
    window.session.undo_stack.setClean()
    assert window.close()
    assert gc.get_freeze_count() == 0  # a closed window's objects can be collected


def test_work_in_chunks_on_the_windows_thread_runs_with_the_collector_paused(window):
    assert gc.isenabled()
    with window.session.work.chunks("Drawing the wires…", 10, False) as progress:
        assert not gc.isenabled()  # thousands of items are made, and they live on
        progress.tick(5)
    assert gc.isenabled()


def test_the_editor_starts_with_the_collector_paused_until_told(thawed):
    assert gc.isenabled()
    starting = tuning.while_starting()
    assert not gc.isenabled()
    starting.close()
    assert gc.isenabled()
