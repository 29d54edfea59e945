"""The three input formats, format detection, and clear errors for bad records."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.harness.transcripts import Session, add_labels
from tutor.errors import InputError
from tutor.grading import Attempt, Decision, Rung
from tutor.harness.datasets import Format, load_dataset, load_datasets
from tutor.lesson import load_lesson

FIXTURES = Path(__file__).parent / "fixtures"


# (b) rubric records


def test_rubric_records() -> None:
    data = load_dataset(FIXTURES / "rubric.jsonl")
    assert data.format is Format.RUBRIC
    assert [i.id for i in data.items] == ["r1", "r2", "r3", "4"]
    first, second, third, fourth = data.items
    assert first.label is Decision.ADVANCE and first.tags == ["correct"]
    assert first.request.checkpoint == "The bulb is in a closed path with the battery"
    assert first.request.question == "Why does the bulb light?"
    assert first.step == "rubric" and first.source.endswith("rubric.jsonl:1")
    # a list of references: one per line in the Checkpoint
    assert second.request.checkpoint.splitlines() == [
        "The bulb is in a closed path with the battery",
        "There is a closed circuit containing the battery"]
    assert third.tags == ["partial"]  # a null tag (SemEval's missing 5-way label) is dropped
    assert fourth.label is Decision.ADVANCE and fourth.source.endswith(":5")  # blank line 4


@pytest.mark.parametrize(("line", "message"), [
    ('{"id": "x", "rubric": "r", "answer": "a", "label": "maybe"}', "label 'maybe'"),
    ('{"id": "x", "rubric": "", "answer": "a", "label": "hint"}', "'rubric' must be"),
    ('{"id": "x", "rubric": [], "answer": "a", "label": "hint"}', "'rubric' must be"),
    ('{"id": "x", "rubric": "r", "answer": 3, "label": "hint"}', "'answer' must be a string"),
    ('{"rubric": "r", "answer": "a", "label": "hint"}', "missing 'id'"),
    ('{"id": "x", "rubric": "r", "answer": "a", "label": "hint", "tag": []}', "unknown field"),
    ('{"id": "x", "rubric": "r", "answer": "a", "label": "hint", "tags": 3}', "'tags' must"),
    ('{"id": "r1", "rubric": "r", "answer": "a", "label": "hint"}', "already used on line 1"),
    ('{"id": "x", "rubric": "r", "answer": "a", "label": "hint"', "not JSON"),
    ('[1, 2]', "not a JSON object"),
])
def test_bad_rubric_record_names_file_and_line(tmp_path: Path, line: str, message: str) -> None:
    path = tmp_path / "bad.jsonl"
    good = '{"id": "r1", "rubric": "r", "answer": "a", "label": "hint"}'
    path.write_text(good + "\n" + line + "\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        load_dataset(path)
    assert f"{path}:2:" in err.value.message
    assert message in err.value.message
    assert err.value.exit_code == 2


_text = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=40)


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.dictionaries(st.sampled_from(["id", "question", "rubric", "answer", "label", "tags",
                                        "extra"]),
                       st.one_of(_text, st.integers(), st.none(), st.lists(_text, max_size=3),
                                 st.sampled_from(["advance", "hint"])), max_size=7))
def test_any_rubric_record_loads_or_is_an_input_error(tmp_path: Path,
                                                     record: dict[str, object]) -> None:
    path = tmp_path / "any.jsonl"
    record.setdefault("rubric", "the rubric")
    record.setdefault("answer", "an answer")
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    try:
        data = load_dataset(path)
    except InputError as exc:
        assert str(path) in exc.message
    else:
        assert len(data.items) == 1
        assert data.items[0].label in (Decision.ADVANCE, Decision.HINT)


# (a) the `tutor grade` input with labels


def test_answers_with_labels() -> None:
    data = load_dataset(FIXTURES / "answers.json")
    assert data.format is Format.ANSWERS
    lesson = load_lesson()
    assert [i.id for i in data.items] == ["a1", "a2", "a3", "a4"]
    a2 = data.items[1]
    assert a2.step == "1" and a2.label is Decision.HINT and a2.tags == ["dont-know"]
    assert a2.request.checkpoint == lesson.step(1).checkpoint  # type: ignore[union-attr]
    assert a2.request.step_number == 1 and a2.request.lesson_title == lesson.title
    assert data.items[2].tags == ["correct", "terse"]


def test_answers_without_a_label_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "answers.json"
    path.write_text(json.dumps({"lesson": "how-llms-work", "answers": [
        {"id": "x", "step": 1, "answer": "pieces", "label": "hint"},
        {"id": "y", "step": 2, "answer": "vectors"}]}), encoding="utf-8")
    with pytest.raises(InputError) as err:
        load_dataset(path)
    assert 'answers[1] (id "y")' in err.value.message
    assert "no gold label" in err.value.message


def test_bare_list_uses_the_lesson_option(tmp_path: Path) -> None:
    path = tmp_path / "bare.json"
    path.write_text(json.dumps([{"id": "x", "step": 2, "answer": "v", "label": "hint"}]),
                    encoding="utf-8")
    with pytest.raises(InputError, match="--lesson"):
        load_dataset(path)
    assert load_dataset(path, lesson="how-llms-work").items[0].step == "2"


def test_bad_answers_file_is_reported_by_the_batch_parser(tmp_path: Path) -> None:
    path = tmp_path / "answers.json"
    path.write_text(json.dumps({"lesson": "how-llms-work", "answers": [
        {"id": "x", "step": 99, "answer": "a", "label": "hint"}]}), encoding="utf-8")
    with pytest.raises(InputError, match="no step 99"):
        load_dataset(path)


# (c) transcripts with labels


def test_transcript_answers_are_graded_with_their_session_context(tmp_path: Path) -> None:
    lesson = load_lesson()
    s = Session(lesson, tmp_path)
    s.shown()
    s.submit("tokens are pieces")
    s.verdict(Decision.HINT, hint="What happens to rare words?")
    second = s.submit("rare words are split, common words stay whole")
    s.verdict(Decision.ADVANCE)
    s.next()
    s.shown()
    s.lab(2, "tried king - man + woman")
    s.submit("words are numbers")
    s.verdict(Decision.HINT)  # no hint text from the grader: the templated one is noted
    s.stuck()
    third = s.submit("similar words have similar vectors")
    add_labels(s.path, {second: {"label": "advance", "tags": ["terse"]},
                        third: {"label": "hint"}})

    data = load_dataset(s.path)
    assert data.format is Format.TRANSCRIPT
    assert data.warnings == []
    first_item, second_item = data.items
    assert first_item.step == "1" and first_item.attempt == 2
    assert first_item.label is Decision.ADVANCE and first_item.tags == ["terse"]
    assert first_item.request.rung is Rung.HINT  # one hint given before this attempt
    assert first_item.request.previous == [
        Attempt(answer="tokens are pieces", hint="What happens to rare words?")]
    assert first_item.source == f"{s.path}:{second}"

    assert second_item.step == "2" and second_item.attempt == 2
    assert second_item.request.rung is Rung.PROMPT  # a graded hint and a stuck hint
    assert second_item.request.previous == [
        Attempt(answer="words are numbers", hint="templated pump hint")]
    assert second_item.request.lab_notes == "tried king - man + woman"
    assert second_item.request.checkpoint == lesson.step(2).checkpoint  # type: ignore[union-attr]


def test_label_on_a_record_that_is_not_a_submit(tmp_path: Path) -> None:
    s = Session(load_lesson(), tmp_path)
    s.shown()
    add_labels(s.path, {s.line: {"label": "hint"}})
    with pytest.raises(InputError) as err:
        load_dataset(s.path)
    assert f"{s.path}:{s.line}:" in err.value.message
    assert "not a submit" in err.value.message


def test_label_on_a_submit_the_session_ignored(tmp_path: Path) -> None:
    s = Session(load_lesson(), tmp_path)
    line = s.submit("answered before the step was shown")  # PRESENTING: the machine ignores it
    add_labels(s.path, {line: {"label": "advance"}})
    with pytest.raises(InputError, match="not graded in the session"):
        load_dataset(s.path)


def test_bad_label_value_in_a_transcript(tmp_path: Path) -> None:
    s = Session(load_lesson(), tmp_path)
    s.shown()
    line = s.submit("pieces")
    add_labels(s.path, {line: {"label": "yes"}})
    with pytest.raises(InputError, match=f":{line}: label 'yes'"):
        load_dataset(s.path)


def test_damaged_transcript_line(tmp_path: Path) -> None:
    s = Session(load_lesson(), tmp_path)
    s.shown()
    with s.path.open("a", encoding="utf-8") as fh:
        fh.write('{"kind": "event", "seq": 9, "at": "x", "event": {"type": "warp"}}\n')
    with pytest.raises(InputError, match=f"{s.path}:4: bad transcript record"):
        load_dataset(s.path)


def test_transcript_without_labels_warns(tmp_path: Path) -> None:
    s = Session(load_lesson(), tmp_path)
    s.shown()
    data = load_dataset(s.path)
    assert data.items == []
    assert "no labelled submits" in data.warnings[0]


# detection and several files


def test_unknown_format_and_empty_file(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("hello\n", encoding="utf-8")
    (tmp_path / "empty.jsonl").write_text("\n", encoding="utf-8")
    with pytest.raises(InputError, match="not a dataset"):
        load_dataset(tmp_path / "notes.txt")
    with pytest.raises(InputError, match="empty"):
        load_dataset(tmp_path / "empty.jsonl")
    with pytest.raises(InputError, match="no such file"):
        load_dataset(tmp_path / "missing.jsonl")


def test_several_files_keep_ids_apart(tmp_path: Path) -> None:
    copy = tmp_path / "copy.jsonl"
    copy.write_text((FIXTURES / "rubric.jsonl").read_text(encoding="utf-8"), encoding="utf-8")
    both = load_datasets([FIXTURES / "rubric.jsonl", copy])
    ids = [i.id for d in both for i in d.items]
    assert len(ids) == len(set(ids)) == 8
    assert "copy.jsonl:r1" in ids


def test_a_folder_stands_for_its_data_files(tmp_path: Path) -> None:
    folder = tmp_path / "sets"
    (folder / "inner").mkdir(parents=True)
    rubric = (FIXTURES / "rubric.jsonl").read_text(encoding="utf-8")
    (folder / "b.jsonl").write_text(rubric, encoding="utf-8")
    (folder / "inner" / "a.json").write_text(
        (FIXTURES / "answers.json").read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "README.md").write_text("# not data\n", encoding="utf-8")
    loaded = load_datasets([folder])
    assert [Path(d.path).name for d in loaded] == ["b.jsonl", "a.json"]
    (tmp_path / "empty").mkdir()
    with pytest.raises(InputError, match=r"no \.json or \.jsonl files"):
        load_datasets([tmp_path / "empty"])
