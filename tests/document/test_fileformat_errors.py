"""Every malformed file is refused with one line naming the file and the fault,
and the document that is open stays as it was."""

import copy
import json
import os
import sys
from pathlib import Path

import pytest

from gradgui.document import FileFormatError, load, loads
from gradgui.document import fileformat

VALID = {
    "directed": True,
    "multigraph": True,
    "graph": {"format": "gradgui", "version": 1, "output": "o"},
    "nodes": [
        {"id": "x1", "kind": "input", "label": "x1", "value": 2.0, "pos": [0.0, 0.0]},
        {"id": "w1", "kind": "weight", "label": "w1", "value": -3.0, "pos": [0.0, 100.0]},
        {"id": "k", "kind": "const", "value": 2.0},
        {"id": "m1", "kind": "mul", "label": "x1*w1", "pos": [200.0, 50.0]},
        {"id": "p", "kind": "pow", "exponent": 2.0, "pos": [300.0, 50.0]},
        {"id": "a", "kind": "add", "pos": [400.0, 50.0]},
        {"id": "o", "kind": "tanh", "label": "o", "pos": [500.0, 50.0]},
    ],
    "edges": [
        {"source": "x1", "target": "m1", "key": 0, "port": 0},
        {"source": "w1", "target": "m1", "key": 1, "port": 1},
        {"source": "m1", "target": "p", "key": 0, "port": 0},
        {"source": "p", "target": "a", "key": 0, "port": 0},
        {"source": "k", "target": "a", "key": 1, "port": 1},
        {"source": "a", "target": "o", "key": 0, "port": 0},
    ],
}


def node(data, node_id):
    return next(n for n in data["nodes"] if n.get("id") == node_id)


def edge(data, source, target):
    return next(e for e in data["edges"] if (e["source"], e["target"]) == (source, target))


def snapshot(doc):
    return (dict(doc.graph.graph), [(n, dict(a)) for n, a in doc.graph.nodes(data=True)],
            list(doc.graph.edges(keys=True, data=True)))


def on_disk(path) -> tuple:
    """What a user could see on disk around ``path``: its bytes and its folder's listing."""
    path = Path(path)
    if path.is_char_device() or path.is_block_device():
        return ()  # a device's folder is the system's: nothing of ours to compare
    content = path.read_bytes() if path.is_file() and os.access(path, os.R_OK) else None
    return content, sorted(os.listdir(path.parent))


def refused(path, *words) -> str:
    """Open ``path`` the way the editor does; expect one clear line, and the file and its folder as they were.

    Whether the open document stays as it was is the window's business: the
    UI tests open these files over an open document.
    """
    before = on_disk(path)
    with pytest.raises(FileFormatError) as info:
        load(path)
    message = str(info.value)
    assert "\n" not in message and "\r" not in message
    assert message.startswith(f"{os.path.basename(path)}: "), message
    for word in words:
        assert word.lower() in message.lower(), message
    assert on_disk(path) == before  # a refused file is neither repaired nor moved, nothing is left beside it
    return message


def write(tmp_path, data, name="bad.json") -> str:
    path = tmp_path / name
    text = data if isinstance(data, str) else json.dumps(data)
    path.write_text(text, encoding="utf-8")
    return str(path)


def mutated(change):
    data = copy.deepcopy(VALID)
    change(data)
    return data


def test_the_valid_file_loads():
    assert len(loads(json.dumps(VALID))) == len(VALID["nodes"])


# Each case: (test id, how to spoil the valid file, words the message must hold)
CASES = [
    ("format-missing", lambda d: d["graph"].pop("format"), "format"),
    ("format-other", lambda d: d["graph"].update(format="cytoscape"), "format", "cytoscape"),
    ("graph-missing", lambda d: d.pop("graph"), "graph"),
    ("graph-not-object", lambda d: d.update(graph=[1]), "graph"),
    ("version-missing", lambda d: d["graph"].pop("version"), "version", "missing"),
    ("version-text", lambda d: d["graph"].update(version="1"), "version"),
    ("version-float", lambda d: d["graph"].update(version=1.0), "version"),
    ("version-bool", lambda d: d["graph"].update(version=True), "version"),
    ("version-newer", lambda d: d["graph"].update(version=2), "version 2", "newer"),
    ("version-zero", lambda d: d["graph"].update(version=0), "version"),
    ("directed-false", lambda d: d.update(directed=False), "directed"),
    ("directed-missing", lambda d: d.pop("directed"), "directed"),
    ("multigraph-false", lambda d: d.update(multigraph=False), "multigraph"),
    ("multigraph-missing", lambda d: d.pop("multigraph"), "multigraph"),
    ("nodes-missing", lambda d: d.pop("nodes"), "nodes", "missing"),
    ("nodes-not-list", lambda d: d.update(nodes={"x1": {}}), "nodes", "list"),
    ("edges-missing", lambda d: d.pop("edges"), "edges", "missing"),
    ("edges-not-list", lambda d: d.update(edges="none"), "edges", "list"),
    ("links-not-edges", lambda d: d.update(links=d.pop("edges")), "edges", "links"),
    ("node-not-object", lambda d: d["nodes"].append("x9"), "node #7", "object"),
    ("node-null", lambda d: d["nodes"].append(None), "node #7", "object"),
    ("id-missing", lambda d: d["nodes"][3].pop("id"), "node #3", "id", "missing"),
    ("id-number", lambda d: d["nodes"][3].update(id=7), "node #3", "id"),
    ("id-empty", lambda d: d["nodes"][3].update(id=""), "node #3", "id"),
    ("id-list", lambda d: d["nodes"][3].update(id=["m1"]), "node #3", "id"),
    ("id-duplicate", lambda d: d["nodes"].append(dict(d["nodes"][0])), "node 'x1'", "duplicate"),
    ("kind-missing", lambda d: node(d, "m1").pop("kind"), "node 'm1'", "kind", "missing"),
    ("kind-unknown", lambda d: node(d, "m1").update(kind="foo"), "node 'm1': unknown kind 'foo'"),
    ("kind-number", lambda d: node(d, "m1").update(kind=3), "node 'm1'", "kind"),
    ("kind-list", lambda d: node(d, "m1").update(kind=["mul"]), "node 'm1'", "kind"),
    ("value-missing-input", lambda d: node(d, "x1").pop("value"), "node 'x1'", "value", "missing"),
    ("value-missing-weight", lambda d: node(d, "w1").pop("value"), "node 'w1'", "value", "missing"),
    ("value-missing-const", lambda d: node(d, "k").pop("value"), "node 'k'", "value", "missing"),
    ("value-text", lambda d: node(d, "x1").update(value="2.0"), "node 'x1'", "value", "number"),
    ("value-code", lambda d: node(d, "x1").update(value="1+1"), "node 'x1'", "value", "number"),
    ("value-bool", lambda d: node(d, "x1").update(value=True), "node 'x1'", "value", "number"),
    ("value-null", lambda d: node(d, "x1").update(value=None), "node 'x1'", "value", "number"),
    ("value-list", lambda d: node(d, "x1").update(value=[2.0]), "node 'x1'", "value", "number"),
    ("value-huge-int", lambda d: node(d, "x1").update(value=10**400), "node 'x1'", "value", "large"),
    ("value-on-op", lambda d: node(d, "m1").update(value=1.0), "node 'm1'", "mul", "value"),
    ("exponent-missing", lambda d: node(d, "p").pop("exponent"), "node 'p'", "exponent", "missing"),
    ("exponent-text", lambda d: node(d, "p").update(exponent="2"), "node 'p'", "exponent"),
    ("exponent-on-add", lambda d: node(d, "a").update(exponent=2.0), "node 'a'", "exponent"),
    ("exponent-on-input", lambda d: node(d, "x1").update(exponent=2.0), "node 'x1'", "exponent"),
    ("label-number", lambda d: node(d, "m1").update(label=5), "node 'm1'", "label", "text"),
    ("label-null", lambda d: node(d, "m1").update(label=None), "node 'm1'", "label", "text"),
    ("pos-one-number", lambda d: node(d, "m1").update(pos=[1.0]), "node 'm1'", "pos"),
    ("pos-three-numbers", lambda d: node(d, "m1").update(pos=[1.0, 2.0, 3.0]), "node 'm1'", "pos"),
    ("pos-text", lambda d: node(d, "m1").update(pos="1,2"), "node 'm1'", "pos"),
    ("pos-object", lambda d: node(d, "m1").update(pos={"x": 1, "y": 2}), "node 'm1'", "pos"),
    ("pos-bool", lambda d: node(d, "m1").update(pos=[True, 0.0]), "node 'm1'", "pos", "number"),
    ("pos-null", lambda d: node(d, "x1").update(pos=[0.0, None]), "node 'x1'", "pos", "number"),
    ("edge-not-object", lambda d: d["edges"].append(["x1", "m1"]), "edge #6", "object"),
    ("source-missing", lambda d: d["edges"][2].pop("source"), "edge #2", "source", "missing"),
    ("target-missing", lambda d: d["edges"][2].pop("target"), "edge #2", "target", "missing"),
    ("source-unknown", lambda d: d["edges"][2].update(source="ghost"), "edge #2", "'ghost'", "not a node"),
    ("target-unknown", lambda d: d["edges"][2].update(target="ghost"), "edge #2", "'ghost'", "not a node"),
    ("source-number", lambda d: d["edges"][2].update(source=1), "edge #2", "source", "not a node"),
    ("target-list", lambda d: d["edges"][2].update(target=["p"]), "edge #2", "target", "not a node"),
    ("port-missing", lambda d: edge(d, "m1", "p").pop("port"), "edge #2", "port", "missing"),
    ("port-text", lambda d: edge(d, "m1", "p").update(port="0"), "edge #2", "port", "whole number"),
    ("port-float", lambda d: edge(d, "m1", "p").update(port=0.0), "edge #2", "port", "whole number"),
    ("port-bool", lambda d: edge(d, "m1", "p").update(port=False), "edge #2", "port", "whole number"),
    ("port-negative", lambda d: edge(d, "x1", "m1").update(port=-1), "edge #0", "port -1", "range"),
    ("port-too-big-mul", lambda d: edge(d, "w1", "m1").update(port=2), "edge #1", "port 2", "range"),
    ("port-too-big-pow", lambda d: edge(d, "m1", "p").update(port=1), "edge #2", "port 1", "range"),
    ("port-huge", lambda d: edge(d, "m1", "p").update(port=10**30), "edge #2", "range"),
    ("edge-into-input", lambda d: d["edges"].append({"source": "k", "target": "x1", "port": 0}),
     "edge #6", "input", "no inputs"),
    ("port-taken-twice", lambda d: d["edges"].append({"source": "k", "target": "m1", "port": 1}),
     "edge #6", "port 1", "'m1'", "twice"),
    ("self-loop", lambda d: d["nodes"].append({"id": "n", "kind": "neg"})
     or d["edges"].append({"source": "n", "target": "n", "port": 0}), "edge #6", "'n'", "cycle"),
    ("output-unknown", lambda d: d["graph"].update(output="ghost"), "output", "'ghost'", "not a node"),
    ("output-number", lambda d: d["graph"].update(output=3), "output", "not a node"),
    ("extra-not-finite", lambda d: node(d, "m1").update(colour=1e400), "node 'm1'", "colour", "finite"),
    ("edge-extra-not-finite", lambda d: d["edges"][0].update(w=[1e400]), "edge #0", "'w'", "finite"),
    ("graph-extra-not-finite", lambda d: d["graph"].update(scale=-1e400), "scale", "finite"),
    ("top-extra-not-finite", lambda d: d.update(meta={"a": 1e999}), "meta", "finite"),
    ("value-overflowing-float", lambda d: node(d, "x1").update(value=1e400), "node 'x1'", "value", "finite"),
]


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_malformed_file_is_refused(case, tmp_path):
    _, change, *words = case
    # json.dumps writes 1e400 as Infinity; the file says what a person might type.
    text = json.dumps(mutated(change)).replace("Infinity", "1e400")
    refused(write(tmp_path, text), *words)


@pytest.mark.parametrize("text", ["[]", "3", '"graph"', "null", "true"])
def test_top_level_must_be_an_object(text, tmp_path):
    refused(write(tmp_path, text), "object")


def test_unknown_kind_message_is_exactly_one_clear_line(tmp_path):
    data = mutated(lambda d: node(d, "m1").update(kind="foo"))
    message = refused(write(tmp_path, data, "neuron.json"))
    assert message == "neuron.json: node 'm1': unknown kind 'foo'"


@pytest.mark.parametrize("text, words", [
    ('{"directed": true,\n "nodes": [\n  {"id": "x" "kind": "input"}]}', ["JSON", "line 3", "column"]),
    ("", ["JSON", "line 1"]),
    ("not json at all", ["JSON"]),
    ("{'single': 'quotes'}", ["JSON"]),
    ('{"a": 1} trailing', ["JSON", "extra data"]),
    ("[" * 100_000 + "]" * 100_000, ["nested"]),
    ('{"n": ' + "9" * 5000 + "}", ["JSON"]),
], ids=["syntax", "empty", "words", "single-quotes", "trailing", "deep-nesting", "huge-integer"])
def test_not_json(text, words, tmp_path):
    refused(write(tmp_path, text), *words)


@pytest.mark.parametrize("literal", ["NaN", "Infinity", "-Infinity"])
@pytest.mark.parametrize("where", ["value", "pos", "extra"])
def test_non_finite_literals_are_refused(literal, where, tmp_path):
    field = {"value": '"value": 2.0', "pos": '"pos": [0.0, 0.0]', "extra": '"label": "x1"'}[where]
    replacement = {"value": f'"value": {literal}', "pos": f'"pos": [0.0, {literal}]',
                   "extra": f'"label": "x1", "scale": {literal}'}[where]
    text = json.dumps(VALID)
    assert field in text
    refused(write(tmp_path, text.replace(field, replacement, 1)), literal, "finite")


def test_cycle_names_a_node_on_it(tmp_path):
    data = copy.deepcopy(VALID)
    # o -> m1 closes m1 -> p -> a -> o; the tail node t hangs off the cycle.
    data["nodes"][3]["kind"] = "add"
    data["nodes"].append({"id": "t", "kind": "neg"})
    data["edges"] = [e for e in data["edges"] if e["source"] != "w1"]
    data["edges"] += [{"source": "o", "target": "m1", "port": 1},
                      {"source": "o", "target": "t", "port": 0}]
    message = refused(write(tmp_path, data), "cycle")
    assert any(f"'{n}'" in message for n in ("m1", "p", "a", "o")), message
    assert "'t'" not in message


def test_two_node_cycle(tmp_path):
    data = {"directed": True, "multigraph": True, "graph": {"format": "gradgui", "version": 1},
            "nodes": [{"id": "u", "kind": "neg"}, {"id": "v", "kind": "exp"}],
            "edges": [{"source": "u", "target": "v", "port": 0}, {"source": "v", "target": "u", "port": 0}]}
    refused(write(tmp_path, data), "cycle")


def test_not_utf8(tmp_path):
    path = tmp_path / "latin.json"
    path.write_bytes(json.dumps(VALID).replace("x1*w1", "x1\u00d7w1").encode("latin-1"))
    refused(str(path), "UTF-8")


def test_missing_file(tmp_path):
    refused(str(tmp_path / "gone.json"), "no such file")


def test_folder_instead_of_file(tmp_path):
    (tmp_path / "dir.json").mkdir()
    refused(str(tmp_path / "dir.json"), "folder")


@pytest.mark.skipif(not os.path.exists("/dev/null") or sys.platform == "win32", reason="POSIX devices")
def test_device_instead_of_file():
    refused("/dev/null", "regular file")


def test_oversized_file_is_refused_unread(tmp_path, monkeypatch):
    path = tmp_path / "huge.json"
    with open(path, "wb") as f:
        f.truncate(fileformat.MAX_BYTES + 1)  # sparse: costs no disk space

    def never(*args, **kwargs):
        raise AssertionError("an oversized file must not be opened")

    monkeypatch.setattr(fileformat, "open", never, raising=False)
    refused(str(path), "too big")


def test_file_growing_past_the_limit_while_read(tmp_path, monkeypatch):
    path = write(tmp_path, VALID)
    monkeypatch.setattr(fileformat, "MAX_BYTES", 100)
    refused(path, "too big")


def test_oversized_text_is_refused(monkeypatch):
    monkeypatch.setattr(fileformat, "MAX_BYTES", 100)
    with pytest.raises(FileFormatError, match=r"^<string>: too big"):
        loads(json.dumps(VALID))


def test_permission_denied(tmp_path, monkeypatch):
    path = write(tmp_path, VALID)

    def denied(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(fileformat, "open", denied, raising=False)
    refused(path, "permission denied")


@pytest.mark.parametrize("bad", [None, 3, 2.5, ["a.json"]])
def test_not_a_path(bad):
    with pytest.raises(FileFormatError, match="not a file path"):
        load(bad)


def test_path_with_a_nul_byte():
    with pytest.raises(FileFormatError, match="cannot open"):
        load("bad\0name.json")


def test_loads_refuses_what_is_not_text():
    with pytest.raises(FileFormatError, match=r"^<string>: expected text"):
        loads(12)


def test_long_and_multiline_ids_stay_on_one_short_line(tmp_path):
    data = mutated(lambda d: node(d, "m1").update(id="m\n" * 200, kind="foo"))
    message = refused(write(tmp_path, data), "unknown kind")
    assert len(message) < 200


def test_a_failed_load_returns_nothing_and_a_new_load_is_independent(tmp_path):
    good = write(tmp_path, VALID, "good.json")
    first = load(good)
    with pytest.raises(FileFormatError):
        load(write(tmp_path, mutated(lambda d: d["graph"].update(version=9))))
    second = load(good)
    assert second is not first and second.graph is not first.graph
    assert snapshot(second) == snapshot(first)


def test_loads_raises_nothing_but_file_format_errors():
    for _, change, *words in CASES:
        with pytest.raises(FileFormatError, match=r"^x\.json: "):
            loads(json.dumps(mutated(change)), "x.json")
