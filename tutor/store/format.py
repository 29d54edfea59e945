"""The transcript format's name: written in every header, checked by every reader."""

FORMAT = "tutor-transcript/1"
