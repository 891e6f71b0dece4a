"""Small documents for tests, made through the same commands an editor uses."""

from gradgui.document import AddNode, AddWire, GraphDocument, SetOutput


def build(nodes, wires, output=None) -> GraphDocument:
    """A document from (id, kind, fields) and (source, target, port) lists, through commands."""
    doc = GraphDocument()
    for node_id, kind, fields in nodes:
        AddNode(node_id, kind, **fields).do(doc)
    for source, target, port in wires:
        AddWire(source, target, port).do(doc)
    if output:
        SetOutput(output).do(doc)
    return doc
