"""Every view fits the terminal: rendered at 45, 80 and 200 columns, no line is wider than the
terminal and no word is broken across lines (words longer than a line, URLs, may fold)."""

import io
from datetime import UTC, datetime, timedelta

import pytest
from rich.console import Console

from aieng_cli.core.actions import CardAction, Flags
from aieng_cli.core.card_list import card_rows, history_steps
from aieng_cli.core.progress import Progress
from aieng_cli.core.quiz import Session
from aieng_cli.core.quiz_types import Idle, QuizOptions, SessionSummary
from aieng_cli.core.schedule import Reviewer
from aieng_cli.core.stats import chart_data, overview, progress_report
from aieng_cli.render import Screen
from aieng_cli.render.cards import show_card, show_card_rows
from aieng_cli.render.pages import show_question, show_term
from aieng_cli.render.progress import show_progress
from aieng_cli.render.quiz import QuizScreen
from aieng_cli.store.knowledge_files import load_knowledge

NOW = datetime(2026, 3, 20, 9, tzinfo=UTC)
WIDTHS = (45, 80, 200)


@pytest.fixture(scope="module")
def kb():
    kb, problems = load_knowledge()
    assert not problems
    return kb


@pytest.fixture(scope="module")
def progress(kb):
    """Six weeks of study, so every figure and chart has something to show."""
    progress = Progress()
    for day in range(42):
        moment = NOW - timedelta(days=42 - day)
        session = Session(kb, progress, Reviewer(progress.settings), UTC, QuizOptions(new_per_day=8), moment)
        while (card := session.next_card(moment)) is not None and len(session.done) < 30:
            session.answer(card, (1, 3, 3, 4)[len(session.done) % 4], moment)
            moment += timedelta(minutes=3)
    return progress


def screen_of(width: int) -> tuple[Screen, io.StringIO]:
    screen = Screen()
    buffer = io.StringIO()
    options = {"markup": False, "emoji": False, "highlight": False, "no_color": True}
    screen.out = Console(file=buffer, width=width, force_terminal=True, color_system=None, **options)
    return screen, buffer


def quiz_views(kb, progress, screen: Screen) -> None:
    view = QuizScreen(screen, UTC)
    session = Session(kb, progress, Reviewer(progress.settings), UTC, QuizOptions(cram=True), NOW)
    term_card = next(c for c in session.queue if c.kind == "recall")
    question = next(iter(kb.questions.values()))
    from aieng_cli.core.cards import StudyCard

    question_card = StudyCard(f"question:{question.id}", "question", question.id, question.topic, question.type)
    for card in (term_card, question_card):
        face = session.face(card)
        view.prompt(face, (7, 20, 2), Flags(marked=True))
        covered = [True, False] * len(question.key_points) if card.kind == "question" else None
        view.reveal(face, covered[: len(question.key_points)] if covered else None)
        view.ratings(session.preview(card, NOW), 3, "3 of 5 key points")
    view.graded(False, 2, "Retrieval-augmented generation")
    view.help()
    view.idle(Idle(NOW + timedelta(days=2), True, 10, 3, 4, 200), NOW)
    view.history(term_card.id, list(progress.reviews)[:5], Flags(suspended=True, marked=True))
    view.acted(CardAction(term_card.id, NOW, "suspend"))
    missed = [f"{kb.terms[c.entry_id].term}: {kb.terms[c.entry_id].short}" for c in session.queue[:3]]
    view.summary(SessionSummary(12, 9, 8, 4, []), 754, NOW + timedelta(hours=3), NOW, missed)


def progress_views(kb, progress, screen: Screen) -> None:
    view = overview(kb.cards_by_topic(), progress, NOW, UTC)
    charts = chart_data(view)
    assert any(share is not None for share in charts.retention.values())  # the bars are drawn
    show_progress(screen, progress_report(view), charts)


def card_views(kb, progress, screen: Screen) -> None:
    rows = [row for row in card_rows(kb, progress, UTC) if row.state is not None][:8]
    show_card_rows(screen, rows, NOW, UTC)
    show_card(screen, rows[0], history_steps(progress, rows[0].card.id), NOW, UTC)


def page_views(kb, progress, screen: Screen) -> None:
    show_term(screen, kb.page("rag"))
    question = next(iter(kb.questions.values()))
    show_question(screen, question, tuple((r, kb.terms[r].term) for r in question.related if r in kb.terms))


def interview_views(kb, progress, screen: Screen) -> None:
    from aieng_cli.core.interview import Asked, InterviewOptions, choose_questions, interview_record, score_answer
    from aieng_cli.render.interview import InterviewScreen

    view = InterviewScreen(screen, UTC)
    plan = choose_questions(kb, progress, [], InterviewOptions(questions=2, seed=4))
    asked = []
    for planned in plan:
        view.question(planned, 1, 2)
        answer = score_answer(planned.question.answer[:200], planned.question.key_points, 200)
        view.scored(answer, 180)
        asked.append(Asked(planned, answer))
    record = interview_record(NOW, 4, asked)
    view.report(record, plan, [("rag", "Retrieval-augmented generation")], 3)
    view.history([record], {topic["id"]: [0.4, 0.7] for topic in record.topics})


VIEWS = {
    "quiz": quiz_views,
    "progress": progress_views,
    "cards": card_views,
    "pages": page_views,
    "interview": interview_views,
}


def words_kept(narrow: list[str], wide: list[str], width: int) -> list[str]:
    """The narrow rendering's words that are not words of the wide one: a word broken across lines
    (only a word longer than a line, a URL, may fold; its pieces are then parts of it)."""
    whole = set(wide)
    long_words = [word for word in whole if len(word) >= width - 6]
    return [
        word
        for word in narrow
        if word not in whole and not any(word in long for long in long_words) and not set(word) <= CHART_MARKS
    ]


CHART_MARKS = set(" ▁▂▃▄▅▆▇█░▒▓·")  # bars scale with the width: not words


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", VIEWS)
def test_no_line_is_wider_than_the_terminal_and_no_word_is_split(kb, progress, name, width):
    narrow_screen, narrow = screen_of(width)
    VIEWS[name](kb, progress, narrow_screen)
    lines = narrow.getvalue().splitlines()
    too_wide = [line for line in lines if narrow_screen.out.measure(line).maximum > width]
    assert not too_wide, too_wide[:3]
    wide_screen, wide = screen_of(2000)
    VIEWS[name](kb, progress, wide_screen)
    assert not words_kept(narrow.getvalue().split(), wide.getvalue().split(), width)


@pytest.mark.parametrize("name", ["quiz", "progress"])
def test_prose_is_capped_on_a_wide_terminal(kb, progress, name):
    screen, buffer = screen_of(200)
    VIEWS[name](kb, progress, screen)
    prose = [line for line in buffer.getvalue().splitlines() if " " in line.strip() and not line.startswith("│")]
    assert max(len(line.rstrip()) for line in prose) <= 100
