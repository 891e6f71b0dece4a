"""Expressions typed as text (``tanh(x1*w1 + x2*w2 + b)``) turned into nodes.

The text is read with ``ast`` and checked against a whitelist of node types
and function names; it is never evaluated or compiled by Python. The size
of the text is bounded before the parser sees it, because CPython's parser
can be driven into deep recursion by pathological input.
"""

import ast
import re
from dataclasses import dataclass
from typing import Dict, List, Optional, Sequence, Tuple, Union

from .document import check_number
from .errors import DocumentError
from .kinds import KINDS, expression_functions

MAX_LENGTH = 2000
MAX_DEPTH = 100
MAX_NODES = 500
_LABEL_LIMIT = 40

_BINARY = {ast.Add: "add", ast.Sub: "sub", ast.Mult: "mul", ast.Div: "div", ast.Pow: "pow"}
_OPEN, _CLOSE = "([{", ")]}"
_SYMBOLS = {ast.FloorDiv: "//", ast.Mod: "%", ast.MatMult: "@", ast.LShift: "<<",
            ast.RShift: ">>", ast.BitOr: "|", ast.BitXor: "^", ast.BitAnd: "&",
            ast.Invert: "~", ast.Not: "not"}
_TEXT = "text (strings) is not allowed"
_CONSTANTS = {bool: "{!r} is not a number here; write 1 or 0", str: _TEXT, bytes: _TEXT,
              complex: "complex numbers are not allowed"}

# Node types people are likely to try, named in words they will recognise.
_REFUSED = {node_type: reason for node_types, reason in (
    ((ast.Attribute,), "attribute access (a.b) is not allowed"),
    ((ast.Subscript,), "indexing (a[i]) is not allowed"),
    ((ast.Lambda,), "lambda is not allowed"),
    ((ast.IfExp,), "conditional expressions (a if c else b) are not allowed"),
    ((ast.Compare,), "comparisons are not allowed"),
    ((ast.BoolOp,), "'and' and 'or' are not allowed"),
    ((ast.NamedExpr,), "assignment (:=) is not allowed"),
    ((ast.Tuple, ast.List, ast.Dict, ast.Set), "tuples, lists, sets and dicts are not allowed"),
    ((ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp), "comprehensions are not allowed"),
    ((ast.JoinedStr,), _TEXT),
    ((ast.Starred,), "* unpacking is not allowed"),
    ((ast.Await, ast.Yield, ast.YieldFrom), "await and yield are not allowed"),
) for node_type in node_types}


class ExpressionError(DocumentError):
    """An expression that cannot be read; ``column`` (1-based) says where, if known."""

    def __init__(self, reason: str, column: Optional[int] = None, line: int = 1):
        self.reason = reason
        self.column = column
        self.line = line
        where = "" if column is None else f"column {column}: "
        super().__init__((f"line {line}, " if where and line > 1 else "") + where + reason)


@dataclass(frozen=True)
class Variable:
    """A name in the expression; every use of a name is the same node."""

    name: str
    column: int
    text: str
    prec: int = 5


@dataclass(frozen=True)
class Number:
    """A numeric constant (one const node per occurrence)."""

    value: float
    column: int
    text: str
    prec: int = 5


@dataclass(frozen=True)
class Operation:
    """An op or function applied to operands; ``exponent`` for pow."""

    kind: str
    operands: Tuple["Term", ...]
    exponent: Optional[float]
    column: int
    text: Optional[str]
    prec: int


Term = Union[Variable, Number, Operation]


@dataclass(frozen=True)
class ParsedExpression:
    """A checked expression: its tree, its variables in order, and its size in nodes."""

    text: str
    root: Term
    variables: Tuple[str, ...]
    node_count: int


def guess_kind(name: str) -> str:
    """The kind a variable probably is: weights start with 'w', 'b' is a bias."""
    return "weight" if name.startswith("w") or name == "b" else "input"


def number_text(value: float) -> str:
    """A number as a person writes it: 2 rather than 2.0, else the exact repr."""
    return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)


def parse_expression(text: str) -> ParsedExpression:
    """Read and check ``text``; ExpressionError says where and why it is refused."""
    if not isinstance(text, str):
        raise ExpressionError("the expression must be text")
    if len(text) > MAX_LENGTH:
        raise ExpressionError(f"the expression is longer than {MAX_LENGTH:,} characters")
    _check_nesting(text)
    if not text.strip():
        raise ExpressionError("the expression is empty")
    try:
        tree = ast.parse(text, mode="eval")
    except SyntaxError as error:
        column = error.offset if error.offset and error.offset > 0 else None
        raise ExpressionError(f"this is not a valid expression ({error.msg})",
                              column, error.lineno or 1) from None
    except (ValueError, MemoryError, RecursionError):
        raise ExpressionError("this is not a valid expression") from None
    return _Reader(text).read(tree)


def _check_nesting(text: str) -> None:
    """Refuse deep bracket nesting by scanning, so the parser never sees it."""
    depth = 0
    for index, char in enumerate(text):
        if char in _OPEN:
            depth += 1
            if depth > MAX_DEPTH:
                line = text.count("\n", 0, index) + 1
                column = index - (text.rfind("\n", 0, index) + 1) + 1
                raise ExpressionError(
                    f"brackets are nested more than {MAX_DEPTH} deep", column, line)
        elif char in _CLOSE:
            depth = max(0, depth - 1)


class _Reader:
    """Turns a Python AST into Terms, refusing anything off the whitelist."""

    def __init__(self, text: str):
        self.text = text
        self.lines = re.split(r"\r\n|\r|\n", text)
        self.count = 0
        self.variables: Dict[str, None] = {}

    def where(self, node) -> Tuple[int, int]:
        """(line, 1-based character column) of an AST node; col_offset counts UTF-8 bytes."""
        line = getattr(node, "lineno", 1)
        raw = self.lines[line - 1] if 0 < line <= len(self.lines) else ""
        before = raw.encode("utf-8")[:getattr(node, "col_offset", 0)]
        return line, len(before.decode("utf-8", errors="ignore")) + 1

    def refuse(self, node, reason: str):
        raise ExpressionError(reason, *reversed(self.where(node)))

    def add_nodes(self, node) -> None:
        self.count += 1
        if self.count > MAX_NODES:
            self.refuse(node, f"the expression would make more than {MAX_NODES} nodes")

    def read(self, tree) -> ParsedExpression:
        # An explicit stack instead of recursion: a long chain such as
        # 1+1+1+... is deeper than Python's recursion limit allows.
        built: List[Term] = []
        stack = [(tree.body, None)]
        while stack:
            node, plan = stack.pop()
            if plan is None:
                plan, children = self.plan(node)
                stack.append((node, plan))
                stack.extend((child, None) for child in reversed(children))
            else:
                built.append(plan(built))
        root = built.pop()
        return ParsedExpression(self.text, root, tuple(self.variables), self.count)

    def plan(self, node):
        """Check one AST node; return (how to build it from its children, its children)."""
        column = self.where(node)[1]
        value = self.number(node)
        if value is not None:
            self.add_nodes(node)
            return (lambda built: Number(value, column, number_text(value),
                                         3 if value < 0 else 5)), []
        if isinstance(node, ast.Name):
            return self.plan_name(node, column), []
        if isinstance(node, ast.BinOp) and type(node.op) in _BINARY:
            return self.plan_binary(node)
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.UAdd):
            return (lambda built: built.pop()), [node.operand]
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
            return self.combine(node, "neg", 3), [node.operand]
        if isinstance(node, (ast.UnaryOp, ast.BinOp)):
            symbol = _SYMBOLS.get(type(node.op), type(node.op).__name__)
            self.refuse(node, f"the operator '{symbol}' is not allowed")
        if isinstance(node, ast.Call):
            return self.plan_call(node)
        if isinstance(node, ast.Constant):
            reason = _CONSTANTS.get(type(node.value), "{!r} is not a number")
            self.refuse(node, reason.format(node.value))
        self.refuse(node, _REFUSED.get(type(node), f"{type(node).__name__} is not allowed"))

    def number(self, node) -> Optional[float]:
        """The value of a numeric literal, signs included (-2, +-3), else None."""
        sign = 1.0
        while isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
            if isinstance(node.op, ast.USub):
                sign = -sign
            node = node.operand
        if not isinstance(node, ast.Constant):
            return None
        raw = node.value
        if isinstance(raw, bool) or not isinstance(raw, (int, float)):
            return None
        try:
            return sign * check_number(raw, "a number")
        except (DocumentError, OverflowError):
            self.refuse(node, "the number is too large (not a finite number)")

    def plan_name(self, node: ast.Name, column: int):
        name = node.id
        if name in expression_functions():
            self.refuse(node, f"'{name}' is a function: write {name}(...)")
        if name.startswith("__"):
            self.refuse(node, f"names starting with '__' are reserved ('{name}')")
        if name not in self.variables:
            self.variables[name] = None
            self.add_nodes(node)
        return lambda built: Variable(name, column, name)

    def plan_binary(self, node: ast.BinOp):
        if isinstance(node.op, ast.Pow):
            exponent = self.number(node.right)
            if exponent is None:
                self.refuse(node.right, "the exponent of ** must be a number, such as 2 or -1 "
                                        "(a variable exponent is not supported)")
            return self.combine(node, "pow", 4, exponent), [node.left]
        kind = _BINARY[type(node.op)]
        return self.combine(node, kind, 1 if kind in ("add", "sub") else 2), [node.left, node.right]

    def plan_call(self, node: ast.Call):
        func = node.func
        if isinstance(func, ast.Attribute):
            self.refuse(func, _REFUSED[ast.Attribute])
        functions = expression_functions()
        if not isinstance(func, ast.Name) or func.id not in functions:
            name = f"'{func.id}' " if isinstance(func, ast.Name) else ""
            self.refuse(node, f"the function {name}is not one of {', '.join(functions)}")
        if node.keywords:
            self.refuse(node.keywords[0], f"{func.id}() takes no keyword arguments")
        if len(node.args) != 1:
            self.refuse(node, f"{func.id}() takes exactly one argument, not {len(node.args)}")
        if isinstance(node.args[0], ast.Starred):
            self.refuse(node.args[0], _REFUSED[ast.Starred])
        return self.combine(node, functions[func.id], 5), [node.args[0]]

    def combine(self, node, kind: str, prec: int, exponent: Optional[float] = None):
        """Count the op's node; return a builder that pops its operands and writes its text."""
        self.add_nodes(node)
        arity, column = KINDS[kind].arity, self.where(node)[1]

        def build(built: List[Term]) -> Operation:
            operands = tuple(built[-arity:])
            del built[-arity:]
            text = _render(kind, prec, operands, exponent)
            return Operation(kind, operands, exponent, column, text, prec)
        return build


def _render(kind: str, prec: int, operands: Sequence[Term], exponent) -> Optional[str]:
    """The operation written back as text, or None when it would be too long for a label."""
    texts = [t.text for t in operands]
    if any(t is None for t in texts):
        return None
    if kind in ("add", "sub", "mul", "div"):
        left, right = operands
        # Right operands of the same precedence keep their parentheses so the
        # label shows the tree's actual shape, e.g. a - (b - c).
        lt = texts[0] if left.prec >= prec else f"({texts[0]})"
        rt = texts[1] if right.prec > prec else f"({texts[1]})"
        symbol = KINDS[kind].symbol
        text = f"{lt} {symbol} {rt}" if prec == 1 else f"{lt}{symbol}{rt}"
    elif kind == "pow":
        base = texts[0] if operands[0].prec > prec else f"({texts[0]})"
        text = f"{base}**{number_text(exponent)}"
    elif kind == "neg":
        text = f"-{texts[0]}" if operands[0].prec >= 3 else f"-({texts[0]})"
    else:
        text = f"{KINDS[kind].expression_name}({texts[0]})"
    return text if len(text) <= _LABEL_LIMIT else None
