"""A fitted-size 2-16-16-1 network with neuron and layer groups, for the tests of
collapsed groups (the generators may make these groups themselves one day; this
makes them from the network's node ids, the same way every time)."""

import numpy as np

from gradgui.document.dataset import Dataset
from gradgui.document.network import network_document


def grouped_network(hidden=(16, 16), collapsed_level=None, rows=4):
    """The network on a small two-input data set, a group per neuron inside a group per
    layer (and one for the loss); groups of ``collapsed_level`` start collapsed."""
    rng = np.random.default_rng(1)
    x = rng.uniform(-1.0, 1.0, size=(rows, 2))
    dataset = Dataset({"x1": x[:, 0], "x2": x[:, 1], "y": np.sign(x[:, 0] * x[:, 1])})
    doc = network_document(dataset, ["x1", "x2"], "y", hidden=hidden, activation="tanh")
    add_groups(doc, collapsed_level)
    return doc


def add_groups(doc, collapsed_level=None):
    """Neuron groups (ids ``L{l}.n{j}``) inside layer groups (``L{l}``), and a loss group."""
    groups = doc.groups
    for gid in reversed(groups.ids()):  # the builder's own groups make way for these
        groups.remove(gid)
    by_neuron = {}
    for node_id in doc.node_ids():
        parts = node_id.split(".")
        if len(parts) >= 2 and parts[0].startswith("L") and parts[1].startswith("n"):
            by_neuron.setdefault(f"{parts[0]}.{parts[1]}", []).append(node_id)
    by_neuron.setdefault(f"L{len(by_neuron) and max(int(k.split('.')[0][1:]) for k in by_neuron)}.n1", [])
    last = max(int(k.split(".")[0][1:]) for k in by_neuron)
    by_neuron[f"L{last}.n1"].append("score")
    for layer in sorted({k.split(".")[0] for k in by_neuron}, key=lambda s: int(s[1:])):
        groups.add(layer, layer, [], level="layer", collapsed=collapsed_level == "layer")
        for neuron in sorted((k for k in by_neuron if k.startswith(layer + ".")),
                             key=lambda s: int(s.split(".n")[1])):
            groups.add(neuron, neuron, by_neuron[neuron], level="neuron", parent=layer,
                       collapsed=collapsed_level == "neuron")
    loss = [n for n in ("score - y", "loss", "one", "y*score", "1 - y*score") if n in doc]
    groups.add("loss", "loss", loss, level="loss", collapsed=collapsed_level == "loss")
    return doc
