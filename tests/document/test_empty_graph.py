"""A new document's graph: read without networkx, and networkx's MultiDiGraph (the very
same object) from its first edit on."""

import subprocess
import sys

import networkx as nx

from gradgui.document import GraphDocument
from gradgui.document.empty_graph import EmptyGraph
from gradgui.document.evaluation import evaluate
from gradgui.document.events import Wire


def test_a_new_document_is_read_without_loading_networkx():
    script = (
        "import sys\n"
        "from gradgui.document import GraphDocument\n"
        "from gradgui.document.evaluation import evaluate\n"
        "doc = GraphDocument()\n"
        "assert len(doc) == 0 and doc.node_ids() == [] and list(doc.wires()) == []\n"
        "assert 'x' not in doc and doc.wire_count() == 0 and doc.output is None\n"
        "evaluate(doc)\n"
        "print('networkx' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "False"


def test_the_first_edit_turns_the_graph_into_a_multidigraph_in_place():
    doc = GraphDocument()
    graph = doc.graph
    assert type(graph) is EmptyGraph
    doc.add_node("a", "input", value=2.0, pos=(0, 0))
    doc.add_node("t", "tanh", pos=(100, 0))
    doc.add_wire(Wire("a", "t", 0))
    assert doc.graph is graph and type(graph) is nx.MultiDiGraph
    assert list(doc.wires()) == [Wire("a", "t", 0)]
    assert list(doc.wires()) == [Wire(s, t, p) for s, t, p in graph.edges(keys=True)]
    assert doc.upstream("t") == {"a"}
    assert evaluate(doc).data("t") == evaluate(doc).data("t") != 0.0


def test_an_empty_graph_answers_networkx_as_a_multidigraph_does():
    for ask in (lambda g: list(nx.topological_sort(g)), nx.is_directed_acyclic_graph,
                lambda g: g.number_of_edges(), lambda g: sorted(g.graph)):
        assert ask(EmptyGraph()) == ask(nx.MultiDiGraph())
    assert vars(nx.MultiDiGraph()).keys() == vars(EmptyGraph()).keys()
