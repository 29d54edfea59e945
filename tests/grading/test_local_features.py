"""The local grader's features: the fast path equals the reference one; spans; weights files."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tutor.grading.embedded.embedder import get_embedder
from tutor.grading.local.combiner import COMBINER_PATH, load_combiner
from tutor.grading.local.decision import DECISION_PATH, load_decider
from tutor.grading.local.features import (
    NAMES,
    features,
    features_against,
    features_of_parts,
    prepare,
    references,
    span,
    token_range,
)
from tutor.grading.local.ideas import spans
from tutor.grading.local.judge import JUDGE_PATH, JUDGE_SHA256
from tutor.grading.protocol import GraderError

REFS = ["Rare words are split into pieces.", "Common words get one token.",
        "No word is ever unknown.", "Why do LLMs use subword tokens?"]


@pytest.fixture(scope="module")
def prepared() -> list:
    return [prepare(e) for e in get_embedder().encode(REFS)]


@pytest.mark.parametrize("answer", ["rare words are never split", "subwords: common = 1 token",
                                    "!!!", "Why do LLMs use subword tokens?", ""])
def test_batched_features_equal_the_reference_ones(prepared: list, answer: str) -> None:
    a = prepare(get_embedder().encode([answer])[0])
    fast = features_against(a, prepared[:3], prepared[3])
    slow = np.stack([features(a, [r], prepared[3]) for r in prepared[:3]])
    assert fast.shape == (3, len(NAMES))
    np.testing.assert_allclose(fast, slow, atol=1e-5)


@pytest.mark.parametrize("answer", [
    "Rare words are split into pieces, so no word is unknown; common words get one token.",
    "subwords: common = 1 token. rare -> pieces",
    "It never splits words, rare or common.",
    "Why do LLMs use subword tokens? Because of the vocabulary, I think",
])
def test_parts_of_one_answer_score_as_if_each_were_scored_alone(prepared: list,
                                                                 answer: str) -> None:
    encoded = get_embedder().encode([answer])[0]
    whole = prepare(encoded)
    parts, bounds = [whole], [(0, len(encoded.tokens))]
    for start, end in spans(answer):
        part = span(encoded, start, end)
        if part is not None:
            parts.append(prepare(part))
            bounds.append(token_range(encoded, start, end) or (0, 0))
    assert len(parts) > 1, "each answer here has clauses"
    block = references(prepared[:3], prepared[3])
    together = features_of_parts(whole, parts, bounds, block)
    alone = np.stack([features(p, [r], prepared[3]) for p in parts for r in prepared[:3]])
    assert together.shape == (len(parts) * 3, len(NAMES))
    np.testing.assert_allclose(together, alone, atol=1e-5)


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab c,.;:-\n")), max_size=60))
def test_spans_lie_inside_the_answer_and_are_not_the_whole(text: str) -> None:
    for start, end in spans(text):
        assert 0 <= start < end <= len(text)
        assert (start, end) != (0, len(text))


def test_a_span_keeps_its_words() -> None:
    encoded = get_embedder().encode(["Rare words are split, common words are not."])[0]
    part = span(encoded, 0, 20)
    assert part is not None and part.tokens == ("rare", "words", "are", "split")
    assert abs(float(np.linalg.norm(part.vector)) - 1.0) < 1e-5


@pytest.mark.parametrize(("path", "loader"), [(COMBINER_PATH, load_combiner),
                                              (DECISION_PATH, load_decider)])
def test_weights_fitted_on_other_features_are_refused(tmp_path: Path, path: Path,
                                                      loader: object) -> None:
    body = json.loads(path.read_text(encoding="utf-8"))
    body["features"] = body["features"][:-1]
    bad = tmp_path / "weights.json"
    bad.write_text(json.dumps(body), encoding="utf-8")
    with pytest.raises(GraderError, match="other features"):
        loader(bad)  # type: ignore[operator]


def test_shipped_weights_record_their_provenance() -> None:
    combiner = json.loads(COMBINER_PATH.read_text(encoding="utf-8"))
    assert "CC BY-SA 3.0" in combiner["license"] and combiner["grouped_cv"]
    decision = json.loads(DECISION_PATH.read_text(encoding="utf-8"))
    assert "evals/dev" in decision["fitted_on"] and "never evals/seed" in decision["fitted_on"]
    assert decision["out_of_sample"]["dev_leave_one_step_out"]
    assert set(decision["out_of_sample"]["semeval_grouped_cv"]) == {"beetle", "scientsbank"}
    judge = json.loads(JUDGE_PATH.with_suffix(".json").read_text(encoding="utf-8"))
    assert judge["held_out_questions"] and judge["validation_int8"]["semeval"]
    assert judge["sha256"] == JUDGE_SHA256


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(min_value=2, max_value=256), max_size=300))
def test_forward_batches_cover_every_text_once_within_the_padding_budget(
        lengths: list[int]) -> None:
    from tutor.grading.embedded.embedder import BATCH_SIZE, TOKEN_BUDGET, _batches

    batches = _batches(lengths)
    assert sorted(i for batch in batches for i in batch) == list(range(len(lengths)))
    for batch in batches:
        assert 1 <= len(batch) <= BATCH_SIZE
        assert len(batch) == 1 or len(batch) * max(lengths[i] for i in batch) <= TOKEN_BUDGET
