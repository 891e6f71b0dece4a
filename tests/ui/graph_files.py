"""Opening a document in a window the way File > Open does."""

from PySide6.QtWidgets import QApplication

from gradgui.document.fileformat import save


def open_doc(window, doc, tmp_path, name="graph.json"):
    """Save ``doc`` and open the file in ``window`` as File > Open does."""
    path = tmp_path / name
    save(doc, path)
    assert window.files.load_path(path)
    QApplication.processEvents()
    return window.session.doc
