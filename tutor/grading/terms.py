"""The words graders and the session share: decisions, the hint ladder and the guard's flags.

Plain enums, apart from the Verdict models, so the state machine and the TUI's first
frame need neither pydantic nor a grader.
"""

from __future__ import annotations

from enum import StrEnum


class Decision(StrEnum):
    ADVANCE = "advance"
    HINT = "hint"


class Rung(StrEnum):
    """The AutoTutor hint ladder, from the vaguest nudge to the most explicit."""

    PUMP = "pump"
    HINT = "hint"
    PROMPT = "prompt"
    ASSERTION = "assertion"


LADDER: tuple[Rung, ...] = (Rung.PUMP, Rung.HINT, Rung.PROMPT, Rung.ASSERTION)

#: Hints a step may give before its Checkpoint is explained: every rung but the last.
MAX_HINTS = len(LADDER) - 1

#: Answers longer than this are refused. Honest answers to a step's Question run from a
#: few words to a few hundred characters (the longest of 8,910 SemEval-2013 answers is
#: 550 characters; a thorough seed-lesson answer is under 1,000); 2,000 characters is about
#: 350 words, room for any honest answer and too little to hide a prompt in a wall of text.
#: Here, not in the guard, so the session can refuse one before it is sent to a grader.
MAX_ANSWER_CHARS = 2000


class Flag(StrEnum):
    """Why the guard distrusts an answer. A flagged answer never advances."""

    EMPTY = "empty"
    TOO_LONG = "too_long"
    INJECTION = "injection"
    FORGED_ROLE = "forged_role"
    FORGED_VERDICT = "forged_verdict"
    FORGED_DELIMITER = "forged_delimiter"
    KEYWORD_LIST = "keyword_list"
    COPIED_QUESTION = "copied_question"
    GIBBERISH = "gibberish"
