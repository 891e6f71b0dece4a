"""The main window: it wires the canvas, docks, actions and controllers together."""

from typing import Optional

from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtWidgets import QApplication, QDockWidget, QMainWindow, QWidget

from .. import tuning
from .actions import build_actions, finish_typing, key_sequences, spec
from .appearance import Appearance
from .docks import (TRAIN_DOCK_HEIGHT, ShownWhenUseful, add_dock, keep_whole, restore_layout,
                    room_when_first_shown, save_layout)
from .menus import TEXT_SIZE_CHOICES, build_menus, build_toolbars, fill_recent
from .controllers.backprop import BackpropController
from .controllers.bug_lab import BugLabController
from .controllers.quiz import QuizController
from .colors import Theme
from .controllers.data import DataController
from .controllers.edit import EditController
from .controllers.typing_adds import TypingAdds
from .controllers.export import ExportController
from .controllers.files import FileController
from .controllers.navigate import NavigateController
from . import lazy_panel as later
from .lazy_panel import LazyPanel, panel_of
from .controllers.groups import GroupController
from .canvas.backward_display import BackwardDisplay
from .canvas.inline_edit import InlineEditor
from .panels.inspector import Inspector
from .panels.legend import LegendWidget
from .controllers.lessons import LessonController
from .panels.palette import Palette
from .controllers.recovery import Recovery
from .canvas.scene import GraphScene
from .session import Session
from .panels.stepper import StepperPanel
from .panels.train_panel import TrainPanel
from .controllers.training import TrainingController
from .controllers.training_view import settle_first
from .canvas.view import GraphView


MIN_SIZE = (760, 520)  # the canvas keeps room to work beside the docks
MIN_CANVAS = (280, 240)
RIGHT_DOCK_WIDTH = 360


class MainWindow(QMainWindow):
    """One graph in a window: canvas in the middle, palette and inspector docked.

    A dock hidden at start is made empty; its panel is made when it first shows (or is
    asked for), so the window's first paint waits for none of them.
    """

    grad_check_panel = panel_of("_grad_check")
    lesson_panel = panel_of("_lesson")
    quiz_panel = panel_of("_quiz")
    find_bar = panel_of("_find")
    minimap = panel_of("_minimap")

    def __init__(self, session: Optional[Session] = None):
        super().__init__()
        self.setObjectName("mainWindow")
        self.docks = []  # in the order made, as View lists them
        self.session = session or Session(parent=self)
        self.session.work.window = self
        self.display = BackwardDisplay()  # what the canvas shows of the backward pass
        self.scene = GraphScene(self.session, Theme.from_palette(self.palette()), self.display,
                                self)
        self.view = GraphView(self.scene)
        self.view.setObjectName("graphView")
        self.view.setMinimumSize(*MIN_CANVAS)  # in a small window the docks give way first
        self.setCentralWidget(self.view)
        self.edits = EditController(self.session, self.scene, self.view)
        self.files = FileController(self, self.session)
        self.backprop = BackpropController(self, self.session, self.scene, self.display)
        self.bug_lab = BugLabController(self, self.session, self.scene, self.display, self.backprop)
        self.exports = ExportController(self, self.session, self.scene)
        self.groups = GroupController(self.session, self.scene)
        self.recovery = Recovery(self.session, self)
        self._help = None  # the Help menu's windows: see help
        self.inline = InlineEditor(self.view, self.edits.set_field_text)
        self.typing = TypingAdds(self, self.view, self.edits)
        self.appearance = Appearance(self)
        self.palette_widget = Palette()
        self.inspector = Inspector(self.session, self.edits.set_field_text, self.edits.set_output)
        palette_dock = add_dock(self, "Palette", "paletteDock", self.palette_widget,
                                  Qt.DockWidgetArea.LeftDockWidgetArea)
        self.stepper_panel = StepperPanel()
        self.legend = LegendWidget(self.scene, self.view)
        right = Qt.DockWidgetArea.RightDockWidgetArea
        inspector_dock = add_dock(self, "Inspector", "inspectorDock", self.inspector, right)
        stepper_dock = add_dock(self, "Backward steps", "stepperDock", self.stepper_panel, right)
        check_dock = add_dock(self, "Gradient check", "gradCheckDock", None, right)
        self._grad_check = LazyPanel(check_dock, later.make_grad_check_panel)
        self.splitDockWidget(inspector_dock, stepper_dock, Qt.Orientation.Vertical)
        self.tabifyDockWidget(stepper_dock, check_dock)
        lesson_dock = add_dock(self, "Lesson", "lessonDock", None, right)
        self._lesson = LazyPanel(lesson_dock, later.make_lesson_panel)
        self._lesson.get()  # made though hidden: its size hint shares out the right column
        self.tabifyDockWidget(inspector_dock, lesson_dock)
        inspector_dock.raise_()
        lesson_dock.hide()  # until a lesson opens
        quiz_dock = add_dock(self, "Predict the grad", "quizDock", None, right)
        self._quiz = LazyPanel(quiz_dock, later.make_quiz_panel)
        self.tabifyDockWidget(stepper_dock, quiz_dock)
        quiz_dock.hide()  # shown when the quiz is turned on
        # Wide enough for the gradient check's five columns and a chain-rule line.
        self.resizeDocks([inspector_dock], [RIGHT_DOCK_WIDTH], Qt.Orientation.Horizontal)
        stepper_dock.raise_()
        self.check_dock = check_dock
        self._add_navigation()
        self.lessons = LessonController(self, self.session, self.backprop, self.scene,
                                        self._lesson)
        self.data = DataController(self, self.session)
        data_dock = add_dock(self, "Data", "dataDock", QWidget(),
                             Qt.DockWidgetArea.LeftDockWidgetArea)
        self.splitDockWidget(palette_dock, data_dock, Qt.Orientation.Vertical)
        data_dock.hide()  # shown with the first data: a graph without any keeps its canvas wide
        self.data.docked(data_dock, palette_dock)
        self.train_panel = TrainPanel()
        self.train_dock = add_dock(self, "Training", "trainDock", self.train_panel,
                                     Qt.DockWidgetArea.BottomDockWidgetArea)
        self.train_dock.hide()  # shown when a graph with a data set opens
        self._train_dock_shown = ShownWhenUseful(self, self.train_dock, TRAIN_DOCK_HEIGHT)
        self.training = TrainingController(self, self.session, self.train_panel,
                                           self.backprop.reset_grads)
        self.actions = build_actions(self, self._handlers())
        self.navigate.bind(self.actions, self._find, self._minimap)
        self._add_undo_actions()
        self.training.set_actions(self.actions)
        self.toolbars = build_toolbars(self)
        self.menus = build_menus(self)
        self.bug_lab.install(self.menus["Graph"], self.actions)
        self.inspector.overlay_source = lambda: self.display.overlay
        self.inspector.pending_source = self.scene.is_pending
        self.inspector.box_output = self.scene.folding.representative
        self.recent_changed()
        self._connect()
        # After _connect: the quiz hides what the stepper panel has just shown of a step.
        self.quiz = QuizController(self, self.session, self.scene, self.display, self.backprop,
                                   self._quiz, self.actions["actionStep"])
        self.quiz.install(self.actions["actionQuiz"])
        self.statusBar().showMessage("Drag a kind from the palette, or press Tab on the canvas.")
        self.statusBar().addPermanentWidget(self.recovery.status_label)
        self.setAcceptDrops(True)
        # The canvas takes every drag for its scene; a dropped file is the window's.
        self.view.viewport().installEventFilter(self)
        self.setMinimumSize(*MIN_SIZE)
        self.resize(1280, 800)
        self.appearance.restore()
        restore_layout(self)
        if self.minimap_dock.isHidden():  # shown again as the person left it: their size kept
            room_when_first_shown(self, self.minimap_dock)
        self.update_title()

    # ----- construction -----------------------------------------------
    def _add_navigation(self) -> None:
        """Find and the minimap, docked on the left and hidden until asked for."""
        self.navigate = NavigateController(self, self.session, self.scene, self.view, self.backprop)
        left = Qt.DockWidgetArea.LeftDockWidgetArea
        self.find_dock = add_dock(self, "Find", "findDock", None, left)
        self._find = LazyPanel(self.find_dock, lambda: later.make_find_bar(self.session))
        self.minimap_dock = add_dock(self, "Minimap", "minimapDock", None, left)
        self._minimap = LazyPanel(self.minimap_dock,
                                  lambda: later.make_minimap(self.scene, self.view))
        self.minimap_dock.toggleViewAction().setObjectName("actionMinimap")
        self.minimap_dock.toggleViewAction().setText("&Minimap")
        for dock in (self.find_dock, self.minimap_dock):
            dock.hide()

    def _handlers(self) -> dict:
        edits, view, backprop = self.edits, self.view, self.backprop
        return settle_first(self.session, {
            "actionForward": self.session.document_changed,
            "actionBackward": backprop.backward,
            "actionStep": backprop.step,
            "actionStepBack": backprop.step_back,
            "actionStepOver": backprop.step_over,
            "actionToggleGroup": self.groups.toggle_selection, **self.groups.handlers(),
            "actionRunToEnd": backprop.run_to_end,
            "actionResetGrads": backprop.reset_grads,
            "actionGradCheck": backprop.grad_check,
            "actionDescend": backprop.descend,
            "actionQuiz": lambda on: self.quiz.set_enabled(on),
            **self.bug_lab.handlers(),
            "actionNew": self.files.new_file,
            "actionOpen": self.files.open_file,
            "actionSave": self.files.save,
            "actionSaveAs": self.files.save_as,
            "actionClose": self.close,
            "actionQuit": self._quit,
            "actionRevert": self.files.revert,
            "actionGenerateMlp": self.files.generate_mlp,
            "actionNewNetwork": self.data.new_network,
            "actionUnroll": self.data.unroll,
            "actionImportCsv": lambda: self.data.import_csv(),
            "actionExportPng": self.exports.export_png,
            "actionExportSvg": self.exports.export_svg,
            "actionExportPython": self.exports.export_python,
            "actionExportDot": self.exports.export_dot,
            "actionInsertExpression": self.typing.insert_expression,
            "actionCut": edits.cut,
            "actionCopy": edits.copy,
            "actionPaste": edits.paste,
            "actionDuplicate": edits.duplicate,
            "actionDelete": edits.delete_selection,
            "actionSelectAll": edits.select_all,
            "actionAutoLayout": edits.auto_layout,
            "actionFit": view.fit_graph,
            "actionZoomIn": lambda: view.zoom_by(1.25),
            "actionZoomOut": lambda: view.zoom_by(0.8),
            "actionZoomReset": view.reset_zoom,
            "actionScaleAuto": lambda: self.appearance.set_scale_mode("auto"),
            "actionScaleLinear": lambda: self.appearance.set_scale_mode("linear"),
            "actionScaleSymlog": lambda: self.appearance.set_scale_mode("symlog"),
            "actionThemeSystem": lambda: self.appearance.set_theme_choice("system"),
            "actionThemeLight": lambda: self.appearance.set_theme_choice("light"),
            "actionThemeDark": lambda: self.appearance.set_theme_choice("dark"),
            **{name: (lambda size=size: self.appearance.set_text_size(size)) for size, name in TEXT_SIZE_CHOICES},
            "actionUserGuide": lambda: self.help.user_guide(),
            "actionShortcuts": lambda: self.help.shortcuts(),
            "actionAbout": lambda: self.help.about(),
            "actionFind": self.navigate.find,
            "actionFindNext": lambda: self.navigate.find_next(1),
            "actionFindPrevious": lambda: self.navigate.find_next(-1),
            "actionFollowStep": self.navigate.set_follow_step,
            "actionFocusSelection": self.navigate.set_focus,
            **self.lessons.handlers(),
            "actionTrainPlay": self.training.play,
            "actionTrainPause": self.training.pause,
            "actionTrainStep": self.training.step,
            "actionTrainReset": self.training.reset,
        })

    def _add_undo_actions(self) -> None:
        stack = self.session.undo_stack
        for name, make, step in (("actionUndo", stack.createUndoAction, stack.undo),
                                 ("actionRedo", stack.createRedoAction, stack.redo)):
            action = make(self)
            action.setObjectName(name)
            action.setShortcuts(key_sequences(spec(name).shortcut))
            # As every action: commit a number still being typed first (not half way).
            action.triggered.disconnect()
            action.triggered.connect(lambda _checked=False, step=step: (
                finish_typing(), self.session.change_coming(), step()))
            self.actions[name] = action

    def recent_changed(self) -> None:
        """Refresh File > Open Recent."""
        fill_recent(self, self.files.recent())

    def _connect(self) -> None:
        session, view = self.session, self.view
        session.message.connect(lambda text: self.statusBar().showMessage(text, 8000))
        session.undo_stack.cleanChanged.connect(self.update_title)
        session.document_replaced.connect(self._on_document_replaced)
        self.scene.selectionChanged.connect(self._on_selection)
        # Removing or selecting thousands of items tells of each one: show the first
        # change at once, and the rest once, when the gesture is over.
        self._selection_later = QTimer(self)
        self._selection_later.setSingleShot(True)
        self._selection_later.setInterval(0)
        self._selection_later.timeout.connect(self._show_selection)
        view.node_kind_dropped.connect(lambda kind, point: self.edits.add_node(kind, point))
        view.quick_add_requested.connect(self.typing.show_popup)
        view.field_edit_requested.connect(self._edit_field)
        view.group_expand_requested.connect(self.groups.expand)
        self.palette_widget.kind_activated.connect(lambda kind: self.edits.add_node(kind))
        self.backprop.step_shown.connect(self.stepper_panel.show_step)
        self.backprop.step_shown.connect(lambda *_: self.inspector.refresh())
        self.backprop.step_shown.connect(lambda *_: self.legend.refresh())
        self.backprop.grad_check_done.connect(
            lambda report: self.grad_check_panel.show_report(report))

        def follow_the_graph(panel):
            self.backprop.check_stale.connect(panel.mark_stale)
            self.backprop.check_current.connect(panel.show_report)
            session.document_replaced.connect(panel.clear)
        self._grad_check.when_made(follow_the_graph)
        self.backprop.grad_check_done.connect(lambda _report: self.check_dock.raise_())
        for signal in (session.evaluated, session.grads_changed):
            signal.connect(self.legend.refresh)

    @property
    def help(self):
        """The Help menu's windows (their module is imported with the first)."""
        if self._help is None:
            from .panels.help import HelpWindows
            self._help = HelpWindows(self)
        return self._help

    # ----- reactions --------------------------------------------------
    def update_title(self, *_clean) -> None:
        """Show the file name and the modified marker."""
        self.setWindowTitle(f"{self.files.display_name()}[*] — gradgui")
        self.setWindowModified(not self.session.undo_stack.isClean())

    def _on_document_replaced(self) -> None:
        self.update_title()
        self.view.fit_graph(readable=True)
        self._train_dock_shown.follow(self.training.trainer is not None)
        # Once the docks are laid out: the Inspector keeps all its rows.
        QTimer.singleShot(0, lambda: keep_whole(
            self, self.findChild(QDockWidget, "inspectorDock"), self.inspector))

    def _on_selection(self) -> None:
        if self._selection_later.isActive():
            return
        if not self.session.work.document_changing:
            self._show_selection()
        self._selection_later.start()

    def _show_selection(self) -> None:
        if self.session.work.document_changing:
            # A big edit lets events run as it goes: show the selection once it is over.
            self._selection_later.start(50)
            return
        self._selection_later.setInterval(0)
        node, box = self.scene.queries.sole_selected_node(), self.scene.queries.sole_selected_box()
        self.inspector.show_group(box) if box else self.inspector.show_node(node)
        self.data.show_selected(node)

    def _edit_field(self, node_id: str, row: str) -> None:
        field = self.edits.edit_field_of_row(node_id, row)
        if field is not None:
            self.inline.start(node_id, field)

    # ----- window state -------------------------------------------
    def save_layout(self) -> None:
        """Remember the window's geometry and dock layout."""
        save_layout(self)

    def closeEvent(self, event):
        if self.session.work.edits_refused:
            event.ignore()  # half way through long work: close once it is done
            self.statusBar().showMessage("Wait for the work in progress to finish, then close.")
            return
        self.session.change_coming()  # a training run's steps count as changes to save
        if not self.files.maybe_save():
            event.ignore()
            return
        self.save_layout()
        self.recovery.close()
        self.appearance.close()
        tuning.thaw()  # what was frozen for this window may be collected once it is gone
        event.accept()

    def _quit(self) -> None:
        if self.close():
            QApplication.instance().quit()

    def dragEnterEvent(self, event):
        if _dropped_json(event):
            event.acceptProposedAction()

    def dropEvent(self, event):
        path = _dropped_json(event)
        if path:
            event.acceptProposedAction()
            # Opened after the drop returns: a prompt inside the drop would keep
            # the application the file came from waiting on us.
            QTimer.singleShot(0, lambda: self.files.open_file(path))

    def eventFilter(self, watched, event):
        if (watched is self.view.viewport() and event.type() in _DRAG_EVENTS
                and _dropped_json(event)):
            if event.type() == QEvent.Type.Drop:
                self.dropEvent(event)
            else:
                event.acceptProposedAction()
            return True
        return super().eventFilter(watched, event)

    def changeEvent(self, event):
        if event.type() == QEvent.Type.PaletteChange and hasattr(self, "scene"):
            self.scene.set_theme(Theme.from_palette(self.palette()))
        super().changeEvent(event)


_DRAG_EVENTS = (QEvent.Type.DragEnter, QEvent.Type.DragMove, QEvent.Type.Drop)


def _dropped_json(event):
    """The local .json file a drag carries, if it carries exactly one."""
    urls = event.mimeData().urls() if event.mimeData().hasUrls() else []
    files = [u.toLocalFile() for u in urls if u.isLocalFile()]
    if len(files) == 1 and files[0].lower().endswith(".json"):
        return files[0]
    return None

