"""The loader keeps each wire's file record as its attributes (its ends and key taken
out): the document is the one networkx builds from the same file, byte for byte on save."""

import json

import networkx as nx

from gradgui.document.fileformat import dumps, loads

FILE = {
    "directed": True, "multigraph": True, "graph": {"format": "gradgui", "version": 1},
    "nodes": [{"id": "a", "kind": "input", "label": "a", "value": 2.0, "pos": [0.0, 0.0]},
              {"id": "b", "kind": "input", "label": "b", "value": 3.0, "pos": [0.0, 90.0]},
              {"id": "m", "kind": "mul", "label": "m", "pos": [220.0, 40.0]},
              {"id": "t", "kind": "tanh", "label": "t", "pos": [440.0, 40.0]}],
    "edges": [{"source": "a", "target": "m", "key": 0, "port": 0},
              {"source": "b", "target": "m", "port": 1},
              {"port": 0, "target": "t", "source": "m", "note": "kept"}],
}


def test_wires_loaded_from_their_records_equal_networkx_s_own():
    doc = loads(json.dumps(FILE))
    reference = nx.node_link_graph(json.loads(json.dumps(FILE)), edges="edges")
    ours = sorted((s, t, k, a) for s, t, k, a in doc.graph.edges(keys=True, data=True))
    assert ours == [("a", "m", 0, {"port": 0}), ("b", "m", 1, {"port": 1}),
                    ("m", "t", 0, {"port": 0, "note": "kept"})]
    theirs = sorted((s, t, a["port"], {k: v for k, v in a.items() if k != "key"})
                    for s, t, a in reference.edges(data=True))
    assert ours == theirs


def test_each_wire_has_attributes_of_its_own_and_saving_writes_the_same_wires():
    doc = loads(json.dumps(FILE))
    first, second = doc.graph["a"]["m"][0], doc.graph["b"]["m"][1]
    assert first is not second
    first["port"] = 0  # as an edit would set it
    assert second == {"port": 1}
    again = loads(dumps(doc))
    assert sorted(again.graph.edges(keys=True, data=True)) == sorted(
        doc.graph.edges(keys=True, data=True))
    assert dumps(again) == dumps(doc)
