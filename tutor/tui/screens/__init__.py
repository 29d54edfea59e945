"""Screens of the TUI besides the lesson itself."""
