"""gradgui: a desktop editor that makes backpropagation visible."""

from pathlib import Path

__version__ = "0.1.0"


def resources_dir() -> Path:
    """Return the folder of bundled resources (examples, icons)."""
    return Path(__file__).resolve().parent / "resources"


def examples_dir() -> Path:
    """Return the folder of bundled example graphs."""
    return resources_dir() / "examples"


def to_document(outputs):
    """Turn a ``Value`` graph built in Python (one output or a list) into a document."""
    from .document.from_values import to_document as convert
    return convert(outputs)


def show(outputs) -> int:
    """Open a ``Value`` graph in the editor, blocking until the window closes."""
    from .app import show as show_in_editor
    return show_in_editor(outputs)
