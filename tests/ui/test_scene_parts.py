"""The scene's parts: what Backward shows is one object; controllers set nothing on the scene."""

import ast
from pathlib import Path

from gradgui.ui.canvas.backward_display import BackwardDisplay
from gradgui.ui.canvas.detail import LevelOfDetail
from gradgui.ui.canvas.queries import SceneQueries
from gradgui.ui.canvas.scene import GraphScene
from gradgui.ui.colors import GradScale

UI = Path(__file__).resolve().parents[2] / "gradgui" / "ui"


def test_the_display_holds_the_scale_the_step_and_the_flags():
    display = BackwardDisplay()
    assert (display.scale_mode, display.fixed_scale, display.step_roles, display.check_flags,
            display.edge_labels) == ("auto", None, {}, {}, False)
    stepper = object()  # stands for a step-through: the display only holds it
    display.start_stepping(stepper, GradScale(2.0, "linear"))
    assert display.stepper is stepper
    display.set_scale_mode("symlog")
    assert display.fixed_scale.largest == 2.0 and display.fixed_scale.mode == "symlog"
    assert display.show_step({"a": "current", "b": "changed"}) == {"a", "b"}
    assert display.step_role("a") == "current" and display.step_role("c") is None
    assert display.show_step({"c": "current"}) == {"a", "b", "c"}  # old marks repaint too
    display.end_stepping()
    assert display.step_roles == {} and display.fixed_scale is None and display.stepper is None
    assert display.scale_mode == "symlog"  # the mode is the person's choice: it stays


def test_the_scene_reads_the_windows_display_and_has_its_parts_as_collaborators(window):
    scene = window.scene
    assert scene.display is window.display is window.backprop.display
    assert isinstance(scene.detail, LevelOfDetail) and isinstance(scene.queries, SceneQueries)
    assert GraphScene.__mro__[1].__name__ == "QGraphicsScene"  # no mixins


def test_no_controller_or_window_sets_an_attribute_on_the_scene():
    found = []
    for path in sorted(UI.rglob("*.py")):
        if path.parent.name == "canvas":
            continue  # the scene's own room
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            targets = node.targets if isinstance(node, ast.Assign) else (
                [node.target] if isinstance(node, (ast.AugAssign, ast.AnnAssign)) else [])
            for target in targets:
                if isinstance(target, ast.Attribute) and "scene" in ast.unparse(target.value):
                    found.append(f"{path.relative_to(UI)}:{node.lineno} {ast.unparse(target)}")
    assert not found, found
