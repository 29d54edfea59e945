"""The lesson parser: the seed loads unchanged, errors name file, line and fix."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import REPO, SEED
from tutor.lesson import (
    ButtonsDirective,
    CardDirective,
    CelebrateDirective,
    DiagramDirective,
    ExpectationScript,
    LessonError,
    Misconception,
    load_lesson,
    load_lesson_file,
    parse_lesson,
)

SEED_TEXT = SEED.read_text(encoding="utf-8")


def test_bundled_seed_is_byte_for_byte_the_shared_seed() -> None:
    shared = REPO.parent / "shared" / "seed" / "how-llms-work.md"
    if not shared.exists():
        pytest.skip("the shared seed is not beside this checkout")
    assert SEED.read_bytes() == shared.read_bytes()


def test_seed_parses_into_seven_steps_with_their_fields() -> None:
    lesson = parse_lesson(SEED_TEXT, path="seed.md")
    assert lesson.title == "How LLMs Work — Walkthrough"
    assert [s.number for s in lesson.steps] == [1, 2, 3, 4, 5, 6, 7]
    assert lesson.warnings == []
    step1 = lesson.steps[0]
    assert step1.title == "Tokenization — Breaking Text into Pieces"
    assert step1.slug == "tokenization-breaking-text-into-pieces"
    assert step1.explanation.startswith("Before an LLM can process your text")
    assert step1.task.startswith("Go to the OpenAI Tokenizer")
    assert step1.question.startswith("Why do you think LLMs use subword tokens")
    assert step1.checkpoint.endswith('no word is ever "unknown."')
    assert "**" not in step1.checkpoint
    assert lesson.content_hash == hashlib.sha256(SEED_TEXT.encode()).hexdigest()


def test_seed_directives_are_parsed_with_attributes() -> None:
    lesson = parse_lesson(SEED_TEXT, path="seed.md")
    card = lesson.steps[1].directives[0]
    assert card == CardDirective(line=17, type="concept", title="Embeddings")
    kinds = [type(d) for d in lesson.steps[2].directives]
    assert kinds == [CardDirective, DiagramDirective]
    diagram = lesson.steps[2].diagrams[0]
    assert (diagram.mermaid_type, diagram.topic) == ("flowchart", "transformer architecture")
    buttons = lesson.steps[6].buttons
    assert isinstance(buttons, ButtonsDirective)
    assert buttons.options == ["Classify tickets", "Technical architecture", "Short translation"]
    assert buttons.prompt == "Which task needs a large model?"
    assert isinstance(lesson.steps[6].directives[1], CelebrateDirective)
    assert lesson.steps[6].celebrates and not lesson.steps[5].celebrates


def test_bundled_lesson_merges_its_extension() -> None:
    lesson = load_lesson("how-llms-work")
    assert lesson.extension_source is not None
    step3 = lesson.step(3)
    assert step3 is not None and step3.diagrams[0].source is not None
    assert step3.diagrams[0].source.startswith("flowchart")
    assert step3.cards[0].body and "Attention" in step3.cards[0].body
    step7 = lesson.step("Choosing the Right Model")
    assert step7 is not None and step7.buttons is not None
    assert step7.buttons.expected == "Technical architecture"
    assert [lab.name for lab in lesson.steps[0].labs] == ["tokenizer"]


def test_step_lookup_by_number_title_and_slug() -> None:
    lesson = parse_lesson(SEED_TEXT)
    assert lesson.step(4) is lesson.step("4") is lesson.step("context windows — memory limits")
    assert lesson.step("why-llms-hallucinate") is lesson.steps[5]
    assert lesson.step(99) is None and lesson.step("nope") is None


def _errors(text: str) -> list[str]:
    with pytest.raises(LessonError) as info:
        parse_lesson(text, path="broken.md")
    return [str(d) for d in info.value.diagnostics if d.severity == "error"]


def test_removed_checkpoint_is_an_error_naming_the_step_line() -> None:
    text = SEED_TEXT.replace(
        "**Checkpoint:** The learner should understand that embeddings", "The learner, embeddings"
    )
    errors = _errors(text)
    assert errors == [
        "broken.md:15: error: step 2 has no **Checkpoint:**. Fix: add a paragraph that starts "
        "with **Checkpoint:** saying what the learner should understand"
    ]


def test_missing_question_is_an_error() -> None:
    text = SEED_TEXT.replace("**Question:** Why is attention", "Why is attention")
    assert any("step 3 has no **Question:**" in e and ":29:" in e for e in _errors(text))


def test_unclosed_directive_is_an_error_at_its_line() -> None:
    text = SEED_TEXT.replace('title="Attention" -->', 'title="Attention"')
    errors = _errors(text)
    assert errors == [
        "broken.md:31: error: unclosed directive: '<!--' has no '-->'. "
        "Fix: end the directive on the same line with '-->'"
    ]


def test_an_unclosed_comment_that_swallows_the_rest_is_listed_before_what_it_caused() -> None:
    # Step 7's last directive loses its '-->': Markdown reads the rest of the file as the
    # comment, so step 7 has no Task, Question or Checkpoint. The cause comes first.
    text = SEED_TEXT.replace("<!-- hint:celebrate -->", "<!-- hint:celebrate")
    line = next(n for n, row in enumerate(text.splitlines(), 1) if "hint:celebrate" in row)
    last = len(text.rstrip("\n").splitlines())
    errors = _errors(text)
    assert errors[0] == (
        f"broken.md:{line}: error: unclosed directive: '<!--' has no '-->', so lines "
        f"{line}-{last} are read as a comment and the steps and labels in them are missing. "
        "Fix: end the directive on the same line with '-->'")
    assert len(errors) == 3 and all("step 7 has no" in e for e in errors[1:])


def test_an_unclosed_comment_that_hides_nothing_keeps_its_place_by_line() -> None:
    # The next directive's '-->' ends it, so it causes nothing after it: line order holds.
    text = SEED_TEXT.replace('title="Attention" -->', 'title="Attention"').replace(
        "**Checkpoint:** The learner should understand that embeddings", "x")
    errors = _errors(text)
    assert [e.split(": error")[0] for e in errors] == ["broken.md:15", "broken.md:31"]


def test_duplicate_step_number_names_both_lines() -> None:
    text = SEED_TEXT.replace("## Step 4: Context Windows", "## Step 3: Context Windows")
    errors = _errors(text)
    assert any("duplicate step number 3 (first at line 29)" in e for e in errors)


def test_buttons_need_two_options() -> None:
    text = SEED_TEXT.replace(
        'options="Classify tickets,Technical architecture,Short translation"',
        'options="Classify tickets"',
    )
    errors = _errors(text)
    assert any(":82: error: hint:buttons has 1 option(s)" in e for e in errors)


def test_malformed_directive_is_an_error_and_unknown_one_a_warning() -> None:
    text = SEED_TEXT.replace('<!-- hint:celebrate -->', '<!-- hint:celebrate loud -->')
    assert any("malformed directive 'hint:celebrate'" in e for e in _errors(text))
    lesson = parse_lesson(SEED_TEXT.replace("<!-- hint:celebrate -->", "<!-- hint:quiz -->"))
    assert [w.line for w in lesson.warnings] == [83]
    assert "unknown directive 'hint:quiz'" in lesson.warnings[0].message


def test_every_error_is_reported_at_once() -> None:
    text = SEED_TEXT.replace("**Checkpoint:** The learner should understand that attention", "x")
    text = text.replace("**Question:** If temperature 0", "If temperature 0")
    assert len(_errors(text)) == 2


def test_inline_extensions_in_the_lesson_file() -> None:
    text = """# T

## Step 1: One

<!-- hint:buttons prompt="Pick" options="A,B" -->
<!-- hint:card title="C" -->

Some words.

```tutor
expectations = ["idea one", "idea two"]
misconceptions = ["wrong idea", { text = "other", hint = "Why?" }]
card = "Card body"
answer = "B"
```

```mermaid
flowchart LR
  A --> B
```

**Task:** Do.

**Question:** Why?

**Checkpoint:** Because.
"""
    step = parse_lesson(text).steps[0]
    assert step.expectations == ["idea one", "idea two"]
    assert [m.text for m in step.misconceptions] == ["wrong idea", "other"]
    assert step.misconceptions[1].hint == "Why?"
    assert step.cards[0].body == "Card body"
    assert step.buttons is not None and step.buttons.expected == "B"
    assert step.diagrams[0].source == "flowchart LR\n  A --> B"
    assert "```" not in step.explanation and step.explanation == "Some words."


def test_bad_extension_toml_is_an_error() -> None:
    text = SEED_TEXT.replace(
        "## Step 6: Why LLMs Hallucinate\n",
        "## Step 6: Why LLMs Hallucinate\n\n```tutor\nexpectatons = [1]\n```\n",
    )
    errors = _errors(text)
    assert any("```tutor block: 'expectatons'" in e for e in errors)


@pytest.mark.parametrize(("toml", "problem"), [
    ('expectations = "one idea"', "'expectations' should be a list, not a string"),
    ("expectations = [1]", "'expectations.0' should be a string, not a number"),
    ('misconceptions = [{ hint = "Why?" }]', "'misconceptions.0.text' is missing"),
    ('misconceptions = [{ text = "t", why = "w" }]', "'misconceptions.0.why' is not a known key"),
    ("misconceptions = [true]", "'misconceptions.0' should be a string, not a boolean"),
    ("card = 3", "'card' should be a string, not a number"),
    ('answer = ["A"]', "'answer' should be a string, not a list"),
    ('lab = "tokenizer"', "'lab' should be a table, not a string"),
    ("[lab]\ntokenizer = 1", "'lab.tokenizer' should be a table, not a number"),
])
def test_each_bad_value_in_a_tutor_block_is_named(toml: str, problem: str) -> None:
    text = SEED_TEXT.replace(
        "## Step 6: Why LLMs Hallucinate\n",
        f"## Step 6: Why LLMs Hallucinate\n\n```tutor\n{toml}\n```\n",
    )
    errors = _errors(text)
    assert [e for e in errors if "```tutor block" in e] == [
        next(e for e in errors if problem in e)], errors


def test_extension_file_errors_name_the_extension_file(tmp_path: Path) -> None:
    (tmp_path / "l.md").write_text(SEED_TEXT, encoding="utf-8")
    (tmp_path / "l.ext.md").write_text("## Step 9\n\n<!-- lab:tokenizer -->\n", encoding="utf-8")
    with pytest.raises(LessonError) as info:
        load_lesson_file(tmp_path / "l.md")
    assert str(info.value.diagnostics[0]).startswith(f"{tmp_path / 'l.ext.md'}:1: error: step 9")


_text = st.text(
    alphabet=st.characters(
        blacklist_categories=("Cs",),
        blacklist_characters="\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029",
    ),
    max_size=200,
)


@settings(max_examples=150, deadline=None)
@given(st.lists(_text, max_size=12))
def test_any_text_parses_or_raises_a_lesson_error(chunks: list[str]) -> None:
    text = "\n\n".join(chunks)
    try:
        lesson = parse_lesson(text)
    except LessonError as exc:
        assert exc.diagnostics and all(d.line >= 1 for d in exc.diagnostics)
    else:
        assert lesson.steps


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.text(alphabet="abcdefghij klmnop,.", min_size=1, max_size=40).filter(str.strip),
            st.text(alphabet="abcdefghij klmnop,.?", min_size=1, max_size=60).filter(str.strip),
            st.text(alphabet="abcdefghij klmnop,.", min_size=1, max_size=60).filter(str.strip),
        ),
        min_size=1,
        max_size=6,
    )
)
def test_generated_lessons_round_trip(steps: list[tuple[str, str, str]]) -> None:
    parts = ["# Generated"]
    for n, (title, question, checkpoint) in enumerate(steps, start=1):
        parts += [f"## Step {n}: {title}", "Explain.", "**Task:** Try.",
                  f"**Question:** {question}", f"**Checkpoint:** {checkpoint}", "---"]
    lesson = parse_lesson("\n\n".join(parts))
    assert [s.number for s in lesson.steps] == list(range(1, len(steps) + 1))
    for step, (title, question, checkpoint) in zip(lesson.steps, steps, strict=True):
        assert step.title == title.strip()
        assert step.question == question.strip()
        assert step.checkpoint == checkpoint.strip()


# --- expectation scripts (SCRIPT_FORMAT.md) ---------------------------------------------

_SCRIPTED = """# T

## Step 1: One

Words.

```tutor
expectations = ["plain idea"]

[[expectations]]
text = "Rare words are split into pieces."
pump = "What happens to a word the tokenizer has seen many times?"
hint = "Think about a long, unusual word. Does it get one token?"
prompt = "A rare word is broken into smaller ___?"
expect = "pieces"
assertion = "Rare words are split into smaller pieces."

[[misconceptions]]
text = "Every word gets one token."
hint = "What would the tokenizer do with a word it has never seen?"
correction = "Only common words get one token."
```

**Task:** Do.

**Question:** Why?

**Checkpoint:** Because.
"""


def test_scripts_are_read_and_aligned_with_the_expectations() -> None:
    # TOML forbids mixing `expectations = [...]` with `[[expectations]]` in one block, so
    # the plain string and the table come from two blocks of the same step.
    text = _SCRIPTED.replace('expectations = ["plain idea"]\n',
                             'misconceptions = ["plain wrong"]\n```\n\n```tutor\n'
                             'expectations = ["plain idea"]\n```\n\n```tutor\n')
    step = parse_lesson(text).steps[0]
    assert step.expectations == ["plain idea", "Rare words are split into pieces."]
    assert [s.text for s in step.scripts] == step.expectations
    plain, scripted = step.scripts
    assert (plain.pump, plain.hint, plain.prompt, plain.expect, plain.assertion) == (None,) * 5
    assert scripted == ExpectationScript(
        text="Rare words are split into pieces.",
        pump="What happens to a word the tokenizer has seen many times?",
        hint="Think about a long, unusual word. Does it get one token?",
        prompt="A rare word is broken into smaller ___?", expect="pieces",
        assertion="Rare words are split into smaller pieces.")
    assert scripted.question("hint") == scripted.hint and scripted.question("assertion") is None
    assert step.misconceptions == [
        Misconception(text="plain wrong"),
        Misconception(text="Every word gets one token.",
                      hint="What would the tokenizer do with a word it has never seen?",
                      correction="Only common words get one token.")]


def test_the_seed_steps_have_a_script_for_every_expectation() -> None:
    lesson = load_lesson_file(REPO / "lessons" / "how-llms-work.md")
    for step in lesson.steps:
        assert [s.text for s in step.scripts] == step.expectations
        for script in step.scripts:
            assert script.pump and script.hint and script.prompt and script.expect, script
            assert script.assertion, script
        for wrong in step.misconceptions:
            assert wrong.hint and wrong.correction, wrong


@pytest.mark.parametrize(("toml", "problem"), [
    ('[[expectations]]\npump = "Why?"', "'expectations.0.text' is missing"),
    ('[[expectations]]\ntext = "t"\nquestion = "q"', "'expectations.0.question' is not a known"),
    ('[[expectations]]\ntext = "t"\nhint = 2', "'expectations.0.hint' should be a string, not a"),
    ('[[misconceptions]]\ntext = "t"\nfix = "f"', "'misconceptions.0.fix' is not a known key"),
    ('[[misconceptions]]\ntext = "t"\ncorrection = []',
     "'misconceptions.0.correction' should be a string, not a list"),
])
def test_each_bad_script_key_is_named(toml: str, problem: str) -> None:
    text = SEED_TEXT.replace(
        "## Step 6: Why LLMs Hallucinate\n",
        f"## Step 6: Why LLMs Hallucinate\n\n```tutor\n{toml}\n```\n",
    )
    errors = _errors(text)
    assert [e for e in errors if "```tutor block" in e] == [
        next(e for e in errors if problem in e)], errors


_script_text = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=40)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.fixed_dictionaries(
    {"text": _script_text.filter(str.strip)},
    optional={k: _script_text for k in ("pump", "hint", "prompt", "expect", "assertion")}),
    min_size=1, max_size=4))
def test_generated_scripts_round_trip(scripts: list[dict[str, str]]) -> None:
    blocks = []
    for script in scripts:
        blocks.append("[[expectations]]")
        blocks += [f"{key} = {json.dumps(value, ensure_ascii=False)}"
                   for key, value in script.items()]
    text = _SCRIPTED.split("```tutor")[0] + "```tutor\n" + "\n".join(blocks) + "\n```\n\n" + (
        "**Task:** Do.\n\n**Question:** Why?\n\n**Checkpoint:** Because.\n")
    step = parse_lesson(text).steps[0]
    assert step.expectations == [s["text"].strip() for s in scripts]
    for parsed, script in zip(step.scripts, scripts, strict=True):
        for key in ("pump", "hint", "prompt", "expect", "assertion"):
            assert getattr(parsed, key) == (script.get(key, "").strip() or None)


def test_a_bad_script_key_is_reported_at_its_own_line_with_a_fix_for_it() -> None:
    # Seen writing a lesson: every problem pointed at the block's fence, and a number where
    # a string belongs was told "Fix: allowed keys: expectations, …".
    block = ('```tutor\nanswer = "x"\ncolour = "green"\n\n[[expectations]]\ntext = "t"\n'
             'pump = 3\n\n[[expectations]]\nhint = "h"\n```\n')
    text = SEED_TEXT.replace("## Step 6: Why LLMs Hallucinate\n",
                             f"## Step 6: Why LLMs Hallucinate\n\n{block}")
    fence = text.splitlines().index("```tutor") + 1
    with pytest.raises(LessonError) as caught:
        parse_lesson(text, path="x.md")
    found = {d.message.split("'")[1]: d for d in caught.value.diagnostics}
    assert found["colour"].line == fence + 2
    assert "allowed keys" in found["colour"].fix
    assert found["expectations.0.pump"].line == fence + 6
    assert found["expectations.0.pump"].fix == 'write it in quotes: pump = "…"'
    assert found["expectations.1.text"].line == fence + 8  # its table's header
    assert found["expectations.1.text"].fix == 'add text = "…"'


def _with_needs(needs: str, count: int = 3) -> str:
    ideas = ", ".join(f'"idea {i + 1}"' for i in range(count))
    return ("# T\n\n## Step 1: One\n\nWords.\n\n```tutor\n"
            f"needs = {needs}\nexpectations = [{ideas}]\n```\n\n"
            "**Task:** Do.\n\n**Question:** Why?\n\n**Checkpoint:** Because.\n")


@pytest.mark.parametrize(("needs", "groups"), [
    ('"all"', []),
    ("[1, 2, 3]", []),
    ('"any"', [[0], [1], [2]]),
    ("[1, 3]", [[0, 2]]),
    ("[[1, 2], [3]]", [[0, 1], [2]]),
    ("[[2, 2]]", [[1]]),
])
def test_needs_says_what_is_enough_to_advance(needs: str, groups: list[list[int]]) -> None:
    assert parse_lesson(_with_needs(needs)).steps[0].needs == groups


@pytest.mark.parametrize(("needs", "problem"), [
    ('"some"', "'needs' should be \"all\", \"any\""),
    ("[]", "'needs' should be"),
    ("[1, [2]]", "'needs' should be"),
    ("[true]", "'needs' should be"),
    ("[1, 4]", "step 1: needs names expectation 4, but the step has 3 expectation(s)"),
    ("[[0]]", "step 1: needs names expectation 0"),
])
def test_a_bad_needs_is_an_error_that_says_what_is_wrong(needs: str, problem: str) -> None:
    errors = _errors(_with_needs(needs))
    assert any(problem in e for e in errors), errors


def test_needs_without_expectations_is_an_error() -> None:
    text = _with_needs('"any"').replace('expectations = ["idea 1", "idea 2", "idea 3"]\n', "")
    assert any("needs is given but the step has no expectations" in e for e in _errors(text))


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(st.integers(-2, 6), min_size=1, max_size=4), min_size=1, max_size=4))
def test_any_needs_parses_into_groups_in_range_or_is_an_error(groups: list[list[int]]) -> None:
    try:
        step = parse_lesson(_with_needs(json.dumps(groups))).steps[0]
    except LessonError as exc:
        assert "needs names expectation" in str(exc)
        assert any(not 1 <= n <= 3 for g in groups for n in g)
        return
    assert all(1 <= n <= 3 for g in groups for n in g)
    assert all(0 <= i < 3 for g in step.needs for i in g)


def test_the_seed_says_what_is_enough_for_each_step() -> None:
    lesson = load_lesson_file(REPO / "lessons" / "how-llms-work.md")
    assert [s.needs for s in lesson.steps] == [
        [[0], [1], [2]], [[0], [1], [2]], [[0, 1]], [[0]], [[0, 1]], [[0, 1]], [[0, 1], [2]]]
