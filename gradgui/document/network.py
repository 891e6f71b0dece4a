"""A new network bound to a data set: an MLP whose output is the loss of one row.

The network is micrograd's ``MLP``: each neuron computes
``act(b + w1*x1 + w2*x2 + ...)``, summed in that order from the bias, the
hidden layers use the chosen activation and the last layer is linear. Its
single output is ``score``. Weights are drawn uniformly from [-1, 1] by
``numpy.random.default_rng(seed)``, layer by layer, neuron by neuron, in
input order; biases start at 0, as in micrograd.

Losses of one row: ``squared`` is ``(score - y)**2``; ``max-margin`` is
micrograd's ``relu(1 - y*score)`` for labels of -1 and +1.

Groups: a group per layer (``L1``, level "layer") holding a group per neuron
(``L1.n3``, level "neuron": its weights, bias, products, sums and
activation), and ``loss`` (level "loss": the target and the loss's nodes).
"""

import itertools
from typing import List, Optional, Sequence

import networkx as nx
import numpy as np

from .dataset import Dataset, DatasetError
from .dataset_field import set_dataset
from .document import GraphDocument
from .layout import layered_layout
from .training_settings import TrainingSettings, set_training

ACTIVATIONS = ("relu", "tanh", "sigmoid", "linear")
"""Activations of hidden layers; ``linear`` adds no activation node."""

LOSSES = ("squared", "max-margin")
"""The losses a new network can end in."""

SCORE = "score"
"""The id of the network's output (its prediction), before the loss."""


def network_document(dataset: Dataset, inputs: Sequence[str], target: str,
                     hidden: Sequence[int] = (16, 16), activation: str = "relu",
                     loss: str = "squared", alpha: float = 0.0, seed: int = 0,
                     settings: Optional[TrainingSettings] = None) -> GraphDocument:
    """A laid-out network reading ``inputs`` columns, its loss against ``target`` the output."""
    inputs = list(inputs)
    _check(dataset, inputs, target, hidden, activation, loss)
    g = nx.MultiDiGraph()
    rng = np.random.default_rng(seed)
    feeds = [_node(g, name, "input", value=float(dataset.column(name)[0])) for name in inputs]
    sizes = [len(inputs), *hidden, 1]
    groups: List[dict] = []
    for l, (fan_in, fan_out) in enumerate(zip(sizes, sizes[1:]), 1):
        last = l == len(sizes) - 1
        outs = []
        groups.append({"id": f"L{l}", "label": f"L{l}", "level": "layer", "nodes": []})
        for j in range(1, fan_out + 1):
            prefix = f"L{l}.n{j}"
            first = len(g)
            weights = [_node(g, f"{prefix}.w{i}", "weight", value=float(rng.uniform(-1.0, 1.0)))
                       for i in range(1, fan_in + 1)]
            acc = _node(g, f"{prefix}.b", "weight", value=0.0)
            for i, (w, x) in enumerate(zip(weights, feeds), 1):
                product = _op(g, f"{prefix}.w{i}*x{i}", "mul", w, x)
                if i < fan_in:
                    name = f"{prefix}.sum{i}"
                elif last:
                    name = SCORE
                else:
                    name = prefix if activation == "linear" else f"{prefix}.z"
                acc = _op(g, name, "add", acc, product)
            if not last and activation != "linear":
                acc = _op(g, prefix, activation, acc)
            outs.append(acc)
            groups.append(_group_since(g, first, prefix, "neuron", f"L{l}"))
        feeds = outs
    first = len(g)
    y = _node(g, target, "input", value=float(dataset.column(target)[0]))
    if loss == "squared":
        diff = _op(g, "score - y", "sub", feeds[0], y)
        out = _op(g, "loss", "pow", diff, exponent=2.0)
    else:
        one = _node(g, "one", "const", value=1.0)
        margin = _op(g, "y*score", "mul", y, feeds[0])
        out = _op(g, "loss", "relu", _op(g, "1 - y*score", "sub", one, margin))
    g.graph["output"] = out
    groups.append(_group_since(g, first, "loss", "loss"))
    doc = GraphDocument(g)
    doc.groups.load(groups, in_file=False)
    for node_id, pos in layered_layout(doc).items():
        g.nodes[node_id]["pos"] = pos
    set_dataset(doc, dataset, {name: name for name in inputs}, target, target)
    doc.graph.graph["dataset"]["prediction"] = SCORE
    set_training(doc, settings if settings is not None else TrainingSettings(l2=alpha))
    return doc


def parameters(doc: GraphDocument) -> List[str]:
    """The network's weights in micrograd's ``MLP.parameters()`` order (each neuron: w..., b)."""
    # network_document adds them in that order.
    return [n for n in doc.node_ids() if doc.node(n)["kind"] == "weight"]


def _group_since(g, first: int, gid: str, level: str, parent: Optional[str] = None) -> dict:
    """A group record holding the nodes added to ``g`` since it had ``first`` nodes."""
    rec = {"id": gid, "label": gid, "level": level}
    if parent is not None:
        rec["parent"] = parent
    rec["nodes"] = list(itertools.islice(g, first, None))
    return rec


def _node(g, node_id: str, kind: str, **fields) -> str:
    if node_id in g:
        raise DatasetError(f"a column named '{node_id}' clashes with a node of the network; "
                           "rename the column")
    g.add_node(node_id, kind=kind, label=node_id, pos=(0.0, 0.0), **fields)
    return node_id


def _op(g, node_id: str, kind: str, *operands: str, **fields) -> str:
    _node(g, node_id, kind, **fields)
    for port, source in enumerate(operands):
        g.add_edge(source, node_id, key=port, port=port)
    return node_id


def _check(dataset, inputs, target, hidden, activation, loss) -> None:
    if not inputs:
        raise DatasetError("a network needs at least one input column")
    for name in [*inputs, target]:
        dataset.column(name)
    if target in inputs:
        raise DatasetError(f"column '{target}' cannot be both an input and the target")
    if len(set(inputs)) != len(inputs):
        raise DatasetError("an input column is named twice")
    for size in hidden:
        if isinstance(size, bool) or not isinstance(size, int) or size < 1:
            raise DatasetError(f"hidden layer sizes must be whole numbers of at least 1, not {size!r}")
    if activation not in ACTIVATIONS:
        raise DatasetError(f"activation must be one of {', '.join(ACTIVATIONS)}, not {activation!r}")
    if loss not in LOSSES:
        raise DatasetError(f"loss must be one of {', '.join(LOSSES)}, not {loss!r}")
    if loss == "max-margin":
        y = dataset.column(target)
        if not np.all((y == 1.0) | (y == -1.0)):
            raise DatasetError(f"the max-margin loss needs labels of -1 and +1; column "
                               f"'{target}' holds other numbers")
