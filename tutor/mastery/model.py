"""Bayesian knowledge tracing for one idea, with evidence weighted by the grader's certainty.

Each idea of a step is a skill the learner knows or not; `mastery` is P(known). An
observation is the grader reading the idea as stated (correct) or as missing (incorrect).
Standard BKT (Corbett & Anderson 1995) updates P(known) by Bayes' rule with a slip and a
guess probability, then adds the chance of learning at this opportunity (`transit`).
Two changes fit a Socratic tutor:

- the guess grows with the hints given before the answer (an answer after a fill-in
  prompt is easier to get right without knowing the idea), as in BKT models of help;
- an observation has a weight in [0, 1]: the posterior moves that share of the way from
  the prior, so an answer the grader was unsure of says less (soft evidence).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Literal

Band = Literal["solid", "shaky", "not yet"]

#: At or above this an idea is solid; below it, once the learner has stated it, shaky.
SOLID = 0.8
#: The label the summary and `tutor progress` use for an idea stated but below SOLID.
SHAKY: Band = "shaky"


@dataclass(frozen=True)
class Params:
    """The knowledge-tracing parameters (the same for every idea: there is no data per idea
    to fit them on)."""

    #: P(known) before any answer. The learner has just read the step's explanation.
    prior: float = 0.35
    #: P(learning the idea) at each opportunity: an answer graded, or the idea explained.
    transit: float = 0.15
    #: P(the grader reads the idea as missing although the learner knows it).
    slip: float = 0.1
    #: P(stating the idea without knowing it), by hints given before the answer: a free-text
    #: explanation is hard to guess, a fill-in after three hints is not.
    guess_by_hints: tuple[float, ...] = (0.1, 0.3, 0.5, 0.7)

    def guess(self, hints: int) -> float:
        """The guess probability after `hints` hints."""
        return self.guess_by_hints[min(max(hints, 0), len(self.guess_by_hints) - 1)]


PARAMS = Params()


@dataclass(frozen=True)
class IdeaMastery:
    """What is known about one idea of one step, across every session and review."""

    step: int
    idea: str
    mastery: float = PARAMS.prior
    attempts: int = 0  # graded answers to the step (or to a review of this idea)
    hints: int = 0  # hints given while this idea was still unsaid
    revealed: int = 0  # times the step was explained with this idea unsaid
    credited: int = 0  # observations that read the idea as there
    observations: int = 0
    last_seen: float | None = None  # seconds since the epoch, from the transcript

    @property
    def band(self) -> Band:
        """solid (mastery ≥ SOLID), shaky (stated, but below), or not yet (never stated)."""
        if self.credited == 0:
            return "not yet"
        return "solid" if self.mastery >= SOLID else SHAKY

    @property
    def needs_review(self) -> bool:
        """Seen, and not solid: what a review asks again."""
        return self.observations > 0 and self.band != "solid"

    def observe(self, *, correct: bool, weight: float, hints: int, at: float | None,
                params: Params = PARAMS) -> IdeaMastery:
        """This idea after one observation."""
        weight = min(max(weight, 0.0), 1.0)
        prior = self.mastery
        guess = params.guess(hints)
        if correct:
            known = prior * (1 - params.slip)
            unknown = (1 - prior) * guess
        else:
            known = prior * params.slip
            unknown = (1 - prior) * (1 - guess)
        posterior = known / (known + unknown) if known + unknown > 0 else prior
        soft = weight * posterior + (1 - weight) * prior
        learned = soft + (1 - soft) * params.transit
        return replace(self, mastery=min(max(learned, 0.0), 1.0),
                       observations=self.observations + 1,
                       credited=self.credited + (1 if correct else 0),
                       last_seen=at if at is not None else self.last_seen)


@dataclass(frozen=True)
class StepTally:
    """One step's totals across sessions: graded answers, hints and explanations."""

    step: int
    attempts: int = 0
    hints: int = 0
    revealed: int = 0
    passed: int = 0


@dataclass(frozen=True)
class Book:
    """Every idea's estimate and every step's tally for one lesson."""

    ideas: dict[tuple[int, str], IdeaMastery]
    steps: dict[int, StepTally]
    sessions: int = 0
    reviews: int = 0

    @classmethod
    def empty(cls, ideas: dict[int, tuple[str, ...]]) -> Book:
        """A book with the prior for every idea of every step."""
        return cls(ideas={(n, i): IdeaMastery(step=n, idea=i)
                          for n, texts in ideas.items() for i in texts},
                   steps={n: StepTally(step=n) for n in ideas})

    def of_step(self, number: int) -> list[IdeaMastery]:
        """The ideas of one step, in the order they were written."""
        return [m for (n, _), m in self.ideas.items() if n == number]

    def step_mastery(self, number: int) -> float:
        """A step's mastery: the mean of its ideas' (the prior for a step with none)."""
        ideas = self.of_step(number)
        return sum(m.mastery for m in ideas) / len(ideas) if ideas else PARAMS.prior
