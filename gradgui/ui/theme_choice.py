"""View > Theme: System, Light or Dark, as a palette the window and every part in it follow."""

from PySide6.QtGui import QColor, QPalette

THEMES = ("system", "light", "dark")
"""What a person can choose; ``system`` follows the desktop's own palette."""

_DARK = (("Window", "#2b2d31"), ("WindowText", "#e8e8e8"), ("Base", "#1e1f22"),
         ("AlternateBase", "#26282c"), ("Text", "#e8e8e8"), ("Button", "#33363b"),
         ("ButtonText", "#e8e8e8"), ("Highlight", "#3d7bd9"), ("HighlightedText", "#ffffff"),
         ("PlaceholderText", "#8a8f98"), ("ToolTipBase", "#33363b"), ("ToolTipText", "#e8e8e8"),
         ("BrightText", "#ffffff"), ("Link", "#8ab4f8"), ("Mid", "#4a4d52"), ("Dark", "#191a1c"),
         ("Light", "#45484e"), ("Midlight", "#3a3d42"), ("Shadow", "#0c0c0d"))
_LIGHT = (("Window", "#efefef"), ("WindowText", "#202124"), ("Base", "#ffffff"),
          ("AlternateBase", "#f5f5f5"), ("Text", "#202124"), ("Button", "#efefef"),
          ("ButtonText", "#202124"), ("Highlight", "#1a73e8"), ("HighlightedText", "#ffffff"),
          ("PlaceholderText", "#80868b"), ("ToolTipBase", "#ffffdc"), ("ToolTipText", "#202124"),
          ("BrightText", "#ffffff"), ("Link", "#1a73e8"), ("Mid", "#b8b8b8"), ("Dark", "#9f9f9f"),
          ("Light", "#ffffff"), ("Midlight", "#f7f7f7"), ("Shadow", "#767676"))
_DISABLED = {"dark": "#6b7075", "light": "#9aa0a6"}
_DARK_MENU_FRAME = "#8a8f98"  # see fusion_menu_palette


def _palette(colours, disabled: str) -> QPalette:
    palette = QPalette()
    role = QPalette.ColorRole
    for name, colour in colours:
        palette.setColor(getattr(role, name), QColor(colour))
    for name in (role.WindowText, role.Text, role.ButtonText):
        palette.setColor(QPalette.ColorGroup.Disabled, name, QColor(disabled))
    return palette


def palette_for(theme: str) -> QPalette:
    """The palette a window takes for ``theme``; for "system" an empty one, so the
    window follows the application's (the desktop's) palette again."""
    if theme == "dark":
        return _palette(_DARK, _DISABLED["dark"])
    if theme == "light":
        return _palette(_LIGHT, _DISABLED["light"])
    if theme == "system":
        return QPalette()
    raise ValueError(f"the theme is one of {', '.join(THEMES)}, not {theme!r}")


def fusion_menu_palette(palette: QPalette, theme: str) -> QPalette:
    """The palette of a menu drawn by the Fusion style in ``theme``. Fusion draws a menu's
    frame and its check boxes' borders a shade darker than the Window colour, on a menu
    filled from Base: in the dark theme both vanished, and an unchecked toggle showed no box.
    A lighter Window brings them back and changes nothing else a Fusion menu draws."""
    if theme != "dark":
        return palette
    menu = QPalette(palette)
    menu.setColor(QPalette.ColorRole.Window, QColor(_DARK_MENU_FRAME))
    return menu
