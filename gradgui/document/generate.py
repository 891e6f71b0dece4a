"""Generated graphs: a whole scalar MLP with its loss, a chain, and graphs of a given size.

The MLP is micrograd's: each neuron computes
``act((x1*w1 + x2*w2 + ...) + b)``, with the products summed in a chain in
input order and the bias added last, exactly like the tutorial's neuron.
Hidden layers use the chosen activation; the last layer is linear
(identity), as in micrograd's ``MLP``, because the squared-error loss is a
regression loss and a tanh output could never reach a target outside
(-1, 1). The loss is the sum over samples (and outputs) of
``(out - target)**2``; the terms are added pairwise, as a balanced tree,
so the loss stays a few columns wide however many samples there are.

Weights and biases are shared by every sample; inputs and targets belong to
one sample. Every number comes from ``random.Random(seed)``, uniform in
[-1, 1], drawn in this order: each layer's weights then bias, neuron by
neuron; then each sample's inputs followed by its targets.

Ids equal labels and read as where a node sits: ``s2.x1`` (sample 2, input
1), ``L1.n3.w2`` and ``L1.n3.b`` (layer 1, neuron 3, weight 2 and bias),
``s2.L1.n3.x2*w2`` (a product), ``s2.L1.n3.sum2`` (the sum of the first two
products), ``s2.L1.n3.z`` (plus the bias), ``s2.L1.n3`` (the neuron's
output), ``s2.y1`` (target), ``s2.d1`` (out - target), ``s2.d1**2`` and
``loss``. The graph is built straight into the networkx graph with its
layout, in time linear in its size: each neuron a staircase of products and
sums, samples stacked top to bottom. A network too big for that to fit a
screen (wide layers, or many samples, make it a tall sliver) is laid out
as Auto Layout would instead, folded to a screen's shape.

Groups: each layer ``L1`` holds a group per neuron ``L1.n3`` (level
"neuron"). With one sample, a neuron's group holds its weights, bias,
products, sums and activation, and the group ``loss`` (level "loss") the
target, the error and the loss. With several, ``L1.n3`` holds the shared
weights and bias, each sample ``s2`` (level "sample") holds its inputs and
its own ``s2.L1`` ⊃ ``s2.L1.n3`` (the neuron's work on that sample) and
``s2.loss`` (target, error, square), and the group ``loss`` the sum.
"""

import random
from typing import Dict, List, Optional, Sequence, Tuple

import networkx as nx

from .document import GraphDocument
from .layout import COLUMN, ROW, SCREEN, TALLEST, layered_layout

FOLD_ABOVE = 20_000
"""Nodes above which a tall staircase is folded into strips rather than laid out again."""

ACTIVATIONS = ("tanh", "relu", "sigmoid", "linear")
"""Activations of hidden layers; ``linear`` adds no activation node."""

LOSSES = ("squared",)


class _Builder:
    """Adds nodes and wires to a graph, with positions on a (column, row) grid, and groups."""

    def __init__(self):
        self.graph = nx.MultiDiGraph()
        self.groups: Dict[str, dict] = {}  # id -> group record, parents first
        self.into: Optional[dict] = None  # the group record new nodes go into

    def node(self, node_id: str, kind: str, col: float, row: float, **fields) -> str:
        """Add a node at grid spot (col, row); its label is its id."""
        self.graph.add_node(node_id, kind=kind, label=node_id,
                            pos=(col * COLUMN, row * ROW), **fields)
        if self.into is not None:
            self.into["nodes"].append(node_id)
        return node_id

    def group(self, gid: str, level: str, parent: Optional[str] = None) -> dict:
        """Start group ``gid`` (labelled with its id) inside ``parent``; new nodes go into it."""
        rec = {"id": gid, "label": gid, "level": level}
        if parent is not None:
            rec["parent"] = parent
        rec["nodes"] = []
        self.groups[gid] = self.into = rec
        return rec

    def op(self, node_id: str, kind: str, col: float, row: float, operands: Sequence[str],
           **fields) -> str:
        """Add an op node wired to its operands, port by port."""
        self.node(node_id, kind, col, row, **fields)
        for port, source in enumerate(operands):
            self.graph.add_edge(source, node_id, key=port, port=port)
        return node_id

    def document(self, output: Optional[str]) -> GraphDocument:
        """The finished graph as a document, ``output`` marked."""
        if output is not None:
            self.graph.graph["output"] = output
        doc = GraphDocument(self.graph)
        doc.groups.load(list(self.groups.values()), in_file=False)
        return doc


def _check_mlp(n_inputs, hidden, activation, samples, loss, n_outputs) -> None:
    for name, value, low in (("n_inputs", n_inputs, 1), ("samples", samples, 1),
                             ("n_outputs", n_outputs, 1)):
        if isinstance(value, bool) or not isinstance(value, int) or value < low:
            raise ValueError(f"{name} must be a whole number of at least {low}, not {value!r}")
    for size in hidden:
        if isinstance(size, bool) or not isinstance(size, int) or size < 1:
            raise ValueError(f"hidden layer sizes must be whole numbers of at least 1, not {size!r}")
    if activation not in ACTIVATIONS:
        raise ValueError(f"activation must be one of {', '.join(ACTIVATIONS)}, not {activation!r}")
    if loss not in LOSSES:
        raise ValueError(f"loss must be one of {', '.join(LOSSES)}, not {loss!r}")


def _draw_parameters(n_inputs: int, hidden: Sequence[int], seed: int, n_outputs: int):
    """Every neuron's (weights, bias), layer by layer, and the generator to go on drawing from."""
    rng = random.Random(seed)
    sizes = [n_inputs, *hidden, n_outputs]
    layers = [[([rng.uniform(-1.0, 1.0) for _ in range(fan_in)], rng.uniform(-1.0, 1.0))
               for _ in range(fan_out)]
              for fan_in, fan_out in zip(sizes, sizes[1:])]
    return layers, rng


def mlp_document(n_inputs: int, hidden: Sequence[int] = (3,), activation: str = "tanh",
                 samples: int = 1, loss: str = "squared", seed: int = 0,
                 n_outputs: int = 1) -> GraphDocument:
    """The whole scalar graph of an MLP over ``samples`` samples, with its loss marked as output."""
    hidden = tuple(hidden)
    _check_mlp(n_inputs, hidden, activation, samples, loss, n_outputs)
    layers, rng = _draw_parameters(n_inputs, hidden, seed, n_outputs)
    sizes = [n_inputs, *hidden, n_outputs]
    # Column of each layer's weights; its inputs stand one column to the left.
    starts, col = [], 1
    for index, fan_in in enumerate(sizes[:-1]):
        starts.append(col)
        last = index == len(layers) - 1
        col += fan_in + 2 + (0 if last or activation == "linear" else 1)
    out_col = col - 1
    block = max([n_inputs, 2 * n_outputs] + [len(layer) * (len(layer[0][0]) + 1) for layer in layers])
    block += 1  # an empty row between samples
    b = _Builder()
    for l, layer in enumerate(layers, 1):
        top = _band_top(block, layer)
        b.group(f"L{l}", "layer")
        for j, (weights, bias) in enumerate(layer, 1):
            b.group(f"L{l}.n{j}", "neuron", f"L{l}")
            band = top + (j - 1) * (len(weights) + 1)
            for i, w in enumerate(weights, 1):
                b.node(f"L{l}.n{j}.w{i}", "weight", starts[l - 1], band + i - 1, value=w)
            b.node(f"L{l}.n{j}.b", "weight", starts[l - 1], band + len(weights), value=bias)
    terms: List[Tuple[str, float]] = []
    for s in range(1, samples + 1):
        base = (s - 1) * block
        xs = [rng.uniform(-1.0, 1.0) for _ in range(n_inputs)]
        ys = [rng.uniform(-1.0, 1.0) for _ in range(n_outputs)]
        top = base + (block - 1 - n_inputs) / 2.0
        b.into = None if samples == 1 else b.group(f"s{s}", "sample")
        feeds = [b.node(f"s{s}.x{i}", "input", 0, top + i - 1, value=x)
                 for i, x in enumerate(xs, 1)]
        for l, layer in enumerate(layers, 1):
            last = l == len(layers)
            feeds, rows = _layer(b, s, l, layer, feeds, starts[l - 1],
                                 base + _band_top(block, layer), "linear" if last else activation,
                                 shared=samples == 1)
        b.group("loss" if samples == 1 else f"s{s}.loss", "loss", None if samples == 1 else f"s{s}")
        for j, (out, row, y) in enumerate(zip(feeds, rows, ys), 1):
            target = b.node(f"s{s}.y{j}", "input", out_col, row - 1, value=y)
            diff = b.op(f"s{s}.d{j}", "sub", out_col + 1, row, (out, target))
            name = "loss" if samples * n_outputs == 1 else f"s{s}.d{j}**2"
            terms.append((b.op(name, "pow", out_col + 2, row, (diff,), exponent=2.0), row))
    if samples > 1:
        b.group("loss", "loss")
    doc = b.document(_sum_tree(b, terms, out_col + 3))
    _fit_to_screen(doc, block if samples > 1 else 1, (out_col + 3) * COLUMN)
    return doc


def _fit_to_screen(doc: GraphDocument, block: int, tree_x: float) -> None:
    """Lay a graph out as Auto Layout does if its staircase is far taller than wide.

    A huge one is cut instead, in time linear in its size, into strips of
    whole samples (``block`` rows each) set side by side, and the loss's sum
    tree (from ``tree_x`` on) is squeezed to a strip's height right of them
    all, so every wire still runs left to right.
    """
    nodes = doc.graph.nodes
    width = max(attrs["pos"][0] for _, attrs in nodes.data()) + COLUMN
    height = max(attrs["pos"][1] for _, attrs in nodes.data()) + ROW
    if width / height >= TALLEST:
        return
    if len(nodes) <= FOLD_ABOVE:
        for node_id, pos in layered_layout(doc).items():
            nodes[node_id]["pos"] = pos
        return
    # k strips side by side, each 1/k of the height: k * width over height / k is a screen.
    strips = max(1, round((SCREEN * height / width) ** 0.5))
    rows = -(-height / ROW // strips)
    rows = -(-rows // block) * block  # whole samples: no neuron is cut in two
    strips = int(-(-height // (rows * ROW)))
    strip_height, strip_width = rows * ROW, tree_x + COLUMN
    for _, attrs in nodes.data():
        x, y = attrs["pos"]
        if x >= tree_x:
            attrs["pos"] = (x + (strips - 1) * strip_width, y / strips)
        else:
            strip = int(y // strip_height)
            if strip:
                attrs["pos"] = (x + strip * strip_width, y - strip * strip_height)


def _band_top(block: int, layer) -> float:
    """The row where a layer's first neuron band starts, so the bands sit centred in a block."""
    return (block - 1 - len(layer) * (len(layer[0][0]) + 1)) / 2.0


def _layer(b: _Builder, s: int, l: int, layer, feeds: List[str], start: int, top: float,
           activation: str, shared: bool) -> Tuple[List[str], List[float]]:
    """One layer of one sample, a staircase of products and sums per neuron band.

    Returns the neurons' outputs and their rows. With ``shared``, each neuron's
    nodes join the group of its weights; else groups of the sample's own.
    """
    outputs, rows = [], []
    if not shared:
        b.group(f"s{s}.L{l}", "layer", f"s{s}")
    for j, (weights, _) in enumerate(layer, 1):
        band = top + (j - 1) * (len(weights) + 1)
        name = f"s{s}.L{l}.n{j}"
        if shared:
            b.into = b.groups[f"L{l}.n{j}"]
        else:
            b.group(name, "neuron", f"s{s}.L{l}")
        acc = None
        for i, x in enumerate(feeds, 1):
            row = band + i - 1
            prod = b.op(f"{name}.x{i}*w{i}", "mul", start + 1, row, (x, f"L{l}.n{j}.w{i}"))
            acc = prod if acc is None else b.op(f"{name}.sum{i}", "add", start + i, row, (acc, prod))
        z_col, z_row = start + len(weights) + 1, band + len(weights)
        rows.append(z_row)
        if activation == "linear":
            outputs.append(b.op(name, "add", z_col, z_row, (acc, f"L{l}.n{j}.b")))
        else:
            z = b.op(f"{name}.z", "add", z_col, z_row, (acc, f"L{l}.n{j}.b"))
            outputs.append(b.op(name, activation, z_col + 1, z_row, (z,)))
    return outputs, rows


def _sum_tree(b: _Builder, terms: List[Tuple[str, float]], col: int) -> str:
    """Add the terms pairwise, one column per level; the last sum is ``loss``."""
    level = 1
    while len(terms) > 1:
        paired = []
        for k in range(0, len(terms) - 1, 2):
            (left, r1), (right, r2) = terms[k], terms[k + 1]
            name = "loss" if len(terms) == 2 else f"loss.l{level}.{k // 2 + 1}"
            paired.append((b.op(name, "add", col, (r1 + r2) / 2.0, (left, right)), (r1 + r2) / 2.0))
        if len(terms) % 2:
            paired.append(terms[-1])
        terms, level, col = paired, level + 1, col + 1
    return terms[0][0]


def mlp_size(n_inputs: int, hidden: Sequence[int] = (3,), activation: str = "tanh",
             samples: int = 1, n_outputs: int = 1) -> int:
    """How many nodes ``mlp_document`` makes for these settings, without building it."""
    sizes = [n_inputs, *hidden, n_outputs]
    params = sum((m + 1) * k for m, k in zip(sizes, sizes[1:]))
    per_sample = n_inputs + 4 * n_outputs  # inputs; per output: out's target, d, d**2, a sum
    for index, (m, k) in enumerate(zip(sizes, sizes[1:])):
        has_act = index < len(sizes) - 2 and activation != "linear"
        per_sample += k * (2 * m + (1 if has_act else 0))  # m products, m-1 sums, + b
    return params + samples * per_sample - 1


# Network shapes for size-targeted graphs, small to large: (inputs, hidden).
_SHAPES = ((1, ()), (2, (3,)), (3, (4, 4)), (4, (8, 8)), (8, (16, 16)))


def mlp_for_size(target_nodes: int, activation: str = "tanh", seed: int = 0) -> GraphDocument:
    """An MLP over enough samples to have about ``target_nodes`` nodes (for benchmarks).

    It takes the largest shape of which one sample is at most 1/32 of the
    target, so big graphs are many samples of a modest network, like a real
    batch, and the count lands within a few percent of the target.
    """
    if isinstance(target_nodes, bool) or not isinstance(target_nodes, int) or target_nodes < 1:
        raise ValueError(f"target_nodes must be a whole number of at least 1, not {target_nodes!r}")
    n_inputs, hidden = _SHAPES[0]
    for shape in _SHAPES:
        per_sample = mlp_size(*shape, activation, samples=2) - mlp_size(*shape, activation, samples=1)
        if 32 * per_sample <= target_nodes:
            n_inputs, hidden = shape
    one = mlp_size(n_inputs, hidden, activation, samples=1)
    per_sample = mlp_size(n_inputs, hidden, activation, samples=2) - one
    samples = max(1, round((target_nodes - one) / per_sample) + 1)
    return mlp_document(n_inputs, hidden, activation, samples=samples, seed=seed)


def chain_document(n: int, op: str = "tanh", per_row: int = 50) -> GraphDocument:
    """An input followed by ``n - 1`` one-input ops in a chain, laid out in rows of ``per_row``.

    Rows read left to right and wrap like text, so a long chain stays on screen.
    """
    if isinstance(n, bool) or not isinstance(n, int) or n < 1:
        raise ValueError(f"n must be a whole number of at least 1, not {n!r}")
    b = _Builder()
    prev = b.node("x", "input", 0, 0, value=0.5)
    for i in range(1, n):
        prev = b.op(f"{op}{i}", op, i % per_row, i // per_row, (prev,))
    return b.document(prev)


def describe(doc: GraphDocument) -> str:
    """One line saying how big a graph is, e.g. "1,234 nodes, 2,000 wires"."""
    return f"{len(doc):,} nodes, {doc.graph.number_of_edges():,} wires"
