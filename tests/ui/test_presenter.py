"""Presenter mode: View > Theme (System, Light, Dark; remembered) that the canvas, the legend
and the palette's icons follow, and edge labels that name the derivative by its nodes on a
plate that reads over wires."""

from itertools import combinations

from PySide6.QtCore import QPointF, QRectF, Qt, QTimer
from PySide6.QtGui import QAction, QColor, QImage, QPainter, QPainterPath, QPalette
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDockWidget, QMessageBox, QTextBrowser, QToolTip

from gradgui.ui.canvas.edge_labels import derivative_name, paint_edge_labels
from gradgui.ui.colors import grad_color
from gradgui.ui.main_window import MainWindow

LEFT = Qt.MouseButton.LeftButton


def choose(window, qtbot, menu_name: str, text: str) -> None:
    """View > (submenu ``menu_name``) > ``text``, clicked with the mouse."""
    QApplication.processEvents()  # a new text size lays the menu bar out again
    bar = window.menuBar()
    view_menu = window.menus["View"]
    QTest.mouseClick(bar, LEFT, pos=bar.actionGeometry(view_menu.menuAction()).center())
    qtbot.waitUntil(view_menu.isVisible)
    submenu = window.findChild(type(view_menu), menu_name)
    QTest.mouseClick(view_menu, LEFT, pos=view_menu.actionGeometry(submenu.menuAction()).center())
    qtbot.waitUntil(submenu.isVisible)
    action = next(a for a in submenu.actions() if a.text().replace("&", "") == text)
    QTest.mouseClick(submenu, LEFT, pos=submenu.actionGeometry(action).center())
    qtbot.waitUntil(lambda: not view_menu.isVisible())


def lightness_at(widget, point) -> float:
    return QColor(widget.grab().toImage().pixel(point)).lightnessF()


def icon_lightness(window) -> float:
    """How light the middle of the palette's 'add' icon is."""
    item = window.palette_widget.item_for("add")
    image = item.icon(0).pixmap(32, 32).toImage()
    return QColor(image.pixel(8, 8)).lightnessF()


def test_the_theme_is_chosen_in_view_and_everything_follows(neuron, qtbot):
    window, scene = neuron.window, neuron.scene
    neuron.action("actionBackward").trigger()
    assert window.findChild(QAction, "actionThemeSystem").isChecked()
    assert not scene.theme.dark
    light_icon = icon_lightness(window)
    zero = scene.look("w2").fill  # w2's grad is 0
    assert zero.lightnessF() > 0.9

    choose(window, qtbot, "menuTheme", "Dark")
    assert window.findChild(QAction, "actionThemeDark").isChecked()
    assert scene.theme.dark
    assert window.palette().color(QPalette.ColorRole.Window).lightnessF() < 0.3
    assert window.inspector.palette().color(QPalette.ColorRole.Base).lightnessF() < 0.3
    assert window.legend.palette().color(QPalette.ColorRole.Window).lightnessF() < 0.3
    # A zero grad no longer glares: it is as dark as an empty node, not near white.
    assert scene.look("w2").fill.lightnessF() < 0.3
    assert abs(scene.look("w2").fill.lightnessF() - scene.theme.node_fill.lightnessF()) < 0.1
    # The palette's icons are drawn dark too, and the canvas is dark where it is empty.
    assert icon_lightness(window) < 0.35 < light_icon
    assert lightness_at(neuron.view.viewport(), neuron.empty_spot()) < 0.3

    again = MainWindow()  # a new window reads the choice back
    qtbot.addWidget(again)
    assert again.appearance.theme_choice == "dark" and again.scene.theme.dark
    assert again.findChild(QAction, "actionThemeDark").isChecked()

    choose(window, qtbot, "menuTheme", "Light")
    assert not scene.theme.dark and scene.look("w2").fill.lightnessF() > 0.9
    assert icon_lightness(window) == light_icon
    choose(window, qtbot, "menuTheme", "System")
    assert window.appearance.theme_choice == "system" and not window.testAttribute(
        Qt.WidgetAttribute.WA_SetPalette)


def test_the_dark_map_keeps_its_ends_bright_and_its_middle_dark():
    assert grad_color(0.0, dark=True).lightnessF() < 0.3
    assert grad_color(-1.0, dark=True).lightnessF() > 0.7
    assert grad_color(1.0, dark=True).lightnessF() > 0.7
    assert grad_color(0.0).lightnessF() > 0.9  # the light map's zero is near white


def test_two_windows_keep_their_own_theme(neuron, qtbot, make_window):
    other = make_window()
    assert other.files.load_path(neuron.window.session.path)
    other.actions["actionBackward"].trigger()
    neuron.action("actionBackward").trigger()
    choose(neuron.window, qtbot, "menuTheme", "Dark")
    assert neuron.scene.look("w2").fill.lightnessF() < 0.3
    assert other.scene.look("w2").fill.lightnessF() > 0.9, "the other window stays light"


def test_derivatives_are_named_by_their_nodes():
    assert derivative_name("o", "n") == "do/dn"
    assert derivative_name("x1*w1", "w1") == "d(x1*w1)/dw1"
    assert derivative_name("s1.L1.n2", "s1.x1") == "ds1.L1.n2/ds1.x1"


def test_edge_labels_sit_on_a_plate_that_hides_the_wires_under_them(neuron):
    scene = neuron.scene
    neuron.action("actionEdgeLabels").trigger()
    wire = next(item for item in scene.wires.values()
                if (item.wire.source, item.wire.target) == ("n", "o"))
    middle = wire.path().pointAtPercent(0.5)
    # Wires everywhere: a picture filled with the wire colour, the label painted on it.
    image = QImage(400, 200, QImage.Format.Format_ARGB32)
    image.fill(scene.theme.wire)
    painter = QPainter(image)
    painter.translate(200 - middle.x(), 100 - middle.y())
    paint_edge_labels(painter, scene, [wire])
    painter.end()
    canvas = scene.theme.canvas
    plate = [QColor(image.pixel(x, 100)) for x in range(180, 221)]
    near_canvas = [c for c in plate if abs(c.lightness() - canvas.lightness()) < 30]
    assert len(near_canvas) > len(plate) // 3, "the label's plate covers the wires"
    far = QColor(image.pixel(10, 10))
    assert far.rgb() == scene.theme.wire.rgb(), "nothing drawn away from the label"


def test_text_size_scales_panels_and_the_stepper_and_is_remembered(neuron, qtbot):
    window = neuron.window
    assert window.findChild(QAction, "actionTextSize100").isChecked()
    stepper_text = window.stepper_panel.text
    before = {"inspector": window.inspector.font().pointSizeF(),
              "stepper": stepper_text.font().pointSizeF(),
              "palette": window.palette_widget.font().pointSizeF()}
    choose(window, qtbot, "menuTextSize", "150 %")
    assert window.findChild(QAction, "actionTextSize150").isChecked()
    after = {"inspector": window.inspector.font().pointSizeF(),
             "stepper": stepper_text.font().pointSizeF(),
             "palette": window.palette_widget.font().pointSizeF()}
    for part in before:
        assert after[part] == before[part] * 1.5, part
    choose(window, qtbot, "menuTextSize", "200 %")
    assert window.inspector.font().pointSizeF() == before["inspector"] * 2
    again = MainWindow()  # a new window reads the size back
    qtbot.addWidget(again)
    assert again.appearance.text_size == 200 and again.findChild(QAction, "actionTextSize200").isChecked()
    assert again.inspector.font().pointSizeF() == before["inspector"] * 2


def test_dialogs_menus_and_message_boxes_follow_the_theme_and_text_size(neuron, qtbot):
    window = neuron.window
    choose(window, qtbot, "menuTheme", "Dark")
    choose(window, qtbot, "menuTextSize", "150 %")
    seen = {}

    def look_and_close():
        dialog = QApplication.activeModalWidget()
        seen["window"] = dialog.palette().color(QPalette.ColorRole.Window).lightnessF()
        seen["base"] = dialog.palette().color(QPalette.ColorRole.Base).lightnessF()
        seen["grab"] = QColor(dialog.grab().toImage().pixel(3, 3)).lightnessF()
        seen["font"] = dialog.font().pointSizeF()
        dialog.reject()

    for name in ("actionGenerateMlp", "actionInsertExpression"):
        seen.clear()
        QTimer.singleShot(0, look_and_close)
        neuron.action(name).trigger()
        assert seen["window"] < 0.3 and seen["base"] < 0.3 and seen["grab"] < 0.3, name
        assert seen["font"] == window.font().pointSizeF(), name

    box = QMessageBox(QMessageBox.Icon.Warning, "Export failed", "could not write", parent=window)
    box.show()
    qtbot.waitExposed(box)
    assert box.palette().color(QPalette.ColorRole.Window).lightnessF() < 0.3
    box.close()
    # A menu is a window of its own as well: dark, and in the larger text.
    bar = window.menuBar()
    file_menu = window.menus["File"]
    QTest.mouseClick(bar, LEFT, pos=bar.actionGeometry(file_menu.menuAction()).center())
    qtbot.waitUntil(file_menu.isVisible)
    assert lightness_at(file_menu, file_menu.rect().center()) < 0.3  # what the menu is filled with
    assert file_menu.font().pointSizeF() == window.font().pointSizeF()
    file_menu.close()

    # A tooltip over the canvas: dark, in the larger text, and sized for it.
    view = neuron.view
    item = neuron.scene.nodes["n"]
    QToolTip.showText(view.viewport().mapToGlobal(view.mapFromScene(item.sceneBoundingRect().center())),
                      item.toolTip(), view.viewport())
    tip = next(w for w in QApplication.topLevelWidgets() if w.objectName() == "qtooltip_label")
    qtbot.waitUntil(tip.isVisible)
    assert tip.palette().color(QPalette.ColorRole.ToolTipBase).lightnessF() < 0.3
    assert tip.font().pointSizeF() == window.font().pointSizeF()
    assert tip.width() >= tip.sizeHint().width()
    QToolTip.hideText()
    # The user guide's code spans grow with the rest of its text.
    neuron.action("actionUserGuide").trigger()
    guide = window.findChild(QTextBrowser, "userGuide")
    qtbot.waitUntil(guide.isVisible)
    sizes = set()
    block = guide.document().begin()
    while block.isValid():
        for fragment in (it.fragment() for it in _fragments(block)):
            if fragment.charFormat().fontFixedPitch() or "monospace" in (fragment.charFormat().fontFamilies() or []):
                sizes.add(fragment.charFormat().font().pointSizeF())
        block = block.next()
    assert sizes and min(sizes) >= 0.8 * window.font().pointSizeF(), sizes
    guide.window().close()

    choose(window, qtbot, "menuTheme", "Light")
    QTimer.singleShot(0, look_and_close)
    neuron.action("actionGenerateMlp").trigger()
    assert seen["window"] > 0.7


def test_an_unchecked_toggle_in_a_dark_menu_shows_its_box(neuron, qtbot):
    """View > Lesson, off, is a box to tick: in the dark theme it was as dark as the menu."""
    window = neuron.window
    choose(window, qtbot, "menuTheme", "Dark")
    bar, view_menu = window.menuBar(), window.menus["View"]
    QTest.mouseClick(bar, LEFT, pos=bar.actionGeometry(view_menu.menuAction()).center())
    qtbot.waitUntil(view_menu.isVisible)
    lesson = next(a for a in view_menu.actions() if a.text().replace("&", "") == "Lesson")
    assert lesson.isCheckable() and not lesson.isChecked()
    row = view_menu.actionGeometry(lesson)
    image = view_menu.grab().toImage()
    ratio = image.devicePixelRatio()
    fill = QColor(image.pixel(int((row.right() - 4) * ratio), int(row.center().y() * ratio)))
    assert fill.lightnessF() < 0.3  # the menu is still dark
    box = [QColor(image.pixel(int(x * ratio), int(y * ratio))).lightnessF()
           for x in range(row.left(), row.left() + row.height()) for y in range(row.top(), row.bottom())]
    assert max(box) - fill.lightnessF() > 0.2  # the box's border stands out
    view_menu.close()


def _fragments(block):
    it = block.begin()
    while not it.atEnd():
        yield it
        it += 1


def test_edge_labels_leave_the_node_boxes_and_each_other_clear(neuron, qtbot):
    from PySide6.QtGui import QFontMetricsF

    from gradgui.ui.canvas.edge_labels import label_font, place_edge_labels
    from gradgui.ui.geometry import HEIGHT, WIDTH
    scene, view = neuron.scene, neuron.view
    neuron.action("actionBackward").trigger()
    neuron.action("actionEdgeLabels").trigger()
    metrics = QFontMetricsF(label_font(view.font()))
    placed = place_edge_labels(scene, list(scene.wires.values()), metrics)
    assert len(placed) == len(scene.wires), "the neuron has room for every label"
    boxes = [QRectF(*scene.session.doc.pos(n), WIDTH, HEIGHT) for n in scene.session.doc.node_ids()]
    ports = [item.mapRectToScene(QRectF(item.port_pos(i).x() - 6, item.port_pos(i).y() - 6, 12, 12))
             for item in scene.nodes.values() for i in range(-1, item.arity)]
    for item, text, rect in placed:
        assert not any(rect.intersects(box) for box in boxes), text
        assert not any(rect.intersects(port) for port in ports), text
        assert item.path().intersects(rect), f"{text} sits on its own wire"
    for (_, a, ra), (_, b, rb) in combinations(placed, 2):
        assert not ra.intersects(rb), (a, b)
    texts = {(item.wire.source, item.wire.target): text for item, text, _ in placed}
    for item, text, _ in placed:  # the whole label, or shorter where the wire is short
        full = scene.edge_label(item.wire)
        name, _, number = full.rpartition(" = ")
        assert text in (full, f"{name}={number}", number)
    assert texts[("x1", "m1")] == "d(x1*w1)/dx1 = -3.0"
    assert texts[("n", "o")] in ("do/dn = 0.5", "0.5")


def test_a_label_with_no_room_shows_its_number_or_nothing(neuron):
    from PySide6.QtGui import QFontMetricsF

    from gradgui.ui.canvas.edge_labels import label_font, place_edge_labels
    from gradgui.document import move_nodes
    scene = neuron.scene
    neuron.action("actionBackward").trigger()
    x, y = scene.session.doc.pos("o")
    scene.session.execute(move_nodes({"n": (x - 200.0, y)}))  # n just left of o: a short wire
    metrics = QFontMetricsF(label_font(neuron.view.font()))
    wire = next(i for i in scene.wires.values() if (i.wire.source, i.wire.target) == ("n", "o"))
    placed = place_edge_labels(scene, [wire], metrics)
    assert [text for _, text, _ in placed] == ["0.5"]
    scene.session.execute(move_nodes({"n": (x - 160.0, y)}))  # no room at all
    assert place_edge_labels(scene, [wire], metrics) == []


def test_the_data_and_training_plots_follow_the_theme(window, qtbot):
    choose(window, qtbot, "menuTheme", "Dark")
    assert window.files.open_example("moons.json")  # its plots are made now, under Dark
    plots = [window.data.panel.scatter, window.train_panel.curves, window.train_panel.boundary]
    for plot in plots:
        assert plot.backgroundBrush().color().lightnessF() < 0.3, type(plot).__name__
    choose(window, qtbot, "menuTheme", "Light")
    for plot in plots:
        assert plot.backgroundBrush().color().lightnessF() > 0.7, type(plot).__name__


def test_a_larger_text_size_widens_the_palette_to_keep_its_names_whole(neuron, qtbot):
    """At 150 % and 200 % on 1280x800 "Operations" and "sigmoid" were cut to "Operati…"."""
    window = neuron.window
    window.resize(1280, 800)
    palette = window.palette_widget
    dock = window.findChild(QDockWidget, "paletteDock")
    usual = dock.width()
    for percent in ("150 %", "200 %"):
        choose(window, qtbot, "menuTextSize", percent)
        qtbot.waitUntil(lambda: palette.sizeHintForColumn(0) <= palette.viewport().width())
        assert palette.viewport().width() < window.width() // 4  # the canvas keeps its room
    choose(window, qtbot, "menuTextSize", "100 %")  # and gets it back
    qtbot.waitUntil(lambda: abs(dock.width() - usual) <= 2)


def test_a_larger_text_size_widens_the_inspector_so_it_does_not_scroll_sideways(neuron, qtbot):
    """At 200 % on 1280x800 the Inspector's "Backward starts here" ran past its dock, which
    scrolled sideways."""
    window = neuron.window
    window.resize(1280, 800)
    dock = window.findChild(QDockWidget, "inspectorDock")
    area = dock.widget()
    usual = dock.width()
    for percent in ("150 %", "200 %"):
        choose(window, qtbot, "menuTextSize", percent)
        qtbot.waitUntil(lambda: area.widget().minimumSizeHint().width() <= area.viewport().width())
        assert not area.horizontalScrollBar().isVisible()
        assert window.view.width() > window.width() // 2  # the canvas keeps its room
    choose(window, qtbot, "menuTextSize", "100 %")  # and gets it back
    qtbot.waitUntil(lambda: abs(dock.width() - usual) <= 2)
