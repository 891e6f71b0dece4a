"""The tutorial's neuron, o = tanh(x1*w1 + x2*w2 + b): the one builder every test uses.

As Values (``neuron_values``), as a document made through the editor's
commands (``neuron_document``, the ids, labels and places of the bundled
``neuron.json``), or as the variables of the expression ``EXPRESSION``
(``LEAVES``). ``GRADS`` are the grads DESIGN.md derives by hand, by label.
"""

from typing import Dict, Iterable, Optional, Tuple

from gradgui.document import AddNode, AddWire, GraphDocument, Macro, SetOutput
from gradgui.engine import Value, topological_order

LEAVES = {"x1": ("input", 2.0), "w1": ("weight", -3.0), "x2": ("input", 0.0),
          "w2": ("weight", 1.0), "b": ("weight", 6.8813735870195432)}
"""Each leaf's (kind, value) by name, in the order of the bundled file."""

EXPRESSION = "tanh(x1*w1 + x2*w2 + b)"

GRADS = {"o": 1.0, "n": 0.5, "b": 0.5, "x1*w1 + x2*w2": 0.5, "x1*w1": 0.5, "x2*w2": 0.5,
         "x1": -1.5, "w1": 1.0, "x2": 0.5, "w2": 0.0}
"""Every node's grad after backward from o, by label."""

OPS = (("m1", "mul", "x1*w1"), ("m2", "mul", "x2*w2"), ("s1", "add", "x1*w1 + x2*w2"),
       ("n", "add", "n"), ("o", "tanh", "o"))
"""The op nodes: (id, kind, label)."""

WIRES = (("x1", "m1", 0), ("w1", "m1", 1), ("x2", "m2", 0), ("w2", "m2", 1), ("m1", "s1", 0),
         ("m2", "s1", 1), ("s1", "n", 0), ("b", "n", 1), ("n", "o", 0))
"""(source, target, port) of every wire."""

POSITIONS = {"x1": (0.0, 0.0), "w1": (0.0, 110.0), "x2": (0.0, 220.0), "w2": (0.0, 330.0),
             "b": (440.0, 220.0), "m1": (220.0, 110.0), "m2": (220.0, 220.0),
             "s1": (440.0, 110.0), "n": (660.0, 165.0), "o": (880.0, 165.0)}


def neuron_values() -> Dict[str, Value]:
    """The neuron built with Values the tutorial's way, every node by label (o is the output)."""
    x1 = Value(2.0, label='x1')
    x2 = Value(0.0, label='x2')
    w1 = Value(-3.0, label='w1')
    w2 = Value(1.0, label='w2')
    b = Value(6.8813735870195432, label='b')
    x1w1 = x1*w1; x1w1.label = 'x1*w1'  # noqa: E702
    x2w2 = x2*w2; x2w2.label = 'x2*w2'  # noqa: E702
    x1w1x2w2 = x1w1 + x2w2; x1w1x2w2.label = 'x1*w1 + x2*w2'  # noqa: E702
    n = x1w1x2w2 + b; n.label = 'n'  # noqa: E702
    o = n.tanh(); o.label = 'o'  # noqa: E702
    return {v.label: v for v in topological_order([o])}


def neuron_document(output: Optional[str] = None, at_origin: bool = False,
                    extra: Optional[Dict[str, dict]] = None,
                    wire_extra: Optional[Dict[Tuple[str, str, int], dict]] = None) -> GraphDocument:
    """The neuron as a document, made in one command group as the editor would.

    ``output`` marks that node as output; ``at_origin`` puts every node at
    (0, 0); ``extra`` gives nodes (by id) and ``wire_extra`` wires (by
    (source, target, port)) extra fields of any name.
    """
    extra, wire_extra = extra or {}, wire_extra or {}
    nodes: Iterable = [(node_id, kind, dict(value=value)) for node_id, (kind, value) in LEAVES.items()]
    nodes = list(nodes) + [(node_id, kind, dict(label=label)) for node_id, kind, label in OPS]
    commands = [AddNode(node_id, kind, pos=(0.0, 0.0) if at_origin else POSITIONS[node_id],
                        extra=extra.get(node_id), **fields)
                for node_id, kind, fields in nodes]
    commands += [AddWire(*wire, extra=wire_extra.get(wire)) for wire in WIRES]
    if output is not None:
        commands.append(SetOutput(output))
    doc = GraphDocument()
    Macro("Build the neuron", commands).do(doc)
    return doc
