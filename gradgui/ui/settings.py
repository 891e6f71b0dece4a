"""Where the editor keeps its settings (tests redirect it with GRADGUI_SETTINGS_DIR)."""

import os
from pathlib import Path

from PySide6.QtCore import QSettings


def settings() -> QSettings:
    """The editor's settings: an INI file in GRADGUI_SETTINGS_DIR if set, else the platform's place."""
    folder = os.environ.get("GRADGUI_SETTINGS_DIR")
    if folder:
        return QSettings(str(Path(folder) / "gradgui.ini"), QSettings.Format.IniFormat)
    return QSettings("gradgui", "gradgui")
