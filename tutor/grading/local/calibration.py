"""A step's own cut, read off the lesson author's labelled example answers.

The shipped decision is fitted across many questions; a new lesson may put the line between
"enough" and "not yet" a little elsewhere. When a step carries labelled examples
(`[[examples]]` in its sidecar: right answers in several wordings, partials, misconceptions
in a learner's words, negations), the local grader scores them as it would score a learner
and moves the step's cut to where it errs least on them. It takes the examples' grading
time once per step (about 40 ms an example), never a retrain, and the cut can move only so
far (SHIFT) from the shipped one, so a handful of examples cannot undo what the decision
learned.
"""

from __future__ import annotations

from collections.abc import Sequence

#: How far the cut may move from the shipped one, either way.
SHIFT = 0.2
#: A false advance on an example costs this many false holds: advancing a learner who has
#: it wrong is the worse mistake.
FALSE_ADVANCE_COST = 2.0
#: Fewer examples than this, or examples of only one label, leave the shipped cut.
MIN_EXAMPLES = 6
#: The candidate cuts, in steps of this size.
STEP = 0.01


def calibrated_cut(scores: Sequence[float], advance: Sequence[bool], cut: float) -> float:
    """The cut within SHIFT of `cut` that errs least on the examples (a false advance costs
    FALSE_ADVANCE_COST holds); among equals, the one nearest `cut`."""
    if len(scores) < MIN_EXAMPLES or all(advance) or not any(advance):
        return cut
    steps = round(SHIFT / STEP)
    candidates = [cut + k * STEP for k in range(-steps, steps + 1)]

    def cost(c: float) -> tuple[float, float]:
        errors = sum(FALSE_ADVANCE_COST if s >= c and not a else 1.0 if s < c and a else 0.0
                     for s, a in zip(scores, advance, strict=True))
        return errors, abs(c - cut)

    return min(candidates, key=cost)
