"""The graph document: structure, values, labels and positions; its commands,
evaluation and file format. Uses the engine and networkx, never Qt.

Each name is imported from its module when first asked for, so a program
that needs one part (the command line reads a file and evaluates it) does
not load every other part, nor networkx when that part does not need it.
"""

import importlib

_MODULES = {
    "commands": ("AddNode", "AddWire", "Command", "Macro", "RemoveNode", "RemoveWire", "SetField",
                 "SetOutput", "delete_nodes", "move_nodes", "new_node", "rewire"),
    "document": ("FORMAT", "VERSION", "GraphDocument"),
    "errors": ("DocumentError", "EditStopped", "WireError"),
    "evaluation": ("Evaluation", "OutputChoiceError", "Problem", "choose_output",
                   "output_candidates"),
    "events": ("DocEvent", "Events", "Wire"),
    "fileformat": ("FileFormatError", "dumps", "load", "loads", "save"),
    "kinds": ("GROUPS", "KINDS", "Kind", "get_kind"),
    "descent": ("descent_step",),
    "expression": ("ExpressionError", "ParsedExpression", "parse_expression"),
    "expression_insert": ("insert_expression",),
    "gradcheck": ("GradCheckReport", "GradCheckRow", "grad_check"),
    "python_export": ("export_python",),
    "clipboard": ("copy_fragment", "duplicate", "fragment_from_text", "fragment_to_text",
                  "paste_fragment"),
    "from_values": ("to_document", "to_document_with_values"),
    "generate": ("chain_document", "mlp_document", "mlp_for_size"),
    "layout": ("auto_layout", "layered_layout"),
    "groups": ("Groups",),
    "group_commands": ("DissolveGroup", "MakeGroup", "RenameGroup", "SetCollapsed",
                       "collapse_level", "group_selection", "set_collapsed"),
}
_HOME = {name: module for module, names in _MODULES.items() for name in names}


def __getattr__(name):
    module = _HOME.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value  # asked once
    return value


def __dir__():
    return sorted(set(globals()) | set(_HOME))


__all__ = [
    "auto_layout", "chain_document", "copy_fragment", "duplicate", "fragment_from_text",
    "fragment_to_text", "layered_layout", "mlp_document", "mlp_for_size", "paste_fragment",
    "to_document", "to_document_with_values",
    "ExpressionError", "GradCheckReport", "GradCheckRow", "ParsedExpression",
    "descent_step", "export_python", "grad_check", "insert_expression",
    "parse_expression",
    "FileFormatError", "dumps", "load", "loads", "save",
    "AddNode", "AddWire", "Command", "DocEvent", "DocumentError", "EditStopped", "Evaluation",
    "Events",
    "FORMAT", "GROUPS", "GraphDocument", "Macro", "KINDS", "Kind", "OutputChoiceError",
    "Problem", "RemoveNode", "RemoveWire", "SetField", "SetOutput", "VERSION", "Wire",
    "WireError", "choose_output", "delete_nodes", "get_kind", "move_nodes",
    "new_node", "output_candidates", "rewire",
    "DissolveGroup", "Groups", "MakeGroup", "RenameGroup", "SetCollapsed", "collapse_level",
    "group_selection", "set_collapsed",
]
