"""Controllers: what the actions do (edit, files, backprop, export, recovery), through the session."""
