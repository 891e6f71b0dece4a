"""The graph document: structure, values, labels and positions; its commands,
evaluation and file format. Uses the engine and networkx, never Qt."""

from .commands import (AddNode, AddWire, Command, Macro, RemoveNode, RemoveWire, SetField,
                       SetOutput, delete_nodes, move_nodes, new_node, rewire)
from .document import FORMAT, VERSION, GraphDocument
from .errors import DocumentError, EditStopped, WireError
from .evaluation import Evaluation, OutputChoiceError, Problem, choose_output, output_candidates
from .events import DocEvent, Events, Wire
from .fileformat import FileFormatError, dumps, load, loads, save
from .kinds import GROUPS, KINDS, Kind, get_kind
from .descent import descent_step
from .expression import ExpressionError, ParsedExpression, parse_expression
from .expression_insert import insert_expression
from .gradcheck import GradCheckReport, GradCheckRow, grad_check
from .python_export import export_python
from .clipboard import (copy_fragment, duplicate, fragment_from_text, fragment_to_text,
                        paste_fragment)
from .from_values import to_document, to_document_with_values
from .generate import chain_document, mlp_document, mlp_for_size
from .layout import auto_layout, layered_layout
from .groups import Groups
from .group_commands import (DissolveGroup, MakeGroup, RenameGroup, SetCollapsed, collapse_level,
                             group_selection, set_collapsed)

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
