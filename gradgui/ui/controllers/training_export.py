"""Saving the training panel's pictures (curves, decision boundary or fit) as PNG files."""

from pathlib import Path
from typing import Callable

from PySide6.QtCore import QByteArray, QBuffer, QIODevice
from PySide6.QtGui import QImage

from ...document.atomic import write_atomic

EXPORT_WIDTH = 1200  # pixels across an exported picture


def connect_exports(window, session, panel) -> None:
    """The Training panel's Save buttons write its curves or boundary (or fit) as a PNG
    (asking where)."""
    panel.export_curves.connect(lambda: save_picture(
        window, session, None, "curves", lambda: panel.curves.image(EXPORT_WIDTH)))
    panel.export_boundary.connect(lambda: save_picture(
        window, session, None, "fit" if panel.boundary.fit else "boundary",
        lambda: panel.boundary.image(EXPORT_WIDTH)))


def png_bytes(image: QImage) -> bytes:
    """``image`` encoded as PNG."""
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    return bytes(data)


def save_picture(window, session, path, what: str, image: Callable[[], QImage]) -> bool:
    """Write ``image()`` as a PNG at ``path`` (asked for when None), atomically; False if not."""
    from PySide6.QtWidgets import QFileDialog, QMessageBox
    if path is None:
        stem = session.path.stem if session.path else "training"
        folder = session.path.parent if session.path else Path.home()
        chosen, _ = QFileDialog.getSaveFileName(window, f"Save {what.capitalize()} PNG",
                                                str(folder / f"{stem}_{what}.png"),
                                                "PNG images (*.png)")
        if not chosen:
            return False
        path = chosen if chosen.lower().endswith(".png") else chosen + ".png"
    path = Path(path)
    try:
        write_atomic(path, png_bytes(image()))
    except OSError as error:
        text = f"{path.name}: could not write the picture there ({error.strerror or error})."
        window.statusBar().showMessage(text, 10000)
        QMessageBox.warning(window, "Export failed", text)
        return False
    session.message.emit(f"Saved the {what} as {path.name}.")
    return True
