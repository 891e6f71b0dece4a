"""The window's session is a view of the headless one: Qt's undo stack and the history agree."""

from gradgui.document import SetField, delete_nodes


def test_the_undo_stack_follows_the_headless_history(neuron):
    session = neuron.session
    history = session.core.history
    assert session.execute(SetField("w2", "value", 2.0))
    assert session.execute(delete_nodes(session.doc, ["b"]))
    stack = session.undo_stack
    assert (stack.count(), stack.index()) == (len(history), history.index) == (2, 2)
    assert neuron.action("actionUndo").text().endswith(history.undo_text())
    neuron.action("actionUndo").trigger()
    assert "b" in session.doc
    assert session.undo_stack.index() == history.index == 1
    assert history.redo_text() == "Delete 1 node"
    neuron.action("actionRedo").trigger()
    assert "b" not in session.doc and history.index == 2


def test_saved_and_unsaved_mean_the_same_to_both(neuron):
    session = neuron.session
    history = session.core.history
    session.execute(SetField("w2", "value", 2.0))
    assert not session.undo_stack.isClean() and not history.is_clean
    session.undo_stack.setClean()
    assert session.undo_stack.isClean() and history.is_clean
    neuron.action("actionUndo").trigger()
    assert not session.undo_stack.isClean() and not history.is_clean
    session.undo_stack.resetClean()
    neuron.action("actionRedo").trigger()
    assert not session.undo_stack.isClean() and not history.is_clean
