"""Rendering reports as JSON, JSON Lines and CSV."""

from __future__ import annotations

import csv
import io
import json

from tutor.batch.output import CSV_COLUMNS, Format, render
from tutor.batch.results import Report, ResultRow, Summary
from tutor.grading.verdict import Decision, Flag

ROWS = [
    ResultRow(id="a1", step=3, decision=Decision.ADVANCE, score=0.9, feedback='Yes, "attention".'),
    ResultRow(
        id="a2",
        step=3,
        decision=Decision.HINT,
        score=0.1,
        feedback="Not yet, é",
        hint="What does each token look at?",
        missing=["weights", "context"],
        flags=[Flag.KEYWORD_LIST, Flag.GIBBERISH],
    ),
    ResultRow(id="a3", step=6, error="grader unavailable: overloaded"),
]
NEW_KEYS = ["covered", "misconception", "hint_target", "choice", "learner", "answer"]
REPORT = Report(lesson="how-llms-work", grader="local", results=ROWS, summary=Summary.of(ROWS))


def test_json_has_the_contract_keys() -> None:
    data = json.loads(render(REPORT, Format.JSON))
    assert list(data) == ["lesson", "grader", "results", "summary"]
    # The original keys first, in their order; the later ones after them (README: schema).
    assert list(data["results"][0]) == [
        "id",
        "step",
        "decision",
        "score",
        "feedback",
        "hint",
        "missing",
        "flags",
        "error",
        *NEW_KEYS,
    ]
    assert data["results"][2] == {
        "id": "a3",
        "step": 6,
        "decision": None,
        "score": None,
        "feedback": "",
        "hint": None,
        "missing": [],
        "flags": [],
        "error": "grader unavailable: overloaded",
        "covered": [],
        "misconception": None,
        "hint_target": None,
        "choice": None,
        "learner": None,
        "answer": None,
    }
    assert data["summary"] == {
        "total": 3,
        "advanced": 1,
        "hinted": 1,
        "errors": 1,
        "per_step": {
            "3": {"advanced": 1, "hinted": 1, "errors": 0},
            "6": {"advanced": 0, "hinted": 0, "errors": 1},
        },
    }


def test_jsonl_is_one_row_per_line() -> None:
    lines = render(REPORT, Format.JSONL).splitlines()
    assert [json.loads(x)["id"] for x in lines] == ["a1", "a2", "a3"]
    assert json.loads(lines[1])["flags"] == ["keyword_list", "gibberish"]


def test_csv_round_trips_through_a_csv_reader() -> None:
    table = list(csv.reader(io.StringIO(render(REPORT, Format.CSV))))
    assert tuple(table[0]) == CSV_COLUMNS
    assert CSV_COLUMNS[:9] == ("id", "step", "decision", "score", "feedback", "hint", "missing",
                               "flags", "error")
    assert list(CSV_COLUMNS[9:]) == NEW_KEYS
    assert table[1][:5] == ["a1", "3", "advance", "0.9", 'Yes, "attention".']
    assert table[2][6:8] == ["weights; context", "keyword_list,gibberish"]
    assert table[3] == ["a3", "6", "", "", "", "", "", "", "grader unavailable: overloaded",
                        "", "", "", "", "", ""]


def test_csv_carries_the_new_fields() -> None:
    row = ResultRow(id="b1", step=1, decision=Decision.HINT, score=0.2,
                    covered=["one idea", "another"], misconception="Tokens are whole words.",
                    hint_target="one idea", choice="A", learner="Ana", answer="tokens, words")
    report = Report(lesson="x", grader="local", results=[row], summary=Summary.of([row]))
    table = list(csv.reader(io.StringIO(render(report, Format.CSV))))
    got = dict(zip(table[0], table[1], strict=True))
    assert {k: got[k] for k in NEW_KEYS} == {
        "covered": "one idea; another", "misconception": "Tokens are whole words.",
        "hint_target": "one idea", "choice": "A", "learner": "Ana", "answer": "tokens, words"}
