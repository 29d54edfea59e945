"""What several commands share: the grader choices and the help of --grader and --model.

Plain strings, so every command's help is built without importing the graders.
"""

from __future__ import annotations

from tutor.errors import InputError

#: The --grader choices of every command: `tutor.grading.factory.GRADERS` (a test checks).
GRADERS = ("auto", "claude", "local")

GRADER_HELP = ("auto, claude or local (default: the `grader` setting, auto unless set; "
               "auto is claude when a key or base_url is set, else local).")

MODEL_HELP = ("Claude model for this run (default: the `model` setting, which TUTOR_MODEL "
              "also sets; `tutor config` shows it).")


def check_grader_and_model(grader: str | None, model: str | None) -> str | None:
    """The --grader name, normalised; InputError for an unknown grader or a useless --model."""
    if grader is not None:
        grader = grader.strip().lower()
        if grader not in GRADERS:
            raise InputError(f"--grader {grader!r}: choose one of {', '.join(GRADERS)}")
    if model is not None:
        if not model.strip():
            raise InputError("--model is empty: name a Claude model, e.g. "
                             "--model claude-haiku-4-5")
        if grader == "local":
            raise InputError("--model chooses the Claude model; the local grader has none. "
                             "Drop --model, or use --grader claude")
    return grader
