"""The Qt front end: scene, view, palette, inspector, stepper panel and main window."""
