"""`needs`: what is enough to advance, as both graders read it."""

from __future__ import annotations

from tutor.grading.claude.params import needs_text
from tutor.grading.local.decision import NAMES
from tutor.grading.local.grader import LocalGrader
from tutor.grading.local.ideas import alternatives, key_ideas
from tutor.grading.verdict import GradeRequest

IDEAS = ["Plants take in carbon dioxide through their leaves.",
         "Roots draw water up from the soil.",
         "Sunlight gives the energy that joins them into sugar."]


def _request(answer: str = "", needs: list[list[int]] | None = None) -> GradeRequest:
    return GradeRequest(answer=answer, question="What does a plant need to make sugar?",
                        checkpoint="Plants make sugar from carbon dioxide and water with "
                                   "the energy of sunlight.",
                        expectations=IDEAS, needs=needs or [])


def test_a_rubric_of_several_lines_is_alternatives_one_a_line() -> None:
    request = GradeRequest(answer="", question="q", checkpoint=(
        "The bulb is in a closed path with the battery\n"
        "The bulb and the battery form a closed path, so current flows"))
    ideas = key_ideas(request)
    assert alternatives(request, ideas) == [[0], [1, 2]]
    assert ideas[1:] == ["The bulb and the battery form a closed path", "current flows"]


def test_one_line_is_one_group_and_needs_picks_groups_of_expectations() -> None:
    one = GradeRequest(answer="", question="q", checkpoint="A, and that B; C.")
    assert alternatives(one, key_ideas(one)) == [list(range(len(key_ideas(one))))]
    assert alternatives(_request(), IDEAS) == [[0, 1, 2]]
    assert alternatives(_request(needs=[[0], [2]]), IDEAS) == [[0], [2]]
    # a hand-built request with an index out of range keeps what it can
    assert alternatives(_request(needs=[[7], [1, 9]]), IDEAS) == [[1]]


def test_the_claude_grader_is_told_what_is_enough_in_words() -> None:
    assert needs_text(_request()) is None
    assert needs_text(_request(needs=[[0], [1], [2]])) == (
        "any one of the key ideas; the others are a plus")
    assert needs_text(_request(needs=[[0, 1]])) == (
        "key ideas 1 and 2; key idea 3 is a plus, not required")
    assert needs_text(_request(needs=[[0, 1], [2]])) == "key ideas 1 and 2 or key idea 3"


def test_the_local_grader_reads_the_group_the_answer_comes_closest_to() -> None:
    answer = "Water comes up from the soil through the roots."
    grader = LocalGrader()
    either, every = grader.analyse([_request(answer, [[0], [1], [2]]), _request(answer)])
    assert either.group() == [1]
    assert every.group() == [0, 1, 2]
    # the decision sees the group: one idea stated is all of an "any" group, a third of "all"
    names = ("idea_min", "judge_states_mean")
    for name in names:
        k = NAMES.index(name)
        assert either.features()[k] > every.features()[k], name


def test_needed_groups_keep_what_names_an_expectation() -> None:
    assert _request(needs=[[7], [1, 9]]).needed_groups() == [[1]]
    assert _request(needs=[[9]]).needed_groups() == [[0, 1, 2]]
    bare = GradeRequest(answer="", question="q", checkpoint="c", needs=[[0]])
    assert bare.needed_groups() == []
