"""Authoring help: drafting a lesson's expectation scripts with Claude (`tutor lessons draft`)."""
