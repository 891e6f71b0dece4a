"""Generated graphs: an MLP whose Backward matches the engine node for node, at any size."""

import subprocess
import sys
from pathlib import Path

import pytest

from gradgui.document import Evaluation
from gradgui.document.fileformat import dumps, load, loads
from gradgui.document.generate import chain_document, mlp_document, mlp_for_size, mlp_size
from gradgui.document.layout import auto_layout
from gradgui.engine import Value

ROOT = Path(__file__).resolve().parents[2]


def engine_mlp(doc, n_inputs, hidden, activation, samples, n_outputs):
    """The same network built directly with Values, numbers read from the document by label."""
    made = {}

    def leaf(label):
        if label not in made:
            made[label] = Value(doc.node(label)["value"], label=label)
        return made[label]

    def named(value, label):
        value.label = label
        made[label] = value
        return value

    sizes = [n_inputs, *hidden, n_outputs]
    terms = []
    for s in range(1, samples + 1):
        feeds = [leaf(f"s{s}.x{i}") for i in range(1, n_inputs + 1)]
        for l, (fan_in, fan_out) in enumerate(zip(sizes, sizes[1:]), 1):
            last = l == len(sizes) - 1
            outs = []
            for j in range(1, fan_out + 1):
                name = f"s{s}.L{l}.n{j}"
                acc = None
                for i, x in enumerate(feeds, 1):
                    prod = named(x * leaf(f"L{l}.n{j}.w{i}"), f"{name}.x{i}*w{i}")
                    acc = prod if acc is None else named(acc + prod, f"{name}.sum{i}")
                z = acc + leaf(f"L{l}.n{j}.b")
                if last or activation == "linear":
                    outs.append(named(z, name))
                else:
                    named(z, f"{name}.z")
                    outs.append(named(getattr(z, activation)(), name))
            feeds = outs
        for j, out in enumerate(feeds, 1):
            d = named(out - leaf(f"s{s}.y{j}"), f"s{s}.d{j}")
            terms.append(named(d ** 2, f"s{s}.d{j}**2"))
    level = 1
    while len(terms) > 1:
        pairs = [named(terms[k] + terms[k + 1], f"loss.l{level}.{k // 2 + 1}")
                 for k in range(0, len(terms) - 1, 2)]
        terms = pairs + terms[len(pairs) * 2:]
        level += 1
    made.pop(terms[0].label)
    loss = named(terms[0], "loss")
    loss.backward()
    return loss, made


SHAPES = [
    (2, (3,), "tanh", 1, 1),
    (2, (3, 3), "tanh", 4, 1),
    (3, (4,), "relu", 3, 2),
    (1, (), "tanh", 5, 1),
    (2, (2,), "sigmoid", 2, 3),
    (4, (3, 2), "linear", 3, 1),
]


@pytest.mark.parametrize("n_inputs, hidden, activation, samples, n_outputs", SHAPES)
def test_backward_equals_the_engine_node_for_node(n_inputs, hidden, activation, samples, n_outputs):
    doc = mlp_document(n_inputs, hidden, activation, samples=samples, seed=7, n_outputs=n_outputs)
    assert len(doc) == mlp_size(n_inputs, hidden, activation, samples, n_outputs)
    assert doc.output == "loss"
    evaluation = Evaluation(doc)
    assert not evaluation.problems
    evaluation.backward("loss")
    loss, made = engine_mlp(doc, n_inputs, hidden, activation, samples, n_outputs)
    assert set(made) == set(doc.node_ids())
    assert all(doc.label(n) == n for n in doc.node_ids())
    for label, value in made.items():
        assert evaluation.data(label) == value.data, label
        assert evaluation.grad(label) == pytest.approx(value.grad, rel=1e-12, abs=1e-15), label


def test_the_default_is_one_tanh_neuron_layer_and_a_linear_output():
    doc = mlp_document(2)
    kinds = {n: doc.node(n)["kind"] for n in doc.node_ids()}
    assert kinds["L1.n3.w2"] == "weight" and kinds["L1.n3.b"] == "weight"
    assert kinds["s1.x1"] == "input" and kinds["s1.y1"] == "input"
    assert kinds["s1.L1.n3"] == "tanh" and kinds["s1.L1.n3.x2*w2"] == "mul"
    assert kinds["s1.L2.n1"] == "add", "the output layer is linear"
    assert kinds["loss"] == "pow" and doc.node("loss")["exponent"] == 2.0


def test_layout_is_left_to_right_without_overlaps_and_samples_stack():
    doc = mlp_document(3, (4, 2), "tanh", samples=2, n_outputs=2)
    positions = [doc.pos(n) for n in doc.node_ids()]
    assert len(set(positions)) == len(positions)
    for wire in doc.wires():
        assert doc.pos(wire.source)[0] < doc.pos(wire.target)[0], wire
    rows = {s: [doc.pos(n)[1] for n in doc.node_ids() if n.startswith(f"s{s}.")] for s in range(1, 3)}
    assert max(rows[1]) < min(rows[2])
    assert auto_layout(doc).commands, "small enough for its staircase: not Auto Layout's picture"


def test_a_network_too_tall_for_its_staircase_is_laid_out_as_auto_layout_would():
    doc = mlp_document(3, (4, 2), "tanh", samples=5, n_outputs=2)  # stacked: 1:2.6 tall
    positions = [doc.pos(n) for n in doc.node_ids()]
    assert len(set(positions)) == len(positions)
    for wire in doc.wires():
        assert doc.pos(wire.source)[0] < doc.pos(wire.target)[0], wire
    assert auto_layout(doc).commands == []
    xs, ys = [x for x, _ in positions], [y for _, y in positions]
    assert (max(xs) - min(xs)) >= (max(ys) - min(ys)), "wider than tall, like a screen"


def test_same_seed_same_graph_other_seed_other_numbers():
    assert dumps(mlp_document(2, (3,), samples=2, seed=3)) == dumps(mlp_document(2, (3,), samples=2, seed=3))
    a, b = mlp_document(2, seed=1), mlp_document(2, seed=2)
    assert a.node("L1.n1.w1")["value"] != b.node("L1.n1.w1")["value"]
    assert all(-1.0 <= a.node(n)["value"] <= 1.0 for n in a.node_ids() if "value" in a.node(n))


def test_a_generated_graph_is_a_valid_file():
    doc = mlp_document(2, (3, 3), samples=3)
    again = loads(dumps(doc))
    assert dumps(again) == dumps(doc)


@pytest.mark.parametrize("kwargs", [
    dict(n_inputs=0), dict(n_inputs=2, samples=0), dict(n_inputs=2, hidden=(0,)),
    dict(n_inputs=2, activation="softmax"), dict(n_inputs=2, loss="hinge"),
    dict(n_inputs=2, n_outputs=0), dict(n_inputs=2.5), dict(n_inputs=True),
])
def test_bad_settings_are_refused(kwargs):
    with pytest.raises(ValueError):
        mlp_document(**kwargs)


def test_a_ten_thousand_node_mlp_builds_and_evaluates():
    doc = mlp_for_size(10_000)
    assert 9_500 <= len(doc) <= 10_500
    evaluation = Evaluation(doc)
    assert not evaluation.problems
    evaluation.backward(doc.output)
    assert evaluation.grad("loss") == 1.0


@pytest.mark.parametrize("target", [1, 8, 100, 1_000, 5_000])
def test_mlp_for_size_lands_near_the_target(target):
    doc = mlp_for_size(target)
    assert abs(len(doc) - target) <= max(8, target * 0.05)


def test_chain():
    doc = chain_document(500)
    assert len(doc) == 500 and doc.graph.number_of_edges() == 499
    evaluation = Evaluation(doc)
    evaluation.backward(doc.output)
    assert evaluation.grad("x") > 0.0
    positions = [doc.pos(n) for n in doc.node_ids()]
    assert len(set(positions)) == 500
    with pytest.raises(ValueError):
        chain_document(0)


def test_make_mlp_script(tmp_path):
    out = tmp_path / "mlp.json"
    script = ROOT / "scripts" / "make_mlp.py"
    run = subprocess.run([sys.executable, str(script), "--inputs", "2", "--hidden", "3", "3",
                          "--activation", "tanh", "--samples", "4", "--seed", "0", "-o", str(out)],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert "nodes" in run.stdout
    assert dumps(load(out)) == dumps(mlp_document(2, (3, 3), "tanh", samples=4, seed=0))
    sized = tmp_path / "sized.json"
    run = subprocess.run([sys.executable, str(script), "--nodes", "2000", "-o", str(sized)],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert abs(len(load(sized)) - 2000) <= 100
    run = subprocess.run([sys.executable, str(script), "--samples", "0", "-o", str(tmp_path / "x.json")],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 2 and run.stderr.count("\n") == 1
    assert not (tmp_path / "x.json").exists()


def test_a_huge_tall_network_is_cut_into_strips_of_whole_samples(monkeypatch):
    from gradgui.document import generate
    tall = mlp_document(3, (4, 2), "tanh", samples=40, n_outputs=2)  # as Auto Layout would
    monkeypatch.setattr(generate, "FOLD_ABOVE", 100)  # as if it had more than that many nodes
    doc = mlp_document(3, (4, 2), "tanh", samples=40, n_outputs=2)
    assert [doc.pos(n) for n in doc.node_ids()] != [tall.pos(n) for n in tall.node_ids()]
    positions = [doc.pos(n) for n in doc.node_ids()]
    assert len(set(positions)) == len(positions)
    for wire in doc.wires():
        assert doc.pos(wire.source)[0] < doc.pos(wire.target)[0], wire
    xs, ys = [x for x, _ in positions], [y for _, y in positions]
    aspect = (max(xs) - min(xs) + 150) / (max(ys) - min(ys) + 72)
    assert 0.8 <= aspect <= 3.2, aspect  # near a screen's shape, not a sliver
    # A sample stays whole, in one strip: its nodes keep their staircase's places.
    one = mlp_document(3, (4, 2), "tanh", samples=1, n_outputs=2)
    for s in (1, 17, 40):
        mine = [n for n in doc.node_ids() if n.startswith(f"s{s}.")]
        dx = doc.pos(mine[0])[0] - one.pos("s1." + mine[0].split(".", 1)[1])[0]
        for node_id in mine:
            x, _ = doc.pos(node_id)
            assert x - one.pos("s1." + node_id.split(".", 1)[1])[0] == dx, node_id
