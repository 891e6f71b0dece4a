"""Errors raised by the engine."""


class GradguiError(Exception):
    """Base class of every error gradgui raises on purpose."""


class MathError(GradguiError, ArithmeticError):
    """Math that leaves the real numbers, at a named node and op."""

    def __init__(self, op: str, reason: str, node: str = ""):
        self.op = op
        self.reason = reason
        self.node = node
        super().__init__(self._text())

    def _text(self) -> str:
        where = f"node '{self.node}' ({self.op})" if self.node else f"op {self.op}"
        return f"{where}: {self.reason}"

    def at(self, node: str) -> "MathError":
        """Return the same error, naming the node it happened at."""
        return MathError(self.op, self.reason, node)


class DataError(GradguiError, TypeError, ValueError):
    """Data the engine refuses: not a real number, or not finite (nan, inf)."""
