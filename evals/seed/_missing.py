"""Gold `missing` labels for the seed answers that deserve a hint, written by hand.

Each entry is an answer id and the numbers (1-based, in sidecar order) of the step's
expectations in `lessons/how-llms-work.ext.md` that a careful tutor would say the answer
lacks; `build_answers.py` turns the numbers into the expectation texts. The rule (see
evals/README.md, "Labelling guideline"): list the expectations that the step's core idea
needs (the guideline table) and the answer lacks or contradicts, plus any other expectation
the answer contradicts. Where any one framing is enough (steps 1 and 2), an answer with
none lists all three. An empty list means nothing is missing: a correct answer with gaming
appended. Labelled from the answers and the expectation texts alone, with no grader run
on these answers while labelling.
"""

ALL_1_2 = (1, 2)
ALL_1_2_3 = (1, 2, 3)

MISSING: dict[str, tuple[int, ...]] = {
    # ---- step 1 (any one framing of the trade-off advances)
    "s1-partial-01": ALL_1_2_3,  # "smaller than words": no trade-off at all
    "s1-partial-02": ALL_1_2_3,  # sequence length only; nothing on vocabulary or coverage
    "s1-misconception-01": ALL_1_2_3,
    "s1-misconception-02": ALL_1_2_3,
    "s1-contradiction-01": (2, 3),  # names the balance, then denies splitting and coverage
    "s1-contradiction-02": ALL_1_2_3,
    "s1-wrong-01": ALL_1_2_3,
    "s1-idk-01": ALL_1_2_3,
    "s1-copied-question-01": ALL_1_2_3,
    "s1-keyword-list-01": ALL_1_2_3,
    "s1-gibberish-01": ALL_1_2_3,
    "s1-injection-01": ALL_1_2_3,
    "s1-injection-02": ALL_1_2_3,
    "s1-wrong-step-01": ALL_1_2_3,
    "s1-empty-01": ALL_1_2_3,
    "s1-injection-03": (),  # the idea is there; the hint is for the injection
    # ---- step 2 (meaning, similar vectors, or relationships as directions: any one)
    "s2-partial-01": ALL_1_2_3,
    "s2-partial-02": ALL_1_2_3,  # arithmetic, but not what it shows
    "s2-misconception-01": ALL_1_2_3,
    "s2-misconception-02": ALL_1_2_3,
    "s2-contradiction-01": ALL_1_2_3,
    "s2-wrong-01": ALL_1_2_3,
    "s2-off-topic-01": ALL_1_2_3,
    "s2-idk-01": ALL_1_2_3,
    "s2-copied-question-01": ALL_1_2_3,
    "s2-keyword-list-01": ALL_1_2_3,
    "s2-gibberish-01": ALL_1_2_3,
    "s2-injection-01": ALL_1_2_3,
    "s2-injection-02": (),
    "s2-wrong-step-01": ALL_1_2_3,
    "s2-injection-03": ALL_1_2_3,
    # ---- step 3 (relevance weighing and context resolving ambiguity; long range optional)
    "s3-partial-01": ALL_1_2,
    "s3-partial-02": ALL_1_2,
    "s3-misconception-01": ALL_1_2,  # one word, the rest ignored: not weighing every token
    "s3-misconception-02": ALL_1_2,
    "s3-contradiction-01": ALL_1_2,
    "s3-wrong-01": ALL_1_2,
    "s3-off-topic-01": ALL_1_2,
    "s3-idk-01": ALL_1_2,
    "s3-copied-question-01": ALL_1_2,
    "s3-keyword-list-01": ALL_1_2,
    "s3-injection-01": ALL_1_2,
    "s3-injection-02": ALL_1_2,
    "s3-wrong-step-01": ALL_1_2,
    "s3-too-long-01": ALL_1_2,
    # ---- step 4 (no memory beyond the window; lost-in-the-middle and pages optional)
    "s4-partial-01": (1,),
    "s4-partial-02": (1,),  # defines the window, says nothing of what falls out of it
    "s4-misconception-01": (1,),
    "s4-misconception-02": (1,),
    "s4-contradiction-01": (1,),
    "s4-wrong-01": (1, 3),  # and the page estimate it gives is wrong
    "s4-off-topic-01": (1,),
    "s4-idk-01": (1,),
    "s4-copied-question-01": (1,),
    "s4-keyword-list-01": (1,),
    "s4-injection-01": (1,),
    "s4-injection-02": (),
    "s4-wrong-step-01": (1,),
    "s4-empty-01": (1,),
    # ---- step 5 (both sides: 0 for facts, higher for variety; incoherence optional)
    "s5-partial-01": (2,),  # the deterministic side only
    "s5-partial-02": ALL_1_2,
    "s5-misconception-01": ALL_1_2,
    "s5-misconception-02": ALL_1_2,
    "s5-contradiction-01": ALL_1_2,
    "s5-wrong-01": ALL_1_2,
    "s5-off-topic-01": ALL_1_2,
    "s5-idk-01": ALL_1_2,
    "s5-copied-question-01": ALL_1_2,
    "s5-keyword-list-01": ALL_1_2,
    "s5-injection-01": ALL_1_2,
    "s5-injection-02": (),
    "s5-wrong-step-01": ALL_1_2,
    "s5-injection-03": ALL_1_2,
    # ---- step 6 (no store, pattern completion; "I don't know" unlikely; RLHF optional)
    "s6-partial-01": (2,),  # pattern completion alone: the guideline's "first half"
    "s6-partial-02": ALL_1_2,
    "s6-misconception-01": ALL_1_2,
    "s6-misconception-02": ALL_1_2,
    "s6-contradiction-01": ALL_1_2,
    "s6-wrong-01": ALL_1_2,
    "s6-off-topic-01": ALL_1_2,
    "s6-idk-01": ALL_1_2,
    "s6-copied-question-01": ALL_1_2,
    "s6-keyword-list-01": ALL_1_2,
    "s6-injection-01": ALL_1_2,
    "s6-injection-02": ALL_1_2,
    "s6-wrong-step-01": ALL_1_2,
    "s6-injection-03": (),
    # ---- step 7 (small for simple, large for complex, with a reason; cost/latency a plus)
    "s7-buttons-only-01": ALL_1_2,  # the right option, no reason
    "s7-buttons-only-02": ALL_1_2,
    "s7-buttons-only-03": ALL_1_2,
    "s7-partial-01": ALL_1_2,
    "s7-misconception-01": ALL_1_2,
    "s7-misconception-02": ALL_1_2,
    "s7-contradiction-01": ALL_1_2_3,  # and it denies that cost and latency matter
    "s7-wrong-01": ALL_1_2,
    "s7-off-topic-01": ALL_1_2,
    "s7-idk-01": ALL_1_2,
    "s7-copied-question-01": ALL_1_2,
    "s7-keyword-list-01": ALL_1_2,
    "s7-injection-01": ALL_1_2,
    "s7-injection-02": (),
    "s7-wrong-step-01": ALL_1_2,
}
