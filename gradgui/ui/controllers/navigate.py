"""Finding your way round a big graph: Find, the minimap, following the step-through,
and focusing on one node's paths."""

from PySide6.QtCore import QObject, QRectF, Qt, QTimer

from ..canvas.focus import Focus, focus_centre
from ..geometry import HEIGHT, TEXT_MIN_ZOOM, WIDTH
from ..settings import settings

FOLLOW_KEY = "view/follow_step"
READ_ZOOM = 1.0  # a found node is shown at least this large
FIND_WIDTH = 280  # the find bar's dock is made this wide, room for labels and ids
FIND_HEIGHT = 400  # and at least this tall: room for a dozen matches under its field
FOCUS_MOST = 200  # selected nodes the focus follows: more would take long to trace


class NavigateController(QObject):
    """Goes to nodes (found, stepped, clicked on the minimap) and keeps the focus.

    The window hands it the find bar's and the minimap's docks (each panel made when
    first wanted), and the actions of the View and Edit menus that belong here.
    """

    def __init__(self, window, session, scene, view, backprop):
        super().__init__(window)
        self.window = window
        self.session = session
        self.scene = scene
        self.view = view
        self._pan = None  # see pan
        self.focus = Focus(scene)
        self.focus_on = False
        self.follow = _stored_flag(FOLLOW_KEY, True)
        self._find = self._minimap = None  # LazyPanels, given by bind
        backprop.step_shown.connect(self._step_shown)
        # Selecting thousands of items tells of each: the focus follows once, afterwards.
        self._selection_later = QTimer(self, singleShot=True, interval=0)
        self._selection_later.timeout.connect(self._follow_selection)
        scene.selectionChanged.connect(self._selection_changed)
        session.settled.connect(self.focus.refresh)
        session.document_replaced.connect(lambda: self.focus.set_centre(()))
        for signal in (session.evaluated, session.grads_changed):
            signal.connect(self.focus.colours_changed)

    def bind(self, actions: dict, find, minimap) -> None:
        """Take the window's parts: the toggles' states, the find bar's and the minimap's
        LazyPanels."""
        actions["actionFollowStep"].setChecked(self.follow)
        actions["actionMinimap"] = minimap.dock.toggleViewAction()
        self._find, self._minimap = find, minimap
        find.when_made(lambda bar: (bar.chosen.connect(self.go_to),
                                    bar.closed.connect(self.close_find)))
        minimap.when_made(lambda picture: picture.moved_to.connect(
            lambda point: self.pan.to(point, animated=False)))

    @property
    def pan(self):
        """The view's smooth pan, made (and its module imported) when first used."""
        if self._pan is None:
            from ..canvas.pan import SmoothPan
            self._pan = SmoothPan(self.view)
        return self._pan

    @property
    def find_dock(self):
        """The Find dock."""
        return self._find.dock

    @property
    def find_bar(self):
        """The find bar (made when first asked for)."""
        return self._find.get()

    # ----- where a node is on the canvas ------------------------------------
    def node_rect(self, node_id: str) -> QRectF:
        """The box showing ``node_id``: its own, or the collapsed group's that hides it."""
        doc = self.session.doc
        box = self.scene.folding.plan.box_of(node_id)  # where the canvas draws the group
        if box is not None:
            return QRectF(box.x, box.y, WIDTH, HEIGHT)
        x, y = doc.pos(node_id)
        return QRectF(x, y, WIDTH, HEIGHT)

    def go_to(self, node_id: str) -> None:
        """Select ``node_id`` and pan the view to put it in the middle, zooming in to
        where text can be read if the view is further out."""
        if node_id not in self.session.doc:
            return
        self.scene.select_nodes([node_id])
        centre = self.node_rect(node_id).center()
        if self.view.zoom < TEXT_MIN_ZOOM:
            self.pan.to(centre, animated=False)
            self.view.zoom_by(READ_ZOOM / self.view.zoom)
        self.pan.to(centre)

    # ----- Find ---------------------------------------------------------------
    def find(self) -> None:
        """Open the find bar (Edit > Find), ready to type."""
        self.find_dock.show()
        self.find_dock.raise_()
        if self.find_dock.width() < FIND_WIDTH:
            self.window.resizeDocks([self.find_dock], [FIND_WIDTH], Qt.Orientation.Horizontal)
        if self.find_dock.height() < FIND_HEIGHT:  # from the palette, whose list is short
            self.window.resizeDocks([self.find_dock], [FIND_HEIGHT], Qt.Orientation.Vertical)
        self.find_bar.start()

    def find_next(self, step: int = 1) -> None:
        """Go to the next match (F3), or the previous one (Shift+F3)."""
        if not self.find_dock.isVisible() or not self.find_bar.list.count():
            self.find()
            return
        if step > 0:
            self.find_bar.next()
        else:
            self.find_bar.previous()

    def close_find(self) -> None:
        """Close the find bar; the canvas takes the keys again."""
        self.find_dock.hide()
        self.view.setFocus(Qt.FocusReason.OtherFocusReason)

    # ----- following the step-through ------------------------------------------
    def set_follow_step(self, on: bool) -> None:
        """Pan to each step's node when it is off screen (View > Follow Step); remembered."""
        if on != self.follow:  # the window's start sets the stored choice again: no write
            settings().setValue(FOLLOW_KEY, on)
        self.follow = on

    def _step_shown(self, _stepper, step) -> None:
        minimap = self._minimap.made() if self._minimap is not None else None
        if minimap is not None and minimap.isVisible():
            minimap.update()  # its ring round the node being stepped
        if not self.follow or step is None:
            return
        node_id = self.session.evaluation.id_of(step.node)
        if node_id in self.session.doc:
            self.pan.show(self.node_rect(node_id))

    # ----- focus on a node ------------------------------------------------------
    def set_focus(self, on: bool) -> None:
        """Dim what is neither upstream nor downstream of the selected nodes (View >
        Focus on Selection); the focus follows the selection while on."""
        self.focus_on = on
        self._follow_selection()
        if on and not self.focus.centre:
            self.session.message.emit("Focus on Selection: select a node to see its paths.")

    def _selection_changed(self) -> None:
        if self.focus_on and not self._selection_later.isActive():
            self._selection_later.start()

    def _follow_selection(self) -> None:
        selected, box = focus_centre(self.scene) if self.focus_on else (set(), None)
        if len(selected) > FOCUS_MOST:
            if self.focus.centre:
                self.session.message.emit(f"Focus on Selection: select at most {FOCUS_MOST} "
                                          "nodes to see their paths.")
            selected = set()
        if selected == self.focus.centre and (selected or self.focus.kept is None):
            return
        self.focus.set_centre(selected)
        if self.focus.centre:
            upstream, downstream = self.focus.counts
            doc = self.session.doc
            what = (f"'{box}'" if box is not None else
                    f"'{doc.label(next(iter(self.focus.centre)))}'" if len(self.focus.centre) == 1
                    else f"{len(self.focus.centre)} nodes")
            self.session.message.emit(f"Focus on {what}: {upstream:,} nodes upstream, "
                                      f"{downstream:,} downstream; the rest are dimmed.")


def _stored_flag(key: str, default: bool) -> bool:
    value = settings().value(key)
    if value is None:
        return default
    return value in (True, "true", "1", 1)
