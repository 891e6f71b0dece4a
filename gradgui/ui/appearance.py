"""The window's look as the user chose it: colour scale, theme, text size and digits.

Each choice is remembered in the settings and put back when a window opens.
"""

from typing import Optional

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import QApplication, QDockWidget, QMenu

from ..document.grad_scale import MODES
from ..engine.numbers import set_significant_digits
from .docks import WideForText, scrolled_width_needed
from .menus import SCALE_CHOICES, TEXT_SIZE_CHOICES, THEME_CHOICES
from .settings import settings
from .theme_choice import THEMES, fusion_menu_palette, palette_for


class Appearance:
    """The View menu's display choices for one window, applied to its parts."""

    def __init__(self, window):
        self.window = window
        self.theme_choice = "system"  # View > Theme; see set_theme_choice
        self.text_size = 100  # View > Text Size, in percent; see set_text_size
        self._base_font = QFont(window.font())
        self._palette = QPalette()  # the theme's; empty for "system"
        self._windows = _OwnWindows(self)
        self._wide_docks: Optional[tuple] = None  # WideForText of the palette and the Inspector

    def close(self) -> None:
        """The window is closing: stop watching the application's windows (it may be
        someone else's application, under gradgui.show)."""
        self._windows.stop()

    def dress(self, widget) -> None:
        """Give a window of this window's own (a dialog, a menu, a message box, a tooltip)
        the chosen theme and text size: Qt passes neither to a separate window."""
        palette = self._palette
        if isinstance(widget, QMenu) and widget.style().name() == "fusion":
            palette = fusion_menu_palette(palette, self.theme_choice)
        if widget.palette() != palette or self.theme_choice == "system":
            widget.setPalette(palette)
        if self.text_size != 100 or widget.testAttribute(Qt.WidgetAttribute.WA_SetFont):
            widget.setFont(self.window.font() if self.text_size != 100 else QFont())
        if widget.objectName() == "qtooltip_label":
            widget.adjustSize()  # it was sized for its text before it was shown

    @property
    def watching_windows(self) -> bool:
        """Whether this window's dialogs, menus and tooltips are dressed as they show."""
        return self._windows.watching

    def _chosen(self) -> bool:
        """Whether a theme or text size other than the desktop's own is in force."""
        return self.theme_choice != "system" or self.text_size != 100

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
        self._palette = palette
        settings().setValue("display/theme", theme)
        self.window.setPalette(palette)
        self._windows.follow(self._chosen())
        self._windows.dress_all()
        for choice, name in THEME_CHOICES:
            if choice == theme and name in self.window.actions:
                self.window.actions[name].setChecked(True)

    def set_text_size(self, percent: int) -> None:
        """Panels, the stepper, the legend and the canvas at ``percent`` of their usual
        text size (remembered); the canvas's boxes and spacing grow with their text."""
        font = QFont(self._base_font)
        if font.pointSizeF() > 0:
            font.setPointSizeF(font.pointSizeF() * percent / 100.0)
        else:
            font.setPixelSize(round(font.pixelSize() * percent / 100.0))
        self.text_size = percent
        settings().setValue("display/text_size", percent)
        self.window.setFont(font)
        self._windows.follow(self._chosen())
        self._windows.dress_all()
        self.window.view.set_text_scale(percent / 100.0)
        # Once the docks are laid out in the new font: the palette keeps every name whole,
        # the Inspector every row.
        QTimer.singleShot(0, self.window, self._keep_docks_wide)
        self.window.legend.set_text_scale(percent / 100.0)
        for size, name in TEXT_SIZE_CHOICES:
            if size == percent and name in self.window.actions:
                self.window.actions[name].setChecked(True)

    def _keep_docks_wide(self) -> None:
        if self._wide_docks is None:
            window = self.window
            inspector_area = window.findChild(QDockWidget, "inspectorDock").widget()
            self._wide_docks = (
                WideForText(window, window.findChild(QDockWidget, "paletteDock"),
                            window.palette_widget),
                WideForText(window, window.findChild(QDockWidget, "inspectorDock"),
                            inspector_area, lambda: scrolled_width_needed(inspector_area)))
        for wide in self._wide_docks:
            wide.follow()

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


_DRESS_ON = (QEvent.Type.Polish, QEvent.Type.Show)


class _OwnWindows(QObject):
    """Dresses every separate window of the main window's as it shows (an application
    event filter, gone with the main window).

    The filter is installed only while a theme or text size of the user's own is
    chosen: with the desktop's look there is nothing to dress, and handing every
    event of the application to Python makes PySide6 set up many Qt types at start.
    Once installed it stays, so a window dressed earlier is put back as it shows.
    """

    def __init__(self, appearance: Appearance):
        super().__init__(appearance.window)
        self.appearance = appearance
        self.watching = False

    def follow(self, chosen: bool) -> None:
        """Start watching the application's windows when a look of the user's own is chosen."""
        if chosen and not self.watching:
            QApplication.instance().installEventFilter(self)
            self.watching = True

    def stop(self) -> None:
        """Stop watching (the main window is closing)."""
        if self.watching:
            QApplication.instance().removeEventFilter(self)
            self.watching = False

    def eventFilter(self, watched, event):
        # Polish comes before a window is first sized, Show each time it shows (a menu).
        if event.type() in _DRESS_ON and watched.isWidgetType() and watched.isWindow():
            if self._owns(watched):
                self.appearance.dress(watched)
        return False

    def _owns(self, widget) -> bool:
        window = self.appearance.window
        if widget is window:
            return False
        if widget.objectName() == "qtooltip_label":  # no parent: the window it is shown over
            return QApplication.activeWindow() is window or (
                window.isVisible() and window.frameGeometry().intersects(widget.geometry()))
        parent = widget.parentWidget()
        while parent is not None:
            if parent is window:
                return True
            parent = parent.parentWidget()
        return False

    def dress_all(self) -> None:
        """Dress the windows of the main window's that exist already (a menu, the quick add)."""
        for widget in QApplication.topLevelWidgets():
            if self._owns(widget):
                self.appearance.dress(widget)
