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
    from tutorial_neuron import neuron_values
    return neuron_values()["o"]
