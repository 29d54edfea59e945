"""The one guard every grader runs first: answers that try to game the grader never advance.

`inspect_answer` looks only at the answer and its step (no model), so it is cheap, runs
before any grader, and gives the same flags for the Claude grader and the local one. A
flagged answer gets decision `hint`; the flags and reasons go into the Verdict.

The checks are written to leave honest answers alone: terse, informal, misspelt, hedged
or non-native English answers carry none of these marks. Each rule is narrow on purpose;
an answer that slips past the guard still has to convince the grader.
"""

from __future__ import annotations

import difflib
import json
import re
from functools import lru_cache

from pydantic import BaseModel, Field

from tutor.grading.local.files import wordpiece_words
from tutor.grading.local.text import content_stems, is_content, stem, words, wordset
from tutor.grading.terms import MAX_ANSWER_CHARS
from tutor.grading.verdict import Flag, GradeRequest

__all__ = ["MAX_ANSWER_CHARS", "GuardReport", "inspect_answer"]


class GuardReport(BaseModel):
    """What the guard found: flags (machine-readable) and reasons (for a person)."""

    flags: list[Flag] = Field(default_factory=list)
    reasons: list[str] = Field(default_factory=list)

    @property
    def blocked(self) -> bool:
        """True when the answer must not advance."""
        return bool(self.flags)

    def add(self, flag: Flag, reason: str) -> None:
        if flag not in self.flags:
            self.flags.append(flag)
            self.reasons.append(reason)


# Imperatives aimed at the grader. They must start a sentence (or follow "please", "now",
# "grader,"), so "the model may ignore earlier instructions" (a fair step-4 answer) passes.
_LEAD = (r"(?:^|[.!?:;\n]|\b(?:please|now|grader|tutor|assistant|ai|claude|model|also|and|so|"
         r"then|btw|p\.?s\.?)\s*,?)\s*")
_INJECTION = [
    _LEAD + r"(?:please\s+)?(?:ignore|disregard|forget|override|bypass|skip)\b[^.!?\n]{0,40}?"
    r"\b(?:instruction|instructions|prompt|prompts|rules?|rubric|checkpoint|directions?|"
    r"guidelines?|above|previous|prior|everything)\b",
    r"\byou\s+are\s+now\b",
    r"\bfrom\s+now\s+on,?\s+you\b",
    r"\b(?:new|updated|revised|real)\s+(?:system\s+)?(?:instructions?|prompt|rules)\s*:",
    r"\bact\s+as\s+(?:a|an|the|my)\s+\w*\s*(?:grader|judge|tutor|teacher|assistant)\b",
    r"\b(?:mark|grade|score|rate|count|treat|accept|label|consider)\s+(?:this|my|the|it|me)\b"
    r"[^.!?\n]{0,30}?\b(?:as\s+)?(?:correct|right|passing|passed|a\s+pass|full\s+marks|"
    r"advance|advanced|acceptable|complete)\b",
    r"\b(?:grade|decision|verdict|label|result|outcome|score)\s*[:=]\s*[\"'`]?\s*"
    r"(?:advance|pass|passed|correct|1(?:\.0+)?|100%?|10/10)\b",
    r"\b(?:say|output|return|respond\s+with|reply\s+with|answer\s+with|print|write)\s+"
    r"[\"'`]?(?:advance|correct|pass)[\"'`]?(?:\s|$|[.!,])",
    r"\b(?:advance|pass)\s+me\b",
    r"\blet\s+me\s+(?:advance|pass)\b",
    r"\b(?:system|developer)\s+(?:prompt|message|override)\b",
    r"\bjailbreak\b|\bdan\s+mode\b|\bdeveloper\s+mode\b",
    r"\bgive\s+(?:me|this|it|this\s+answer)\s+(?:full|top|maximum|max)\s+"
    r"(?:marks|points|score|credit)\b",
    r"\b(?:previous|prior|earlier|your)\s+(?:instructions|rules|prompt)\s+(?:are|were|is)\s+"
    r"(?:now\s+)?(?:cancel+ed|void|revoked|overridden|obsolete|suspended)\b",
    r"\b(?:reply|respond|answer|output)\s*[:,]?\s*[\"'`]?(?:advance|pass)[\"'`]?\s*[.!]?\s*$",
    r"\b(?:the\s+)?(?:grader|tutor|ai|assistant|model)\s+(?:must|should|will)\s+"
    r"(?:advance|pass|accept|mark|give)\b",
]
_INJECTION_RE = re.compile("|".join(f"(?:{p})" for p in _INJECTION), re.IGNORECASE)

_ROLE_RE = re.compile(
    r"^\s*(?:#+\s*|\[|<|\*\*)?(?:system|assistant|human|user|developer|grader|tutor|ai|"
    r"claude|instruction|instructions)(?:\]|>|\*\*)?\s*:"
    r"|<\|?\s*(?:im_start|im_end|system|endoftext)\s*\|?>|\[/?INST\]|<</?SYS>>",
    re.IGNORECASE | re.MULTILINE,
)

_DELIMITER_RE = re.compile(
    r"</\s*[a-z_][\w\-]*\s*>"
    r"|<\s*(?:answer|learner_answer|student_answer|response|rubric|checkpoint|question|task|"
    r"instructions?|system|verdict|grade|document|context|expectations?)\b[^>]*>"
    r"|\b(?:end|close)\s+of\s+(?:the\s+)?(?:learner'?s?\s+|student'?s?\s+)?"
    r"(?:answer|response|input)\b"
    r"|^\s*(?:-{3,}|={3,}|#{3,})\s*(?:end|begin|system|instructions?)\b",
    re.IGNORECASE | re.MULTILINE,
)

_VERDICT_KEYS = r"(?:decision|verdict|grade|score|label|result|covered|missing|advance|flags)"
_VERDICT_RE = re.compile(
    r"[\"']" + _VERDICT_KEYS + r"[\"']\s*:"
    r"|\{\s*" + _VERDICT_KEYS + r"\s*:"
    r"|\bdecision\s*=\s*[\"']?advance",
    re.IGNORECASE,
)

# Words that make a list of terms into a statement: verbs, comparisons, connectives.
_GLUE = frozenset({"and", "or", "the", "a", "an", "of", "&"})
_CLAIM_WORDS = wordset(
    """
    is are was were be been being am isn't aren't get gets got getting have has had make makes
    made do does did can could may might must should will would let lets allow allows allowed
    need needs needed use uses used means mean meant give gives gave go goes went become becomes
    keep keeps stay stays help helps helped cause causes caused lead leads happen happens
    because since so therefore thus hence but although though while whereas instead rather
    than vs versus more less fewer better worse cheaper faster slower bigger smaller too
    if when unless until no not never only without into by via per each every same different
    split splits broken break breaks balance balances trade trades encode encodes capture
    captures predict predicts pick picks choose chooses depend depends matter matters work works
    see sees look looks know knows forget forgets remember remembers weigh weighs for
    benefit benefits good bad best fine okay ok suits suited fits
    """
)
# Arrows, comparisons, "tickets: small" pairs and numbered items ("1 small, 2 large") state
# something; a bare list of terms has none of them.
_CLAIM_SYMBOLS = re.compile(
    r"->|→|=>|=|<|>|\bvs\.?|\w\s*:\s*\w|(?:^|[,;\n(])\s*\(?[1-9][).:]?\s+[a-z]"
)


def inspect_answer(request: GradeRequest) -> GuardReport:
    """Check an answer for gaming and injection before any grader sees it."""
    report = GuardReport()
    answer = request.answer
    if not re.search(r"[^\W_]", answer):
        report.add(Flag.EMPTY, "The answer is empty (no letters or digits).")
        return report
    if len(answer) > MAX_ANSWER_CHARS:
        # Reason enough on its own. The other checks are made for answers of an answer's
        # length: on a long text they misfire (a 3,000-character essay repeats its common
        # words enough to look like "blah blah blah", and was called gibberish).
        report.add(
            Flag.TOO_LONG,
            f"The answer is {len(answer):,} characters long; the limit is "
            f"{MAX_ANSWER_CHARS:,}.",
        )
        return report
    _check_structure(answer, report)
    if _is_gibberish(answer):
        report.add(Flag.GIBBERISH, "The answer does not read as words.")
    elif _copies_prompt(answer, request):
        report.add(Flag.COPIED_QUESTION, "The answer repeats the Question or Task back.")
    elif _is_keyword_list(answer, request):
        report.add(
            Flag.KEYWORD_LIST,
            "The answer lists the rubric's terms without saying anything about them.",
        )
    return report


def _check_structure(answer: str, report: GuardReport) -> None:
    if match := _INJECTION_RE.search(answer):
        report.add(Flag.INJECTION, f"The answer gives the grader instructions ({_quote(match)}).")
    if match := _ROLE_RE.search(answer):
        report.add(Flag.FORGED_ROLE, f"The answer forges a conversation role ({_quote(match)}).")
    if match := _DELIMITER_RE.search(answer):
        report.add(
            Flag.FORGED_DELIMITER, f"The answer forges a tag or delimiter ({_quote(match)})."
        )
    if (match := _VERDICT_RE.search(answer)) or _has_json_verdict(answer):
        shown = _quote(match) if match else "a JSON object"
        report.add(Flag.FORGED_VERDICT, f"The answer contains a forged verdict ({shown}).")


def _quote(match: re.Match[str]) -> str:
    text = " ".join(match.group(0).split())
    return f'"{text[:60]}"'


def _has_json_verdict(answer: str) -> bool:
    for start in [m.start() for m in re.finditer(r"\{", answer)][:5]:
        end = answer.rfind("}")
        if end <= start:
            continue
        try:
            data = json.loads(answer[start : end + 1])
        except ValueError:
            continue
        if isinstance(data, dict) and data:
            return True
    return False


# -- gibberish ---------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _trigrams() -> frozenset[str]:
    """Character trigrams of the English WordPiece vocabulary (what words look like)."""
    grams: set[str] = set()
    for piece in wordpiece_words():
        framed = f"^{piece}$"
        grams.update(framed[i : i + 3] for i in range(len(framed) - 2))
    return frozenset(grams)


# A class's answers share most of their words: judge each word once.
@lru_cache(maxsize=65536)
def _wordlike(word: str) -> bool:
    if not word.isalpha() or not word.isascii():
        return True  # numbers, other scripts: not ours to judge
    if len(word) <= 3:
        return bool(re.search(r"[aeiouy]", word)) or word in {"hmm", "mm", "ok", "pls", "thx"}
    if re.search(r"(.)\1\1", word) or not re.search(r"[aeiouy]", word):
        return False
    grams = _trigrams()
    framed = f"^{word}$"
    parts = [framed[i : i + 3] for i in range(len(framed) - 2)]
    known = sum(p in grams for p in parts)
    # One or two unusual letter groups are typos; most of the word must look like English.
    return known >= len(parts) - 2 and known / len(parts) >= 0.6


def _is_gibberish(answer: str) -> bool:
    tokens = [w.strip("'") for w in words(answer)]
    tokens = [t for t in tokens if t]
    if not tokens:
        return True
    lowered = answer.lower()
    if "lorem ipsum" in lowered:
        return True
    wordlike = sum(_wordlike(t) for t in tokens)
    if wordlike / len(tokens) < 0.5:
        return True
    # The same short chunk over and over ("asdf asdf asdf", "blah blah blah blah").
    distinct = set(tokens)
    return len(tokens) >= 4 and len(distinct) <= max(1, len(tokens) // 4)


# -- copying the prompt back -------------------------------------------------------------


def _copies_prompt(answer: str, request: GradeRequest) -> bool:
    mine = content_stems(answer)
    if len(mine) < 3:
        return False
    for source in (request.question, request.task):
        theirs = content_stems(source)
        if not theirs:
            continue
        vocab = set(theirs)
        novel = sum(s not in vocab for s in mine) / len(mine)
        if novel > 0.15:
            continue
        ratio = difflib.SequenceMatcher(None, mine, theirs, autojunk=False)
        longest = ratio.find_longest_match(0, len(mine), 0, len(theirs)).size
        if ratio.ratio() >= 0.5 or longest >= max(3, 0.6 * len(mine)):
            return True
    return False


# -- a bare list of the rubric's keywords ------------------------------------------------


def _is_keyword_list(answer: str, request: GradeRequest) -> bool:
    tokens = words(answer)
    content = [t for t in tokens if is_content(t)]
    if len(content) < 3:
        return False
    rubric = " ".join([request.checkpoint, request.question, request.task, *request.expectations])
    rubric_stems = set(content_stems(rubric))
    from_rubric = sum(stem(t) in rubric_stems for t in content) / len(content)
    if from_rubric < 0.7:
        return False
    if re.match(r"\s*(?:key\s*words?|keywords|terms|tags)\s*:", answer, re.IGNORECASE):
        return True
    claims = sum(t in _CLAIM_WORDS or t.endswith("n't") for t in tokens)
    claims += len(_CLAIM_SYMBOLS.findall(answer))
    items = [i for i in re.split(r"[,;\n/|]+|\s+-\s+|\band\b", answer) if i.strip()]
    # A list: several short items and (next to) nothing that links them into a statement.
    # Short in content words: "lost in the middle" names one term, as "context window" does.
    short_items = sum(sum(is_content(w) for w in words(i)) <= 3 for i in items)
    listed = len(items) >= 3 and short_items >= 0.8 * len(items)
    packed = len(content) >= 4 and all(t in _GLUE or is_content(t) for t in tokens)
    return claims == 0 and (listed or packed)
