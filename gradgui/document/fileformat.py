"""Graph files: networkx node-link JSON with ``graph.format = "gradgui"``.

``load``/``loads`` always make a new document, so a bad file gives one
``FileFormatError`` line and no document, and whatever is open stays as it
was. ``save`` is atomic: a failed save leaves the old file alone.
"""

import json
import os
import stat
from typing import Optional

from .document import FORMAT, VERSION, GraphDocument
from .errors import DocumentError
from .group_file import records_text
from .kinds import KINDS
from .validate import TOP_FIELDS, Fault, build

MAX_BYTES = 64 * 1024 * 1024
"""Files larger than this are refused unread (64 MiB: millions of nodes), and never written."""

# (ascii only, compact) -> encoder
_ENCODERS = {(ascii_only, compact): json.JSONEncoder(
    ensure_ascii=ascii_only, allow_nan=False, separators=(",", ":") if compact else None)
    for ascii_only in (False, True) for compact in (False, True)}
# kind -> (the number field it needs or "", how many fields its plain record has)
_PLAIN = {k.name: ("value", 4) if k.has_value else ("exponent", 4) if k.has_exponent else ("", 3)
          for k in KINDS.values()}


class FileFormatError(DocumentError):
    """A graph file that cannot be read or written, in one line: ``file: fault``."""

    def __init__(self, file: str, fault: str):
        # Names and faults quote what a file said; keep the message one line.
        self.file = " ".join(str(file).splitlines())
        self.fault = " ".join(str(fault).splitlines())
        super().__init__(f"{self.file}: {self.fault}")


class _NotFinite(ValueError):
    pass


def _refuse_constant(name):
    raise _NotFinite(name)


def loads(text, name: str = "<string>", limit: Optional[int] = None,
          plain: bool = False) -> GraphDocument:
    """A new document from the text of a graph file; FileFormatError if it is bad.

    Text longer than ``limit`` characters (default ``MAX_BYTES``) is refused unread.
    ``plain``: a document to read and evaluate, not to edit, held without networkx
    (``plain_graph``).
    """
    limit = MAX_BYTES if limit is None else limit
    if isinstance(text, (bytes, bytearray)):
        try:
            text = bytes(text).decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise FileFormatError(name, f"not UTF-8 text (bad byte at offset {error.start})") from None
    elif not isinstance(text, str):
        raise FileFormatError(name, f"expected text, not {type(text).__name__}")
    elif text.startswith("\ufeff"):
        text = text[1:]
    if len(text) > limit:
        raise FileFormatError(name, f"too big: {_size(len(text))} (the limit is {_size(limit)})")
    try:
        try:
            top = json.loads(text, parse_constant=_refuse_constant)
        except _NotFinite as error:
            raise Fault(f"{error.args[0]} is not allowed: numbers must be finite") from None
        except json.JSONDecodeError as error:
            raise Fault(f"not JSON: {error.msg} at line {error.lineno}, column {error.colno}") from None
        except RecursionError:
            raise Fault("not usable JSON: nested too deeply") from None
        except ValueError as error:
            raise Fault(f"not usable JSON: {str(error).splitlines()[0]}") from None
        return build(top, plain)
    except Fault as fault:
        raise FileFormatError(name, str(fault)) from None
    except RecursionError:
        raise FileFormatError(name, "nested too deeply") from None


def load(path, limit: Optional[int] = None, plain: bool = False) -> GraphDocument:
    """A new document read from the graph file at ``path``; FileFormatError if it is bad.

    A file larger than ``limit`` bytes (default ``MAX_BYTES``) is refused unread;
    ``plain`` as for ``loads``.
    """
    limit = MAX_BYTES if limit is None else limit
    path, name = _path_and_name(path)
    try:
        info = os.stat(path)
    except (OSError, ValueError) as error:
        raise FileFormatError(name, f"cannot open: {_reason(error)}") from None
    if stat.S_ISDIR(info.st_mode):
        raise FileFormatError(name, "cannot open: it is a folder, not a file")
    if not stat.S_ISREG(info.st_mode):
        # Devices and pipes may never end or may block: not graph files.
        raise FileFormatError(name, "cannot open: not a regular file")
    if info.st_size > limit:
        raise FileFormatError(name, f"too big: {_size(info.st_size)} (the limit is {_size(limit)})")
    try:
        with open(path, "rb") as file:
            data = file.read(limit + 1)
    except OSError as error:
        raise FileFormatError(name, f"cannot read: {_reason(error)}") from None
    if len(data) > limit:
        raise FileFormatError(name, f"too big: more than {_size(limit)}")
    return loads(data, name, limit, plain)


def dumps(doc: GraphDocument) -> str:
    """The text of ``doc`` as a graph file: one node and one wire per line."""
    return _encode(doc, "<string>")


def save(doc: GraphDocument, path, limit: Optional[int] = None) -> None:
    """Write ``doc`` to ``path`` atomically; FileFormatError (old file intact) if it fails.

    Nothing is written that ``load`` with the same ``limit`` would refuse.
    """
    write_encoded(encode(doc, _path_and_name(path)[1], limit), path)


def encode(doc: GraphDocument, name: str = "<string>", limit: Optional[int] = None) -> bytes:
    """The bytes of ``doc`` as a graph file (``name`` is for error messages).

    A file that would be larger than ``limit`` bytes (default ``MAX_BYTES``, what ``load`` opens) is
    written without spaces or line breaks (the form ``json.dumps`` makes with
    ``separators=(",", ":")``); if even that is too large, FileFormatError says so.
    """
    limit = MAX_BYTES if limit is None else limit
    data = _encoded(doc, name, compact=False)
    if len(data) <= limit:
        return data
    data = _encoded(doc, name, compact=True)
    if len(data) <= limit:
        return data
    raise FileFormatError(name, f"cannot save: the file would be {_size(len(data))}, more than "
                                f"the {_size(limit)} gradgui can open")


def _encoded(doc: GraphDocument, name: str, compact: bool) -> bytes:
    try:
        return _encode(doc, name, compact=compact).encode("utf-8")
    except UnicodeEncodeError:
        # Lone surrogates (from "\ud800" escapes in a file) have no UTF-8 form.
        return _encode(doc, name, ascii_only=True, compact=compact).encode("ascii")


def write_encoded(data: bytes, path) -> None:
    """Write bytes made by ``encode`` to ``path`` atomically; FileFormatError if it fails."""
    from .atomic import write_atomic  # here: a program that only reads needs no tempfile
    path, name = _path_and_name(path)
    try:
        write_atomic(path, data)
    except FileNotFoundError:
        raise FileFormatError(name, "cannot save: the folder does not exist") from None
    except (OSError, ValueError) as error:
        raise FileFormatError(name, f"cannot save: {_reason(error)}") from None


def _encode(doc: GraphDocument, name: str, ascii_only: bool = False, compact: bool = False) -> str:
    encoder = _ENCODERS[ascii_only, compact]
    # What goes between a key and its value, between two items, and before a record.
    colon, comma, indent = (":", ",", "") if compact else (": ", ", ", "\n    ")
    graph = doc.graph
    header = {"format": FORMAT, "version": VERSION}
    header.update((k, v) for k, v in graph.graph.items() if k not in ("format", "version"))
    extras = doc.file_extras
    try:
        if compact:
            lines = ['{"directed":true,"multigraph":true,"graph":', encoder.encode(header)]
        else:
            lines = ['{\n  "directed": true,\n  "multigraph": true,\n  "graph": ',
                     encoder.encode(header)]
        top = "," if compact else ",\n  "
        for key, value in extras.items():
            if key not in TOP_FIELDS:
                lines += [top, encoder.encode(key), colon, encoder.encode(value)]
        try:
            nodes, edges = _records(graph, encoder, ascii_only, colon, comma)
        except TypeError:
            # Ids that are not text: no document makes them, but stay correct.
            nodes = [encoder.encode({"id": n, **a}) for n, a in graph.nodes(data=True)]
            edges = [encoder.encode({"source": s, "target": t, "key": k, **a})
                     for s, t, k, a in graph.edges(keys=True, data=True)]
        end = "" if compact else "\n  "
        lines += [top, '"nodes"', colon, _list(nodes, indent, end), top, '"edges"', colon,
                  _list(edges, indent, end)]
        if doc.groups.written():
            lines += [top, '"groups"', colon, _list(records_text(doc.groups, encoder), indent, end)]
        lines.append("}" if compact else "\n}\n")
        return "".join(lines)
    except (TypeError, ValueError, RecursionError) as error:
        raise FileFormatError(name, f"cannot save: {str(error).splitlines()[0]}") from None


def _records(graph, encoder: json.JSONEncoder, ascii_only: bool, colon: str = ": ",
             comma: str = ", "):
    """Each node and wire as a line of JSON.

    The json module spends most of a big save building and walking a dict
    per record; the plain records every document is made of are formatted
    directly (the same text the encoder would make), the rest by the encoder.
    """
    quote = json.encoder.encode_basestring_ascii if ascii_only else json.encoder.encode_basestring
    real = float.__repr__
    plain = _PLAIN
    ids = {}
    nodes = []
    for node_id, attrs in graph.nodes(data=True):
        ids[node_id] = q = quote(node_id)
        kind = attrs.get("kind")
        field, size = plain.get(kind, ("", 0))
        if len(attrs) == size:
            label = attrs.get("label")
            pos = attrs.get("pos")
            number = attrs.get(field) if field else 0.0
            if type(label) is str and type(pos) in (tuple, list) and len(pos) == 2:
                x, y = pos
                # nan and inf turn the sum into nan; JSON has no spelling for them.
                if (type(x) is type(y) is type(number) is float
                        and (x - x) + (y - y) + (number - number) == 0.0):
                    num = f'"{field}"{colon}{real(number)}{comma}' if field else ""
                    nodes.append(f'{{"id"{colon}{q}{comma}"kind"{colon}"{kind}"{comma}"label"{colon}'
                                 f'{quote(label)}{comma}{num}"pos"{colon}[{real(x)}{comma}{real(y)}]}}')
                    continue
        nodes.append(encoder.encode({"id": node_id, **attrs}))
    edges = []
    for source, nbrs in graph.adjacency():
        q = ids[source]
        for target, keys in nbrs.items():
            r = ids[target]
            for key, attrs in keys.items():
                port = attrs.get("port")
                if len(attrs) == 1 and type(key) is int and type(port) is int and port == key:
                    edges.append(f'{{"source"{colon}{q}{comma}"target"{colon}{r}{comma}"key"{colon}'
                                 f'{key}{comma}"port"{colon}{key}}}')
                else:
                    edges.append(encoder.encode({"source": source, "target": target, "key": key, **attrs}))
    return nodes, edges


def _list(lines: list, indent: str = "\n    ", end: str = "\n  ") -> str:
    return "[" + indent + ("," + indent).join(lines) + end + "]" if lines else "[]"


def _path_and_name(path):
    try:
        path = os.fspath(path)
    except TypeError:
        raise FileFormatError(repr(path), "not a file path") from None
    text = os.fsdecode(path)
    return path, os.path.basename(text.rstrip("/\\")) or text


def _reason(error: Exception) -> str:
    if isinstance(error, FileNotFoundError):
        return "no such file or folder"
    if isinstance(error, PermissionError):
        return "permission denied"
    if isinstance(error, IsADirectoryError):
        return "it is a folder, not a file"
    if isinstance(error, OSError) and error.strerror:
        return error.strerror[0].lower() + error.strerror[1:]
    return str(error).splitlines()[0] if str(error) else type(error).__name__


def _size(count: int) -> str:
    if count < 1024 * 1024:
        return f"{count:,} bytes"
    return f"{count / (1024 * 1024):.1f} MiB"
