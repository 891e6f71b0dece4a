"""Formats of what is dragged between the window's parts."""

KIND_MIME = "application/x-gradgui-kind"  # a node kind, dragged from the palette
