"""Generators and converters make groups: Generate MLP, the network builder, to_document,
Insert Expression and Unroll."""

import subprocess
import sys
from pathlib import Path

import pytest

from gradgui import examples_dir
from gradgui.document import (Evaluation, dumps, insert_expression, load, loads,
                              parse_expression, to_document)
from gradgui.document.generate import mlp_document
from gradgui.document.folding import folded_layout
from gradgui.document.generators import generate
from gradgui.document.group_commands import collapse_level
from gradgui.document.label_groups import label_groups, level_of
from gradgui.document.network import network_document
from gradgui.document.unroll import unroll
from gradgui.engine import Value

from tutorial_neuron import neuron_document

sys.path.insert(0, str(Path(__file__).resolve().parent))
from test_folding import plan_of  # noqa: E402


def every_node_in_one_place(doc):
    """Each node is in at most one group, and the model's reads agree with each other."""
    groups = doc.groups
    seen = {}
    for gid in groups.ids():
        for node_id in groups.members(gid):
            assert node_id in doc and node_id not in seen
            seen[node_id] = gid
            assert groups.of(node_id) == gid
        parent = groups.parent(gid)
        assert parent is None or groups.ids().index(parent) < groups.ids().index(gid)
    assert dumps(loads(dumps(doc))) == dumps(doc)  # a valid file, read back the same
    return seen


def test_a_one_sample_mlp_groups_each_neuron_with_its_weights():
    doc = mlp_document(2, (3,), samples=1)
    groups = doc.groups
    every_node_in_one_place(doc)
    assert groups.ids() == ["L1", "L1.n1", "L1.n2", "L1.n3", "L2", "L2.n1", "loss"]
    assert [groups.level(g) for g in groups.ids()] == [
        "layer", "neuron", "neuron", "neuron", "layer", "neuron", "loss"]
    assert groups.members("L1.n1") == ["L1.n1.w1", "L1.n1.w2", "L1.n1.b", "s1.L1.n1.x1*w1",
                                       "s1.L1.n1.x2*w2", "s1.L1.n1.sum2", "s1.L1.n1.z", "s1.L1.n1"]
    assert groups.members("loss") == ["s1.y1", "s1.d1", "loss"]
    assert groups.outputs("L1.n1") == ["s1.L1.n1"] and groups.outputs("loss") == ["loss"]
    assert groups.of("s1.x1") is None  # the inputs feed every neuron: in no group
    assert groups.levels() == ["neuron", "loss", "layer"]


def test_a_many_sample_mlp_has_sample_groups_and_shared_weights_apart():
    doc = mlp_document(2, (2,), samples=3, n_outputs=1)
    groups = doc.groups
    every_node_in_one_place(doc)
    assert groups.members("L1.n1") == ["L1.n1.w1", "L1.n1.w2", "L1.n1.b"]
    assert groups.children("s2") == ["s2.L1", "s2.L2", "s2.loss"]
    assert groups.members("s2") == ["s2.x1", "s2.x2"]
    assert groups.members("s2.L1.n2") == ["s2.L1.n2.x1*w1", "s2.L1.n2.x2*w2", "s2.L1.n2.sum2",
                                          "s2.L1.n2.z", "s2.L1.n2"]
    assert groups.members("s2.loss") == ["s2.y1", "s2.d1", "s2.d1**2"]
    assert groups.level("s2") == "sample" and groups.level("loss") == "loss"
    assert groups.nodes("loss") == {n for n in doc.node_ids() if n.startswith("loss")}
    assert groups.levels() == ["neuron", "loss", "layer", "sample"]
    # Every node of the network's work on a sample is in that sample's group.
    assert groups.nodes("s2") == {n for n in doc.node_ids() if n.startswith("s2.")}


def test_the_network_builder_groups_neurons_layers_and_the_loss():
    data = generate("moons", 10, seed=1)
    doc = network_document(data, ["x1", "x2"], "y", hidden=(2,), loss="max-margin")
    groups = doc.groups
    every_node_in_one_place(doc)
    assert groups.ids() == ["L1", "L1.n1", "L1.n2", "L2", "L2.n1", "loss"]
    assert groups.members("L1.n1") == ["L1.n1.w1", "L1.n1.w2", "L1.n1.b", "L1.n1.w1*x1",
                                       "L1.n1.sum1", "L1.n1.w2*x2", "L1.n1.z", "L1.n1"]
    assert "score" in groups.members("L2.n1") and groups.outputs("L2.n1") == ["score"]
    assert groups.members("loss") == ["y", "one", "y*score", "1 - y*score", "loss"]
    assert groups.of("x1") is None


def test_unroll_makes_a_group_per_row_with_the_network_groups_inside():
    data = generate("moons", 3, seed=1)
    doc = network_document(data, ["x1", "x2"], "y", hidden=(2,), alpha=0.1)
    flat = unroll(doc, alpha=0.1)
    groups = flat.groups
    every_node_in_one_place(flat)
    assert [g for g in groups.ids() if groups.level(g) == "sample"] == ["r0", "r1", "r2"]
    assert groups.children("r1") == ["r1:L1", "r1:L2", "r1:loss"]
    assert groups.label("r1:L1.n2") == "L1.n2 [1]" and groups.parent("r1:L1.n2") == "r1:L1"
    assert groups.members("r1:L1.n2")[0] == "r1:L1.n2.w1*x1"
    assert groups.members("L1.n2") == ["L1.n2.w1", "L1.n2.w2", "L1.n2.b"]  # shared weights
    assert groups.members("r1") == ["r1:x1", "r1:x2"]
    assert "total" in groups.members("total") and groups.level("total") == "loss"
    # Every row copy is inside its row's group.
    for r in range(3):
        assert groups.nodes(f"r{r}") == {n for n in flat.node_ids() if n.startswith(f"r{r}:")}


def test_unroll_without_groups_still_groups_rows():
    data = generate("moons", 2, seed=1)
    doc = network_document(data, ["x1", "x2"], "y", hidden=(2,))
    for gid in reversed(doc.groups.ids()):
        doc.groups.remove(gid)
    flat = unroll(doc)
    every_node_in_one_place(flat)
    assert flat.groups.ids() == ["r0", "r1", "total"]
    assert flat.groups.nodes("r0") == {n for n in flat.node_ids() if n.startswith("r0:")}


def test_to_document_groups_by_dotted_labels():
    x = Value(2.0, label="x")
    parts = []
    for j in (1, 2):
        w = Value(0.5 * j, label=f"L1.n{j}.w")
        b = Value(0.1, label=f"L1.n{j}.b")
        p = x * w
        p.label = f"L1.n{j}.x*w"
        n = (p + b).tanh()
        n.label = f"L1.n{j}"
        parts.append(n)
    out = parts[0] + parts[1]
    out.label = "out"
    doc = to_document(out)
    every_node_in_one_place(doc)
    groups = doc.groups
    assert groups.ids() == ["L1", "L1.n1", "L1.n2"]
    assert groups.level("L1") == "layer" and groups.level("L1.n1") == "neuron"
    assert {doc.label(n) for n in groups.members("L1.n1")} == {"L1.n1.w", "L1.n1.b", "L1.n1.x*w",
                                                               "L1.n1"}
    assert groups.of(next(n for n in doc.node_ids() if doc.label(n) == "out")) is None


def test_to_document_without_dotted_labels_has_no_groups():
    o = (Value(2.0, label="x") * Value(-3.0, label="w")).tanh()
    doc = to_document(o)
    assert len(doc.groups) == 0 and '"groups"' not in dumps(doc)


@pytest.mark.parametrize("labels, expected", [
    ([("a", "0.5"), ("b", "1.5")], []),  # numbers are not names
    ([("a", "x1*w1 + x2.w"), ("b", "x1*w1 + x2.v")], []),
    ([("a", "foo.bar")], []),  # one node is no group
    ([("a", "m.a"), ("b", "m.b"), ("c", "m")], [("m", ["a", "b", "c"])]),
    ([("a", "m.k.a"), ("b", "m.b")], [("m", ["a", "b"])]),  # a one-node group goes up
])
def test_label_groups(labels, expected):
    assert [(rec["id"], rec["nodes"]) for rec in label_groups(labels)] == expected


def test_levels_from_names():
    assert [level_of(n) for n in ("L1", "a.layer2", "n3", "s2", "row4", "loss", "x")] == [
        "layer", "layer", "neuron", "sample", "sample", "loss", "group"]


def test_insert_expression_makes_one_group_per_insert():
    doc = neuron_document(output="o")
    before = dumps(doc)
    command, new_ids = insert_expression(doc, parse_expression("(o - y)**2"), reuse_existing=True,
                                         label="loss")
    command.do(doc)
    (gid,) = doc.groups.ids()
    assert doc.groups.level(gid) == "expression" and doc.groups.label(gid) == "loss"
    assert set(doc.groups.members(gid)) == set(new_ids) and "o" not in new_ids
    command.undo(doc)
    assert dumps(doc) == before
    command, _ = insert_expression(doc, parse_expression("a*b"))
    command.do(doc)
    assert doc.groups.label(doc.groups.ids()[0]) == "a*b"
    command, _ = insert_expression(doc, parse_expression("zz"))  # one node: no group
    command.do(doc)
    assert len(doc.groups) == 1


def test_grouped_generators_still_compute_the_same():
    doc = mlp_document(2, (3,), samples=2)
    evaluation = Evaluation(doc)
    evaluation.backward(doc.output)
    assert evaluation.grad("loss") == 1.0 and len(doc.groups) > 0


def test_the_bundled_examples_are_what_make_examples_writes():
    root = Path(__file__).resolve().parents[2]
    run = subprocess.run([sys.executable, str(root / "scripts" / "make_examples.py"), "--check"],
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr


def test_the_bundled_mlp_is_grouped_by_neuron_layer_and_loss():
    doc = load(examples_dir() / "mlp.json")
    groups = doc.groups
    every_node_in_one_place(doc)
    assert groups.ids() == ["L1", "L1.n1", "L1.n2", "L1.n3", "L2", "L2.n1", "loss"]
    assert groups.outputs("L1.n2") == ["L1.n2.o"] and groups.outputs("loss") == ["loss"]
    assert {n for n in doc.node_ids() if groups.of(n) is None} == {"x1", "x2"}
    moons = load(examples_dir() / "moons.json")
    assert len(moons.groups.children("L1")) == 16 and moons.groups.members("loss")[0] == "y"


def test_unroll_starts_the_total_loss_collapsed_so_auto_layout_gives_the_rows_the_width():
    # micrograd's sum() adds the losses one by one: a chain as long as the data set,
    # which Auto Layout spreads one column per add unless it is folded into one box.
    data = generate("moons", 40, seed=1)
    flat = unroll(network_document(data, ["x1", "x2"], "y", hidden=(4,)))
    assert flat.groups.collapsed("total") and not flat.groups.collapsed("r0")
    collapse_level(flat, "neuron", True).do(flat)
    folded_layout(flat, plan_of(flat)).do(flat)
    plan = plan_of(flat)
    shown = {n: flat.pos(n)[0] for n in flat.node_ids() if n not in plan.hidden}
    shown.update((gid, box.x) for gid, box in plan.boxes.items())
    rows = [x for name, x in shown.items() if name.startswith("r")]
    assert max(rows) - min(rows) >= 0.8 * (max(shown.values()) - min(shown.values()))
