"""The Claude grader: the Messages API judges each answer against the step's Checkpoint.

`build_params` and `verdict_from_message` are public so the Message Batches path sends the
same request and reads the reply the same way as the interactive grader.
"""

from tutor.grading.claude.grader import ClaudeGrader
from tutor.grading.claude.params import build_params
from tutor.grading.claude.reply import verdict_from_message

__all__ = ["ClaudeGrader", "build_params", "verdict_from_message"]
