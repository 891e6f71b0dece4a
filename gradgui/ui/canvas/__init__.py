"""The canvas: the scene, its view, node and wire items, the wiring gesture and the level of detail."""
