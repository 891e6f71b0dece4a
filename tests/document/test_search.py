"""Find: substring search over labels and ids, best first, kept up to date by edits."""

from hypothesis import given, settings
from hypothesis import strategies as st

from gradgui.document import GraphDocument, SetField, delete_nodes, new_node
from gradgui.document.generate import mlp_for_size
from gradgui.document.search import SearchIndex
from gradgui.document.session import EditingSession
from tutorial_neuron import neuron_document


def test_finds_labels_and_ids_in_any_case():
    doc = neuron_document()
    index = SearchIndex(doc)
    assert set(index.find("W").node_ids) == {"w1", "w2", "m1", "m2", "s1"}  # labels x1*w1 ...
    assert index.find("X2*W2").node_ids == ["m2", "s1"]  # equal to m2's label, inside s1's
    assert index.find("  o ").node_ids == ["o"]  # spaces around are not part of it
    assert index.find("s1").node_ids == ["s1"]  # an id: its label is "x1*w1 + x2*w2"
    assert index.find("nothing like it").total == 0
    assert index.find("").node_ids == [] and index.find("   ").total == 0


def test_equal_first_then_starting_then_the_rest():
    doc = GraphDocument()
    for node_id, label in (("a", "xw"), ("b", "w"), ("c", "wx"), ("d", "ww"), ("w", "q")):
        doc.add_node(node_id, "input", label=label, value=1.0)
    found = SearchIndex(doc).find("w")
    # b's label and w's id equal it; c and d start with it; a only holds it.
    assert found.node_ids == ["b", "w", "c", "d", "a"]
    assert found.total == 5


def test_the_list_is_capped_but_the_count_is_not():
    doc = mlp_for_size(1000)
    index = SearchIndex(doc)
    everything = [n for n in doc.node_ids() if "w" in f"{doc.label(n)}\n{n}".lower()]
    found = index.find("w", limit=7)
    assert found.total == len(everything) > 7
    assert len(found.node_ids) == 7 and set(found.node_ids) <= set(everything)


def test_kept_up_to_date_by_edits_undo_and_reset():
    session = EditingSession(neuron_document())
    index = SearchIndex(session.doc)
    assert index.find("bias").total == 0
    session.execute(SetField("b", "label", "Bias"))
    assert index.find("bias").node_ids == ["b"]
    assert index.find("b").node_ids[0] == "b"  # its id is still "b"
    add = new_node(session.doc, "tanh")
    session.execute(add)
    assert add.node_id in index.find("tanh").node_ids
    session.execute(delete_nodes(session.doc, ["x2"]))
    assert "x2" not in index.find("x2").node_ids
    session.undo()
    assert index.find("x2").node_ids[0] == "x2"
    session.undo()
    session.undo()
    assert index.find("bias").total == 0
    other = neuron_document()
    other.add_node("zeta", "const", value=1.0)
    session.doc.replace_with(other)
    assert index.find("zeta").node_ids == ["zeta"]


def test_labels_with_line_breaks_and_nul_are_one_line():
    doc = GraphDocument()
    doc.add_node("p", "input", label="two\nlines", value=1.0)
    doc.add_node("q", "input", label="nul\0here", value=1.0)
    index = SearchIndex(doc)
    assert index.find("two lines").node_ids == ["p"]
    assert index.find("nul here").node_ids == ["q"]
    assert index.find("lines\np").total == 0  # never across label and id


WORDS = st.text(alphabet="abAB.*1 ", min_size=1, max_size=6)


@settings(max_examples=60, deadline=None)
@given(labels=st.lists(WORDS, min_size=1, max_size=30), query=WORDS, limit=st.integers(1, 40))
def test_same_as_looking_at_every_node(labels, query, limit):
    doc = GraphDocument()
    for i, label in enumerate(labels):
        doc.add_node(f"n{i}", "input", label=label, value=0.0)
    found = SearchIndex(doc).find(query, limit)
    wanted = query.strip().lower()
    texts = {n: (doc.label(n).lower(), n.lower()) for n in doc.node_ids()}
    hits = [n for n, (label, node_id) in texts.items() if wanted and (wanted in label or wanted in node_id)]
    assert found.total == len(hits)
    assert found.node_ids == _ranked(hits, texts, wanted)[:limit]


def _ranked(hits, texts, wanted):
    def rank(node_id):
        label, lowered = texts[node_id]
        if wanted in (label, lowered):
            return 0
        return 1 if label.startswith(wanted) or lowered.startswith(wanted) else 2
    return sorted(hits, key=rank)  # stable: document order within a rank
