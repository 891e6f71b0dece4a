"""Errors of the document layer."""

from ..engine import GradguiError


class DocumentError(GradguiError, ValueError):
    """An edit or a file that breaks a rule of the document, said in words."""


class WireError(DocumentError):
    """A wire that cannot be made, and why."""


class DatasetError(DocumentError):
    """A data set that cannot be made or read, said in one line."""


class EditStopped(DocumentError):
    """The person stopped an edit half way; what it had done is taken back."""
