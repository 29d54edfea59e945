"""`tutor eval` end to end: metrics.json, gates and their exit codes, --compare, the report."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from rich.console import Console

from tests.harness.graders import AlternatingGrader, OverlapGrader
from tutor.errors import InputError
from tutor.harness.command import EvalArgs, run_eval
from tutor.harness.summary import Leaks

REPO = Path(__file__).resolve().parents[2]


def quiet_console() -> Console:
    return Console(file=io.StringIO(), width=120)


def run(args: EvalArgs, leaks: Leaks, grader: OverlapGrader | None = None,
        console: Console | None = None) -> int:
    return run_eval(args, grader=grader or OverlapGrader(), leaks=leaks,
                    console=console or quiet_console())


def test_writes_metrics_json(small_set: Path, tmp_path: Path, leaks: Leaks) -> None:
    out = tmp_path / "m" / "metrics.json"
    assert run(EvalArgs(datasets=[small_set], out=out), leaks) == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    for key in ("n", "accuracy", "kappa", "false_advance_rate", "false_hold_rate", "precision",
                "recall", "per_step", "per_tag", "latency_ms", "errors", "hint_leakage",
                "stability", "usage"):
        assert key in data
    assert data["n"] == 6 and data["errors"] == 1
    assert data["latency_ms"]["p50"] == 10.0 and "p95" in data["latency_ms"]
    assert data["grader"] == "overlap" and data["mode"] == "live" and data["replayed"] is False
    assert data["datasets"][0]["format"] == "rubric"


def test_results_file_keeps_every_answer(small_set: Path, tmp_path: Path, leaks: Leaks) -> None:
    results = tmp_path / "results.jsonl"
    assert run(EvalArgs(datasets=[small_set], results=results, repeat=2), leaks) == 0
    rows = [json.loads(line) for line in results.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in rows] == ["x1", "x2", "x3", "x4", "x5", "x6"]
    assert rows[1]["gold"] == "hint" and [x["decision"] for x in rows[1]["runs"]] == [
        "advance", "advance"]
    assert rows[4]["runs"][0]["decision"] is None and "FAIL" in rows[4]["runs"][0]["error"]


def test_gates_pass_and_fail(small_set: Path, leaks: Leaks,
                             capsys: pytest.CaptureFixture[str]) -> None:
    passing = EvalArgs(datasets=[small_set], fail_under=["accuracy=0.6"],
                       fail_over=["false_advance_rate=0.34"])
    assert run(passing, leaks) == 0
    failing = EvalArgs(datasets=[small_set], fail_under=["accuracy=0.9", "kappa=0.1"],
                       fail_over=["false_advance_rate=0.05", "latency_ms.p95=100"])
    assert run(failing, leaks) == 1
    err = capsys.readouterr().err
    assert "accuracy = 0.6 is under 0.9 (--fail-under accuracy=0.9)" in err
    assert "false_advance_rate = 0.3333 is over 0.05" in err
    assert "kappa" not in err and "latency" not in err  # those gates held


def test_undefined_metric_fails_its_gate(small_set: Path, leaks: Leaks,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    assert run(EvalArgs(datasets=[small_set], fail_over=["stability=0.1"]), leaks) == 1
    assert "stability is undefined" in capsys.readouterr().err


@pytest.mark.parametrize(("gate", "message"), [
    ("accuracy", "write METRIC=VALUE"),
    ("accuracy=high", "is not a number"),
    ("acuracy=0.9", "metrics.json has no 'acuracy'"),
])
def test_bad_gate_is_bad_input_before_grading(small_set: Path, leaks: Leaks, gate: str,
                                              message: str) -> None:
    grader = OverlapGrader()
    with pytest.raises(InputError, match=message):
        run(EvalArgs(datasets=[small_set], fail_under=[gate]), leaks, grader)
    assert grader.calls == 0


def test_nothing_graded_is_a_failure(tmp_path: Path, leaks: Leaks,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "fail.jsonl"
    path.write_text(json.dumps({"id": "f", "rubric": "r", "answer": "FAIL", "label": "hint"})
                    + "\n", encoding="utf-8")
    assert run(EvalArgs(datasets=[path]), leaks) == 1
    assert "no answer could be graded" in capsys.readouterr().err


def test_grader_is_closed(small_set: Path, leaks: Leaks) -> None:
    grader = OverlapGrader()
    run(EvalArgs(datasets=[small_set]), leaks, grader)
    assert grader.closed


def test_compare_with_an_earlier_run(small_set: Path, tmp_path: Path, leaks: Leaks) -> None:
    old = tmp_path / "old.json"
    assert run(EvalArgs(datasets=[small_set], out=old), leaks) == 0
    data = json.loads(old.read_text(encoding="utf-8"))
    data.update(accuracy=0.5, false_advance_rate=0.0)
    old.write_text(json.dumps(data), encoding="utf-8")
    buffer = tmp_path / "summary.txt"
    with buffer.open("w", encoding="utf-8") as fh:
        console = Console(file=fh, width=140, no_color=True)
        assert run(EvalArgs(datasets=[small_set], compare=old), leaks, console=console) == 0
    text = buffer.read_text(encoding="utf-8")
    cells = [[c for c in line.split() if c != "│"] for line in text.splitlines()]
    rows = {c[0]: c for c in cells if c}  # the comparison table is printed last
    assert rows["accuracy"][-1] == "better" and rows["accuracy"][1:3] == ["0.500", "0.600"]
    assert rows["false_advance_rate"][-1] == "worse"
    assert rows["kappa"][-1] == "same"


def test_compare_with_a_file_that_is_not_metrics(small_set: Path, tmp_path: Path,
                                                 leaks: Leaks) -> None:
    bad = tmp_path / "old.json"
    bad.write_text('{"hello": 1}', encoding="utf-8")
    with pytest.raises(InputError, match=r"not a metrics\.json"):
        run(EvalArgs(datasets=[small_set], compare=bad), leaks)


class _Cells(HTMLParser):
    """Collects the text of elements by id, and of table rows by data-id."""

    def __init__(self) -> None:
        super().__init__()
        self.by_id: dict[str, str] = {}
        self.rows: dict[str, str] = {}
        self._open: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if a.get("id"):
            self._open.append(("id", a["id"] or ""))
        elif tag == "tr" and a.get("data-id"):
            self._open.append(("row", a["data-id"] or ""))
        else:
            self._open.append(("", ""))

    def handle_endtag(self, tag: str) -> None:
        if self._open:
            self._open.pop()

    def handle_data(self, data: str) -> None:
        for kind, key in self._open:
            if kind == "id":
                self.by_id[key] = self.by_id.get(key, "") + data
            elif kind == "row":
                self.rows[key] = self.rows.get(key, "") + data


def test_report_page(small_set: Path, tmp_path: Path, leaks: Leaks) -> None:
    folder = tmp_path / "report"
    args = EvalArgs(datasets=[small_set], report=folder, fail_under=["accuracy=0.9"])
    assert run(args, leaks) == 1
    html = (folder / "index.html").read_text(encoding="utf-8")
    cells = _Cells()
    cells.feed(html)
    assert cells.by_id["cm-true-advance"].strip() == "1"
    assert cells.by_id["cm-false-advance"].strip() == "1"
    assert cells.by_id["cm-false-hold"].strip() == "1"
    assert cells.by_id["cm-true-hold"].strip() == "2"
    worst = " ".join(cells.rows["x2"].split())
    assert "cats chase" in worst and "shared words: cats, chase" in worst
    assert worst.index("hint") < worst.index("advance")  # gold first, then the grader
    assert "accuracy = 0.6 is under 0.9" in cells.by_id["gates"]
    assert "correct" in cells.by_id["per-tag"] and "rubric" in cells.by_id["per-step"]
    assert "http://" not in html and "https://" not in html  # self-contained
    assert "replayed" not in cells.by_id  # a live run carries no replay banner


def test_report_escapes_answers(tmp_path: Path, leaks: Leaks) -> None:
    path = tmp_path / "xss.jsonl"
    path.write_text(json.dumps({"id": "s", "rubric": "cats chase mice", "answer":
                                "<script>alert(1)</script> cats chase", "label": "hint"}) + "\n",
                    encoding="utf-8")
    folder = tmp_path / "r"
    run(EvalArgs(datasets=[path], report=folder), leaks)
    html = (folder / "index.html").read_text(encoding="utf-8")
    assert "<script>alert" not in html and "&lt;script&gt;" in html


def test_repeat_reports_flips(small_set: Path, tmp_path: Path, leaks: Leaks) -> None:
    out = tmp_path / "m.json"
    grader = AlternatingGrader({"cats chase mice", "dogs bark"})
    assert run(EvalArgs(datasets=[small_set], out=out, repeat=2), leaks, grader) == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["repeat"] == 2 and data["stability"] == pytest.approx(2 / 5)


def test_bad_dataset_exits_2_without_traceback(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "a", "rubric": "r", "answer": "x", "label": "yes"}\n',
                   encoding="utf-8")
    out = tmp_path / "metrics.json"
    proc = subprocess.run([sys.executable, "-m", "tutor", "eval", str(bad), "--out", str(out)],
                          capture_output=True, text=True, cwd=REPO, timeout=120)
    assert proc.returncode == 2
    assert f"{bad}:1: label 'yes' is not advance or hint" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert not out.exists()


@pytest.mark.parametrize("flag", ["out", "results", "report"])
def test_an_output_that_cannot_be_written_is_refused_before_grading(
    small_set: Path, tmp_path: Path, leaks: Leaks, flag: str
) -> None:
    blocker = tmp_path / "blocker"
    blocker.write_text("a file where a folder should be")
    args = EvalArgs(datasets=[small_set], **{flag: blocker / "x"})
    expected = (f"--{flag} {blocker / 'x'}: cannot write the "
                f"{'report' if flag == 'report' else 'output'} there "
                f"({blocker} is a file, not a folder)")
    grader = OverlapGrader()
    with pytest.raises(InputError) as info:
        run(args, leaks, grader=grader)
    assert expected in info.value.message
    assert grader.calls == 0  # refused before any answer was graded


def test_a_report_that_names_a_file_is_refused(small_set: Path, tmp_path: Path,
                                              leaks: Leaks) -> None:
    page = tmp_path / "report.html"
    page.write_text("")
    with pytest.raises(InputError, match=r"--report .*report\.html: is a file; --report names a "
                                         r"folder \(the page is written as index\.html in it\)"):
        run(EvalArgs(datasets=[small_set], report=page), leaks)
