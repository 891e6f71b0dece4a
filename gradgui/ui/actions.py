"""The window's actions: names tests rely on, texts, shortcuts and menus, in one table."""

from dataclasses import dataclass
from typing import Callable, Dict, Optional, Union

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QLineEdit

Key = QKeySequence.StandardKey


@dataclass(frozen=True)
class ActionSpec:
    """One action: objectName, menu text, shortcut(s), menu and status tip; a checkable
    one's handler is given the new state."""

    name: str
    text: str
    shortcut: Union[None, str, QKeySequence.StandardKey, tuple]
    menu: str
    tip: str = ""
    checkable: bool = False


SPECS = (
    ActionSpec("actionNew", "&New", Key.New, "File", "Start an empty graph"),
    ActionSpec("actionOpen", "&Open…", Key.Open, "File", "Open a graph file"),
    ActionSpec("actionSave", "&Save", Key.Save, "File", "Save the graph"),
    ActionSpec("actionSaveAs", "Save &As…", Key.SaveAs, "File", "Save the graph under a new name"),
    ActionSpec("actionRevert", "Rever&t", None, "File", "Go back to the saved file"),
    ActionSpec("actionExportPng", "Export &PNG…", None, "File", "Save a picture of the graph"),
    ActionSpec("actionExportSvg", "Export S&VG…", None, "File", "Save a vector picture of the graph"),
    ActionSpec("actionExportPython", "Export P&ython…", None, "File", "Save the graph as a runnable script"),
    ActionSpec("actionExportDot", "Export &DOT…", None, "File",
               "Save the graph as Graphviz DOT text, micrograd's kind of picture"),
    ActionSpec("actionClose", "&Close", Key.Close, "File", "Close the window"),
    # Some platforms bind no Quit key (Windows, Qt's offscreen one): Ctrl+Q is the usual one.
    ActionSpec("actionQuit", "&Quit", (Key.Quit, "Ctrl+Q"), "File", "Quit gradgui"),
    ActionSpec("actionUndo", "&Undo", Key.Undo, "Edit"),
    # X11 binds only Ctrl+Shift+Z; people coming from Windows press Ctrl+Y.
    ActionSpec("actionRedo", "&Redo", (Key.Redo, "Ctrl+Y"), "Edit"),
    ActionSpec("actionCut", "Cu&t", Key.Cut, "Edit", "Cut the selected nodes"),
    ActionSpec("actionCopy", "&Copy", Key.Copy, "Edit", "Copy the selected nodes"),
    ActionSpec("actionPaste", "&Paste", Key.Paste, "Edit", "Paste nodes"),
    ActionSpec("actionDuplicate", "D&uplicate", "Ctrl+D", "Edit", "Duplicate the selected nodes"),
    # Named keys, not the platform's Delete: under X11 that is Del *and* Ctrl+D,
    # which would make Duplicate's Ctrl+D ambiguous (and do nothing).
    ActionSpec("actionDelete", "&Delete", ("Del", "Backspace"), "Edit", "Delete the selection"),
    ActionSpec("actionSelectAll", "Select &All", Key.SelectAll, "Edit"),
    # Group and Ungroup's usual Ctrl+G and Ctrl+Shift+G are Descent Step's and Collapse/Expand's.
    ActionSpec("actionGroupSelection", "&Group Selection", "Ctrl+Alt+G", "Edit",
               "Make the selected nodes one group, which can be collapsed into a box"),
    ActionSpec("actionRenameGroup", "Rena&me…", "F2", "Edit",
               "Edit the selected node's label, or give the selected box's group (or the "
               "selected nodes' group) another"),
    ActionSpec("actionUngroup", "Ungr&oup", None, "Edit",
               "Take away the selected box's group; its nodes stay"),
    ActionSpec("actionInsertExpression", "Insert &Expression…", "Ctrl+E", "Edit",
               "Add the nodes of an expression like tanh(x1*w1 + b)"),
    ActionSpec("actionForward", "&Forward", "Ctrl+R", "Graph", "Evaluate the graph"),
    ActionSpec("actionBackward", "&Backward", "Ctrl+B", "Graph", "Backpropagate from the output"),
    ActionSpec("actionStep", "&Step", "F10", "Graph", "Take one step of the backward pass"),
    ActionSpec("actionStepBack", "Step Bac&k", "Shift+F10", "Graph", "Undo one backward step"),
    # A debugger's key near Step's: the rest of a collapsed group's steps at once.
    ActionSpec("actionStepOver", "Step &Over", "Shift+F11", "Graph",
               "Take the steps inside the collapsed group being stepped, as one"),
    ActionSpec("actionRunToEnd", "&Run to End", "Ctrl+F10", "Graph", "Finish the backward pass"),
    ActionSpec("actionResetGrads", "R&eset Grads", None, "Graph", "Clear every grad"),
    ActionSpec("actionGradCheck", "&Gradient Check", None, "Graph",
               "Compare every grad with a finite difference"),
    ActionSpec("actionDescend", "&Descent Step", "Ctrl+G", "Graph",
               "Move every weight against its grad"),
    ActionSpec("actionGenerateMlp", "Generate &MLP…", None, "Graph",
               "Make the whole scalar graph of a small network and its loss"),
    # Teaching: the quiz and Graph > Bug Lab's choices (a submenu made by
    # controllers/bug_lab.py, so their menu is not one build_menus fills).
    ActionSpec("actionQuiz", "&Predict the Grad", "Ctrl+Shift+P", "Graph",
               "Step hides the grads it writes until you have predicted them", checkable=True),
    ActionSpec("actionBugLabOff", "&Off", None, "Bug Lab", "The correct backward pass"),
    ActionSpec("actionBugLabNaiveOrder", "&Naive Order", None, "Bug Lab",
               "Visit nodes breadth-first from the output, not in topological order"),
    ActionSpec("actionBugLabAssign", "&Assign (= for +=)", None, "Bug Lab",
               "Write each grad with = instead of accumulating with +="),
    ActionSpec("actionBugLabNoZeroGrad", "No &zero_grad", None, "Bug Lab",
               "Keep the grads of the previous pass"),
    ActionSpec("actionNewNetwork", "New &Network from Data…", None, "Graph",
               "Build a network bound to a data set, ready to train, as a new graph"),
    ActionSpec("actionUnroll", "&Unroll over the Data", None, "Graph",
               "Open the network copied once per row, its output the batch loss, as a new graph"),
    ActionSpec("actionImportCsv", "&Import CSV…", None, "File",
               "Make a CSV file with a header line the graph's data set"),
    # Training: F5 runs and F6 pauses, as in debuggers; F7 takes one step.
    ActionSpec("actionTrainPlay", "&Play", "F5", "Train",
               "Train on the data set beside the window until Pause or the last step"),
    ActionSpec("actionTrainPause", "P&ause", "F6", "Train",
               "Pause training; the steps so far become one undo step"),
    ActionSpec("actionTrainStep", "&Step Once", "F7", "Train", "Take one training step"),
    ActionSpec("actionTrainReset", "&Reset Weights", None, "Train",
               "Put the weights back where training started"),
    # Not a bare L: a letter typed on the canvas starts adding a node (l for log).
    ActionSpec("actionAutoLayout", "Auto &Layout", "Ctrl+L", "View", "Place nodes in layers"),
    ActionSpec("actionFit", "&Fit Graph", "F", "View", "Frame the whole graph"),
    ActionSpec("actionToggleGroup", "Collapse/Expand &Group", "Ctrl+Shift+G", "View",
               "Collapse the group of the selected nodes, or expand the selected boxes"),
    ActionSpec("actionZoomIn", "Zoom &In", Key.ZoomIn, "View"),
    ActionSpec("actionZoomOut", "Zoom &Out", Key.ZoomOut, "View"),
    ActionSpec("actionZoomReset", "&Actual Size", "Ctrl+0", "View"),
    # View > Colour Scale: one of three, remembered.
    ActionSpec("actionScaleAuto", "&Auto", None, "View > Colour Scale",
               "Symmetric-log when grads span more than two powers of ten, else linear"),
    ActionSpec("actionScaleLinear", "&Linear", None, "View > Colour Scale",
               "Colour grads in proportion to the largest"),
    ActionSpec("actionScaleSymlog", "&Symmetric Log", None, "View > Colour Scale",
               "Spread grads that span many powers of ten"),
    # View > Theme: one of three, remembered.
    ActionSpec("actionThemeSystem", "&System", None, "View > Theme", "Follow the desktop's colours"),
    ActionSpec("actionThemeLight", "&Light", None, "View > Theme", "Light colours everywhere"),
    ActionSpec("actionThemeDark", "&Dark", None, "View > Theme",
               "Dark colours everywhere, for a projector in a dim room"),
    # View > Text Size: one of four, remembered.
    ActionSpec("actionTextSize100", "&100 %", None, "View > Text Size", "Text in panels at its usual size"),
    ActionSpec("actionTextSize125", "1&25 %", None, "View > Text Size", "Larger text in panels"),
    ActionSpec("actionTextSize150", "1&50 %", None, "View > Text Size", "Larger text in panels"),
    ActionSpec("actionTextSize200", "2&00 %", None, "View > Text Size",
               "Text in panels twice its size, for a projector"),
    ActionSpec("actionUserGuide", "&User Guide", Key.HelpContents, "Help",
               "How to use gradgui, menu by menu"),
    ActionSpec("actionShortcuts", "&Keyboard Shortcuts", None, "Help", "Every key of every action"),
    ActionSpec("actionAbout", "&About gradgui", None, "Help", "Version and licence"),
    # Finding and following nodes (ui/controllers/navigate.py).
    ActionSpec("actionFind", "&Find…", (Key.Find, "Ctrl+F"), "Edit",
               "Find nodes by label or id"),
    ActionSpec("actionFindNext", "Find &Next", "F3", "Edit", "Go to the next match"),
    ActionSpec("actionFindPrevious", "Find Pre&vious", "Shift+F3", "Edit",
               "Go to the previous match"),
    ActionSpec("actionFollowStep", "Follo&w Step", None, "View",
               "Pan to the node being stepped when it is off screen", checkable=True),
    ActionSpec("actionFocusSelection", "Fo&cus on Selection", None, "View",
               "Dim every node neither upstream nor downstream of the selected node",
               checkable=True),
    # Help > Lessons (a submenu): the bundled lessons, then any lesson file.
    ActionSpec("actionLessonNeuron", "The &Neuron", None, "Lessons",
               "Build the tutorial's neuron and derive every grad by hand"),
    ActionSpec("actionLessonUsedTwice", "A Node &Used Twice", None, "Lessons",
               "Why grads accumulate with +="),
    ActionSpec("actionLessonTopologicalOrder", "Why &Topological Order", None, "Lessons",
               "What goes wrong when a grad is passed on before it is complete"),
    ActionSpec("actionLessonZeroGrad", "Forgetting &zero_grad", None, "Lessons",
               "Backward twice without zeroing: grads double"),
    ActionSpec("actionLessonDescent", "One Step &Downhill", None, "Lessons",
               "A descent step on the neuron, and what the learning rate does"),
    ActionSpec("actionOpenLesson", "Open Lesson &File…", None, "Lessons", "Open a lesson file"),
)


def key_sequences(shortcut) -> list:
    """The key sequences of a spec's shortcut on this platform, each once."""
    if shortcut is None:
        return []
    items = shortcut if isinstance(shortcut, tuple) else (shortcut,)
    sequences = []
    for item in items:
        found = (QKeySequence.keyBindings(item) if isinstance(item, QKeySequence.StandardKey)
                 else [QKeySequence(item)])
        sequences += [s for s in found if s not in sequences]
    return sequences


def build_actions(parent, handlers: Dict[str, Callable[[], None]]) -> Dict[str, QAction]:
    """Make the actions that have handlers, named and with their shortcuts."""
    actions = {}
    for spec in SPECS:
        handler = handlers.get(spec.name)
        if handler is None:
            continue
        action = QAction(spec.text, parent)
        action.setObjectName(spec.name)
        action.setShortcuts(key_sequences(spec.shortcut))
        if spec.tip:
            action.setStatusTip(spec.tip)
            action.setToolTip(spec.tip)
        if spec.checkable:
            action.setCheckable(True)
            action.toggled.connect(handler)
        else:
            action.triggered.connect(lambda _checked=False, h=handler: (finish_typing(), h()))
        actions[spec.name] = action
    return actions


def finish_typing() -> None:
    """Commit what is being typed in a field (inspector, in-place editor, learning rate).

    An action should see the number just typed; and work that runs behind a
    progress box must not have an edit land in the document half way, as
    the box takes the focus from the field.
    """
    focus = QApplication.focusWidget()
    if isinstance(focus, QLineEdit):
        focus.clearFocus()


def spec(name: str) -> Optional[ActionSpec]:
    """The spec of an action by objectName."""
    return next((s for s in SPECS if s.name == name), None)
