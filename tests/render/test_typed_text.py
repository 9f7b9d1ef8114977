"""Text being typed is shown whole: wrapped at spaces, within the width, nothing lost."""

from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len

from aieng_cli.render.text import visible_rows, wrap_words

TEXT = st.text(st.characters(whitelist_categories=("L", "N", "P", "Zs"), max_codepoint=0x9FFF), max_size=400)


@settings(max_examples=300, deadline=None)
@given(TEXT, st.integers(min_value=12, max_value=120))
def test_wrapped_text_fits_and_keeps_every_character(text, width):
    lines = wrap_words(text, width, "> ", "  ")
    assert all(cell_len(line) <= width for line in lines)
    assert lines[0].startswith("> ") and all(line.startswith("  ") for line in lines[1:])
    rebuilt = lines[0][2:] + "".join(line[2:] for line in lines[1:])
    assert rebuilt.replace(" ", "") == text.replace(" ", "")


def test_words_are_not_broken_when_they_fit():
    text = "Training adjusts the weights using gradient descent on large datasets"
    lines = wrap_words(text, 30, "Your answer: ")
    assert [word for line in lines for word in line.split()] == ["Your", "answer:", *text.split()]


def test_only_the_rows_that_fit_are_redrawn():
    rows = [f"row {n}" for n in range(100)]
    shown = visible_rows(rows, 10)
    assert len(shown) == 10 and shown[0] == "… 91 more line(s) above" and shown[-1] == "row 99"
    assert visible_rows(rows[:5], 10) == rows[:5]
