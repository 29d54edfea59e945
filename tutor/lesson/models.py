"""The lesson as data: a Lesson of Steps, each with its directives and authoring extras.

Frozen dataclasses: the parser checks everything it puts in them and reports problems as
Diagnostics with a line number, so these need no validator of their own, and the TUI's
first frame (which parses the lesson) does without importing pydantic.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal


@dataclass(frozen=True, kw_only=True)
class CardDirective:
    """`<!-- hint:card type="concept" title="Embeddings" -->`: a concept card beside the step."""

    kind: Literal["card"] = "card"
    line: int
    type: str = "concept"
    title: str
    body: str | None = None  # authored body; the TUI falls back to the explanation


@dataclass(frozen=True, kw_only=True)
class DiagramDirective:
    """`<!-- hint:diagram mermaid-type="flowchart" topic="…" -->`: a diagram of the step's idea."""

    kind: Literal["diagram"] = "diagram"
    line: int
    mermaid_type: str = "flowchart"
    topic: str = ""
    source: str | None = None  # an authored ```mermaid block, when the lesson has one


@dataclass(frozen=True, kw_only=True)
class ButtonsDirective:
    """`<!-- hint:buttons type="single" prompt="…" options="A,B,C" -->`: a choice to make."""

    kind: Literal["buttons"] = "buttons"
    line: int
    type: Literal["single", "multiple"] = "single"
    prompt: str
    options: list[str]
    expected: str | None = None  # authored: the option a tutor would pick


@dataclass(frozen=True, kw_only=True)
class CelebrateDirective:
    """`<!-- hint:celebrate -->`: celebrate when the step is passed."""

    kind: Literal["celebrate"] = "celebrate"
    line: int


@dataclass(frozen=True, kw_only=True)
class LabDirective:
    """`<!-- lab:tokenizer -->`: an interactive lab the step offers."""

    kind: Literal["lab"] = "lab"
    line: int
    name: str
    params: dict[str, str] = field(default_factory=dict)


Directive = CardDirective | DiagramDirective | ButtonsDirective | CelebrateDirective | LabDirective


@dataclass(frozen=True, kw_only=True)
class Misconception:
    """A known wrong idea for a step, with an optional question that targets it and a
    one-line correction told at the reveal."""

    text: str
    hint: str | None = None
    correction: str | None = None


#: The keys an author may write for an expectation (`text` is required), a misconception or
#: a labelled example answer.
SCRIPT_KEYS = ("text", "pump", "hint", "prompt", "expect", "assertion")
MISCONCEPTION_KEYS = ("text", "hint", "correction")
EXAMPLE_KEYS = ("text", "label", "kind")
#: An example answer's label, as in the eval sets: would a careful tutor let it advance?
EXAMPLE_LABELS = ("advance", "hint")


@dataclass(frozen=True, kw_only=True)
class ExampleAnswer:
    """A labelled example answer to a step, written by the lesson's author: an offline
    grader may calibrate on it (right ones in several wordings, partials, each misconception
    in a learner's words, negations). Never shown to the learner."""

    text: str
    label: str
    kind: str | None = None


@dataclass(frozen=True, kw_only=True)
class ExpectationScript:
    """One expectation and its authored ladder, in the AutoTutor manner.

    Each rung has its own key: `pump` (an open question), `hint` (a narrower one),
    `prompt` (a fill-in whose expected word or phrase is `expect`) and `assertion` (told at
    the reveal). `None` where the author wrote none.
    """

    text: str
    pump: str | None = None
    hint: str | None = None
    prompt: str | None = None
    expect: str | None = None
    assertion: str | None = None

    def question(self, rung: str) -> str | None:
        """The authored question for a ladder rung (`pump`, `hint`, `prompt`), if any."""
        return {"pump": self.pump, "hint": self.hint, "prompt": self.prompt}.get(rung)


@dataclass(frozen=True, kw_only=True)
class Step:
    """One step: explanation, Task, Question and the Checkpoint rubric, plus directives."""

    number: int
    title: str
    slug: str
    line: int
    explanation: str
    task: str = ""
    question: str
    checkpoint: str
    directives: list[Directive] = field(default_factory=list)
    # Authoring extensions (optional; never needed by the seed lesson).
    expectations: list[str] = field(default_factory=list)
    #: Aligned with `expectations` (same length): each one's script, `text` only if none.
    scripts: list[ExpectationScript] = field(default_factory=list)
    misconceptions: list[Misconception] = field(default_factory=list)
    #: What is enough to advance: groups of expectation indices (0-based), any one group
    #: enough, every expectation in it needed. Empty: every expectation is needed.
    needs: list[list[int]] = field(default_factory=list)
    lab_data: dict[str, dict[str, Any]] = field(default_factory=dict)
    examples: list[ExampleAnswer] = field(default_factory=list)

    @property
    def cards(self) -> list[CardDirective]:
        return [d for d in self.directives if isinstance(d, CardDirective)]

    @property
    def diagrams(self) -> list[DiagramDirective]:
        return [d for d in self.directives if isinstance(d, DiagramDirective)]

    @property
    def buttons(self) -> ButtonsDirective | None:
        return next((d for d in self.directives if isinstance(d, ButtonsDirective)), None)

    @property
    def celebrates(self) -> bool:
        return any(isinstance(d, CelebrateDirective) for d in self.directives)

    @property
    def labs(self) -> list[LabDirective]:
        return [d for d in self.directives if isinstance(d, LabDirective)]


@dataclass(frozen=True, kw_only=True)
class Diagnostic:
    """A problem found in a lesson file: where, what, and how to fix it."""

    path: str
    line: int
    severity: Literal["error", "warning"]
    message: str
    fix: str = ""
    #: A problem that hides what follows it (an unclosed '<!--' swallows the rest of the
    #: file), so errors after it may be its effects: it is listed first.
    root_cause: bool = False

    def __str__(self) -> str:
        fix = f" Fix: {self.fix}" if self.fix else ""
        return f"{self.path}:{self.line}: {self.severity}: {self.message}.{fix}"


def in_order(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    """Root causes first (what they hide may show up as other errors), then by file and line."""
    return sorted(diagnostics, key=lambda d: (not d.root_cause, d.path, d.line))


@dataclass(frozen=True, kw_only=True)
class Lesson:
    """A parsed lesson."""

    title: str
    name: str
    source: Path | None = None
    extension_source: Path | None = None
    content_hash: str
    steps: list[Step]
    warnings: list[Diagnostic] = field(default_factory=list)

    def step(self, ref: int | str) -> Step | None:
        """Find a step by number, by title (case-insensitive) or by slug."""
        if isinstance(ref, int) or (isinstance(ref, str) and ref.strip().isdigit()):
            n = int(ref)
            return next((s for s in self.steps if s.number == n), None)
        key = ref.strip().casefold()
        return next(
            (s for s in self.steps if s.title.casefold() == key or s.slug == key), None
        )

    def index_of(self, number: int) -> int:
        """Position of the step with this number in `steps`."""
        for i, s in enumerate(self.steps):
            if s.number == number:
                return i
        raise KeyError(number)
