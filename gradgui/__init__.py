"""gradgui: a desktop editor that makes backpropagation visible."""

from .package_info import __version__, examples_dir, resources_dir


def to_document(outputs):
    """Turn a ``Value`` graph built in Python (one output or a list) into a document."""
    from .document.from_values import to_document as convert
    return convert(outputs)


def show(outputs) -> int:
    """Open a ``Value`` graph in the editor, blocking until the window closes."""
    from .app import show as show_in_editor
    return show_in_editor(outputs)
