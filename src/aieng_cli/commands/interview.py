"""`aieng interview`: a timed mock interview with follow-ups, scored on key points, kept in your history."""

from __future__ import annotations

import contextlib
import sys
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated

import typer

from aieng_cli.commands.quiz import TypeChoice
from aieng_cli.commands.state import (
    JsonFlag,
    ProgressOption,
    TopicOption,
    now,
    progress_file,
    state,
    stopwatch,
    topic_id,
)
from aieng_cli.errors import UsageError

if TYPE_CHECKING:
    from datetime import datetime

    from aieng_cli.core.interview import Asked, InterviewOptions
    from aieng_cli.core.knowledge import KnowledgeBase
    from aieng_cli.core.progress import Progress
    from aieng_cli.render import Screen
    from aieng_cli.render.interview import InterviewScreen
    from aieng_cli.store.progress_file import ProgressFile


class Difficulty(StrEnum):
    easy = "easy"
    medium = "medium"
    hard = "hard"


def interview(
    ctx: typer.Context,
    questions: Annotated[int, typer.Option("--questions", min=1, max=50, help="How many questions.")] = 5,
    topic: TopicOption = None,
    question_type: Annotated[TypeChoice | None, typer.Option("--type", help="Only questions of this round.")] = None,
    difficulty: Annotated[Difficulty | None, typer.Option("--difficulty", help="Only questions this hard.")] = None,
    minutes: Annotated[
        float, typer.Option("--minutes", min=0.25, max=60, help="Minutes per question (a follow-up gets half).")
    ] = 3.0,
    seed: Annotated[int | None, typer.Option("--seed", min=0, help="The same seed asks the same questions.")] = None,
    follow_ups: Annotated[
        bool, typer.Option("--follow-ups/--no-follow-ups", help="Ask one follow-up after each question.")
    ] = True,
    history: Annotated[bool, typer.Option("--history", help="Past interviews and a trend per topic.")] = False,
    as_json: JsonFlag = False,
    progress_file_path: ProgressOption = None,
) -> None:
    """A timed mock interview with follow-ups, and a report.

    Open answers, scored on the key points you covered and missed.

    Questions lean toward the topics you know least (quiz retention and past interviews), ones you
    were never asked first. Questions you miss become due in the quiz. When stdin is not a
    terminal, each answer is one line (an empty line: no answer).
    """
    file = progress_file(progress_file_path)
    app = state(ctx)
    if history:
        _history(app.screen, file.load(), as_json)
        return
    from aieng_cli.commands.interview_loop import AnswerReader, run_interview
    from aieng_cli.core.interview import InterviewOptions, choose_questions
    from aieng_cli.render.interview import InterviewScreen
    from aieng_cli.store.environment import local_zone
    from aieng_cli.store.keyboard import Keyboard

    kb = app.knowledge()
    started = now()
    options = InterviewOptions(
        questions,
        topic_id(topic),
        question_type.value if question_type else None,
        difficulty.value if difficulty else None,
        minutes,
        seed if seed is not None else started.microsecond * 1000 + started.second,
        follow_ups,
    )
    terminal = sys.stdin.isatty() and app.screen.interactive() and not as_json
    view = InterviewScreen(app.screen, local_zone(), to_stderr=as_json)
    with file.locked():
        progress = file.load()
        plan = choose_questions(kb, progress, progress.interviews, options)
        if not plan:
            raise UsageError("No interview question matches these filters.", "Try fewer filters (see: aieng topics).")
        view.intro(len(plan), minutes, options.seed, terminal)
        with Keyboard(sys.stdin) if terminal else contextlib.nullcontext() as keyboard:
            reader = AnswerReader(sys.stdin, keyboard.read if keyboard else None, view, stopwatch)
            asked, interrupted = run_interview(plan, reader, view, minutes)
        if not asked:
            view.line("No question was answered; nothing was saved.", "dim")
        else:
            _finish(app.screen, kb, file, progress, asked, started, options, view, as_json)
    if interrupted:
        raise typer.Exit(130)


def _finish(
    screen: Screen,
    kb: KnowledgeBase,
    file: ProgressFile,
    progress: Progress,
    asked: list[Asked],
    started: datetime,
    options: InterviewOptions,
    view: InterviewScreen,
    as_json: bool,
) -> None:
    """Keep the interview: each missed question's card rated Again, then the record, journaled."""
    from aieng_cli.core.interview import interview_record, rate_missed, terms_to_review
    from aieng_cli.core.schedule import Reviewer

    record = interview_record(started, options.seed, asked)
    missed = rate_missed(progress, Reviewer(progress.settings), asked, now())
    progress.interviews.append(record)
    file.keep(progress, reviews=missed, interviews=[record])
    if as_json:
        from aieng_cli.render.interview import interview_json

        screen.json(interview_json(record))
        return
    review_terms = [(term_id, kb.terms[term_id].term) for term_id in terms_to_review(kb, asked)]
    view.report(record, [item.planned for item in asked], review_terms, options.minutes)
    view.saved(len(missed))


def _history(screen: Screen, progress: Progress, as_json: bool) -> None:
    from aieng_cli.core.interview import topic_trends
    from aieng_cli.render.interview import InterviewScreen, interview_json
    from aieng_cli.store.environment import local_zone

    newest_first = sorted(progress.interviews, key=lambda record: record.started, reverse=True)
    trends = topic_trends(progress.interviews)
    if as_json:
        screen.json(
            {
                "interviews": [interview_json(record) for record in newest_first],
                "trends": [{"id": topic, "scores": scores} for topic, scores in trends.items()],
            }
        )
        return
    InterviewScreen(screen, local_zone()).history(newest_first, trends)
