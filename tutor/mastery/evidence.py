"""From a session's events to observations of ideas: what each verdict read, and the reveals.

The events are replayed through the state machine, so an observation is made only where
the session itself moved (a late or repeated verdict changes nothing, as in the TUI).

What counts, per graded answer, for each idea of the step:
- read as stated (`covered`): correct;
- the step advanced and the idea is one it needs, though not read as stated: correct at
  half the weight (the step's `needs` says what is enough; "any" means framings of one idea);
- read as missing: incorrect (at full weight when the answer stated a misconception);
- an answer the guard refused (flags) said nothing about the step: no observation.
The weight is the grader's certainty: 0.5 + 0.5 × its score for the decision it made.
The step explained after the last rung is, for each idea still unsaid, an incorrect
observation at full weight (and, like any opportunity, a chance to learn).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from tutor.mastery.model import PARAMS, Book, IdeaMastery, Params, StepTally
from tutor.session.events import Event, Start, VerdictReady
from tutor.session.machine import Phase, Reveal, ShowHint, State, transition

if TYPE_CHECKING:
    from tutor.grading.verdict import Verdict


@dataclass(frozen=True)
class StepIdeas:
    """A step's ideas (its expectations, or the key ideas of its Checkpoint) and those
    enough to advance on (every idea in a group of its `needs`)."""

    number: int
    ideas: tuple[str, ...]
    needed: frozenset[str] = field(default_factory=frozenset)


_WORD = re.compile(r"[a-z0-9]{3,}")


def _words(text: str) -> set[str]:
    return set(_WORD.findall(text.casefold()))


def match_idea(name: str, ideas: Sequence[str]) -> str | None:
    """The step idea a grader's name for an idea stands for: the same text, else the one
    sharing most words (at least half of the smaller's); a Claude grader words ideas itself
    when a step has no authored expectations."""
    if name in ideas:
        return name
    said = _words(name)
    best, best_share = None, 0.5
    for idea in ideas:
        own = _words(idea)
        if not own or not said:
            continue
        share = len(said & own) / min(len(said), len(own))
        if share >= best_share and (best is None or share > best_share):
            best, best_share = idea, share
    return best


def certainty(verdict: Verdict) -> float:
    """How sure the grader was of its decision, as an observation weight in [0.5, 1]."""
    sure = verdict.score if verdict.advanced else 1.0 - verdict.score
    return 0.5 + 0.5 * min(max(sure, 0.0), 1.0)


def _readings(verdict: Verdict, step: StepIdeas) -> dict[str, tuple[bool, float]]:
    """(correct, weight) for each idea of the step this verdict says something about."""
    covered = {m for k in verdict.covered if (m := match_idea(k.idea, step.ideas))}
    missing = {m for name in verdict.missing if (m := match_idea(name, step.ideas))}
    if verdict.misconception and verdict.hint_target:
        target = match_idea(verdict.hint_target, step.ideas)
        if target is not None and target not in covered:
            missing.add(target)
    weight = certainty(verdict)
    read: dict[str, tuple[bool, float]] = {}
    for idea in step.ideas:
        if idea in covered:
            read[idea] = (True, weight)
        elif verdict.advanced and idea in step.needed:
            read[idea] = (True, weight / 2)
        elif idea in missing:
            read[idea] = (False, 1.0 if verdict.misconception else weight)
        elif not verdict.advanced and not covered and not missing:
            # A hold that named no idea of this step (a grader's own wording matched none):
            # the decision itself, at half the weight, for every idea.
            read[idea] = (False, weight / 2)
    return read


@dataclass
class _Visit:
    """One step in one session: the ideas said so far in it."""

    said: set[str] = field(default_factory=set)


def observe_session(book: Book, events: Sequence[tuple[Event, float | None]],
                    steps: Mapping[int, StepIdeas], *, review: bool = False,
                    params: Params = PARAMS) -> Book:
    """`book` after one session's events (each with the time it was recorded, if known).

    `steps` gives the ideas of each step the session may reach; a review session passes
    only the idea it asked about. Steps or ideas not in `book` are added with the prior.
    """
    ideas = dict(book.ideas)
    tallies = dict(book.steps)
    for number, known in steps.items():
        tallies.setdefault(number, StepTally(step=number))
        for idea in known.ideas:
            ideas.setdefault((number, idea), IdeaMastery(step=number, idea=idea,
                                                         mastery=params.prior))
    visits: dict[int, _Visit] = {}
    state = State()
    started = False
    for event, at in events:
        before = state
        state, effects = transition(state, event)
        if isinstance(event, Start) and state is not before:
            started = True
        if (isinstance(event, VerdictReady) and before.phase is Phase.GRADING
                and event.attempt_id == before.pending_id):
            number = before.steps[before.index]
            step = steps.get(number)
            verdict = event.verdict
            if step is None or (verdict.flags and not verdict.advanced):
                continue
            visit = visits.setdefault(before.index, _Visit())
            tally = tallies[number]
            tallies[number] = replace(tally, attempts=tally.attempts + 1,
                                      passed=tally.passed + (1 if verdict.advanced else 0))
            read = _readings(verdict, step)
            for idea in step.ideas:
                key = (number, idea)
                current = replace(ideas[key], attempts=ideas[key].attempts + 1,
                                  last_seen=at if at is not None else ideas[key].last_seen)
                if idea in read:
                    correct, weight = read[idea]
                    current = current.observe(correct=correct, weight=weight,
                                              hints=before.hints, at=at, params=params)
                    if correct:
                        visit.said.add(idea)
                ideas[key] = current
        for effect in effects:
            if isinstance(effect, ShowHint | Reveal) and effect.number in steps:
                number = effect.number
                visit = visits.setdefault(state.index, _Visit())
                tally = tallies[number]
                revealing = isinstance(effect, Reveal)
                tallies[number] = replace(tally, hints=tally.hints + (0 if revealing else 1),
                                          revealed=tally.revealed + (1 if revealing else 0))
                for idea in steps[number].ideas:
                    if idea in visit.said:
                        continue
                    key = (number, idea)
                    if revealing:
                        ideas[key] = replace(
                            ideas[key].observe(correct=False, weight=1.0, hints=0, at=at,
                                               params=params),
                            revealed=ideas[key].revealed + 1)
                    else:
                        ideas[key] = replace(ideas[key], hints=ideas[key].hints + 1)
    return Book(ideas=ideas, steps=tallies,
                sessions=book.sessions + (1 if started and not review else 0),
                reviews=book.reviews + (1 if started and review else 0))
