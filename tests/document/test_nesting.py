"""Whatever loads saves: a field nested as deep as allowed saves and copies from any caller;
deeper is refused on load, on paste and by the document, in one line."""

import json
import threading

import pytest

from gradgui.document import AddNode, AddWire, DocumentError, GraphDocument, delete_nodes
from gradgui.document.clipboard import (copy_fragment, fragment_from_text, fragment_to_text,
                                        paste_fragment)
from gradgui.document.fileformat import FileFormatError, dumps, loads
from gradgui.document.nesting import MAX_DEPTH, depth


def nested(levels: int):
    value = 1
    for level in range(levels):
        value = [value] if level % 2 else {"k": value}
    return value


def graph_text(where: str, levels: int) -> str:
    data = {"directed": True, "multigraph": True, "graph": {"format": "gradgui", "version": 1},
            "nodes": [{"id": "a", "kind": "input", "value": 1.0, "pos": [0.0, 0.0]},
                      {"id": "t", "kind": "tanh", "pos": [1.0, 0.0]}],
            "edges": [{"source": "a", "target": "t", "key": 0, "port": 0}]}
    record = {"node": data["nodes"][0], "wire": data["edges"][0], "graph": data["graph"],
              "top": data}[where]
    record["deep"] = nested(levels)
    return json.dumps(data)


def test_depth_counts_lists_and_objects():
    assert [depth(x) for x in (1, [], {}, [[1]], {"a": [{}]}, nested(7))] == [0, 1, 1, 2, 3, 7]


def at_stack_depth(frames: int, work):
    """``work()`` called from ``frames`` nested Python calls (a caller deep in its own stack)."""
    if frames == 0:
        return work()
    return at_stack_depth(frames - 1, work)


@pytest.mark.parametrize("where", ["node", "wire", "graph", "top"])
def test_the_deepest_field_allowed_loads_saves_and_reloads_from_a_deep_caller(where):
    text = graph_text(where, MAX_DEPTH)
    doc = loads(text)
    saved = at_stack_depth(500, lambda: dumps(doc))
    assert saved.count("[") + saved.count("{") > MAX_DEPTH
    assert dumps(loads(saved)) == saved
    results = []
    worker = threading.Thread(target=lambda: results.append(dumps(doc)))
    worker.start()
    worker.join()
    assert results == [saved]


@pytest.mark.parametrize("where", ["node", "wire", "graph", "top"])
def test_one_level_deeper_is_refused_on_load_in_one_line(where):
    with pytest.raises(FileFormatError) as refused:
        loads(graph_text(where, MAX_DEPTH + 1), "deep.json")
    message = str(refused.value)
    assert message.startswith("deep.json: ") and "'deep'" in message
    assert f"nested more than {MAX_DEPTH}" in message and "\n" not in message


def test_the_issue_file_993_levels_deep_is_refused_in_one_line():
    text = graph_text("node", 1).replace('"deep": {"k": 1}', '"deep": ' + "[" * 993 + "]" * 993)
    assert text.count("[") > 993
    with pytest.raises(FileFormatError) as refused:
        loads(text, "deep.json")
    assert str(refused.value).startswith("deep.json: ") and "\n" not in str(refused.value)


def test_the_deepest_node_allowed_copies_pastes_and_undoes_from_a_deep_caller():
    doc = loads(graph_text("node", MAX_DEPTH))
    before = dumps(doc)

    def copy_paste():
        text = fragment_to_text(copy_fragment(doc, ["a", "t"]))
        command, _ = paste_fragment(doc, fragment_from_text(text), (5.0, 5.0))
        command.do(doc)
        dumps(doc)
        command.undo(doc)
        removal = delete_nodes(doc, ["a"])
        removal.do(doc)
        removal.undo(doc)

    at_stack_depth(300, copy_paste)
    assert dumps(doc) == before


def test_the_document_refuses_a_field_nested_too_deeply():
    doc = GraphDocument()
    AddNode("a", "input", value=1.0, extra={"ok": nested(MAX_DEPTH)}).do(doc)
    before = dumps(doc)
    with pytest.raises(DocumentError, match="nested more than"):
        AddNode("b", "input", value=1.0, extra={"deep": nested(MAX_DEPTH + 1)}).do(doc)
    AddNode("t", "tanh").do(doc)
    with pytest.raises(DocumentError, match="nested more than"):
        AddWire("a", "t", 0, extra={"deep": nested(MAX_DEPTH + 1)}).do(doc)
    AddWire("a", "t", 0, extra={"ok": nested(MAX_DEPTH)}).do(doc)
    assert "b" not in doc and json.loads(dumps(doc))["nodes"][0] == json.loads(before)["nodes"][0]


def test_a_pasted_selection_nested_too_deeply_is_refused():
    doc = loads(graph_text("node", MAX_DEPTH))
    fragment = copy_fragment(doc, ["a"])
    fragment["nodes"][0]["deep"] = nested(MAX_DEPTH + 1)
    with pytest.raises(DocumentError, match="nested more than"):
        fragment_from_text(fragment_to_text(fragment))


@pytest.mark.parametrize("levels", [MAX_DEPTH - 1, MAX_DEPTH, MAX_DEPTH + 1, 400, 900, 993])
def test_whatever_loads_saves_and_copies_from_a_deep_caller(levels):
    text = graph_text("node", 1).replace('"deep": {"k": 1}',
                                         '"deep": ' + "[" * levels + "]" * levels)
    try:
        doc = loads(text, "deep.json")
    except FileFormatError as refused:
        assert "\n" not in str(refused) and levels > MAX_DEPTH
        return
    saved = at_stack_depth(500, lambda: dumps(doc))
    assert dumps(loads(saved)) == saved
    at_stack_depth(300, lambda: copy_fragment(doc, ["a"]))
