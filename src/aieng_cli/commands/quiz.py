"""`aieng quiz`: choose the session's cards, then run it at the terminal or from piped lines."""

from __future__ import annotations

import contextlib
import sys
from dataclasses import replace
from enum import StrEnum
from typing import Annotated

import typer

from aieng_cli.commands.state import (
    ProgressOption,
    TopicOption,
    bulk_loading,
    now,
    progress_file,
    settings,
    state,
    topic_id,
    zones,
)
from aieng_cli.errors import UsageError


class KindChoice(StrEnum):
    terms = "terms"
    questions = "questions"
    term = "term"  # the singular is accepted too
    question = "question"

    @property
    def plural(self) -> str:
        return self.value if self.value.endswith("s") else self.value + "s"


class TypeChoice(StrEnum):
    """An interview round (`core.models.QUESTION_TYPES`)."""

    concept = "concept"
    coding = "coding"
    estimation = "estimation"
    design = "design"
    debugging = "debugging"
    behavioural = "behavioural"


def quiz(
    ctx: typer.Context,
    new: Annotated[
        int | None,
        typer.Option("--new", min=0, help="New cards per study day [default: new_per_day in the config, else 10]."),
    ] = None,
    max_reviews: Annotated[
        int | None,
        typer.Option(
            "--max-reviews", min=0, help="Reviews per study day [default: max_reviews_per_day in the config, else 200]."
        ),
    ] = None,
    limit: Annotated[int | None, typer.Option("--limit", min=1, help="Answer at most this many cards.")] = None,
    topic: TopicOption = None,
    kind: Annotated[KindChoice | None, typer.Option("--kind", help="Only terms or only questions.")] = None,
    question_type: Annotated[
        TypeChoice | None, typer.Option("--type", help="Only interview questions of this type (round).")
    ] = None,
    cram: Annotated[
        bool, typer.Option("--cram", help="Practise cards that are not due; the schedule is unchanged.")
    ] = False,
    missed: Annotated[
        bool, typer.Option("--missed", help="Drill the cards you missed today again; the schedule is unchanged.")
    ] = False,
    siblings: Annotated[
        bool,
        typer.Option("--siblings", help="Also show a due card whose term's other card was studied today."),
    ] = False,
    retention: Annotated[
        float | None,
        typer.Option(
            "--retention",
            min=0.7,
            max=0.99,
            help="Desired retention, 0.7-0.99 [default: desired_retention in the config, else 0.9].",
        ),
    ] = None,
    progress_file_path: ProgressOption = None,
) -> None:
    """Spaced repetition: due cards first, then new ones. Keys: Enter reveal, 1-4 rate, u undo, s skip, q quit, ? help.

    On an interview question, typing starts your answer; there a command is a line holding only
    its key. When stdin is not a terminal, each action is one line (reveal or typed answer, then
    the rating; an empty rating takes the suggestion): printf '\\n3\\n\\n1\\n' | aieng quiz --limit 2
    """
    from aieng_cli.commands.terminal import Keys, QuizLoop, SavedSession
    from aieng_cli.core.quiz import Session
    from aieng_cli.core.quiz_types import QuizOptions
    from aieng_cli.core.schedule import Reviewer
    from aieng_cli.render.quiz import QuizScreen
    from aieng_cli.store.keyboard import Keyboard

    chosen_topic = topic_id(topic)
    if question_type is not None and kind is not None and kind.plural == "terms":
        raise UsageError("--type chooses interview questions; it cannot be combined with --kind terms.")
    if cram and missed:
        raise UsageError("--cram and --missed are two different drills; choose one.")
    config = settings(
        new_per_day=new,
        max_reviews_per_day=max_reviews,
        desired_retention=retention,
        progress_file=str(progress_file_path) if progress_file_path else None,
    )
    options = QuizOptions(
        config["new_per_day"].value,
        config["max_reviews_per_day"].value,
        limit,
        chosen_topic,
        kind.plural if kind else None,
        cram,
        question_type.value if question_type else None,
        siblings,
        missed,
        config["leech_threshold"].value,
        config["leech_action"].value,
    )
    app = state(ctx)
    with bulk_loading():
        kb = app.deck()
    file = progress_file(config["progress_file"].value)
    zone, days = zones()
    view = QuizScreen(app.screen, zone)
    with file.locked():
        with bulk_loading():
            progress = file.load()
            progress.settings = replace(progress.settings, desired_retention=config["desired_retention"].value)
            started = now()
            session = Session(kb, progress, Reviewer(progress.settings), days, options, started)
        if session.next_card(started) is None:
            if cram:
                view.notice("Nothing to cram: no card you have studied matches.")
            elif missed:
                view.notice("Nothing to drill: you have missed no card today (in this selection).")
            else:
                view.idle(session.idle(started), started)
            return
        _install_sigterm()
        terminal = sys.stdin.isatty() and app.screen.interactive()  # piped output (quiz | tee) reads lines
        view.lines = not terminal
        with Keyboard(sys.stdin) if terminal else contextlib.nullcontext() as keyboard:
            keys = Keys(sys.stdin, terminal, keyboard.read if keyboard else _no_keys, view)
            code = QuizLoop(SavedSession(session, file), view, keys, now).run()
    if code:
        raise typer.Exit(code)


def _no_keys() -> str:
    raise EOFError


def _install_sigterm() -> None:
    import signal

    def stop(_signal: int, _frame: object) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)
