"""Every colour of the editor, and the gradient colour map."""

from dataclasses import dataclass
from typing import Iterable, Optional

from PySide6.QtGui import QColor, QPalette

from ..document.grad_scale import GradScale as ScaleNumbers, choose_scale

# ColorBrewer PuOr, 11 classes: orange for negative grads, purple for
# positive, near-white at zero. Diverging and safe for colour-blind eyes.
_PUOR = ("#7f3b08", "#b35806", "#e08214", "#fdb863", "#fee0b6", "#f7f7f7",
         "#d8daeb", "#b2abd2", "#8073ac", "#542788", "#2d004b")
# On a dark canvas the same hues run the other way in lightness: zero is as dark as
# an empty node (a near-white zero would glare), large grads are the brightest.
_PUOR_DARK = ("#fee0b6", "#fdb863", "#e08214", "#b35806", "#6e3a10", "#2f3136",
              "#3f3a66", "#5d4f9c", "#8073ac", "#b2abd2", "#d8daeb")
_MAPS = {False: [QColor(c) for c in _PUOR], True: [QColor(c) for c in _PUOR_DARK]}


def grad_color(t: float, dark: bool = False) -> QColor:
    """The map's colour at ``t`` in [-1, 1]: -1 most negative, 0 neutral, 1 most positive
    (the map for a dark canvas if ``dark``)."""
    stops = _MAPS[bool(dark)]
    t = max(-1.0, min(1.0, t))
    x = (t + 1.0) / 2.0 * (len(stops) - 1)
    i = min(int(x), len(stops) - 2)
    f = x - i
    a, b = stops[i], stops[i + 1]
    return QColor.fromRgbF(a.redF() + (b.redF() - a.redF()) * f,
                           a.greenF() + (b.greenF() - a.greenF()) * f,
                           a.blueF() + (b.blueF() - a.blueF()) * f)


def readable_text(fill: QColor) -> QColor:
    """Black or white, whichever reads better on ``fill``."""
    luminance = 0.2126 * fill.redF() + 0.7152 * fill.greenF() + 0.0722 * fill.blueF()
    return QColor("#111111") if luminance > 0.5 else QColor("#ffffff")


class GradScale(ScaleNumbers):
    """The grad scale's numbers (see document.grad_scale) with the colour they give."""

    dark = False  # the canvas it colours is dark: set by the scene that shows it

    def color(self, grad: float) -> QColor:
        """The fill colour for ``grad``."""
        return grad_color(self.position(grad), self.dark)


def scale_of(grads: Iterable[float], mode: str) -> Optional[GradScale]:
    """The scale for these grads in ``mode`` ("auto", "linear" or "symlog"); None if there
    are none."""
    return choose_scale(grads, mode, GradScale)


@dataclass(frozen=True)
class Theme:
    """The colours that follow the system's light or dark palette."""

    canvas: QColor
    grid: QColor
    node_fill: QColor
    node_border: QColor
    text: QColor
    muted_text: QColor
    wire: QColor
    selection: QColor
    port: QColor
    valid_port: QColor
    invalid: QColor
    step_current: QColor
    step_changed: QColor
    output_mark: QColor
    dark: bool

    @classmethod
    def from_palette(cls, palette: QPalette) -> "Theme":
        """The theme for a palette: dark when its window colour is dark."""
        window = palette.color(QPalette.ColorRole.Window)
        dark = window.lightnessF() < 0.5
        if dark:
            return cls(QColor("#1e1f22"), QColor("#2a2c30"), QColor("#2f3136"), QColor("#8a8f98"),
                       QColor("#e8e8e8"), QColor("#9aa0a6"), QColor("#a0a6ad"), QColor("#4ea1ff"),
                       QColor("#c8ccd2"), QColor("#3ddc84"), QColor("#ff6b6b"), QColor("#ffd54f"),
                       QColor("#4ea1ff"), QColor("#4db6ac"), True)
        return cls(QColor("#fbfbfc"), QColor("#eceef1"), QColor("#ffffff"), QColor("#5f6368"),
                   QColor("#202124"), QColor("#6b7075"), QColor("#6b7075"), QColor("#1a73e8"),
                   QColor("#5f6368"), QColor("#188038"), QColor("#d93025"), QColor("#f29900"),
                   QColor("#1a73e8"), QColor("#00897b"), False)


def lesson_highlight(theme: Theme) -> QColor:
    """The halo around the nodes a lesson step talks about."""
    return QColor("#fff176") if theme.dark else QColor("#fdd835")


# Training plots: the loss and accuracy curves (blue and green read apart from the
# PuOr map, which colours the decision boundary and the data points by class).
LOSS_CURVE = QColor("#1f78b4")
ACCURACY_CURVE = QColor("#33a02c")
FIT_CURVE = QColor("#d95f02")  # a one-input network's prediction through its rows


def tint(label, colour: Optional[QColor]) -> None:
    """Draw ``label``'s text in ``colour`` (None: as its parent's). Set in its palette, not
    a style sheet: a widget with a style sheet stops taking its parent's font, so View >
    Text Size left such a label at 100 %."""
    palette = QPalette()  # nothing set: everything else, and the font, still inherited
    if colour is not None:
        palette.setColor(QPalette.ColorRole.WindowText, colour)
    label.setPalette(palette)
