"""`aieng progress`: the view and charts, reset, and moving a history between machines."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from aieng_cli.commands.state import (
    ForceOption,
    JsonFlag,
    ProgressOption,
    TopicOption,
    bulk_loading,
    claim_destination,
    now,
    progress_file,
    settings,
    state,
    topic_id,
    zones,
)
from aieng_cli.errors import UnreadableInput, UnreadableProgress, UsageError
from aieng_cli.render import Screen

if TYPE_CHECKING:
    from aieng_cli.commands.state import AppState
    from aieng_cli.store.progress_file import ProgressFile

progress_app = typer.Typer(
    cls=typer.core.TyperGroup, rich_markup_mode=None, invoke_without_command=True, add_completion=False
)


@progress_app.callback()
def progress(
    ctx: typer.Context,
    as_json: JsonFlag = False,
    reset: Annotated[bool, typer.Option("--reset", help="Start over; a timestamped backup is kept.")] = False,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")] = False,
    svg: Annotated[Path | None, typer.Option("--svg", help="Also save the view, charts included, as an SVG.")] = None,
    topic: TopicOption = None,
    progress_file_path: ProgressOption = None,
) -> None:
    """What you know, what is due, and how you are doing.

    Cards by state, due counts, retention, streaks, a per-topic table, leeches, a review heatmap
    and charts.
    """
    if ctx.invoked_subcommand is not None:
        options = (("--json", as_json), ("--reset", reset), ("--yes", yes), ("--svg", svg), ("--topic", topic))
        given = [f for f, value in options if value]
        if given:
            raise UsageError(
                f"{given[0]} belongs to `aieng progress` itself, not to `progress {ctx.invoked_subcommand}`."
            )
        return
    if reset and topic:
        raise UsageError("--reset starts over for every topic; it cannot be combined with --topic.")
    if yes and not reset:
        raise UsageError("--yes only confirms --reset; nothing to confirm.")
    app = state(ctx)
    file = progress_file(progress_file_path)
    if reset:
        _reset(file, yes, app.screen)
        return
    chosen = topic_id(topic)
    with bulk_loading():  # until the command ends: it ends with the view
        _view(app, file, as_json, svg, chosen)


def _view(app: AppState, file: ProgressFile, as_json: bool, svg: Path | None, topic: str | None) -> None:
    from aieng_cli.core.actions import hidden_cards
    from aieng_cli.core.stats import chart_data, narrowed, overview, progress_report

    config = settings()
    _, days = zones()
    moment = now()
    progress = file.load()
    cards = app.deck().cards_by_topic()
    if topic is not None:
        cards = {topic: cards.get(topic, [])}
        progress = narrowed(progress, set(cards[topic]))
    hidden = hidden_cards(progress.actions, days, moment)
    view = overview(cards, progress, moment, days, hidden, config["leech_threshold"].value)
    report = progress_report(view)
    if as_json:  # the figures alone: no charts computed
        from aieng_cli.render.json_shapes import progress_json

        app.screen.json(progress_json(report))
        if svg is None:
            return
    from aieng_cli.render.progress import show_progress

    fresh = not progress.reviews
    charts = None if fresh else chart_data(view)
    if not as_json:
        show_progress(app.screen, report, charts)
    if svg is not None:
        from aieng_cli.store.outputs import write_text

        recording = Screen(record=True)
        show_progress(recording, report, charts)
        try:
            write_text(svg, recording.svg(title="aieng progress"))
        except OSError as error:
            raise UnreadableInput(f"Cannot write {svg}: {error.strerror or error}.") from None
        app.screen.note(f"Saved the view as {svg}.")


def _reset(file: ProgressFile, yes: bool, screen: Screen) -> None:
    path = file.path
    if not file.has_history():
        screen.note(f"Nothing to reset: {path} does not exist.")
        return
    if not yes:
        try:
            confirmed = typer.confirm(f"Reset all progress in {path}? A backup is kept", default=False)
        except typer.Abort:  # end of input: no answer is no
            confirmed = False
        if not confirmed:
            screen.note("Reset cancelled; nothing was changed.")
            return
    kept = file.reset(now().strftime("%Y%m%dT%H%M%SZ"))
    screen.note(f"Progress reset. The old history is kept as {' and '.join(map(str, kept))}.")


@progress_app.command("export")
def progress_export(
    ctx: typer.Context,
    path: Annotated[Path, typer.Argument(help="Where to write a copy of your progress, or - for standard output.")],
    progress_file_path: ProgressOption = None,
    force: ForceOption = False,
) -> None:
    """Copy your progress to PATH, to take to another machine.

    The copy holds the card states and the full review log.
    """
    from aieng_cli.store.outputs import STDOUT, write_bytes
    from aieng_cli.store.progress_codec import encode_progress

    live = progress_file(progress_file_path or _group_progress_file(ctx))
    if str(path) != STDOUT and live.owns(path):
        raise UsageError(f"{path} is your live progress file (or its journal); export to another path.")
    screen = state(ctx).screen
    claim_destination(path, force, screen)
    progress = live.load()
    try:
        write_bytes(path, encode_progress(progress.as_snapshot()))
    except OSError as error:
        raise UnreadableInput(f"Cannot write {path}: {error.strerror or error}.") from None
    shown = "standard output" if str(path) == STDOUT else str(path)
    screen.note(f"Wrote {len(progress.reviews)} reviews to {shown}.")


@progress_app.command("import")
def progress_import(
    ctx: typer.Context,
    path: Annotated[Path, typer.Argument(help="A progress file exported on another machine.")],
    progress_file_path: ProgressOption = None,
) -> None:
    """Merge another progress file into yours.

    The result is the union of both review logs, card states replayed in time order.
    """
    from aieng_cli.store.progress_file import ProgressFile

    if not path.is_file():
        raise UnreadableInput(f"No such progress file to import: {str(path)!r}.")
    try:
        incoming = ProgressFile(path).load()
    except UnreadableProgress as error:
        raise UnreadableInput(
            f"Cannot import {path}: {error.problem}.",
            "Give a file written by `aieng progress export`; yours is unchanged.",
        ) from None
    added, total = progress_file(progress_file_path or _group_progress_file(ctx)).merge_from(incoming)
    state(ctx).screen.note(f"Imported {added} new review(s); {total} in all.")


def _group_progress_file(ctx: typer.Context) -> Path | None:
    """`aieng progress --progress-file X import ...`: the group's option applies to its commands."""
    return ctx.parent.params.get("progress_file_path") if ctx.parent else None
