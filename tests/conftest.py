"""Shared test setup: Qt runs headless and settings go to a throwaway folder."""

import os

# Must happen before anything imports Qt.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest


@pytest.fixture(autouse=True, scope="session")
def _settings_dir(tmp_path_factory):
    """Keep QSettings away from the real user's settings (GRADGUI_SETTINGS_DIR)."""
    old = os.environ.get("GRADGUI_SETTINGS_DIR")
    os.environ["GRADGUI_SETTINGS_DIR"] = str(tmp_path_factory.mktemp("settings"))
    yield
    if old is None:
        os.environ.pop("GRADGUI_SETTINGS_DIR", None)
    else:
        os.environ["GRADGUI_SETTINGS_DIR"] = old


@pytest.fixture
def tutorial_neuron():
    """The tutorial's neuron o = tanh(x1*w1 + x2*w2 + b) built with Values; returns o."""
    from gradgui.engine import Value

    x1 = Value(2.0, label='x1')
    x2 = Value(0.0, label='x2')
    w1 = Value(-3.0, label='w1')
    w2 = Value(1.0, label='w2')
    b = Value(6.8813735870195432, label='b')
    x1w1 = x1*w1; x1w1.label = 'x1*w1'
    x2w2 = x2*w2; x2w2.label = 'x2*w2'
    x1w1x2w2 = x1w1 + x2w2; x1w1x2w2.label = 'x1*w1 + x2*w2'
    n = x1w1x2w2 + b; n.label = 'n'
    o = n.tanh(); o.label = 'o'
    return o
