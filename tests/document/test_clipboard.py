"""Copy, paste, duplicate: inner wires kept, fresh ids, one undo step, hostile text refused."""

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gradgui.document import DocumentError, Evaluation, GraphDocument, Wire
from gradgui.document.clipboard import (MARKER, copy_fragment, duplicate, fragment_from_text,
                                        fragment_to_text, paste_fragment)
from tutorial_neuron import neuron_document


def neuron() -> GraphDocument:
    """The tutorial neuron, with an extra field on a node and on a wire."""
    return neuron_document(output="o", extra={"m1": {"note": {"kept": [1, 2]}}},
                           wire_extra={("b", "n", 1): {"bend": 1}})


def snapshot(doc: GraphDocument) -> dict:
    return {
        "graph": dict(doc.graph.graph),
        "nodes": {n: dict(a) for n, a in doc.graph.nodes(data=True)},
        "wires": sorted((s, t, k, sorted(a.items())) for s, t, k, a in doc.graph.edges(keys=True, data=True)),
    }


def test_copy_keeps_inner_wires_and_drops_outer_ones():
    doc = neuron()
    fragment = copy_fragment(doc, ["m1", "m2", "s1", "b"])
    assert fragment["format"] == MARKER
    assert [n["id"] for n in fragment["nodes"]] == ["m1", "m2", "s1", "b"]
    assert sorted((w["source"], w["target"], w["port"]) for w in fragment["wires"]) == [
        ("m1", "s1", 0), ("m2", "s1", 1)]
    assert fragment["nodes"][0]["note"] == {"kept": [1, 2]}
    json.dumps(fragment, allow_nan=False)  # JSON-able as it is


def test_paste_adds_fresh_nodes_with_the_inner_wires():
    doc = neuron()
    fragment = copy_fragment(doc, ["x1", "w1", "m1", "b"])
    command, new_ids = paste_fragment(doc, fragment, offset=(10.0, 20.0))
    assert command.text == "Paste 4 nodes"
    command.do(doc)
    assert len(new_ids) == len(set(new_ids)) == 4
    assert not set(new_ids) & set(neuron().node_ids())
    new_x1, new_w1, new_mul, new_b = new_ids
    assert new_x1.startswith("x") and new_w1.startswith("w") and new_mul.startswith("mul")
    # Labels are made unique as ids are: x2 is taken, so the copy of x1 is x3.
    assert doc.label(new_mul) == "x1*w1 (2)" and doc.label(new_x1) == "x3"
    assert doc.node(new_mul)["note"] == {"kept": [1, 2]}
    assert doc.pos(new_mul) == (doc.pos("m1")[0] + 10.0, doc.pos("m1")[1] + 20.0)
    assert doc.node(new_b)["value"] == 6.8813735870195432
    assert doc.inputs(new_mul) == [new_x1, new_w1]
    assert doc.consumers(new_b) == [], "b's wire to n went outside the selection"
    assert doc.consumers(new_mul) == []
    assert Evaluation(doc).data(new_mul) == -6.0


def test_pasting_twice_gives_unique_ids_and_undo_removes_exactly_the_paste():
    doc = neuron()
    fragment = copy_fragment(doc, doc.node_ids())
    before = snapshot(doc)
    first, ids1 = paste_fragment(doc, fragment, (50.0, 50.0))
    first.do(doc)
    middle = snapshot(doc)
    second, ids2 = paste_fragment(doc, fragment, (100.0, 100.0))
    second.do(doc)
    assert len(doc) == 30
    assert len(set(ids1) | set(ids2)) == 20
    assert doc.graph.number_of_edges() == 27
    assert doc.output == "o", "pasting never moves the output mark"
    evaluation = Evaluation(doc)
    assert evaluation.data(ids2[-1]) == evaluation.data("o")
    second.undo(doc)
    assert snapshot(doc) == middle
    first.undo(doc)
    assert snapshot(doc) == before


def test_fresh_ids_skip_taken_numbers_and_each_other():
    doc = GraphDocument()
    doc.add_node("x1", "input", value=1.0)
    doc.add_node("x3", "input", value=3.0)
    fragment = copy_fragment(doc, ["x1", "x3"])
    command, new_ids = paste_fragment(doc, fragment)
    assert new_ids == ["x2", "x4"]
    command.do(doc)
    command, new_ids = paste_fragment(doc, fragment)
    assert new_ids == ["x5", "x6"]


def test_wire_extras_survive_and_text_round_trips():
    doc = neuron()
    fragment = copy_fragment(doc, ["b", "n", "s1"])
    text = fragment_to_text(fragment)
    assert fragment_from_text(text) == fragment
    command, new_ids = paste_fragment(doc, fragment_from_text(text))
    command.do(doc)
    new_b, new_n = new_ids[0], new_ids[1]
    assert doc.graph.edges[new_b, new_n, 1] == {"port": 1, "bend": 1}


def test_clipboard_text_is_compact_json_of_the_fragment():
    import json
    fragment = copy_fragment(neuron(), ["b", "n", "s1"])
    fragment["nodes"][0]["note"] = "ünïcode \u2028 and \"quotes\""
    assert fragment_to_text(fragment) == json.dumps(fragment, allow_nan=False, separators=(",", ":"))
    empty = copy_fragment(neuron(), [])
    assert fragment_to_text(empty) == json.dumps(empty, separators=(",", ":"))


def test_a_number_that_is_not_finite_is_refused_on_copy():
    fragment = copy_fragment(neuron(), ["b"])
    fragment["nodes"][0]["value"] = float("nan")
    with pytest.raises(ValueError):
        fragment_to_text(fragment)


def test_duplicate_is_copy_and_paste_beside():
    doc = neuron()
    command, new_ids = duplicate(doc, ["m1", "s1"], (30.0, 30.0))
    assert command.text == "Paste 2 nodes"
    command.do(doc)
    assert [doc.pos(n) for n in new_ids] == [(x + 30.0, y + 30.0) for x, y in map(doc.pos, ["m1", "s1"])]
    assert doc.inputs(new_ids[1]) == [new_ids[0], None]


def test_copying_an_unknown_node_is_refused():
    with pytest.raises(DocumentError):
        copy_fragment(neuron(), ["nope"])


def _fragment(nodes, wires=()):
    return json.dumps({"format": MARKER, "version": 1, "nodes": list(nodes), "wires": list(wires)})


X = {"id": "a", "kind": "input", "value": 1.0, "pos": [0, 0]}
T = {"id": "t", "kind": "tanh", "pos": [0, 0]}
M = {"id": "m", "kind": "mul", "pos": [0, 0]}

MALFORMED = [
    "", "not json", "[]", "null", "42", '"text"', "{}", "__import__('os').system('true')",
    json.dumps({"format": "gradgui", "version": 1, "nodes": [], "wires": []}),
    json.dumps({"format": MARKER, "version": 99, "nodes": [], "wires": []}),
    json.dumps({"format": MARKER, "version": "1", "nodes": [], "wires": []}),
    json.dumps({"format": MARKER, "version": 1, "nodes": {}, "wires": []}),
    json.dumps({"format": MARKER, "version": 1, "nodes": []}),
    _fragment([42]),
    _fragment([{"kind": "input", "value": 1.0, "pos": [0, 0]}]),
    _fragment([dict(X, kind="bogus")]),
    _fragment([dict(X, value="1")]),
    _fragment([{k: v for k, v in X.items() if k != "value"}]),
    _fragment([{k: v for k, v in X.items() if k != "pos"}]),
    _fragment([dict(X, pos=[0])]),
    _fragment([dict(X, pos=[0, True])]),
    _fragment([dict(X, label=7)]),
    _fragment([X, X]),
    _fragment([{"id": "p", "kind": "pow", "pos": [0, 0]}]),
    _fragment([X, T], [{"source": "a", "target": "elsewhere", "port": 0}]),
    _fragment([X, T], [{"source": "a", "target": "t", "port": 1}]),
    _fragment([X, T], [{"source": "a", "target": "t", "port": "0"}]),
    _fragment([X, T], [{"source": "a", "target": "t", "port": True}]),
    _fragment([X, T], [{"source": "a", "target": "t"}]),
    _fragment([X, T], ["a->t"]),
    _fragment([X, M], [{"source": "a", "target": "m", "port": 0}, {"source": "a", "target": "m", "port": 0}]),
    _fragment([T], [{"source": "t", "target": "t", "port": 0}]),
    _fragment([T, dict(T, id="u")], [{"source": "t", "target": "u", "port": 0},
                                     {"source": "u", "target": "t", "port": 0}]),
    _fragment([X]).replace("1.0", "NaN"),
    _fragment([X]).replace("1.0", "Infinity"),
    _fragment([X]).replace("1.0", "1e999"),
    "[" * 100_000 + "]" * 100_000,
]


@pytest.mark.parametrize("text", MALFORMED, ids=range(len(MALFORMED)))
def test_malformed_clipboard_text_is_refused(text):
    doc = neuron()
    before = snapshot(doc)
    with pytest.raises(DocumentError):
        paste_fragment(doc, fragment_from_text(text))
    assert snapshot(doc) == before


def test_non_text_and_oversized_clipboards_are_refused():
    with pytest.raises(DocumentError):
        fragment_from_text(b"{}")
    with pytest.raises(DocumentError, match="too large"):
        fragment_from_text(" " * (64 * 1024 * 1024 + 1))


def test_a_hostile_wire_key_field_cannot_break_the_paste():
    text = _fragment([X, T], [{"source": "a", "target": "t", "port": 0, "key": 5}])
    doc = GraphDocument()
    command, (a, t) = paste_fragment(doc, fragment_from_text(text))
    command.do(doc)
    assert doc.inputs(t) == [a]


@settings(max_examples=40, deadline=None)
@given(st.lists(st.booleans(), min_size=10, max_size=10), st.integers(0, 3))
def test_any_selection_keeps_exactly_its_inner_wires(chosen, times):
    doc = neuron()
    selection = [n for n, keep in zip(doc.node_ids(), chosen) if keep]
    inner = [w for w in doc.wires() if w.source in selection and w.target in selection]
    fragment = copy_fragment(doc, selection)
    before = snapshot(doc)
    commands = []
    for _ in range(times):
        command, new_ids = paste_fragment(doc, fragment_from_text(fragment_to_text(fragment)))
        command.do(doc)
        commands.append(command)
        mapping = dict(zip(selection, new_ids))
        pasted = {w for n in new_ids for w in doc.wires_of(n)}
        assert pasted == {Wire(mapping[w.source], mapping[w.target], w.port) for w in inner}
    assert len(doc) == 10 + times * len(selection)
    for command in reversed(commands):
        command.undo(doc)
    assert snapshot(doc) == before
