"""Pilot tests: each lab opens at 80×24, is used with the keyboard alone, and closes."""

from __future__ import annotations

import contextlib
import random
import threading

from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Static
from textual.worker import WorkerCancelled

from tests.labs.host import UNSET, LabHost, seed_step
from tutor.labs.embeddings import WordSpace, shared_space
from tutor.labs.model import TextModel, load_model
from tutor.lesson import LabDirective
from tutor.tui.labs import lab_screen_for
from tutor.tui.labs.base import LabProblemScreen
from tutor.tui.labs.context_lab import ContextLab
from tutor.tui.labs.embeddings_lab import EmbeddingsLab
from tutor.tui.labs.temperature_lab import TemperatureLab, TemperatureSlider
from tutor.tui.labs.tokenizer_lab import TokenizerLab

SIZE = (80, 24)


def text_of(app: LabHost, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).content)


async def settle(app: LabHost, pilot: Pilot[None]) -> None:
    """Wait until every lab worker has finished and its message has been handled."""
    while any(not w.is_finished for w in app.workers):
        # A run replaced by a newer one ends cancelled; that is expected here.
        with contextlib.suppress(WorkerCancelled):
            await app.workers.wait_for_complete()
    await pilot.pause()


async def replace_input(pilot: Pilot[None], app: LabHost, selector: str, text: str) -> None:
    app.screen.query_one(selector, Input).focus()
    await pilot.press("ctrl+a", "ctrl+k")  # start of line, delete to the end
    await pilot.press(*text)
    await pilot.press("enter")


def test_each_seed_lab_gets_its_screen() -> None:
    kinds = {1: TokenizerLab, 2: EmbeddingsLab, 4: ContextLab, 5: TemperatureLab}
    for number, kind in kinds.items():
        step = seed_step(number)
        assert isinstance(lab_screen_for(step.labs[0], step), kind)


def test_an_unknown_lab_has_no_screen() -> None:
    step = seed_step(1)
    assert lab_screen_for(LabDirective(line=1, name="quantum"), step) is None


async def test_bad_lab_data_opens_a_screen_that_says_where() -> None:
    step = seed_step(3)  # no [lab.temperature] table here
    screen = lab_screen_for(LabDirective(line=12, name="temperature"), step)
    assert isinstance(screen, LabProblemScreen)
    app = LabHost(screen)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "Step 3, lab:temperature (line 12)" in screen.message
        assert "[lab.temperature]" in screen.message
        await pilot.press("escape")
        await pilot.pause()
    assert app.result is None


async def test_tokenizer_shows_loading_then_pieces_and_records_what_was_tried() -> None:
    release = threading.Event()

    def slow_model() -> TextModel:
        release.wait(timeout=30)
        return load_model()

    step = seed_step(1)
    app = LabHost(TokenizerLab(step.labs[0].params["text"], model=slow_model))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        # The lab is open and answering keys while the model is still loading.
        assert text_of(app, "#status") == "loading model…"
        assert app.screen.query_one("#text", Input).has_focus
        release.set()
        await settle(app, pilot)
        assert not app.screen.query_one("#status").display
        assert str(app.screen.query_one("#pieces", Static).content) == (
            "i ' m learning about token##ization"
        )
        assert text_of(app, "#counts") == "7 tokens · 4 words · 1.75 tokens a word"

        await replace_input(pilot, app, "#text", "unbelievably")
        await settle(app, pilot)
        assert str(app.screen.query_one("#pieces", Static).content) == "un##bel##ie##va##bly"
        await pilot.press("escape")
        await pilot.pause()
    assert app.result == "tokenized 'unbelievably' → 5 tokens (1 word)"


async def test_tokenizer_closed_at_once_records_the_prefilled_sentence() -> None:
    app = LabHost(TokenizerLab("I'm learning about tokenization"))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("escape")
        await pilot.pause()
    assert app.result == "tokenized \"I'm learning about tokenization\" → 7 tokens (4 words)"


async def test_embeddings_lab_neighbours_plot_and_analogy() -> None:
    release = threading.Event()

    def slow_space() -> WordSpace:
        release.wait(timeout=30)
        return shared_space()

    step = seed_step(2)
    words = step.labs[0].params["words"].split(",")
    app = LabHost(EmbeddingsLab(words, space=slow_space))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert text_of(app, "#status") == "loading model…"
        release.set()
        await settle(app, pilot)
        neighbours = text_of(app, "#neighbours")
        assert neighbours.splitlines()[0].startswith("king     monarch 0.73")
        plot = text_of(app, "#plot")
        assert all(f"{w}" in plot for w in words)
        assert plot.count("•") == len(words)
        assert "*sum" in plot or "sum*" in plot  # the word sum, on the same map
        analogy = text_of(app, "#analogy")
        assert "'queen' is the nearest of 357 words" in analogy
        assert "left out, as word2vec demos do" in analogy

        await replace_input(pilot, app, "#expression", "paris - france + germany = berlin")
        await settle(app, pilot)
        assert "Nearest word: 'berlin'" in text_of(app, "#analogy")

        await replace_input(pilot, app, "#expression", "paris france")
        await settle(app, pilot)
        assert "Put + or - between 'paris' and 'france'" in text_of(app, "#analogy")

        await replace_input(pilot, app, "#words", "car, truck, apple")
        await settle(app, pilot)
        assert text_of(app, "#neighbours").splitlines()[0].startswith("car   truck 0.68")
        await pilot.press("escape")
        await pilot.pause()
    assert app.result == (
        "paris − france + germany → nearest 'berlin', 'berlin' ranked #1; "
        "embedded car, truck, apple (nearest: car→truck; truck→car; apple→computer)"
    )


async def test_context_lab_converts_and_tabulates_the_windows() -> None:
    step = seed_step(4)
    screen = lab_screen_for(step.labs[0], step)
    assert screen is not None
    app = LabHost(screen)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        table = app.screen.query_one("#windows", DataTable)
        assert table.row_count == 5
        assert table.get_row_at(2) == ["100,000 tokens", "76,923", "256"]
        await replace_input(pilot, app, "#amount", "250 pages")
        await pilot.pause()
        assert text_of(app, "#result") == (
            "250 pages ≈ 97,500 tokens ≈ 75,000 words"
        )
        await replace_input(pilot, app, "#amount", "many")
        await pilot.pause()
        assert "Cannot read 'many'" in text_of(app, "#result")
        await pilot.press("escape")
        await pilot.pause()
    assert app.result == "250 pages ≈ 97,500 tokens ≈ 75,000 words"


async def test_temperature_slider_bars_and_seeded_samples() -> None:
    step = seed_step(5)
    screen = lab_screen_for(step.labs[0], step)
    assert isinstance(screen, TemperatureLab)
    screen.rng = random.Random(7)
    app = LabHost(screen)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        slider = app.screen.query_one(TemperatureSlider)
        assert slider.has_focus and slider.value == 1.0
        assert "82.0%" in text_of(app, "#bars")
        await pilot.press(*["left"] * 12)  # stops at 0
        await pilot.pause()
        assert slider.value == 0.0
        bars = text_of(app, "#bars").splitlines()
        assert bars[0].endswith("100.0%") and bars[1].endswith("  0.0%")
        await pilot.press("s")
        await pilot.pause()
        assert text_of(app, "#samples").count("The capital of France is Paris") == 5
        await pilot.press(*["right"] * 20)
        await pilot.pause()
        assert slider.value == 2.0
        await pilot.press("s")
        await pilot.press("escape")
        await pilot.pause()
    assert app.result == (
        "T=0.0 sampled: Paris, Paris, Paris, Paris, Paris; "
        "T=2.0 sampled: Paris, Paris, a, Paris, Paris"
    )


async def test_closing_without_doing_anything_records_nothing() -> None:
    step = seed_step(5)
    screen = lab_screen_for(step.labs[0], step)
    assert screen is not None
    app = LabHost(screen)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.result == UNSET
        await pilot.press("escape")
        await pilot.pause()
    assert app.result is None


async def test_a_model_that_cannot_load_is_reported_not_raised() -> None:
    def broken_model() -> TextModel:
        raise OSError("model.onnx is missing")

    app = LabHost(TokenizerLab("hello", model=broken_model))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert text_of(app, "#status") == "The tokenizer could not run: model.onnx is missing"
        await pilot.press("escape")
        await pilot.pause()
    assert app.result is None


async def test_a_long_session_keeps_the_summary_short() -> None:
    step = seed_step(4)
    screen = lab_screen_for(step.labs[0], step)
    assert screen is not None
    app = LabHost(screen)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        for pages in range(1, 10):
            await replace_input(pilot, app, "#amount", f"{pages} pages")
        await pilot.press("escape")
        await pilot.pause()
    assert app.result is not None
    assert app.result.startswith("3 earlier tries; 4 pages ≈ 1,560 tokens")
    assert app.result.endswith("9 pages ≈ 3,510 tokens ≈ 2,700 words")


async def open_and_close(number: int, keys: list[str]) -> str | None:
    step = seed_step(number)
    screen = lab_screen_for(step.labs[0], step)
    assert screen is not None
    app = LabHost(screen)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press(*keys, "escape")
        await pilot.pause()
    return app.result


async def test_what_was_on_screen_is_recorded_when_the_learner_only_looked() -> None:
    assert await open_and_close(2, []) == (
        "embedded king, queen, man, woman, prince, princess, apple, banana, car, truck "
        "(nearest: king→monarch; queen→monarch; man→lord; woman→lady; prince→princess; "
        "princess→prince; apple→computer; banana→fruit; car→truck; truck→car); "
        "king − man + woman → nearest 'queen', 'queen' ranked #1"
    )
    assert await open_and_close(4, []) == "looked at the table of window sizes in words and pages"
    assert await open_and_close(5, ["left"] * 5) == "set the temperature to T=0.5"


async def test_typing_fast_shows_the_tokens_of_the_latest_text() -> None:
    app = LabHost(TokenizerLab(""))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press(*"Transformers attend")
        await settle(app, pilot)
        assert str(app.screen.query_one("#pieces", Static).content) == "transformers attend"
        assert text_of(app, "#counts") == "2 tokens · 2 words · 1.00 tokens a word"
        await pilot.press("escape")
        await pilot.pause()
    assert app.result == "tokenized 'Transformers attend' → 2 tokens (2 words)"


def test_token_lines_break_between_tokens_never_inside_one() -> None:
    from tutor.labs.tokenizer import Tokenized
    from tutor.tui.labs.tokenizer_lab import render_pieces

    pieces = ["a", "word", "anti", "##dis", "##est", "##ab", "##lish", "##ment", "##arian",
              "##ism", "ends", "here"]
    result = Tokenized(text="…", pieces=pieces, words=5)
    whole = {p[2:] if p.startswith("##") else p for p in pieces}
    for width in (10, 14, 23, 40):
        lines = render_pieces(result, width).plain.split("\n")
        assert all(len(line) <= width for line in lines), (width, lines)
        for line in lines:
            # Each line is whole tokens: a space between words, ## before a continuation.
            for word in line.split(" "):
                for part in filter(None, word.split("##")):
                    assert part in whole, (width, line, part)
        # Nothing lost or added: only line breaks where a space or nothing was.
        assert "".join(lines).replace(" ", "") == render_pieces(result).plain.replace(" ", "")


async def test_each_seed_lab_frame_is_as_tall_as_what_it_shows() -> None:
    for number in (1, 2, 4, 5):
        step = seed_step(number)
        screen = lab_screen_for(step.labs[0], step)
        assert screen is not None
        if isinstance(screen, TemperatureLab):
            screen.rng = random.Random(7)
        app = LabHost(screen)
        async with app.run_test(size=SIZE) as pilot:
            await settle(app, pilot)
            frame = app.screen.query_one("#lab-frame")
            shown = sum(child.outer_size.height + child.styles.margin.top
                        + child.styles.margin.bottom for child in frame.children if child.display)
            assert frame.outer_size.height <= min(shown + 2, SIZE[1] - 1), (
                f"step {number}: a frame of {frame.outer_size.height} rows for "
                f"{shown} rows of lab")


async def test_the_tokenizer_lab_never_wraps_inside_a_token_on_screen() -> None:
    long_word = "pneumonoultramicroscopicsilicovolcanoconiosisantidisestablishmentarianism"
    app = LabHost(TokenizerLab(f"a {long_word} word"))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, TokenizerLab) and screen.shown is not None
        whole = {p[2:] if p.startswith("##") else p for p in screen.shown.pieces}
        pieces = screen.query_one("#pieces", Static)
        lines = [pieces.render_line(y).text.rstrip() for y in range(pieces.size.height)]
        assert len(lines) >= 2  # the word is wider than the lab: it had to go on a line
        for line in lines:
            for word in line.split():
                for part in filter(None, word.split("##")):
                    assert part in whole, f"{part!r} is a broken token in {lines}"
