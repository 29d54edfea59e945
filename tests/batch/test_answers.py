"""The answers.json parser: valid shapes, every bad-input class, and hypothesis over inputs."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import SEED
from tutor.batch.answers import load_answers
from tutor.errors import InputError
from tutor.grading.verdict import Decision


def write(tmp_path: Path, data: Any, name: str = "answers.json") -> Path:
    path = tmp_path / name
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return path


def problems(tmp_path: Path, data: Any, **kw: Any) -> str:
    with pytest.raises(InputError) as info:
        load_answers(write(tmp_path, data), **kw)
    assert info.value.exit_code == 2
    return info.value.message


def test_object_form_resolves_steps_by_number_and_title(tmp_path: Path) -> None:
    data = {
        "lesson": "how-llms-work",
        "answers": [
            {"id": "a1", "step": 3, "answer": "tokens look at each other"},
            {"id": "a2", "step": "Why LLMs Hallucinate", "answer": "they predict", "label": "hint"},
            {"id": "a3", "step": "7", "answer": "", "choice": "Classify tickets",
             "tags": ["short"]},
        ],
    }
    got = load_answers(write(tmp_path, data))
    assert got.lesson.name == "how-llms-work"
    assert [i.id for i in got.items] == ["a1", "a2", "a3"]
    assert [i.step.number for i in got.items] == [3, 6, 7]
    assert [i.index for i in got.items] == [0, 1, 2]
    assert got.items[1].label is Decision.HINT
    assert got.items[2].choice == "Classify tickets" and got.items[2].tags == ["short"]
    assert got.items[0].label is None and got.items[0].tags == []


def test_bare_list_with_lesson_flag(tmp_path: Path) -> None:
    got = load_answers(write(tmp_path, [{"id": "x", "step": 1, "answer": "a"}]), lesson=str(SEED))
    assert got.lesson.title.startswith("How LLMs Work")
    assert got.items[0].step.number == 1


def test_lesson_flag_wins_and_relative_lesson_path_is_beside_the_file(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "mine.md").write_bytes(SEED.read_bytes())
    data = {"lesson": "mine.md", "answers": [{"id": "x", "step": 2, "answer": "a"}]}
    got = load_answers(write(tmp_path / "sub", data))
    assert got.lesson.source == tmp_path / "sub" / "mine.md"
    flagged = load_answers(
        write(tmp_path / "sub", {**data, "lesson": "nope"}), lesson="how-llms-work"
    )
    assert flagged.lesson.name == "how-llms-work"


def test_stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    raw = json.dumps(
        {"lesson": "how-llms-work", "answers": [{"id": "s", "step": 4, "answer": "é"}]}
    )
    fake = io.TextIOWrapper(io.BytesIO(raw.encode()), encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", fake)
    got = load_answers("-")
    assert got.path is None and got.source_name == "<stdin>"
    assert got.items[0].answer == "é"


def test_invalid_json_names_line_and_column(tmp_path: Path) -> None:
    msg = problems(tmp_path, '{"lesson": "how-llms-work",\n  "answers": [\n    {"id": "a1",, }\n]}')
    assert "answers.json:3:17: invalid JSON" in msg
    assert "line 3, column 17" in msg


def test_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "answers.json"
    path.write_bytes(
        b'{"lesson": "how-llms-work",\n "answers": [{"id": "a", "step": 1, "answer": "caf\xe9"}]}'
    )
    with pytest.raises(InputError) as info:
        load_answers(path)
    assert "not UTF-8" in info.value.message
    assert "line 2" in info.value.message and "0xe9" in info.value.message


def test_utf8_bom_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "answers.json"
    body = json.dumps(
        {"lesson": "how-llms-work", "answers": [{"id": "a", "step": 1, "answer": "x"}]}
    )
    path.write_bytes(b"\xef\xbb\xbf" + body.encode())
    assert load_answers(path).items[0].id == "a"


def test_missing_file_and_empty_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        load_answers(tmp_path / "absent.json")
    assert "empty file" in problems(tmp_path, "  \n")


def test_missing_and_mistyped_fields_name_index_and_id(tmp_path: Path) -> None:
    msg = problems(
        tmp_path,
        {
            "lesson": "how-llms-work",
            "answers": [
                {"id": "ok", "step": 1, "answer": "fine"},
                {"id": "a2", "step": 1},
                {"id": "a3", "step": True, "answer": "x"},
                {"step": 1, "answer": "x"},
                {"id": 7, "step": 1, "answer": "x"},
                {"id": "a6", "step": 1, "answer": ["x"]},
                {"id": "a7", "answer": "x"},
                {"id": "a8", "step": 1, "answer": "x", "choice": 2, "tags": "t"},
                "just a string",
            ],
        },
    )
    assert 'answers[1] (id "a2"): "answer" is missing' in msg
    assert 'answers[2] (id "a3"): "step" must be a step number or title, not a boolean' in msg
    assert 'answers[3]: "id" is missing' in msg
    assert 'answers[4]: "id" must be a non-empty string, not a number (7)' in msg
    assert 'answers[5] (id "a6"): "answer" must be a string, not a list' in msg
    assert 'answers[6] (id "a7"): "step" is missing' in msg
    assert 'answers[7] (id "a8"): "choice" must be a string or null' in msg
    assert 'answers[7] (id "a8"): "tags" must be a list of strings' in msg
    assert "answers[8]: is a string; expected an object" in msg
    assert msg.startswith(f"{tmp_path / 'answers.json'}: 9 problem(s); nothing was graded")
    assert '(id "ok")' not in msg  # the valid answer is not mentioned


def test_unknown_step_names_it_and_lists_the_steps(tmp_path: Path) -> None:
    msg = problems(
        tmp_path,
        {
            "lesson": "how-llms-work",
            "answers": [
                {"id": "a", "step": 9, "answer": "x"},
                {"id": "b", "step": "Backprop", "answer": "x"},
            ],
        },
    )
    assert 'answers[0] (id "a"): no step 9' in msg
    assert 'answers[1] (id "b"): no step "Backprop"' in msg
    assert "1: Tokenization — Breaking Text into Pieces" in msg
    assert "7: Choosing the Right Model" in msg


def test_unknown_lesson(tmp_path: Path) -> None:
    msg = problems(
        tmp_path, {"lesson": "no-such-lesson", "answers": [{"id": "a", "step": 1, "answer": "x"}]}
    )
    assert "lesson: 'no-such-lesson' is neither a lesson file nor a bundled lesson" in msg
    assert "how-llms-work" in msg
    msg = problems(tmp_path, {"lesson": "missing/file.md", "answers": []})
    assert "missing/file.md: no such lesson file" in msg


def test_broken_lesson_is_reported(tmp_path: Path) -> None:
    (tmp_path / "broken.md").write_text(
        "# T\n\n## Step 1: A\n\nNo labels here.\n", encoding="utf-8"
    )
    msg = problems(
        tmp_path, {"lesson": "broken.md", "answers": [{"id": "a", "step": 1, "answer": "x"}]}
    )
    assert "lesson:" in msg and "error(s) in lesson" in msg


def test_duplicate_ids(tmp_path: Path) -> None:
    rows = [{"id": i, "step": 1, "answer": "x"} for i in ("a", "b", "a", "a")]
    msg = problems(tmp_path, {"lesson": "how-llms-work", "answers": rows})
    assert 'answers[2] (id "a"): duplicate id (already used by answers[0])' in msg
    assert 'answers[3] (id "a"): duplicate id (already used by answers[0])' in msg


def test_wrong_top_level_shapes(tmp_path: Path) -> None:
    assert "the top level is a number (3)" in problems(tmp_path, "3")
    assert "a bare list of answers needs --lesson" in problems(
        tmp_path, [{"id": "a", "step": 1, "answer": "x"}]
    )
    assert '"answers" is missing' in problems(tmp_path, {"lesson": "how-llms-work"})
    assert '"answers" must be a list, not an object' in problems(
        tmp_path, {"lesson": "how-llms-work", "answers": {}}
    )
    assert '"lesson" is missing' in problems(tmp_path, {"answers": []})
    assert '"lesson" must be a lesson name or path' in problems(
        tmp_path, {"lesson": 3, "answers": []}
    )
    assert '"answers" is empty' in problems(tmp_path, {"lesson": "how-llms-work", "answers": []})


def test_bad_labels(tmp_path: Path) -> None:
    rows = [
        {"id": "a", "step": 1, "answer": "x", "label": "ADVANCE"},
        {"id": "b", "step": 1, "answer": "x", "label": 1},
    ]
    msg = problems(tmp_path, {"lesson": "how-llms-work", "answers": rows})
    assert '(id "a"): "label" must be one of "advance", "hint" or null, not "ADVANCE"' in msg
    assert '(id "b"): "label" must be one of "advance", "hint" or null, not 1' in msg


def test_long_problem_lists_are_cut_with_a_count(tmp_path: Path) -> None:
    rows = [{"id": str(i), "step": 99, "answer": "x"} for i in range(80)]
    msg = problems(tmp_path, {"lesson": "how-llms-work", "answers": rows})
    assert "80 problem(s)" in msg and "… and 30 more" in msg


def test_digest_changes_with_answers_and_not_with_labels(tmp_path: Path) -> None:
    base = {"lesson": "how-llms-work", "answers": [{"id": "a", "step": 1, "answer": "x"}]}
    one = load_answers(write(tmp_path, base)).digest()
    same = load_answers(
        write(tmp_path, {**base, "answers": [{**base["answers"][0], "label": "hint"}]})
    )
    other = load_answers(
        write(tmp_path, {**base, "answers": [{"id": "a", "step": 1, "answer": "y"}]})
    )
    assert one == same.digest()
    assert one != other.digest()


# --- hypothesis -----------------------------------------------------------------------------

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3)
    ),
    max_leaves=8,
)
fields = st.sampled_from(["id", "step", "answer", "choice", "label", "tags"])
records = st.dictionaries(fields, json_values, max_size=6) | json_values


@settings(
    max_examples=150, suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None
)
@given(
    top=st.one_of(
        json_values,
        st.fixed_dictionaries(
            {"lesson": st.just("how-llms-work"), "answers": st.lists(records, max_size=5)}
        ),
    )
)
def test_any_json_either_loads_or_raises_one_input_error(tmp_path: Path, top: Any) -> None:
    path = write(tmp_path, top)
    try:
        got = load_answers(path, lesson=None)
    except InputError as exc:
        assert exc.message.startswith(str(path))
        assert "Traceback" not in exc.message
    else:
        assert len(got.items) == len(top["answers"])


valid_answer = st.fixed_dictionaries(
    {
        "step": st.integers(1, 7) | st.sampled_from(["Why LLMs Hallucinate", "3"]),
        "answer": st.text(max_size=40),
    },
    optional={
        "choice": st.none(),
        "label": st.none() | st.sampled_from(["advance", "hint"]),
        "tags": st.lists(st.text(max_size=5), max_size=3),
    },
)


@settings(
    max_examples=100, suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None
)
@given(rows=st.lists(valid_answer, min_size=1, max_size=20))
def test_valid_inputs_round_trip_in_order(tmp_path: Path, rows: list[dict[str, Any]]) -> None:
    answers = [{"id": f"id-{i}", **r} for i, r in enumerate(rows)]
    got = load_answers(write(tmp_path, {"lesson": "how-llms-work", "answers": answers}))
    assert [i.id for i in got.items] == [a["id"] for a in answers]
    assert [i.answer for i in got.items] == [a["answer"] for a in answers]
    assert [i.index for i in got.items] == list(range(len(answers)))


@settings(
    max_examples=100, suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None
)
@given(raw=st.binary(max_size=60))
def test_any_bytes_load_or_raise_input_error(tmp_path: Path, raw: bytes) -> None:
    path = tmp_path / "answers.json"
    path.write_bytes(raw)
    with pytest.raises(InputError):
        load_answers(path)  # no byte string of this size is a valid answers file


@pytest.mark.parametrize(("step", "choice", "problem"), [
    (7, "Haiku", 'answers[0] (id "c"): "choice" "Haiku" is not one of step 7\'s options. '
                 'Fix: use one of "Classify tickets", "Technical architecture", '
                 '"Short translation"'),
    (7, "technical architecture", '"choice" "technical architecture" is not one of step 7'),
    (1, "Classify tickets", '"choice" is given but step 1 has no options'),
])
def test_a_choice_must_be_one_of_the_steps_options(tmp_path: Path, step: int, choice: str,
                                                    problem: str) -> None:
    data = {"lesson": "how-llms-work",
            "answers": [{"id": "c", "step": step, "answer": "x", "choice": choice}]}
    assert problem in problems(tmp_path, data)


@settings(max_examples=30, suppress_health_check=[HealthCheck.function_scoped_fixture],
          deadline=None)
@given(choice=st.text(max_size=30))
def test_any_choice_loads_only_if_it_is_an_option(tmp_path: Path, choice: str) -> None:
    options = ["Classify tickets", "Technical architecture", "Short translation"]
    path = write(tmp_path, {"lesson": "how-llms-work",
                            "answers": [{"id": "c", "step": 7, "answer": "x", "choice": choice}]})
    try:
        got = load_answers(path)
    except InputError as exc:
        assert choice not in options and "is not one of step 7's options" in exc.message
    else:
        assert got.items[0].choice in options
