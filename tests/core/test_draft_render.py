"""A drafted script renders to a sidecar that the lesson parser reads back word for word."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from tutor.authoring.schema import DraftStep
from tutor.authoring.sidecar import Drafted, problems_with, render_sidecar
from tutor.lesson import parse_lesson

LESSON = """# Kites

## Step 1: Lift

Wind pushes on a kite.

**Task:** Fly one.

**Question:** What holds a kite up?

**Checkpoint:** The learner should understand that moving air pushes on the tilted kite.
"""

# Printable text of every script, with the characters TOML and Markdown treat specially.
_piece = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=12) \
    | st.sampled_from(['"', "\\", "'''", '"""', "\n", "\t", "<!--", "#", "[[x]]", "=", "é"])
_text = st.lists(_piece, min_size=1, max_size=6).map("".join).filter(
    lambda s: "```" not in s and s.strip() == s and len(s) >= 3)


def _script(texts: list[str]) -> DraftStep:
    a, b, c, d, e, f, g, h = texts
    return DraftStep.model_validate({
        "expectations": [{"text": a, "pump": b, "hint": c, "prompt": d, "expect": "x",
                          "assertion": e}],
        "misconceptions": [{"text": f, "hint": g, "correction": h}],
        "card": {"title": "Lift", "body": f"{h} and some more words for a body"},
    })


@settings(max_examples=60, deadline=None)
@given(st.lists(_text, min_size=8, max_size=8))
def test_round_trip(texts: list[str]) -> None:
    script = _script(texts)
    lesson = parse_lesson(LESSON, path="kites.md")
    sidecar = render_sidecar(lesson, [Drafted(step=lesson.steps[0], script=script)],
                             model="m", lesson_file="kites.md")
    back = parse_lesson(LESSON, path="kites.md", extension_text=sidecar,
                        extension_path="kites.ext.md").steps[0]
    wanted = script.expectations[0]
    assert back.expectations == [wanted.text]
    got = back.scripts[0]
    assert (got.pump, got.hint, got.prompt, got.expect, got.assertion) == (
        wanted.pump, wanted.hint, wanted.prompt, wanted.expect, wanted.assertion)
    m = back.misconceptions[0]
    assert (m.text, m.hint, m.correction) == (texts[5], texts[6], texts[7])
    assert back.cards[0].body == script.card.body.strip()


def test_a_clean_script_has_no_problems_and_a_leaky_card_is_named() -> None:
    lesson = parse_lesson(LESSON, path="kites.md")
    clean = _script(["Air pushes.", "What moves?", "What do you feel?", "Air ___.", "It.",
                     "Kites float.", "Do they?", "They are pushed."])
    text = render_sidecar(lesson, [Drafted(step=lesson.steps[0], script=clean)],
                          model="m", lesson_file="kites.md")
    assert problems_with(LESSON, "kites.md", text, "kites.ext.md") == []
    leaky = clean.model_copy(update={"card": clean.card.model_copy(update={
        "body": "Moving air pushes on the tilted kite, and so it flies."})})
    text = render_sidecar(lesson, [Drafted(step=lesson.steps[0], script=leaky)],
                          model="m", lesson_file="kites.md")
    [problem] = problems_with(LESSON, "kites.md", text, "kites.ext.md")
    assert "card 'Lift' repeats the Checkpoint's words" in problem


def test_what_the_model_says_is_enough_is_written_as_needs_and_read_back() -> None:
    lesson = parse_lesson(LESSON, path="kites.md")
    two = DraftStep.model_validate({
        "expectations": [{"text": t, "pump": "Why?", "hint": "How?", "prompt": "A ___?",
                          "expect": "b", "assertion": t} for t in ("Air pushes.", "It tilts.")],
        "misconceptions": [{"text": "Kites float.", "hint": "Do they?", "correction": "No."}],
        "card": {"title": "Lift", "body": "Some words about kites and the wind for a body."},
    })
    for needs, groups in (("all", []), ("any", [[0], [1]]), ([2, 9], [[1]]), ([1, 2], [])):
        script = two.model_copy(update={"needs": needs})
        text = render_sidecar(lesson, [Drafted(step=lesson.steps[0], script=script)],
                              model="m", lesson_file="kites.md")
        back = parse_lesson(LESSON, path="kites.md", extension_text=text,
                            extension_path="kites.ext.md").steps[0]
        assert back.needs == groups, (needs, text)
