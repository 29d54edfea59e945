"""Parse a lesson Markdown file (and its optional `.ext.md` extension) into a Lesson.

Built on markdown-it-py so line numbers survive; every problem becomes a Diagnostic
that names the file, the line and the fix. Errors are collected, not raised one at a
time, so an author sees all of them at once.
"""

from __future__ import annotations

import hashlib
import re
import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, TypeVar

from markdown_it import MarkdownIt
from markdown_it.token import Token

from tutor.errors import InputError
from tutor.lesson.models import (
    EXAMPLE_KEYS,
    EXAMPLE_LABELS,
    MISCONCEPTION_KEYS,
    SCRIPT_KEYS,
    ButtonsDirective,
    CardDirective,
    CelebrateDirective,
    Diagnostic,
    DiagramDirective,
    Directive,
    ExampleAnswer,
    ExpectationScript,
    LabDirective,
    Lesson,
    Misconception,
    Step,
    in_order,
)
from tutor.user_files import read_user_file

EXTENSION_SUFFIX = ".ext.md"

_Item = TypeVar("_Item", ExpectationScript, Misconception)

_STEP_HEADING = re.compile(r"^Step\s+(\d+)\s*(?:[:.\-—–]\s*(.*))?$", re.IGNORECASE)
_LABEL = re.compile(r"^\*\*(Task|Question|Checkpoint):\*\*\s*", re.IGNORECASE)
_COMMENT = re.compile(r"<!--(.*?)-->", re.DOTALL)
_DIRECTIVE_HEAD = re.compile(r"^\s*(hint|lab):([A-Za-z][\w-]*)(.*)$", re.DOTALL)
_ATTR = re.compile(r'\s*([A-Za-z][\w-]*)\s*=\s*"([^"]*)"')
_KNOWN_HINTS = {"card", "diagram", "buttons", "celebrate"}
_KNOWN_LABS = {"tokenizer", "embeddings", "context", "temperature"}


class LessonError(InputError):
    """A lesson that cannot be used; carries every error found."""

    title = "Broken lesson"

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        self.diagnostics = in_order(diagnostics)
        errors = [d for d in self.diagnostics if d.severity == "error"]
        lines = "\n".join(str(d) for d in errors)
        super().__init__(f"{len(errors)} error(s) in lesson:\n{lines}")


@dataclass(frozen=True)
class _Extras:
    """The TOML inside a ```tutor block: optional authoring extensions for one step."""

    expectations: list[ExpectationScript] = field(default_factory=list)
    misconceptions: list[Misconception] = field(default_factory=list)
    card: str | None = None  # body of the step's card
    answer: str | None = None  # the expected option of the step's buttons
    lab: dict[str, dict[str, Any]] = field(default_factory=dict)
    #: What is enough to advance: "all" / "any" or expectation numbers (1-based), as written.
    needs: Needs | None = None
    examples: list[ExampleAnswer] = field(default_factory=list)


#: `needs` as written: "all", "any", [1, 2] (these, all of them) or [[1], [2, 3]] (any group).
Needs = str | list[int] | list[list[int]]

_EXTRAS_KEYS = ("expectations", "misconceptions", "card", "answer", "lab", "needs",
                "examples")


def _read_extras(data: dict[str, Any]) -> tuple[_Extras, list[tuple[str, str]]]:
    """Check a ```tutor block's keys and types: the extras, and (key path, problem) pairs.

    Checked by hand rather than by a pydantic model: five keys do not need one, and the
    lesson is parsed before the TUI's first frame, which importing pydantic slowed by a
    quarter of a second.
    """
    problems: list[tuple[str, str]] = []
    problems += [(key, "is not a known key") for key in data if key not in _EXTRAS_KEYS]

    def text(value: Any, where: str) -> str | None:
        if isinstance(value, str):
            return value
        problems.append((where, f"should be a string, not {_toml_type(value)}"))
        return None

    def items(key: str) -> list[Any]:
        value = data.get(key, [])
        if isinstance(value, list):
            return value
        problems.append((key, f"should be a list, not {_toml_type(value)}"))
        return []

    def table(value: Any, where: str, keys: tuple[str, ...]) -> dict[str, str] | None:
        """A string (its `text`) or a table of `keys` (`text` required), every value a
        string: the values by key, or None after noting what is wrong."""
        if not isinstance(value, dict):
            said = text(value, where)
            return None if said is None else {"text": said}
        unknown = [(f"{where}.{k}", f"is not a known key (known: {', '.join(keys)})")
                   for k in value if k not in keys]
        problems.extend(unknown)
        if "text" not in value:
            problems.append((f"{where}.text", "is missing"))
            return None
        read = {k: v for k in keys if k in value
                if (v := text(value[k], f"{where}.{k}")) is not None}
        return None if unknown or len(read) < sum(k in value for k in keys) else read

    expectations = [ExpectationScript(**fields)
                    for i, v in enumerate(items("expectations"))
                    if (fields := table(v, f"expectations.{i}", SCRIPT_KEYS)) is not None]
    misconceptions = [Misconception(**fields)
                      for i, v in enumerate(items("misconceptions"))
                      if (fields := table(v, f"misconceptions.{i}", MISCONCEPTION_KEYS))
                      is not None]
    examples: list[ExampleAnswer] = []
    for i, v in enumerate(items("examples")):
        where = f"examples.{i}"
        if not isinstance(v, dict):
            problems.append((where, f"should be a table, not {_toml_type(v)}"))
        elif (fields := table(v, where, EXAMPLE_KEYS)) is not None:
            if "label" not in fields:
                problems.append((f"{where}.label", "is missing"))
            elif fields["label"] not in EXAMPLE_LABELS:
                problems.append((f"{where}.label", f"should be one of {', '.join(EXAMPLE_LABELS)}"))
            else:
                examples.append(ExampleAnswer(**fields))
    card = text(data["card"], "card") if "card" in data else None
    answer = text(data["answer"], "answer") if "answer" in data else None
    lab: dict[str, dict[str, Any]] = {}
    labs = data.get("lab", {})
    if not isinstance(labs, dict):
        problems.append(("lab", f"should be a table, not {_toml_type(labs)}"))
    else:
        for name, params in labs.items():
            if isinstance(params, dict):
                lab[name] = params
            else:
                problems.append((f"lab.{name}", f"should be a table, not {_toml_type(params)}"))
    needs = _read_needs(data["needs"], problems) if "needs" in data else None
    return _Extras(expectations, misconceptions, card, answer, lab, needs, examples), problems


def _read_needs(value: Any, problems: list[tuple[str, str]]) -> Needs | None:
    """`needs`: "all", "any", a list of expectation numbers or a list of such lists."""
    if value in ("all", "any"):
        return str(value)
    if isinstance(value, list) and value and all(_numbers(v) for v in value):
        return [int(v) for v in value]
    if isinstance(value, list) and value and all(isinstance(v, list) and v and _numbers(*v)
                                                 for v in value):
        return [[int(n) for n in group] for group in value]
    problems.append(("needs", 'should be "all", "any", a list of expectation numbers such as '
                     "[1, 2], or a list of such lists (any one list is enough)"))
    return None


def _numbers(*values: Any) -> bool:
    return all(isinstance(v, int) and not isinstance(v, bool) for v in values)


def _alternatives(needs: Needs, count: int) -> list[list[int]] | str:
    """`needs` as groups of expectation indices (0-based), any one group enough; or what is
    wrong with it. "all" is every expectation in one group, "any" one group each."""
    if needs == "all":
        return [list(range(count))]
    if needs == "any":
        return [[i] for i in range(count)]
    groups: list[list[int]] = ([[n for n in needs if isinstance(n, int)]]
                               if all(isinstance(n, int) for n in needs)
                               else [n for n in needs if isinstance(n, list)])
    out = [[n - 1 for n in group] for group in groups]
    bad = sorted({i + 1 for group in out for i in group if not 0 <= i < count})
    if bad:
        return (f"names expectation {', '.join(map(str, bad))}, but the step has "
                f"{count} expectation(s)")
    return [list(dict.fromkeys(group)) for group in out]


def _extras_fix(where: str, problem: str) -> str:
    """How to mend one problem of a ```tutor block (what the problem is decides the fix)."""
    key = where.rsplit(".", 1)[-1]
    if problem.startswith("is not a known key ("):
        return "remove it or correct its spelling"
    if problem.startswith("is not a known key"):
        return f"allowed keys: {', '.join(_EXTRAS_KEYS)}"
    if problem.startswith("should be a string"):
        return f'write it in quotes: {key} = "…"'
    if problem.startswith("should be a list"):
        return f'write a list, {key} = ["…"], or [[{key}]] tables'
    if key == "needs":
        return 'e.g. needs = "any", or needs = [1, 2] (expectations 1 and 2 are enough)'
    if problem.startswith("should be a table"):
        return f"write it as a table: [{where}] with its keys below"
    if problem == "is missing":
        return f'add {key} = "…"'
    return "see README 'Authoring extensions' for the keys and syntax"


def _key_line(content: str, where: str) -> int:
    """The line of the block (1 = the fence's next line, 0 = the fence) where the key of
    `where` ("card", "expectations.1.pump") is written; 0 when it cannot be told."""
    lines = content.splitlines()
    parts = where.split(".")
    start = 0
    if len(parts) >= 2 and parts[1].isdigit():
        header = re.compile(rf"^\s*\[\[\s*{re.escape(parts[0])}\s*\]\]")
        headers = [i for i, text in enumerate(lines) if header.match(text)]
        index = int(parts[1])
        if index >= len(headers):
            return 0  # an inline list or table: the block's fence is the best place
        start = headers[index]
        if len(parts) == 2:
            return start + 1
    key = re.compile(rf"^\s*{re.escape(parts[-1])}\s*=")
    for i in range(start, len(lines)):
        if key.match(lines[i]):
            return i + 1
    return start + 1 if start else 0  # a key that is missing: its table's header


def _toml_type(value: Any) -> str:
    kinds = {bool: "a boolean", int: "a number", float: "a number", str: "a string",
             list: "a list", dict: "a table"}
    return next((name for t, name in kinds.items() if isinstance(value, t)), "a date or time")


@dataclass
class _StepDraft:
    number: int
    title: str
    line: int
    explanation: list[str] = field(default_factory=list)
    labels: dict[str, list[str]] = field(default_factory=dict)
    current: str | None = None
    directives: list[Directive] = field(default_factory=list)
    extras: list[tuple[int, _Extras]] = field(default_factory=list)
    mermaid: list[tuple[int, str]] = field(default_factory=list)


def slugify(text: str) -> str:
    """`Photosynthesis — Light into Sugar` -> `photosynthesis-light-into-sugar`."""
    return re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-")


class _Parser:
    def __init__(self, path: str, text: str, *, extension: bool = False) -> None:
        self.path = path
        self.lines = text.splitlines()
        self.text = text
        self.extension = extension
        self.diagnostics: list[Diagnostic] = []
        self.title: str | None = None
        self.steps: list[_StepDraft] = []

    def error(self, line: int, message: str, fix: str = "", *, root_cause: bool = False) -> None:
        self.diagnostics.append(Diagnostic(
            path=self.path, line=line, severity="error", message=message, fix=fix,
            root_cause=root_cause))

    def warn(self, line: int, message: str, fix: str = "") -> None:
        self.diagnostics.append(Diagnostic(
            path=self.path, line=line, severity="warning", message=message, fix=fix))

    def source(self, token: Token) -> str:
        assert token.map is not None
        start, end = token.map
        return "\n".join(self.lines[start:end]).rstrip()

    def run(self) -> None:
        tokens = MarkdownIt("commonmark").parse(self.text)
        i = 0
        while i < len(tokens):
            tok = tokens[i]
            line = (tok.map[0] + 1) if tok.map else 0
            if tok.type == "heading_open":
                self.heading(tok, tokens[i + 1].content.strip(), line)
                i += 3
                continue
            if tok.type == "paragraph_open":
                self.block(line, tokens[i + 1].content, self.source(tok), inline=tokens[i + 1])
                i += 3
                continue
            if tok.type == "html_block":
                self.html(tok.content, line)
            elif tok.type == "fence":
                self.fence(tok, line)
            elif tok.type in {"bullet_list_open", "ordered_list_open", "blockquote_open",
                              "code_block", "table_open"}:
                self.raw(tok, line)
                i = self.skip_container(tokens, i)
                continue
            i += 1

    def skip_container(self, tokens: list[Token], i: int) -> int:
        tok = tokens[i]
        if tok.nesting == 0:
            return i + 1
        depth = 0
        while i < len(tokens):
            depth += tokens[i].nesting
            i += 1
            if depth == 0:
                break
        return i

    def heading(self, tok: Token, text: str, line: int) -> None:
        if tok.tag == "h1":
            if self.title is None and not self.steps:
                self.title = text
            else:
                self.warn(line, f"extra top-level heading '{text}' is treated as step text",
                          "use '##' headings for steps and '###' inside a step")
                self.add_text(line, "# " + text)
            return
        m = _STEP_HEADING.match(text) if tok.tag == "h2" else None
        if m is None:
            if tok.tag == "h2":
                self.warn(line, f"heading '{text}' is not a step heading; it is kept as text",
                          "write '## Step N: Title' to start a step")
            self.add_text(line, "#" * int(tok.tag[1]) + " " + text)
            return
        number = int(m.group(1))
        title = (m.group(2) or "").strip()
        if not title and not self.extension:
            self.warn(line, f"step {number} has no title", "write '## Step N: Title'")
        for s in self.steps:
            if s.number == number:
                self.error(line, f"duplicate step number {number} (first at line {s.line})",
                           "number the steps 1, 2, 3… with no repeats")
        self.steps.append(_StepDraft(number=number, title=title or f"Step {number}", line=line))

    @property
    def step(self) -> _StepDraft | None:
        return self.steps[-1] if self.steps else None

    def add_text(self, line: int, text: str) -> None:
        step = self.step
        if step is None:
            return  # an introduction before the first step is allowed and not part of a step
        if self.extension:
            self.warn(line, "text in a lesson extension is ignored",
                      "an .ext.md file holds only directives, ```tutor and ```mermaid blocks")
            return
        if step.current is None:
            step.explanation.append(text)
        else:
            step.labels[step.current].append(text)

    def block(self, line: int, content: str, source: str, inline: Token) -> None:
        step = self.step
        # Inline comments (`text <!-- hint:x -->`) are directives too.
        for child in inline.children or []:
            if child.type == "html_inline":
                self.comment_text(child.content, line)
        m = _LABEL.match(content)
        if m and step is not None:
            label = m.group(1).capitalize()
            if label in step.labels:
                self.error(line, f"step {step.number} has a second **{label}:**",
                           f"keep one **{label}:** paragraph per step")
            step.labels[label] = [content[m.end():].strip()]
            step.current = label
            return
        text = _COMMENT.sub("", source).strip()
        if text:
            self.add_text(line, text)

    def raw(self, tok: Token, line: int) -> None:
        self.add_text(line, self.source(tok))

    def html(self, content: str, line: int, *, inline: bool = False) -> None:
        """Read an HTML block's comments; a '<!--' with no '-->' before the next is unclosed."""
        pos = 0
        while (start := content.find("<!--", pos)) != -1:
            end = content.find("-->", start + 4)
            following = content.find("<!--", start + 4)
            at = line if inline else line + content[:start].count("\n")
            if end == -1 or (following != -1 and following < end):
                message = "unclosed directive: '<!--' has no '-->'"
                last = at + content[start:].rstrip("\n").count("\n")
                if end == -1 and following == -1 and last > at:
                    # Markdown reads on to the next '-->': here, the end of the file. What is
                    # in those lines (steps, labels) is not seen, so errors about it follow.
                    message += (f", so lines {at}-{last} are read as a comment and the steps "
                                "and labels in them are missing")
                # Only one that runs on to the end hides anything (a later '<!--' ends the
                # damage at the next '-->'), so only it goes before the errors it causes.
                self.error(at, message, "end the directive on the same line with '-->'",
                           root_cause=end == -1)
                pos = following if following != -1 else len(content)
                continue
            self.comment(content[start + 4:end], at)
            pos = end + 3

    def comment_text(self, content: str, line: int) -> None:
        self.html(content, line, inline=True)

    def comment(self, body: str, line: int) -> None:
        m = _DIRECTIVE_HEAD.match(body)
        if m is None:
            return  # an ordinary HTML comment
        family, name, rest = m.group(1), m.group(2), m.group(3)
        attrs: dict[str, str] = {}
        pos = 0
        rest = rest.rstrip()
        while pos < len(rest):
            am = _ATTR.match(rest, pos)
            if am is None:
                self.error(line, f"malformed directive '{family}:{name}': cannot read "
                           f"'{rest[pos:].strip()[:40]}'",
                           'write attributes as name="value", separated by spaces')
                return
            attrs[am.group(1)] = am.group(2)
            pos = am.end()
        step = self.step
        if step is None:
            self.error(line, f"directive '{family}:{name}' is outside any step",
                       "move it below a '## Step N: Title' heading")
            return
        directive = self.make_directive(family, name, attrs, line)
        if directive is not None:
            step.directives.append(directive)

    def make_directive(
        self, family: str, name: str, attrs: dict[str, str], line: int
    ) -> Directive | None:
        if family == "lab":
            if name not in _KNOWN_LABS:
                self.warn(line, f"unknown lab '{name}' is ignored",
                          f"known labs: {', '.join(sorted(_KNOWN_LABS))}")
                return None
            return LabDirective(line=line, name=name, params=attrs)
        if name not in _KNOWN_HINTS:
            self.warn(line, f"unknown directive 'hint:{name}' is ignored",
                      f"known directives: {', '.join('hint:' + k for k in sorted(_KNOWN_HINTS))}")
            return None
        if name == "card":
            if not attrs.get("title", "").strip():
                self.error(line, "hint:card needs a title", 'add title="…"')
                return None
            self.unknown_attrs(name, attrs, {"type", "title"}, line)
            return CardDirective(line=line, type=attrs.get("type", "concept"),
                                 title=attrs["title"].strip())
        if name == "diagram":
            self.unknown_attrs(name, attrs, {"mermaid-type", "topic"}, line)
            return DiagramDirective(line=line, mermaid_type=attrs.get("mermaid-type", "flowchart"),
                                    topic=attrs.get("topic", ""))
        if name == "buttons":
            return self.buttons(attrs, line)
        self.unknown_attrs(name, attrs, set(), line)
        return CelebrateDirective(line=line)

    def buttons(self, attrs: dict[str, str], line: int) -> ButtonsDirective | None:
        self.unknown_attrs("buttons", attrs, {"type", "prompt", "options", "answer"}, line)
        options = [o.strip() for o in attrs.get("options", "").split(",") if o.strip()]
        kind = attrs.get("type", "single")
        ok = True
        if len(options) < 2:
            self.error(line, f"hint:buttons has {len(options)} option(s); it needs at least two",
                       'list the choices as options="A,B,C"')
            ok = False
        if kind not in {"single", "multiple"}:
            self.error(line, f"hint:buttons type '{kind}' is not known",
                       'use type="single" or type="multiple"')
            ok = False
        if not attrs.get("prompt", "").strip():
            self.error(line, "hint:buttons needs a prompt", 'add prompt="…"')
            ok = False
        expected = attrs.get("answer")
        if ok and expected is not None and expected not in options:
            self.error(line, f"hint:buttons answer '{expected}' is not one of the options",
                       "make answer= exactly one of the options")
            ok = False
        if not ok:
            return None
        return ButtonsDirective(line=line, type="single" if kind == "single" else "multiple",
                                prompt=attrs["prompt"].strip(), options=options,
                                expected=expected)

    def unknown_attrs(self, name: str, attrs: dict[str, str], known: set[str], line: int) -> None:
        for key in attrs.keys() - known:
            self.warn(line, f"hint:{name} attribute '{key}' is not known and is ignored",
                      f"known attributes: {', '.join(sorted(known)) or 'none'}")

    def fence(self, tok: Token, line: int) -> None:
        info = tok.info.strip().split()[0].casefold() if tok.info.strip() else ""
        step = self.step
        if info in {"tutor", "mermaid"} and step is None:
            self.error(line, f"```{info} block is outside any step",
                       "move it below a '## Step N: Title' heading")
            return
        if step is not None and info == "mermaid":
            step.mermaid.append((line, tok.content.strip()))
            return
        if step is not None and info == "tutor":
            try:
                data = tomllib.loads(tok.content)
            except tomllib.TOMLDecodeError as exc:
                at = re.search(r"at line (\d+)", str(exc))
                self.error(line + (int(at.group(1)) if at else 1),
                           f"```tutor block is not valid TOML: {exc}",
                           "see README 'Authoring extensions' for the keys and syntax")
                return
            extras, problems = _read_extras(data)
            for where, problem in problems:
                self.error(line + _key_line(tok.content, where),
                           f"```tutor block: '{where}' {problem}", _extras_fix(where, problem))
            if not problems:
                step.extras.append((line, extras))
            return
        self.raw(tok, line)


def _finish_step(p: _Parser, d: _StepDraft) -> Step | None:
    labels = {k: "\n\n".join(v).strip() for k, v in d.labels.items()}
    if not p.extension:
        if not labels.get("Question"):
            p.error(d.line, f"step {d.number} has no **Question:**",
                    "add a paragraph that starts with **Question:**")
        if not labels.get("Checkpoint"):
            p.error(d.line, f"step {d.number} has no **Checkpoint:**",
                    "add a paragraph that starts with **Checkpoint:** saying what the learner "
                    "should understand")
        if "Task" not in labels:
            p.warn(d.line, f"step {d.number} has no **Task:**",
                   "add a paragraph that starts with **Task:**")
        if not labels.get("Question") or not labels.get("Checkpoint"):
            return None
    return _apply_extras(p, d, Step(
        number=d.number, title=d.title, slug=slugify(d.title), line=d.line,
        explanation="\n\n".join(d.explanation).strip(), task=labels.get("Task", ""),
        question=labels.get("Question", ""), checkpoint=labels.get("Checkpoint", ""),
        directives=list(d.directives)))


def _apply_extras(p: _Parser, d: _StepDraft, step: Step) -> Step:
    """Fold ```tutor and ```mermaid blocks into the step's directives and fields."""
    directives = list(step.directives)
    scripts = list(step.scripts)
    misconceptions = list(step.misconceptions)
    lab_data = dict(step.lab_data)
    examples = list(step.examples)
    needs: tuple[int, Needs] | None = None
    for line, extras in d.extras:
        examples += [replace(e, text=e.text.strip()) for e in extras.examples if e.text.strip()]
        if extras.needs is not None:
            needs = (line, extras.needs)
        scripts += [_tidy(e) for e in extras.expectations if e.text.strip()]
        misconceptions += [_tidy(m) for m in extras.misconceptions]
        lab_data.update(extras.lab)
        if extras.card is not None:
            cards = [i for i, x in enumerate(directives) if isinstance(x, CardDirective)]
            if not cards:
                p.error(line, f"step {d.number}: card body given but the step has no hint:card",
                        'add <!-- hint:card title="…" --> to the step')
            for i in cards:
                card = directives[i]
                assert isinstance(card, CardDirective)
                directives[i] = replace(card, body=extras.card.strip())
        if extras.answer is not None:
            idx = next((i for i, x in enumerate(directives) if isinstance(x, ButtonsDirective)),
                       None)
            btn = directives[idx] if idx is not None else None
            if not isinstance(btn, ButtonsDirective) or idx is None:
                p.error(line, f"step {d.number}: answer given but the step has no hint:buttons",
                        "add a hint:buttons directive to the step")
            elif extras.answer not in btn.options:
                p.error(line, f"step {d.number}: answer '{extras.answer}' is not one of "
                        f"{btn.options}", "make answer exactly one of the options")
            else:
                directives[idx] = replace(btn, expected=extras.answer)
    for line, source in d.mermaid:
        diagrams = [i for i, x in enumerate(directives) if isinstance(x, DiagramDirective)]
        if diagrams:
            i = diagrams[0]
            diagram = directives[i]
            assert isinstance(diagram, DiagramDirective)
            directives[i] = replace(diagram, source=source)
        else:
            directives.append(DiagramDirective(line=line, source=source))
    alternatives = list(step.needs)
    if needs is not None:
        line, written = needs
        if not scripts:
            p.error(line, f"step {d.number}: needs is given but the step has no expectations",
                    "add [[expectations]] to the step, or remove needs")
        else:
            found = _alternatives(written, len(scripts))
            if isinstance(found, str):
                p.error(line, f"step {d.number}: needs {found}",
                        "number the expectations from 1, in the order they are written")
            else:  # "all" is the default, kept as no groups
                alternatives = [] if found == [list(range(len(scripts)))] else found
    return replace(step, directives=directives, expectations=[e.text for e in scripts],
                   scripts=scripts, misconceptions=misconceptions, lab_data=lab_data,
                   needs=alternatives, examples=examples)


def _tidy(item: _Item) -> _Item:
    """Strip every string of a script or misconception; an empty optional one is None."""
    optional: dict[str, Any] = {k: v.strip() or None for k, v in vars(item).items()
                                if isinstance(v, str) and k != "text"}
    return replace(item, text=item.text.strip(), **optional)


def _merge_extension(p: _Parser, base: list[Step], ext: _Parser) -> list[Step]:
    by_number = {s.number: s for s in base}
    merged = dict(by_number)
    for d in ext.steps:
        step = by_number.get(d.number)
        if step is None:
            ext.error(d.line, f"step {d.number} is not in the lesson",
                      f"use one of the lesson's steps: {sorted(by_number)}")
            continue
        if d.title != f"Step {d.number}" and d.title != step.title:
            ext.warn(d.line, f"step {d.number} is titled '{step.title}' in the lesson",
                     "match the lesson's title or leave the title out")
        combined = replace(step, directives=[*step.directives, *d.directives])
        merged[d.number] = _apply_extras(ext, d, combined)
    return [merged[s.number] for s in base]


def parse_lesson(
    text: str,
    *,
    path: str = "<lesson>",
    name: str | None = None,
    extension_text: str | None = None,
    extension_path: str | None = None,
) -> Lesson:
    """Parse lesson text (and an optional extension). Raises LessonError listing every error."""
    p = _Parser(path, text)
    p.run()
    steps = [s for s in (_finish_step(p, d) for d in p.steps) if s is not None]
    diagnostics = p.diagnostics
    if p.title is None:
        p.error(1, "the lesson has no title", "start the file with '# Title'")
    if not p.steps:
        p.error(1, "the lesson has no steps", "add steps as '## Step 1: Title'")
    numbers = [d.number for d in p.steps]
    if numbers and numbers != sorted(numbers):
        p.warn(p.steps[0].line, "steps are not in increasing order",
               "number steps in the order they appear")
    if extension_text is not None:
        ext = _Parser(extension_path or "<extension>", extension_text, extension=True)
        ext.run()
        steps = _merge_extension(p, steps, ext)
        diagnostics = diagnostics + ext.diagnostics
    errors = [d for d in diagnostics if d.severity == "error"]
    if errors:
        raise LessonError(diagnostics)
    digest = hashlib.sha256(text.encode())
    if extension_text is not None:
        digest.update(b"\0" + extension_text.encode())
    return Lesson(
        title=p.title or "Untitled", name=name or Path(path).stem, content_hash=digest.hexdigest(),
        steps=steps, warnings=[d for d in diagnostics if d.severity == "warning"],
    )


def read_text(path: Path) -> str:
    """Read a UTF-8 file, turning OS and encoding errors into a clear InputError."""
    raw = read_user_file(path, not_a_folder="not a lesson file")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: not UTF-8 (byte {exc.start}); save the file as UTF-8") from None


def extension_path_for(path: Path) -> Path:
    """`lessons/x.md` -> `lessons/x.ext.md`."""
    return path.with_name(path.name.removesuffix(".md") + EXTENSION_SUFFIX)


def load_lesson_file(path: Path, *, name: str | None = None) -> Lesson:
    """Load a lesson file and its extension file beside it, if there is one."""
    text = read_text(path)
    ext_path = extension_path_for(path)
    ext_text = read_text(ext_path) if ext_path.is_file() else None
    lesson = parse_lesson(
        text, path=str(path), name=name or path.name.removesuffix(".md"),
        extension_text=ext_text, extension_path=str(ext_path) if ext_text is not None else None,
    )
    return replace(lesson, source=path,
                   extension_source=ext_path if ext_text is not None else None)
