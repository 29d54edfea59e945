"""What the local grader read in one answer: coverage per idea, the judge's readings, and
which of the learner's clauses may be credited.

`LocalGrader` fills an `Analysis` (stage one, then the judge) and decides on it; this
module holds the readings and the rules that turn them into credit:

- an idea is covered when the judge says the answer (or a clean earlier answer) states it;
- a clause is credited for an idea, and so quoted as right, only when the judge reads that
  clause as stating the idea and as neither contradicting a needed idea nor stating an
  authored misconception (`credit`). An earlier answer that contradicts a needed idea or
  states a misconception carries no credit over.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from tutor.grading.local.decision import decision_features
from tutor.grading.local.judge import CONTRADICTS, STATES

#: A held answer this close below the cut, or this short, may well be right: the feedback
#: asks for it in full instead of saying it misses the idea (most held answers that a
#: tutor would pass are terse or score just under the cut).
UNSURE_BAND = 0.2
#: An advance scoring less than this above the cut is marginal: it is not praised, and the
#: learner is shown the idea in full to check their answer against. So is one the judge
#: reads as also saying something wrong (`Analysis.wary`). Chosen on decisions made out of
#: sample (dev, each step left out; each further author left out): of 49 wrong answers
#: advanced, 9 score this far above the cut, against 62 % of the 228 right ones (0.1: 53 %
#: and 79 %; 0.3: 4 % and 38 %). Of those, the judge is wary of most wrong ones (dev and
#: the authors, shipped decision: 13 of 16, against 94 of 166 right). A wrong idea praised
#: costs more trust than a right one merely accepted.
SURE_BAND = 0.2
TERSE_WORDS = 8
#: A clause whose reading of an idea is this close to the best one's may be quoted instead.
EVIDENCE_SLACK = 0.1
#: The judge's probability at which an answer states an idea, or contradicts it.
STATES_AT = 0.5
CONTRADICTS_AT = 0.5
#: Spans of one answer the judge reads, for the ideas it states or contradicts, to find the
#: clause to quote (sentences first, then their clauses).
JUDGED_SPANS = 6
#: The judge's P(contradicts) at which an answer may be going against an idea: too unsure to
#: name a mix-up (CONTRADICTS_AT), sure enough not to say any of it holds.
WARY_AT = 0.3
#: The whole answer's best P(states) for some idea at which its clauses are read one by one
#: (to find one that may be credited): below it, nothing would be credited anyway.
READ_SPANS_AT = 0.3
#: A sentence ends inside the text: it has more than one.
_SENTENCE_END = re.compile(r"[.!?;]\s+\S")
#: A unit of an answer whose sentence vector is this close (cosine) to the Question or to a
#: reference speaks to the step: a hint may open on it. Off-topic remarks and "no idea"
#: sit below (0.0-0.3 on evals/dev); attempts at an answer, right or wrong, above.
NEAR_AT = 0.3

Reads = npt.NDArray[np.float32]


def wrong_in(ideas: Reads, needed: Sequence[int], wrong: Reads | None) -> npt.NDArray[np.bool_]:
    """For each unit (rows of `ideas`: (units, ideas, 3); `wrong`: (units, misconceptions,
    3)), whether the judge reads it as going wrong: contradicting a needed idea, or stating
    an authored misconception more surely than any idea (the judge leans to "states" for a
    misconception worded like an idea, so a right clause reads as both)."""
    units = ideas.shape[0]
    out = np.zeros(units, dtype=bool)
    if needed:
        out |= ideas[:, list(needed), CONTRADICTS].max(axis=1) >= CONTRADICTS_AT
    if wrong is not None and wrong.size:
        best_idea = ideas[:, :, STATES].max(axis=1) if ideas.shape[1] else np.zeros(units)
        stated = wrong[:, :, STATES].max(axis=1)
        out |= (stated >= STATES_AT) & (stated > best_idea)
    return out


@dataclass
class Analysis:
    """What stage one and the judge found in one answer, and what may be credited."""

    ideas: list[str]
    coverage: npt.NDArray[np.float64]  # (spans, ideas)
    #: What is enough to advance: groups of idea indices, any one group, all of it.
    alternatives: list[list[int]]
    whole: float
    misconceptions: npt.NDArray[np.float64] | None  # (spans, misconceptions)
    span_texts: list[str]
    negation_mismatch: bool
    n_words: int
    #: (spans of the learner's earlier answers to this step, ideas): what they have shown
    #: before counts towards the ideas; their earlier mistakes do not count against them.
    earlier: npt.NDArray[np.float64] | None = None
    earlier_texts: list[str] = field(default_factory=list)
    #: What the judge reads, spelt out: this answer's units (the whole answer first, then
    #: up to JUDGED_SPANS spans) and the earlier answers (whole), with the words to quote.
    unit_texts: list[str] = field(default_factory=list)
    earlier_unit_texts: list[str] = field(default_factory=list)
    earlier_quotes: list[str] = field(default_factory=list)  # as typed, by earlier answer
    wrong: list[str] = field(default_factory=list)
    #: The judge's probabilities for the whole answer: (1, ideas, 3), (earlier answers,
    #: ideas, 3), (1, misconceptions, 3), (earlier answers, misconceptions, 3); filled by
    #: `LocalGrader.analyse`.
    judged: Reads | None = None
    judged_earlier: Reads | None = None
    judged_wrong: Reads | None = None
    judged_earlier_wrong: Reads | None = None
    #: The judge reading the whole Checkpoint (each line) against this answer: (lines, 3).
    judged_checkpoint: Reads | None = None
    checkpoint: list[str] = field(default_factory=list)  # its lines, as the judge reads them
    #: The judge's reading of each span (`unit_texts[1:]`) against each idea (spans, ideas,
    #: 3) and each misconception (spans, misconceptions, 3): which clause says what. None
    #: when the whole answer states nothing (READ_SPANS_AT) or is one unit.
    span_ideas: Reads | None = None
    span_wrong: Reads | None = None
    #: For each of this answer's units (`span_texts`): how near it is to the step, the best
    #: cosine of its sentence vector with the Question's or any reference's.
    nearness: list[float] = field(default_factory=list)
    #: For each of this answer's units: does it start a sentence or a clause (`opens_clause`).
    opens: list[bool] = field(default_factory=list)

    def near(self) -> list[str]:
        """This answer's units that speak to the step (NEAR_AT) and start a sentence or a
        clause, nearest first: what a hint may open on when nothing in them was credited."""
        ranked = sorted(zip(self.nearness, self.span_texts, self.opens, strict=False),
                        key=lambda p: -p[0])
        return [text for score, text, opens in ranked if score >= NEAR_AT and opens]

    def group(self) -> list[int]:
        """The group of ideas (one of `alternatives`) this answer comes closest to stating:
        the one whose ideas the judge and stage one credit most on average."""
        both = (self.covered() + self.best()) / 2
        return max(self.alternatives, key=lambda g: float(both[g].mean()))

    def features(self) -> npt.NDArray[np.float64]:
        """The decision's input: the coverage pattern of the closest group of ideas; what the
        answer contradicts or states wrongly counts whatever the group."""
        wrong = (float(self.judged_wrong[:, :, STATES].max())
                 if self.judged_wrong is not None and self.judged_wrong.size else 0.0)
        group = self.group()
        return decision_features(self.best()[group], len(self.coverage), self.whole,
                                 self.misconceptions, self.negation_mismatch, self.n_words,
                                 self.covered()[group],
                                 float(self._judged()[:, :, CONTRADICTS].max()), wrong,
                                 (self.states_checkpoint(), self.against_checkpoint()))

    def states_checkpoint(self) -> float:
        """The judge's P(states) for the whole Checkpoint (its best line) in this answer."""
        return self._checkpoint_read(STATES)

    def against_checkpoint(self) -> float:
        """The judge's highest P(contradicts) for the whole Checkpoint (any line)."""
        return self._checkpoint_read(CONTRADICTS)

    def _checkpoint_read(self, column: int) -> float:
        whole = self.judged_checkpoint
        return float(whole[:, column].max()) if whole is not None and whole.size else 0.0

    def wary(self) -> bool:
        """True when the answer may also say something wrong: the judge reads a known
        misconception as stated, or the answer as going against an idea or the Checkpoint
        (WARY_AT). Its feedback then says nothing of it holds."""
        wrong = self.judged_wrong
        against = max(float(self._judged()[:, :, CONTRADICTS].max()), self.against_checkpoint())
        return ((wrong is not None and wrong.size > 0 and float(wrong[:, :, STATES].max())
                 >= STATES_AT) or against >= WARY_AT)

    def needed(self) -> list[int]:
        """The ideas some group needs, in order (an idea no group needs is extra credit)."""
        return sorted({i for g in self.alternatives for i in g})

    def _judged(self) -> Reads:
        if self.judged is None:
            raise ValueError("The judge has not read this answer yet.")
        return self.judged

    def clean_earlier(self) -> npt.NDArray[np.bool_]:
        """For each earlier answer: True when the judge reads nothing wrong in it (it
        neither contradicts a needed idea nor states a misconception), so what it showed
        still counts."""
        if self.judged_earlier is None:
            return np.zeros(0, dtype=bool)
        clean: npt.NDArray[np.bool_] = ~wrong_in(self.judged_earlier, self.needed(),
                                                 self.judged_earlier_wrong)
        return clean

    def states(self) -> npt.NDArray[np.float64]:
        """(this answer and each clean earlier one, ideas): the judge's P(states)."""
        rows = self._judged()[:, :, STATES]
        if self.judged_earlier is not None:
            rows = np.vstack([rows, self.judged_earlier[self.clean_earlier()][:, :, STATES]])
        return rows.astype(np.float64)

    def covered(self) -> npt.NDArray[np.float64]:
        """Each idea's coverage: the judge's best P(states) over this answer and the clean
        earlier ones (what a learner showed before counts; a mix-up does not)."""
        best: npt.NDArray[np.float64] = self.states().max(axis=0)
        return best

    def earlier_covered(self) -> list[float]:
        """For each covered idea (P(states) >= STATES_AT, in order), its best P(states) in
        the clean earlier answers alone (0 when there are none)."""
        ideas = np.flatnonzero(self.covered() >= STATES_AT)
        if self.judged_earlier is None:
            return [0.0] * len(ideas)
        earlier = self.judged_earlier[self.clean_earlier()]
        if not len(earlier):
            return [0.0] * len(ideas)
        return [float(earlier[:, i, STATES].max()) for i in ideas]

    def reads_spans(self) -> bool:
        """Whether the judge should read this answer's spans one by one: it has more than
        one, and the whole answer states some idea at least a little, or contradicts one."""
        if len(self.unit_texts) < 2:
            return False
        whole = self._judged()[0]
        return bool(len(whole) and (float(whole[:, STATES].max()) >= READ_SPANS_AT
                                    or float(whole[:, CONTRADICTS].max()) >= CONTRADICTS_AT))

    def _unit_reads(self) -> tuple[Reads, Reads | None, list[str], list[bool]]:
        """Every unit the judge read of this answer (the whole, then each span read): ideas
        (units, ideas, 3), misconceptions (units, m, 3) or None, the words as typed, and
        whether each may be quoted at all (the whole answer only when it is one sentence:
        several may carry a wrong claim beside the right one)."""
        ideas = self._judged()
        wrong = self.judged_wrong
        quotes = [self.span_texts[0]]
        quotable = [not _SENTENCE_END.search(self.span_texts[0])]
        if self.span_ideas is not None and len(self.span_ideas):
            n = len(self.span_ideas)
            ideas = np.concatenate([ideas, self.span_ideas])
            if wrong is not None and self.span_wrong is not None:
                wrong = np.concatenate([wrong, self.span_wrong])
            quotes += self.span_texts[1: 1 + n]
            quotable += [True] * n
        return ideas, wrong, quotes, quotable

    def credit(self) -> list[tuple[str, float] | None]:
        """For each idea, the learner's words to credit it with (as typed) and the judge's
        P(states) for them, or None.

        A unit of this answer is credited for an idea only when the judge reads that unit
        as stating it (STATES_AT) and as neither contradicting a needed idea nor stating a
        misconception (`wrong_in`); of those, the shortest within EVIDENCE_SLACK of the
        best. Words are never credited from a unit the judge did not read on its own.
        """
        ideas, wrong, quotes, quotable = self._unit_reads()
        bad = wrong_in(ideas, self.needed(), wrong)
        out: list[tuple[str, float] | None] = []
        for i in range(ideas.shape[1]):
            p = ideas[:, i, STATES]
            ok = [u for u in range(len(quotes))
                  if quotable[u] and not bad[u] and p[u] >= STATES_AT]
            if not ok:
                out.append(None)
                continue
            top = max(float(p[u]) for u in ok)
            u = min((u for u in ok if p[u] >= top - EVIDENCE_SLACK), key=lambda u: len(quotes[u]))
            out.append((quotes[u], top))
        return out

    def earlier_credit(self) -> list[tuple[str, float] | None]:
        """For each idea, the clean earlier answer (as typed) that states it best and the
        judge's P(states) for it, or None."""
        if self.judged_earlier is None:
            return [None] * len(self.ideas)
        clean = self.clean_earlier()
        out: list[tuple[str, float] | None] = []
        for i in range(len(self.ideas)):
            p = self.judged_earlier[:, i, STATES]
            ok = [e for e in range(len(p)) if clean[e] and p[e] >= STATES_AT]
            e = max(ok, key=lambda e: float(p[e])) if ok else None
            out.append(None if e is None else (self.earlier_quotes[e], float(p[e])))
        return out

    def misconception(self, authored: list[str]) -> str | None:
        """A known misconception the judge says this answer states more surely than any idea
        (its authored words), else the learner's clause that contradicts an idea most
        surely; None when neither."""
        if self.judged_wrong is not None and self.judged_wrong.size:
            stated = self.judged_wrong[0, :, STATES]
            j = int(np.argmax(stated))
            # The judge also leans to "states" for a misconception in the ideas' own words
            # (0.70 for a right answer): it is named only when it reads better than any idea.
            if stated[j] >= STATES_AT and stated[j] > float(self._judged()[0, :, STATES].max()):
                return authored[j]
        against = self._judged()[0, :, CONTRADICTS]
        if not len(against) or float(against.max()) < CONTRADICTS_AT:
            return None
        i = int(np.argmax(against))
        ideas, _, quotes, _ = self._unit_reads()
        p = ideas[:, i, CONTRADICTS]
        # The clause that reads most as going against it; the whole answer when no clause
        # does (it is then all there is to point at).
        ok = [u for u in range(1, len(quotes)) if p[u] >= WARY_AT] or [0]
        top = max(float(p[u]) for u in ok)
        return min((quotes[u] for u in ok if p[u] >= top - EVIDENCE_SLACK), key=len)

    def best(self) -> npt.NDArray[np.float64]:
        """Each idea's best stage-one coverage over this answer and the earlier ones."""
        best: npt.NDArray[np.float64] = self._rows().max(axis=0)
        return best

    def misconception_words(self, j: int) -> str | None:
        """The shortest span of this answer that states misconception `j` nearly as well as
        the best one (EVIDENCE_SLACK), for the feedback to quote and check for a denial."""
        if self.misconceptions is None:
            return None
        column = self.misconceptions[:, j]
        close = np.flatnonzero(column >= float(column.max()) - EVIDENCE_SLACK)
        return min((self.span_texts[int(i)] for i in close), key=len)

    def _rows(self) -> npt.NDArray[np.float64]:
        """(spans of this answer and the earlier ones, ideas)."""
        return self.coverage if self.earlier is None else np.vstack([self.coverage, self.earlier])
