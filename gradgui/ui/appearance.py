"""The window's look as the user chose it: colour scale, theme, text size and digits.

Each choice is remembered in the settings and put back when a window opens.
"""

from PySide6.QtGui import QFont

from ..document.grad_scale import MODES
from ..engine.numbers import set_significant_digits
from .menus import SCALE_CHOICES, TEXT_SIZE_CHOICES, THEME_CHOICES
from .settings import settings
from .theme_choice import THEMES, palette_for


class Appearance:
    """The View menu's display choices for one window, applied to its parts."""

    def __init__(self, window):
        self.window = window
        self.theme_choice = "system"  # View > Theme; see set_theme_choice
        self.text_size = 100  # View > Text Size, in percent; see set_text_size
        self._base_font = QFont(window.font())

    def restore(self) -> None:
        """Apply the choices remembered from an earlier session."""
        store = settings()
        digits = store.value("display/significant_digits")
        if digits is not None and str(digits).isdigit():
            self.set_significant_digits(int(digits))
        size = store.value("display/text_size")
        if size is not None and str(size) in {str(s) for s, _ in TEXT_SIZE_CHOICES}:
            self.set_text_size(int(size))
        theme = store.value("display/theme")
        if theme in THEMES and theme != "system":
            self.set_theme_choice(theme)
        scale = store.value("display/colour_scale")
        if scale in MODES:
            self.set_scale_mode(scale)

    def set_scale_mode(self, mode: str) -> None:
        """Colour grads on an 'auto', 'linear' or 'symlog' scale (remembered)."""
        self.window.display.set_scale_mode(mode)
        settings().setValue("display/colour_scale", mode)
        for choice, name in SCALE_CHOICES:
            if choice == mode and name in self.window.actions:
                self.window.actions[name].setChecked(True)
        self.window.scene.refresh_looks()
        self.window.legend.refresh()

    def set_theme_choice(self, theme: str) -> None:
        """Light, dark or the desktop's ("system") colours for the window and all in it
        (remembered); the canvas, the legend and the palette's icons follow."""
        palette = palette_for(theme)
        self.theme_choice = theme
        settings().setValue("display/theme", theme)
        self.window.setPalette(palette)
        self.window.quick_add.setPalette(palette)  # a popup of its own: not reached by the window's
        for choice, name in THEME_CHOICES:
            if choice == theme and name in self.window.actions:
                self.window.actions[name].setChecked(True)

    def set_text_size(self, percent: int) -> None:
        """Panels, the stepper and the menus' window at ``percent`` of their usual text size
        (remembered); the canvas's text grows with its zoom instead."""
        font = QFont(self._base_font)
        if font.pointSizeF() > 0:
            font.setPointSizeF(font.pointSizeF() * percent / 100.0)
        else:
            font.setPixelSize(round(font.pixelSize() * percent / 100.0))
        self.text_size = percent
        settings().setValue("display/text_size", percent)
        self.window.setFont(font)
        self.window.quick_add.setFont(font)
        for size, name in TEXT_SIZE_CHOICES:
            if size == percent and name in self.window.actions:
                self.window.actions[name].setChecked(True)

    def set_significant_digits(self, digits: int) -> None:
        """Show numbers with ``digits`` significant digits from now on (remembered)."""
        set_significant_digits(digits)
        settings().setValue("display/significant_digits", digits)
        choice = self.window.actions.get(f"actionDigits{digits}")
        if choice is not None:
            choice.setChecked(True)
        self.window.scene.refresh_looks()
        self.window.inspector.refresh()
        self.window.legend.refresh()
