"""The zoomed-out picture of a big graph: node fills and wires drawn a tile at a time."""
