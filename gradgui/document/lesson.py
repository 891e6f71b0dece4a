"""Lesson files: a graph and ordered steps of text, each with an optional action
for the learner and the condition that tells it is done.

A lesson is JSON, read as data like a graph file: every field is checked,
and a bad file is refused with one line naming the file and the fault. The
graph is inline (a whole graph file's object under ``graph``), the name of a
bundled example (``example``) or a graph file beside the lesson (``file``).
Conditions are checked by ``lesson_check``.
"""

import json
import math
import os
from dataclasses import dataclass
from pathlib import Path
from typing import List, Optional, Tuple

from ..package_info import examples_dir, resources_dir
from .bug_lab import VARIANTS
from .document import GraphDocument
from .fileformat import FileFormatError, load, loads

LESSON_FORMAT = "gradgui-lesson"
LESSON_VERSION = 1
MAX_LESSON_BYTES = 4 * 1024 * 1024  # a lesson is text and one small graph

BUNDLED = ("neuron", "used-twice", "topological-order", "zero-grad", "descent")
"""The bundled lessons' names, in the order a learner takes them."""

# condition kind -> (its required fields, its optional fields); every field but
# "kind" names a node, except the numbers ("equals", "than"), "port" and "variant".
# A prediction is checked to 4 significant digits against the grad of a fresh pass
# from the graph's output (or from "output"), or the bug lab "variant"'s grad.
CONDITIONS = {
    "backward": ((), ()),               # a whole backward pass's grads are on show
    "step": (("node",), ()),            # the step-through has written node's grad
    "predict": (("node",), ("variant", "output")),  # the learner typed node's grad
    "wire": (("source", "target"), ("port",)),  # a wire from source into target
    "value": (("node", "equals"), ()),  # a leaf's value is this number (4 digits)
    "change": (("node",), ()),          # a leaf's value differs from the lesson's
    "below": (("node", "than"), ()),    # a node's data is below a number
    "above": (("node", "than"), ()),    # a node's data is above a number
    "bug_lab": (("variant",), ()),      # the window's bug lab shows this variant
}
_NODE_FIELDS = ("node", "source", "target", "output")
_TOP_FIELDS = ("format", "version", "title", "graph", "example", "file", "steps")
_STEP_FIELDS = ("text", "action", "highlight", "compare")
_ACTION_FIELDS = ("text", "done")


class LessonFormatError(FileFormatError):
    """A lesson file that cannot be read, in one line: ``file: fault``."""


class _Fault(Exception):
    pass


@dataclass(frozen=True)
class Condition:
    """How to tell an action is done: a ``kind`` of CONDITIONS and its fields."""

    kind: str
    node: Optional[str] = None
    source: Optional[str] = None
    target: Optional[str] = None
    port: Optional[int] = None
    number: Optional[float] = None  # "equals" or "than"
    variant: Optional[str] = None
    output: Optional[str] = None  # predict: the grad with respect to this node, not the output


@dataclass(frozen=True)
class Action:
    """What the learner is asked to do (``text``) and how to tell it is done."""

    text: str
    done: Condition


@dataclass(frozen=True)
class LessonStep:
    """One step: Markdown text, an optional action, the nodes it talks about, and
    optionally a bug lab variant whose grads are shown beside the right ones."""

    text: str
    action: Optional[Action] = None
    highlight: Tuple[str, ...] = ()
    compare: Optional[str] = None


@dataclass(frozen=True)
class Lesson:
    """A titled lesson: its graph (as graph-file text) and its steps."""

    title: str
    steps: Tuple[LessonStep, ...]
    graph_text: str
    name: str  # the file's name, for messages

    def document(self) -> GraphDocument:
        """A fresh document of the lesson's graph."""
        return loads(self.graph_text, self.name)

    def start_value(self, node_id: str) -> Optional[float]:
        """A leaf's value in the lesson's graph as it opens."""
        return self.document().node(node_id).get("value")


# ----- bundled lessons -------------------------------------------------------
def lessons_dir() -> Path:
    """The folder of the bundled lessons."""
    return resources_dir() / "lessons"


def bundled_lessons() -> List[Path]:
    """The bundled lesson files, in BUNDLED's order (any others after, by name)."""
    found = sorted(lessons_dir().glob("*.json"))
    order = {name: i for i, name in enumerate(BUNDLED)}
    return sorted(found, key=lambda p: (order.get(p.stem, len(order)), p.name))


def find_lesson(name_or_path: str) -> Path:
    """A bundled lesson by name or number (1 is the first), else a lesson file's path."""
    text = str(name_or_path)
    bundled = bundled_lessons()
    if text.isdigit() and 1 <= int(text) <= len(bundled):
        return bundled[int(text) - 1]
    for path in bundled:
        if text in (path.stem, path.name):
            return path
    if os.sep in text or "/" in text or text.lower().endswith(".json") or os.path.exists(text):
        return Path(text)
    names = ", ".join(p.stem for p in bundled)
    raise LessonFormatError(text, f"no such lesson (bundled lessons: {names}; or give a file)")


# ----- reading ---------------------------------------------------------------
def load_lesson(path) -> Lesson:
    """Read and check the lesson file at ``path``; LessonFormatError if it is bad."""
    path = Path(path)
    name = path.name or str(path)
    try:
        if path.is_dir():
            raise LessonFormatError(name, "cannot open: it is a folder, not a file")
        if path.stat().st_size > MAX_LESSON_BYTES:
            raise LessonFormatError(name, "too big for a lesson (the limit is 4 MiB)")
        data = path.read_bytes()
    except OSError as error:
        reason = "no such file or folder" if isinstance(error, FileNotFoundError) else (
            error.strerror or str(error)).lower()
        raise LessonFormatError(name, f"cannot open: {reason}") from None
    return loads_lesson(data, name, folder=path.parent)


def loads_lesson(text, name: str = "<lesson>", folder: Optional[Path] = None) -> Lesson:
    """A lesson from the text of a lesson file; ``folder`` is where ``file`` graphs live."""
    try:
        if isinstance(text, (bytes, bytearray)):
            try:
                text = bytes(text).decode("utf-8-sig")
            except UnicodeDecodeError as error:
                raise _Fault(f"not UTF-8 text (bad byte at offset {error.start})") from None
        try:
            top = json.loads(text, parse_constant=_refuse_constant)
        except json.JSONDecodeError as error:
            raise _Fault(f"not JSON: {error.msg} at line {error.lineno}, column {error.colno}") from None
        except (ValueError, RecursionError) as error:
            raise _Fault(f"not usable JSON: {str(error).splitlines()[0]}") from None
        return _build(top, name, folder)
    except _Fault as fault:
        raise LessonFormatError(name, str(fault)) from None


def _refuse_constant(constant):
    raise ValueError(f"{constant} is not allowed: numbers must be finite")


def _build(top, name: str, folder: Optional[Path]) -> Lesson:
    if type(top) is not dict:
        raise _Fault("not a gradgui lesson: the top level is not an object")
    if top.get("format") != LESSON_FORMAT:
        found = repr(top["format"]) if "format" in top else "missing"
        raise _Fault(f"not a gradgui lesson: 'format' is {found}, not '{LESSON_FORMAT}'")
    version = top.get("version")
    if type(version) is not int or version < 1:
        raise _Fault(f"'version' must be a whole number from 1, not {version!r}")
    if version > LESSON_VERSION:
        raise _Fault(f"lesson version {version} is newer than this gradgui reads "
                     f"(version {LESSON_VERSION}); please update gradgui")
    _known(top, _TOP_FIELDS, "the lesson")
    title = _text(top.get("title"), "'title'")
    graph_text, doc = _graph(top, name, folder)
    steps = top.get("steps")
    if type(steps) is not list or not steps:
        raise _Fault("'steps' must be a list of at least one step")
    nodes = set(doc.node_ids())
    return Lesson(title, tuple(_step(s, i + 1, nodes, doc) for i, s in enumerate(steps)),
                  graph_text, name)


def _graph(top: dict, name: str, folder: Optional[Path]) -> Tuple[str, GraphDocument]:
    given = [field for field in ("graph", "example", "file") if field in top]
    if len(given) != 1:
        raise _Fault("the lesson needs exactly one of 'graph' (inline), 'example' "
                     f"(a bundled example's name) or 'file' (a graph file), not {len(given)}")
    field = given[0]
    try:
        if field == "graph":
            if type(top["graph"]) is not dict:
                raise _Fault("'graph' must be a graph file's object")
            text = json.dumps(top["graph"])
            return text, loads(text, "graph")
        value = _text(top[field], f"'{field}'")
        if field == "example":
            path = examples_dir() / (value if value.endswith(".json") else f"{value}.json")
            if Path(value).name != value or not path.is_file():
                names = ", ".join(sorted(p.stem for p in examples_dir().glob("*.json")))
                raise _Fault(f"'example': no bundled example {value!r} (examples: {names})")
        else:
            path = (folder or Path.cwd()) / value
        doc = load(path)
    except FileFormatError as error:
        # The graph's own one line, said as part of the lesson's.
        raise _Fault(f"'{field}': {error}") from None
    return path.read_text(encoding="utf-8-sig"), doc


def _step(raw, number: int, nodes: set, doc: GraphDocument) -> LessonStep:
    where = f"step {number}"
    if type(raw) is not dict:
        raise _Fault(f"{where}: must be an object")
    _known(raw, _STEP_FIELDS, where)
    text = _markdown(raw.get("text"), f"{where}: 'text'")
    highlight = raw.get("highlight", [])
    if type(highlight) is not list or any(type(n) is not str for n in highlight):
        raise _Fault(f"{where}: 'highlight' must be a list of node ids")
    for node_id in highlight:
        _node(node_id, nodes, f"{where}: 'highlight'")
    compare = raw.get("compare")
    if compare is not None and compare not in VARIANTS:
        raise _Fault(f"{where}: 'compare' must be a bug lab variant ({', '.join(VARIANTS)}), "
                     f"not {compare!r}")
    action = None
    if "action" in raw:
        action = _action(raw["action"], f"{where}: 'action'", nodes, doc)
    return LessonStep(text, action, tuple(highlight), compare)


def _action(raw, where: str, nodes: set, doc: GraphDocument) -> Action:
    if type(raw) is not dict:
        raise _Fault(f"{where} must be an object with 'text' and 'done'")
    _known(raw, _ACTION_FIELDS, where)
    text = _text(raw.get("text"), f"{where}: 'text'")
    done = raw.get("done")
    if type(done) is not dict:
        raise _Fault(f"{where}: 'done' must be an object naming a condition")
    where = f"{where}: 'done'"
    kind = done.get("kind")
    if kind not in CONDITIONS:
        raise _Fault(f"{where}: unknown condition {kind!r} (known: {', '.join(CONDITIONS)})")
    required, optional = CONDITIONS[kind]
    _known(done, ("kind",) + required + optional, f"{where} ({kind})")
    fields = {}
    for field in required + optional:
        if field not in done:
            if field in required:
                raise _Fault(f"{where} ({kind}): '{field}' is missing")
            continue
        value = done[field]
        if field in _NODE_FIELDS:
            fields[field] = _node(value, nodes, f"{where} ({kind}): '{field}'")
        elif field == "port":
            if type(value) is not int or value < 0:
                raise _Fault(f"{where} ({kind}): 'port' must be a whole number from 0")
            fields["port"] = value
        elif field == "variant":
            if value not in VARIANTS:
                raise _Fault(f"{where} ({kind}): 'variant' must be one of {', '.join(VARIANTS)}, "
                             f"not {value!r}")
            fields["variant"] = value
        else:
            if type(value) not in (int, float) or not math.isfinite(value):
                raise _Fault(f"{where} ({kind}): '{field}' must be a finite number")
            fields["number"] = float(value)
    if kind in ("value", "change") and not doc.kind(fields["node"]).is_leaf:
        raise _Fault(f"{where} ({kind}): node {fields['node']!r} has no value to set "
                     "(it is an op)")
    if kind == "wire":
        arity = doc.kind(fields["target"]).arity
        if arity == 0:
            raise _Fault(f"{where} (wire): node {fields['target']!r} takes no wires (it has no inputs)")
        if fields.get("port", 0) >= arity:
            raise _Fault(f"{where} (wire): node {fields['target']!r} has no input {fields['port']}")
    return Action(text, Condition(kind, **fields))


def _known(record: dict, fields: tuple, where: str) -> None:
    unknown = sorted(k for k in record if k not in fields)
    if unknown:
        raise _Fault(f"{where}: unknown field {unknown[0]!r} (known: {', '.join(fields)})")


def _text(value, where: str) -> str:
    if type(value) is not str or not value.strip():
        raise _Fault(f"{where} must be non-empty text")
    return value


def _markdown(value, where: str) -> str:
    """Text, or a list of lines joined with line breaks (easier to write in JSON)."""
    if type(value) is list and value and all(type(line) is str for line in value):
        value = "\n".join(value)
    if type(value) is not str or not value.strip():
        raise _Fault(f"{where} must be non-empty text or a list of lines")
    return value


def _node(node_id, nodes: set, where: str) -> str:
    if type(node_id) is not str:
        raise _Fault(f"{where} must be a node id (text)")
    if node_id not in nodes:
        raise _Fault(f"{where} names {node_id!r}, which is not a node of the lesson's graph")
    return node_id
