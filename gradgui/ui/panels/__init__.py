"""Docked panels and dialogs: palette, quick add, inspector, stepper, gradient check, legend."""
