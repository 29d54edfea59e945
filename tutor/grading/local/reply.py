"""What the local grader says: feedback and the next question, from the coverage it found.

The decision is made elsewhere (`grader.LocalGrader._decide`); this module only words it,
by these rules:
- one reply says one thing: at most one line of credit, one line on what is wrong or
  missing, and one question (the hint); the learner's words are quoted once, trimmed to a
  clause (`hints.learner_quote`);
- the tutor never says a wrong idea is right: no credit, in words or as evidence, beside a
  stated mix-up or a clause read as contradicting, and credited words are quoted without
  being called right (the judge also credits ideas in some wrong answers);
- a stated authored misconception is named, in the learner's words and the author's, and
  its own question asked; a clause the judge read as contradicting is quoted as read;
- before the reveal, never quote the Checkpoint or a missing idea; an answer whose words
  deny the misconception (one says "not", the other does not) is not told it holds it;
- `missing` never holds an idea counted as covered;
- an advance only just over the cut, one the judge reads as also saying something wrong, or
  one with no clause credited (`marginal`), is not praised: it shows the idea in full instead;
- an answer that only says the learner does not know gets encouragement, not "I can't tell";
- a buttons step whose chosen option is not the expected one is held, and the question is
  about that option.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from tutor.grading import leaks
from tutor.grading.hints import (
    learner_quote,
    name_mix_up,
    next_question,
    option_question,
    question_of,
)
from tutor.grading.text import (
    NEGATIONS,
    STOPWORDS,
    content_stems,
    is_content,
    stem,
    words,
)
from tutor.grading.verdict import Decision, GradeRequest, KeyIdea, Verdict
from tutor.prompts import render
from tutor.wording import step_idea

#: The longest quote of the learner's the feedback shows.
QUOTE_CHARS = 90


def _negated(text: str) -> bool:
    return sum(w in NEGATIONS or w.endswith("n't") for w in words(text)) % 2 == 1


#: Words after a negation that make it "not only …": the claim is kept, not denied.
_NOT_ONLY = frozenset({"only", "just", "merely", "simply"})


def _negates_a_claim(said: str, misconception: str) -> bool:
    """True when a negation stands right before a word the misconception asserts ("it
    doesn't remember" against "the model remembers"), whatever else the learner negates."""
    claimed = set(content_stems(misconception))
    said_words = words(said)
    for i, word in enumerate(said_words):
        if word in NEGATIONS or word.endswith("n't"):
            after = said_words[i + 1:i + 4]
            if after and after[0] in _NOT_ONLY:
                continue
            following = [stem(w) for w in after if is_content(w)]
            if following and following[0] in claimed:
                return True
    return False


def denies(said: str, misconception: str) -> bool:
    """True when the learner's words say the opposite of the misconception: one of the two
    is negated and the other is not ("the model does not lie" against "the model lies"), or,
    against a plain claim, a negation governs one of its words (an answer may negate twice:
    "it doesn't remember it: once out of the window it cannot see it")."""
    if _negated(said) != _negated(misconception):
        return True
    return not _negated(misconception) and _negates_a_claim(said, misconception)


def _quote(text: str | None) -> str | None:
    """The learner's words, tidied and cut at a word with an ellipsis past QUOTE_CHARS."""
    if not text or not text.strip():
        return None
    text = " ".join(text.split()).strip("\"“”'‘’ ")
    if len(text) > QUOTE_CHARS:
        text = text[:QUOTE_CHARS].rsplit(" ", 1)[0].rstrip(",;:") + "…"
    return text.rstrip(".")


def credited(covered: list[KeyIdea], checkpoint: str, answer: str) -> str | None:
    """The first credited words of this answer that do not repeat a run of the Checkpoint,
    tidied for the feedback to quote."""
    return _quote(_credited_words(covered, checkpoint, answer))


def _credited_words(covered: list[KeyIdea], checkpoint: str, answer: str) -> str | None:
    """The first credited words of this answer that do not repeat a run of the Checkpoint,
    as the learner wrote them.

    Words credited from an earlier answer are not quoted: the learner has moved on from
    them, and an earlier answer may be the very mix-up the tutor questioned.
    """
    flat = " ".join(answer.split())
    for idea in covered:
        evidence = " ".join((idea.evidence or "").split())
        if evidence and evidence in flat and not leaks.leaks(evidence, checkpoint):
            return evidence
    return None


def filled_in(request: GradeRequest) -> tuple[str, str] | None:
    """(expectation, expected words) when the tutor's last question was a script's fill-in
    prompt and this answer gives the words it expects (AutoTutor's prompt completion)."""
    last = request.previous[-1].hint if request.previous else None
    if not last:
        return None
    last = question_of(last)
    for script in request.scripts:
        if script.prompt == last and script.expect:
            wanted = words(script.expect)
            said = words(request.answer)
            if wanted and any(said[i:i + len(wanted)] == wanted for i in range(len(said))):
                return script.text, script.expect
    return None


def _enough(request: GradeRequest, covered: set[str]) -> bool:
    """True when the covered ideas make up a group the step needs (`needs`; all by default)."""
    ideas = request.expectations
    return any(all(ideas[i] in covered for i in g) for g in request.needed_groups())


def _in_answer(covered: list[KeyIdea], answer: str) -> bool:
    """True when some credited words are in this answer (not only in an earlier one)."""
    flat = " ".join(answer.split())
    return any(k.evidence and " ".join(k.evidence.split()) in flat for k in covered)


def _mix_ups_questioned(request: GradeRequest) -> list[str]:
    """Earlier answers (one line each) whose hint was a misconception's own question."""
    questions = {m.hint for m in request.misconceptions if m.hint}
    return [" ".join(a.answer.split()) for a in request.previous
            if a.hint and question_of(a.hint) in questions]


def _asked_about(request: GradeRequest, misconception: str) -> bool:
    """True when the misconception's own question was asked on an earlier attempt."""
    known = next((m for m in request.misconceptions if m.text == misconception), None)
    asked = {question_of(a.hint) for a in request.previous if a.hint}
    return known is None or not known.hint or known.hint in asked


def wrong_option(request: GradeRequest) -> str | None:
    """The chosen option when the author expects another one."""
    expected, chosen = request.expected_choice, request.choice
    return chosen if expected and chosen and chosen != expected else None


#: An answer shorter than this many words is a fragment ("pieces of words"): asked for a
#: sentence or two when the grader cannot tell. So is a run of terms with no function word
#: ("semantics. king-queen offset = man-woman"). Anything else already is a sentence in the
#: learner's words ("It just predicts the next token.") and is not asked to be one.
FRAGMENT_WORDS = 4


# The whole answer says the learner does not know (any wording of it in English): it gets a
# word of encouragement before the question, not "I can't tell whether you've got it".
_NOT_KNOWING = re.compile(
    r"^\W*(?:(?:hmm+|um+|uh+|sorry|honestly|no)\W+)*(?:i\s+(?:really\s+|honestly\s+|just\s+)?"
    r"(?:do\s*n[o']?t|dont|don’t)\s+(?:really\s+)?(?:know|get\s+it|understand)|i\s+have\s+no\s+"
    r"(?:idea|clue)|no\s+(?:idea|clue)|(?:i'?m|i’m|i\s+am)\s+not\s+sure|not\s+sure|idk|dunno|"
    r"(?:i'?m|i’m|i\s+am)\s+(?:stuck|lost))\W*$", re.IGNORECASE)


def not_knowing(answer: str) -> bool:
    """True when the whole answer says the learner does not know."""
    return bool(_NOT_KNOWING.match(answer.strip()))


def _fragment(answer: str) -> bool:
    found = words(answer)
    return len(found) < FRAGMENT_WORDS or not any(w in STOPWORDS for w in found)


def verdict(request: GradeRequest, *, covered: list[KeyIdea], missing: list[str],
            misconception: str | None, misconception_words: str | None, score: float,
            advanced: bool, unsure: bool, grader: str, clauses: Sequence[str] = (),
            wary: bool = False, marginal: bool = False) -> Verdict:
    """The verdict, worded: feedback, the next question and what it is aimed at.

    One reply says one thing: at most one line of credit, one line on what is wrong or
    missing (quoting the learner's words at most once), and one question, the hint, which
    then does not quote them again. `clauses` are the learner's clauses nearest the step,
    nearest first (the grader's).
    """
    filled = None if advanced else filled_in(request)
    if filled is not None and filled[0] not in {k.idea for k in covered}:
        covered = [*covered, KeyIdea(idea=filled[0], evidence=request.answer.strip())]
    covered_ideas = {k.idea for k in covered}
    missing = [m for m in missing if m not in covered_ideas]
    if misconception is not None and misconception_words and denies(misconception_words,
                                                                     misconception):
        misconception = None
    option = wrong_option(request)
    if filled is not None and option is None and misconception is None and _enough(
            request, covered_ideas):
        # The fill-in gave the last needed idea (AutoTutor's prompt completion): with what
        # the learner showed before, that is what the step asks for.
        advanced = True
    if option is not None:
        advanced = False
    if advanced:
        misconception = None
    targets = missing or [e for e in request.expectations if e not in covered_ideas]
    said = credited(covered, request.checkpoint, request.answer)
    # `wary`: the answer may also state a known mix-up (the grader's reading of it is close).
    # Then nothing of it is said to hold: the idea it seemed to state may be the mix-up.
    partly = _in_answer(covered, request.answer) and not wary
    if wary and not advanced:
        said = None
    authored = misconception in {m.text for m in request.misconceptions}
    if misconception and not advanced:
        # Beside a mix-up or a contradiction nothing of the answer is credited: not in the
        # feedback, and not as evidence a screen might read back ("Right so far"); the
        # ideas themselves stay counted as the grader found them.
        said, partly = None, False
        covered = [KeyIdea(idea=k.idea) for k in covered]
    # No evidence from an earlier answer the tutor questioned as a mix-up: a screen reads
    # evidence back as the learner's right words ("Right so far"), and those were not.
    questioned = _mix_ups_questioned(request)
    covered = [KeyIdea(idea=k.idea) if k.evidence and any(
        " ".join(k.evidence.split()) in a for a in questioned) else k for k in covered]
    wording = _Wording(request, targets)
    # A stated mix-up is named even beside a wrong pick (it is the reason for the pick), and
    # its own question comes first; the pick is asked about once that has been asked.
    mix_up_first = bool(misconception and authored and not _asked_about(request, misconception))
    short = False  # the feedback says the answer doesn't reach the idea
    if misconception and authored:
        feedback = wording.mix_up(misconception, misconception_words)
    elif option is not None:
        feedback = wording.render(wrong_option=option)
    elif misconception:
        feedback = wording.render(contradiction=True, quote=wording.quote(misconception_words))
    elif filled is not None:
        feedback = wording.render(filled=filled[1], advanced=advanced)
    elif advanced and marginal:
        # Only just over the line, where wrong answers advance too: not praised, and the
        # idea is shown in full for the learner to check their own against.
        feedback = wording.render(advanced=True, marginal=True, idea=step_idea(
            request.checkpoint, [s.assertion for s in request.scripts]))
    elif advanced:
        feedback = wording.render(advanced=True, credited=_trimmed(said, request, ()) or said)
    elif said and (shown := _trimmed(said, request, targets)):
        feedback = wording.render(credited=shown)
    elif said or partly:
        feedback = wording.render(partly=True)
    elif not_knowing(request.answer):
        feedback = wording.render(not_knowing=True)
    elif unsure:
        feedback = wording.render(unsure=True,
                                  fragment=_fragment(request.answer))
    else:
        near = next((q for c in clauses if (q := wording.quote(c))), None)
        feedback = wording.render(short_of=near)
        short = True
    if not advanced and (wary or short):
        # A screen reads evidence back as "Right so far"; for words of this answer, beside
        # "Not yet: … doesn't reach the main idea" or when it may say something wrong, that
        # would contradict the line above it (seen on a walk: a whole answer quoted as right
        # under "Not yet"). A clean earlier answer keeps its credit; the ideas stay counted
        # as the grader found them.
        covered = [KeyIdea(idea=k.idea) if _in_answer([k], request.answer) else k
                   for k in covered]
    hint = target = None
    if not advanced:
        if option is not None and not mix_up_first:
            hint, target = option_question(request), next(iter(targets), None)
        else:
            # The learner's words go into the question only when the feedback quotes none.
            own = (None if "“" in feedback or not_knowing(request.answer)
                   else (said or next(iter(clauses), None)))
            question = next_question(request, request.rung, targets, misconception, own)
            hint, target = question.text, question.target
    return Verdict(
        decision=Decision.ADVANCE if advanced else Decision.HINT,
        score=min(max(score, 0.0), 1.0), covered=covered, missing=[] if advanced else missing,
        misconception=misconception, feedback=feedback, hint=hint, hint_target=target,
        rung=None if advanced else request.rung, grader=grader)


def _trimmed(text: str | None, request: GradeRequest, avoid: Sequence[str]) -> str | None:
    """The learner's words trimmed to a clause for a quote (`learner_quote`)."""
    return learner_quote(text, request.checkpoint, avoid)


#: Every part `prompts/local/feedback.j2` reads, unset.
_FEEDBACK_PARTS: dict[str, object] = dict.fromkeys(
    ("flagged", "wrong_option", "quote", "contradiction", "filled",
     "advanced", "marginal", "idea", "credited", "partly", "not_knowing", "unsure", "fragment",
     "short_of"))


class _Wording:
    """The feedback's words for one request (`prompts/local/feedback.j2`), leak-checked."""

    def __init__(self, request: GradeRequest, avoid: Sequence[str]) -> None:
        self.request, self.avoid = request, avoid

    def quote(self, text: str | None) -> str | None:
        return _trimmed(text, self.request, self.avoid)

    def render(self, **parts: object) -> str:
        return render("local/feedback.j2", **{**_FEEDBACK_PARTS, **parts})

    def mix_up(self, misconception: str, said: str | None) -> str:
        return name_mix_up(self.request, misconception, said, self.avoid)


def blocked(request: GradeRequest, reasons: list[str], ideas: list[str], grader: str) -> Verdict:
    """A verdict for an answer the guard would not grade: why, and the step's first question."""
    feedback = render("local/feedback.j2", flagged=True, reasons=reasons)
    question = next_question(request, request.rung, ideas)
    return Verdict(decision=Decision.HINT, score=0.0, missing=ideas, feedback=feedback,
                   hint=question.text, hint_target=question.target, rung=request.rung,
                   grader=grader)
