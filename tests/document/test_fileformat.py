"""Graph files: round trips, extra fields, networkx compatibility, atomic saves."""

import json
import os
import stat
import sys
import tempfile
from pathlib import Path

import networkx as nx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gradgui.document import (KINDS, DocumentError, FileFormatError, GraphDocument, Wire,
                              dumps, load, loads, save)
from gradgui.document import atomic, fileformat

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted((ROOT / "resources" / "examples").glob("*.json"))

NODE_FIELDS = {"id", "kind", "label", "value", "exponent", "pos"}
EDGE_FIELDS = {"source", "target", "key", "port"}
TOP_FIELDS = {"directed", "multigraph", "graph", "nodes", "edges", "groups"}


def snapshot(doc: GraphDocument) -> dict:
    """Everything a file holds, in document order."""
    return {
        "graph": dict(doc.graph.graph),
        "nodes": [(n, dict(a)) for n, a in doc.graph.nodes(data=True)],
        "wires": [(s, t, k, dict(a)) for s, t, k, a in doc.graph.edges(keys=True, data=True)],
        "extras": dict(doc.file_extras),
    }


# ----- random valid documents ---------------------------------------------

finite = st.floats(allow_nan=False, allow_infinity=False)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | finite | st.text(max_size=6),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=4), inner, max_size=3),
    max_leaves=6,
)


# networkx's add_node/add_edge take these as their own parameters, so a node or
# wire field by one of these names cannot pass through nx.node_link_graph.
NX_PARAMETERS = {"self", "node_for_adding", "u_for_edge", "v_for_edge", "key"}


def extras(reserved):
    keys = st.text(max_size=6).filter(lambda k: k not in reserved)
    return st.dictionaries(keys, json_values, max_size=2)


@st.composite
def documents(draw):
    """A valid document: random kinds, values, labels, wires, extras and insertion order."""
    count = draw(st.integers(0, 10))
    ids = draw(st.lists(st.text(min_size=1, max_size=6), min_size=count, max_size=count, unique=True))
    kinds = [draw(st.sampled_from(sorted(KINDS))) for _ in ids]
    doc = GraphDocument()
    # ``ids`` is a topological order; nodes go in in another order, so files
    # also have wires from later nodes to earlier ones.
    for i in draw(st.permutations(range(count))):
        kind = KINDS[kinds[i]]
        doc.add_node(ids[i], kind.name,
                     label=draw(st.none() | st.text(max_size=8)),
                     value=draw(finite) if kind.has_value else None,
                     exponent=draw(finite) if kind.has_exponent else None,
                     pos=(draw(finite), draw(finite)),
                     extra=draw(extras(set(NODE_FIELDS) | NX_PARAMETERS)))
    for t, kind_name in enumerate(kinds):
        for port in range(KINDS[kind_name].arity):
            source = draw(st.none() | st.integers(0, t - 1)) if t else None
            if source is not None:
                doc.add_wire(Wire(ids[source], ids[t], port), extra=draw(extras(set(EDGE_FIELDS) | NX_PARAMETERS)))
    if ids and draw(st.booleans()):
        doc.set_output(draw(st.sampled_from(ids)))
    doc.graph.graph.update(draw(extras({"format", "version", "output"})))
    doc.file_extras.update(draw(extras(TOP_FIELDS)))
    return doc


@settings(max_examples=150, deadline=None)
@given(documents())
def test_round_trip_through_text(doc):
    text = dumps(doc)
    again = loads(text, "round.json")
    assert snapshot(again) == snapshot(doc)
    assert again.output == doc.output
    assert dumps(again) == text


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents())
def test_round_trip_through_files(doc):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "graph.json"
        save(doc, path)
        assert snapshot(load(path)) == snapshot(doc)
        save(load(path), path)  # over an existing file
        assert snapshot(load(str(path))) == snapshot(doc)
        assert os.listdir(folder) == ["graph.json"]


def nx_view(graph: nx.MultiDiGraph):
    """A graph's nodes and edges with positions as lists, as JSON gives them back."""
    def plain(attrs):
        return {k: list(v) if k == "pos" else v for k, v in attrs.items()}
    return ([(n, plain(a)) for n, a in graph.nodes(data=True)],
            [(s, t, k, dict(a)) for s, t, k, a in graph.edges(keys=True, data=True)],
            dict(graph.graph))


@settings(max_examples=60, deadline=None)
@given(documents())
def test_networkx_reads_what_we_write(doc):
    graph = nx.node_link_graph(json.loads(dumps(doc)), edges="edges")
    assert isinstance(graph, nx.MultiDiGraph)
    assert nx_view(graph) == nx_view(doc.graph)


@settings(max_examples=60, deadline=None)
@given(documents())
def test_loaded_graph_is_a_proper_networkx_graph(doc):
    """The loader fills networkx's dicts itself; the result must be indistinguishable."""
    loaded = loads(dumps(doc)).graph
    public = nx.MultiDiGraph()
    public.graph.update(loaded.graph)
    public.add_nodes_from(loaded.nodes(data=True))
    public.add_edges_from(loaded.edges(keys=True, data=True))
    assert nx.utils.graphs_equal(loaded, public)
    assert dict(loaded.pred) == dict(public.pred) and dict(loaded.adj) == dict(public.adj)
    assert nx.is_directed_acyclic_graph(loaded)
    copy = loaded.copy()
    for node in list(copy):
        copy.remove_node(node)
    assert len(loaded) == len(doc)


def test_saved_file_works_with_networkx_file_reading(tmp_path):
    doc = load(EXAMPLES[0])
    save(doc, tmp_path / "n.json")
    with open(tmp_path / "n.json", encoding="utf-8") as f:
        graph = nx.node_link_graph(json.load(f), edges="edges")
    assert isinstance(graph, nx.MultiDiGraph) and graph.is_multigraph() and graph.is_directed()
    assert nx_view(graph) == nx_view(doc.graph)


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_examples_round_trip(path, tmp_path):
    doc = load(path)
    assert len(doc) > 0 and doc.output in doc
    save(doc, tmp_path / path.name)
    assert snapshot(load(tmp_path / path.name)) == snapshot(doc)


def test_loaded_document_can_be_edited():
    doc = load(EXAMPLES[0])
    wire = next(iter(doc.wires()))
    doc.remove_wire(wire)
    doc.add_wire(wire)
    with pytest.raises(DocumentError):
        doc.add_wire(wire)  # the port is taken again
    doc.add_node("extra", "const", value=1.0)
    assert "extra" in loads(dumps(doc))


# ----- fields: defaults, extras, layout ----------------------------------

EXTRAS_FILE = {
    "directed": True, "multigraph": True, "author": {"name": "Ada", "year": 1843},
    "graph": {"format": "gradgui", "version": 1, "output": "t", "title": "with extras"},
    "nodes": [
        {"id": "x", "kind": "input", "value": 1, "colour": "red", "tags": [1, 2.5, None]},
        {"id": "t", "kind": "tanh", "label": "out", "pos": [3, 4.5], "note": {"a": [True]}},
    ],
    "edges": [{"source": "x", "target": "t", "key": 7, "port": 0, "weight": 0.5}],
    "x-comment": "kept",
}


def test_extra_fields_survive_load_and_save(tmp_path):
    path = tmp_path / "extras.json"
    path.write_text(json.dumps(EXTRAS_FILE), encoding="utf-8")
    doc = load(path)
    assert doc.node("x")["colour"] == "red" and doc.node("t")["note"] == {"a": [True]}
    save(doc, path)
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["author"] == {"name": "Ada", "year": 1843} and data["x-comment"] == "kept"
    assert data["graph"]["title"] == "with extras"
    assert data["nodes"][0]["tags"] == [1, 2.5, None] and data["nodes"][0]["colour"] == "red"
    assert data["nodes"][1]["note"] == {"a": [True]}
    assert data["edges"] == [{"source": "x", "target": "t", "key": 0, "port": 0, "weight": 0.5}]


def test_extras_survive_replace_with():
    doc = GraphDocument()
    doc.replace_with(loads(json.dumps(EXTRAS_FILE)))
    assert json.loads(dumps(doc))["author"] == {"name": "Ada", "year": 1843}


def test_defaults_and_number_forms():
    doc = loads(json.dumps(EXTRAS_FILE))
    assert doc.label("x") == "x"  # label defaults to the id
    assert doc.pos("x") == (0.0, 0.0)  # pos defaults to the origin
    assert doc.node("x")["value"] == 1.0 and type(doc.node("x")["value"]) is float
    assert doc.pos("t") == (3.0, 4.5) and all(type(c) is float for c in doc.pos("t"))
    assert doc.output == "t"


def test_edge_key_is_ignored_on_read_and_equals_port_on_write():
    doc = loads(json.dumps(EXTRAS_FILE))
    assert list(doc.graph.edges(keys=True)) == [("x", "t", 0)]
    assert json.loads(dumps(doc))["edges"][0]["key"] == 0


def test_output_null_means_no_output():
    data = json.loads(json.dumps(EXTRAS_FILE))
    data["graph"]["output"] = None
    doc = loads(json.dumps(data))
    assert doc.output is None and "output" not in json.loads(dumps(doc))["graph"]


def test_byte_order_mark_and_bytes_are_accepted():
    text = json.dumps(EXTRAS_FILE)
    assert len(loads("\ufeff" + text)) == 2
    assert len(loads(("\ufeff" + text).encode("utf-8"))) == 2


def test_nodes_listed_after_their_consumers_load():
    data = json.loads(json.dumps(EXTRAS_FILE))
    data["nodes"].reverse()
    assert loads(json.dumps(data)).node_ids() == ["t", "x"]


def test_text_in_files_is_never_run(tmp_path):
    code = "__import__('os').mkdir('pwned')"
    data = json.loads(json.dumps(EXTRAS_FILE))
    data["nodes"][0]["label"] = code
    data["nodes"][0]["!!python/object"] = code
    doc = loads(json.dumps(data))
    assert doc.label("x") == code
    assert not (tmp_path / "pwned").exists() and not Path("pwned").exists()


def test_one_node_and_one_wire_per_line():
    doc = load(EXAMPLES[0])
    lines = dumps(doc).splitlines()
    # Groups are records with ids too, one a line, after the wires.
    end = lines.index('  "groups": [') if '  "groups": [' in lines else len(lines)
    node_lines = [line for line in lines[:end] if line.lstrip().startswith('{"id": ')]
    edge_lines = [line for line in lines if line.lstrip().startswith('{"source": ')]
    group_lines = [line for line in lines[end:] if line.lstrip().startswith('{"id": ')]
    assert len(node_lines) == len(doc) and len(edge_lines) == doc.graph.number_of_edges()
    assert len(group_lines) == len(doc.groups)
    for line in node_lines + edge_lines + group_lines:
        json.loads(line.strip().rstrip(","))


def test_records_with_extras_stay_one_per_line():
    data = json.loads(json.dumps(EXTRAS_FILE))
    # A nested object that looks like the start of a record.
    data["nodes"][0]["tags"] = [{"id": 1}, {"id": 2}]
    doc = loads(json.dumps(data))
    text = dumps(doc)
    assert loads(text).node("x")["tags"] == [{"id": 1}, {"id": 2}]
    assert sum(line.lstrip().startswith('{"id": ') for line in text.splitlines()) == 2


def test_empty_document():
    doc = GraphDocument()
    again = loads(dumps(doc))
    assert len(again) == 0 and again.output is None
    assert nx.node_link_graph(json.loads(dumps(doc)), edges="edges").number_of_nodes() == 0


def test_output_is_utf8_and_keeps_non_ascii_readable(tmp_path):
    doc = GraphDocument()
    doc.add_node("σ", "sigmoid", label="σ(z) → ŷ")
    save(doc, tmp_path / "u.json")
    raw = (tmp_path / "u.json").read_bytes()
    assert "σ(z) → ŷ".encode("utf-8") in raw
    assert load(tmp_path / "u.json").label("σ") == "σ(z) → ŷ"


def test_lone_surrogates_from_a_file_survive_a_save(tmp_path):
    doc = loads('{"directed": true, "multigraph": true, "graph": {"format": "gradgui", '
                '"version": 1}, "nodes": [{"id": "a", "kind": "neg", "label": "\\ud800"}], "edges": []}')
    save(doc, tmp_path / "s.json")
    assert load(tmp_path / "s.json").label("a") == "\ud800"


def test_error_is_a_document_error_with_one_line():
    error = FileFormatError("bad\nname.json", "line one\nline two")
    assert isinstance(error, DocumentError)
    assert "\n" not in str(error) and str(error).startswith("bad name.json: ")


# ----- atomic save -------------------------------------------------------

@pytest.fixture
def old_file(tmp_path):
    path = tmp_path / "graph.json"
    path.write_bytes(b"old contents\n")
    return path


def sample_doc() -> GraphDocument:
    doc = GraphDocument()
    doc.add_node("x", "input", value=2.0)
    doc.add_node("t", "tanh")
    doc.add_wire(Wire("x", "t", 0))
    return doc


@pytest.mark.parametrize("step", ["replace", "fsync", "chmod"])
def test_failed_save_leaves_old_file_and_no_temp_files(old_file, monkeypatch, step):
    def broken(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(atomic.os, step, broken)
    with pytest.raises(FileFormatError) as info:
        save(sample_doc(), old_file)
    message = str(info.value)
    assert message.startswith("graph.json: ") and "\n" not in message
    assert "no space left on device" in message
    assert old_file.read_bytes() == b"old contents\n"
    assert os.listdir(old_file.parent) == ["graph.json"]


def test_save_refusing_unwritable_extras_leaves_old_file(old_file):
    doc = sample_doc()
    doc.graph.graph["when"] = {1, 2}  # a set has no JSON form
    with pytest.raises(FileFormatError, match=r"^graph\.json: cannot save: .*set"):
        save(doc, old_file)
    assert old_file.read_bytes() == b"old contents\n"
    assert os.listdir(old_file.parent) == ["graph.json"]


def test_save_into_missing_folder(tmp_path):
    with pytest.raises(FileFormatError, match=r"^g\.json: cannot save: the folder does not exist$"):
        save(sample_doc(), tmp_path / "nowhere" / "g.json")


def test_save_onto_a_folder(tmp_path):
    (tmp_path / "g.json").mkdir()
    with pytest.raises(FileFormatError, match=r"^g\.json: .*folder"):
        save(sample_doc(), tmp_path / "g.json")


def test_save_permission_denied_is_reported(tmp_path, monkeypatch):
    def denied(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(atomic.tempfile, "mkstemp", denied)
    with pytest.raises(FileFormatError, match=r"^g\.json: cannot save: permission denied$"):
        save(sample_doc(), tmp_path / "g.json")
    assert os.listdir(tmp_path) == []


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")
def test_save_keeps_permissions_of_the_old_file(old_file):
    old_file.chmod(0o640)
    save(sample_doc(), old_file)
    assert stat.S_IMODE(old_file.stat().st_mode) == 0o640
    assert len(load(old_file)) == 2


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")
def test_new_file_gets_the_usual_permissions(tmp_path):
    mask = os.umask(0o022)
    try:
        save(sample_doc(), tmp_path / "new.json")
    finally:
        os.umask(mask)
    assert stat.S_IMODE((tmp_path / "new.json").stat().st_mode) == 0o644


@pytest.mark.skipif(sys.platform == "win32", reason="symlinks")
def test_save_through_a_link_updates_the_linked_file(tmp_path):
    real = tmp_path / "real.json"
    real.write_text("old")
    link = tmp_path / "link.json"
    link.symlink_to(real)
    save(sample_doc(), link)
    assert link.is_symlink() and len(load(real)) == 2
