"""The command line: ``gradgui [FILE]`` opens the editor, ``--backward`` and ``--train`` run headless.

The headless path imports no Qt, so it works on machines without a display
and starts quickly; the editor is imported only when it is asked for, and
``--backward`` (with or without ``--variant``) reads its file without networkx.
"""

import argparse
import json
import os
import sys
from typing import TYPE_CHECKING, Dict, List, Optional

from .document.document import GraphDocument
from .document.evaluation import Evaluation, OutputChoiceError, choose_output, evaluate
from .document.fileformat import FileFormatError, load
from .engine import GradguiError
from .train_cli import add_train_arguments, run_train, train_conflict

if TYPE_CHECKING:
    from .document.bug_lab import VariantResult

PROG = "gradgui"


class CliError(GradguiError):
    """A headless run that cannot go on, said in one line."""


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of ``gradgui``."""
    parser = argparse.ArgumentParser(
        prog=PROG, formatter_class=_HelpFormatter,
        description="An editor for scalar computation graphs that makes backpropagation visible.",
        epilog="Without --backward or --train, gradgui opens the editor (on FILE or the lesson, "
           "if given).",
    )
    parser.add_argument("file", nargs="?", metavar="FILE", help="a gradgui graph file (.json)")
    parser.add_argument("--backward", action="store_true",
                        help="run forward and backward on FILE without a window and print "
                             "every node's label, kind, data and grad")
    parser.add_argument("--json", action="store_true",
                        help="with --backward: print a JSON object instead of a table")
    parser.add_argument("--output", metavar="NODE",
                        help="with --backward: the node to backpropagate from (an id, or a "
                             "label no other node has)")
    variant = parser.add_argument(
        "--variant", metavar="NAME",
        help="with --backward: run the bug lab's buggy pass NAME (%(variants)s) and show each "
             "grad next to the correct one")
    variant.variants = _Variants()  # named when help is shown
    add_train_arguments(parser)
    lesson = parser.add_argument(
        "--lesson", metavar="NAME|FILE",
        help="open the editor on a lesson: a bundled one by name or number (%(bundled)s), "
             "or a lesson file")
    lesson.bundled = _BundledLessons()  # named when help is shown
    return parser


class _HelpFormatter(argparse.HelpFormatter):
    """argparse's formatter, given the terminal's width without shutil: the parser makes
    one for every argument it adds, and shutil loads the compression modules."""

    def __init__(self, prog, indent_increment=2, max_help_position=24, width=None):
        if width is None:
            width = _terminal_columns() - 2
        super().__init__(prog, indent_increment, max_help_position, width)


def _terminal_columns() -> int:
    """The terminal's width as shutil.get_terminal_size gives it: $COLUMNS, else the
    terminal's own, else 80."""
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns
        except (AttributeError, ValueError, OSError):
            columns = 0
    return columns if columns > 0 else 80


class _Variants:
    """The bug lab's variants, read from its module only when help is shown."""

    def __str__(self) -> str:
        from .document.bug_lab import VARIANTS
        return ", ".join(VARIANTS)


class _BundledLessons:
    """The bundled lessons' names, read from the lessons module only when help is shown:
    a headless run does not load it."""

    def __str__(self) -> str:
        from .document.lesson import BUNDLED
        return ", ".join(BUNDLED)


def main(argv: Optional[List[str]] = None) -> int:
    """Run gradgui with ``argv`` (default: the process's arguments); return the exit code."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
        conflict = train_conflict(args)
        if conflict:
            parser.error(conflict)
        if not args.backward and not args.train:
            if args.json or args.output is not None:
                parser.error("--json only works with --backward or --train, --output with --backward")
        elif args.backward and args.file is None:
            parser.error("--backward needs a FILE")
        if args.variant is not None and not args.backward:
            parser.error("--variant only works with --backward")
        if args.lesson is not None and (args.backward or args.train or args.file is not None):
            parser.error("--lesson opens its own graph: give it no FILE, --backward or --train")
    except SystemExit as done:
        # argparse exits on --help and on usage errors; a caller of main()
        # gets the code instead of losing its interpreter.
        return done.code if isinstance(done.code, int) else 2
    if args.train:
        return run_train(args, _fail)
    if args.backward:
        return run_backward(args.file, output=args.output, as_json=args.json, variant=args.variant)
    if args.lesson is not None:
        from .document.lesson import LessonFormatError, find_lesson, load_lesson
        try:  # checked here, so a bad lesson is one line on the terminal, not a dialog
            load_lesson(find_lesson(args.lesson))
        except LessonFormatError as error:
            _fail(str(error))
            return 2
    return _open_editor(argv)


def _open_editor(argv: Optional[List[str]]) -> int:
    try:
        from .app import main as app_main
    except ModuleNotFoundError as error:
        # Only a missing editor or Qt gets the one-line treatment; any other
        # broken import is a bug whose traceback is worth seeing.
        missing = (error.name or "").split(".")[0]
        if error.name != f"{__package__}.app" and missing not in ("PySide6", "shiboken6"):
            raise
        _fail(f"the editor is not available ({error}); --backward FILE works without it")
        return 2
    return app_main(argv)


def _fail(message: str) -> None:
    # A path or a label may hold a line break: the message stays one line.
    _write(sys.stderr, f"{PROG}: {' '.join(message.splitlines())}")


def _write(stream, text: str) -> None:
    """Print ``text`` in whatever the stream can encode: what it cannot (a lone
    surrogate from a file's "\\ud800", or "é" on an ASCII terminal) is escaped."""
    encoding = getattr(stream, "encoding", None) or "utf-8"
    try:
        text = text.encode(encoding, "backslashreplace").decode(encoding)
    except LookupError:  # a stream naming an encoding Python does not know
        text = text.encode("ascii", "backslashreplace").decode("ascii")
    print(text, file=stream, flush=True)


def run_backward(path: str, output: Optional[str] = None, as_json: bool = False,
                 variant: Optional[str] = None) -> int:
    """Load ``path``, run forward and backward (or the bug lab's ``variant`` of it), print
    the result; return the exit code."""
    lab = None
    if variant is not None:
        from .document.bug_lab import BugLabError, check_variant, run_variant
        try:
            check_variant(variant)
        except BugLabError as error:
            _fail(str(error))
            return 2
    try:
        doc = load(path, plain=True)  # read and evaluated, never edited: no networkx
        if "dataset" in doc.graph.graph:
            doc = load(path)  # a data set's passes unroll the network on networkx's graph
        evaluation = evaluate(doc)  # with a data set: row 0 shown, Backward over every row
        root = _output_node(doc, output)
        if root not in evaluation.values:
            raise CliError(f"cannot backpropagate from {_name(doc, root)}: "
                           f"{_root_cause(doc, evaluation, root)}")
        if variant is None:
            evaluation.backward(root)
        elif hasattr(evaluation, "bound"):
            from .document.bug_lab_rows import run_on_rows
            lab = run_on_rows(doc, variant, evaluation.row, root)
        else:
            lab = run_variant(evaluation, root, variant)
    except OSError as error:
        _fail(f"cannot read {path}: {error.strerror or error}")
        return 2
    except OutputChoiceError as error:
        if not error.candidates:
            _fail(f"{path}: {error}")
        else:
            ids = " or ".join(repr(n) for n in error.candidates)
            _fail(f"{path}: several nodes could be the output; choose one with --output ID "
                  f"(ids: {ids})")
        return 2
    except FileFormatError as error:
        # It names the file already.
        _fail(str(error))
        return 2
    except GradguiError as error:
        _fail(f"{path}: {error}")
        return 2
    report = _report(doc, evaluation, root, lab)
    try:
        _write(sys.stdout, json.dumps(report, indent=2) if as_json else format_table(report))
    except BrokenPipeError:
        # The reader stopped early (`| head`). Point stdout at nothing so the
        # interpreter's own flush at exit does not fail a second time.
        _silence_stdout()
        return 1
    except OSError as error:  # a full disk, a closed terminal
        _silence_stdout()
        _fail(f"cannot write the result: {error.strerror or error}")
        return 2
    return 0


def _silence_stdout() -> None:
    try:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):  # stdout is not a real file
        pass


def _output_node(doc: GraphDocument, wanted: Optional[str]) -> str:
    if wanted is None:
        return choose_output(doc)
    if wanted in doc:
        return wanted
    matches = [n for n in doc.node_ids() if doc.label(n) == wanted]
    if len(matches) == 1:
        return matches[0]
    if not matches:
        raise CliError(f"there is no node with the id or label {wanted!r}")
    ids = ", ".join(repr(n) for n in matches)
    raise CliError(f"several nodes are labelled {wanted!r}; pass one of their ids ({ids})")


def _name(doc: GraphDocument, node_id: str) -> str:
    label = doc.label(node_id)
    return f"'{label}'" if label == node_id else f"'{label}' (id {node_id!r})"


def _root_cause(doc: GraphDocument, evaluation: Evaluation, node_id: str) -> str:
    """The first real fault upstream of ``node_id``, not just 'its input has no value'."""
    problem = evaluation.problems[node_id]
    while problem.kind == "upstream":
        node_id = next(s for s in doc.inputs(node_id) if s not in evaluation.values)
        problem = evaluation.problems[node_id]
    if problem.kind == "incomplete":
        return f"{_name(doc, node_id)} is incomplete: {problem.message}"
    return problem.message


def _report(doc: GraphDocument, evaluation: Evaluation, root: str,
            lab: Optional["VariantResult"] = None) -> Dict:
    nodes = {}
    for node_id in evaluation.order:
        nodes[node_id] = {
            "label": doc.label(node_id),
            "kind": doc.kind(node_id).name,
            "data": evaluation.data(node_id),
            "grad": evaluation.grad(node_id) if lab is None else lab.buggy.get(node_id),
        }
        if lab is not None:
            nodes[node_id]["correct_grad"] = lab.correct.get(node_id)
    report = {"output": root, "nodes": nodes}
    if lab is not None:
        report["variant"] = lab.variant
        report["wrong"] = [n for n in evaluation.order if n in lab.wrong]
    return report


def format_table(report: Dict) -> str:
    """The report as an aligned text table, one node a line, the output marked (and with
    a bug lab variant, each correct grad beside the buggy one and the wrong ones marked)."""
    lab = "variant" in report
    header = ("id", "label", "kind", "data", "grad") + (("correct",) if lab else ())
    rows = [header]
    for node_id, node in report["nodes"].items():
        rows.append((node_id, node["label"], node["kind"], _number(node["data"]),
                     _number(node["grad"])) + ((_number(node["correct_grad"]),) if lab else ()))
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    wrong = set(report.get("wrong", ()))
    lines = []
    for row in rows:
        text = [cell.ljust(width) for cell, width in zip(row[:3], widths)]
        numbers = [cell.rjust(width) for cell, width in zip(row[3:], widths[3:])]
        marks = [] if row is header else (
            ["output"] * (row[0] == report["output"]) + ["wrong"] * (row[0] in wrong))
        mark = f"  <- {', '.join(marks)}" if marks else ""
        lines.append(("  ".join(text + numbers) + mark).rstrip())
    if lab:
        count = len(wrong)
        lines += ["", f"bug lab variant {report['variant']}: "
                      + (f"{count} grad{'s' if count != 1 else ''} wrong" if count else
                         "every grad is right on this graph")]
    return "\n".join(lines)


def _number(x: Optional[float]) -> str:
    # repr keeps every digit, so the table and --json agree exactly.
    return "-" if x is None else repr(x)
