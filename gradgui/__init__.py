"""gradgui: a desktop editor that makes backpropagation visible."""

from .package_info import __version__, examples_dir, resources_dir


def to_document(outputs, params=None):
    """Turn a ``Value`` graph built in Python (gradgui's or micrograd's) into a document.

    ``outputs`` is one value or a list; ``params`` (optional, such as
    micrograd's ``model.parameters()``) are the values to mark as weights.
    """
    from .document.from_values import to_document as convert
    return convert(outputs, params)


def show(outputs, params=None) -> int:
    """Open a ``Value`` graph (gradgui's or micrograd's) in the editor, blocking until it closes."""
    from .app import show as show_in_editor
    return show_in_editor(outputs, params)
