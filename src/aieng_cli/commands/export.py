"""`aieng export anki|csv|markdown`: the knowledge base for Anki, spreadsheets or reading."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from aieng_cli.commands.state import (
    ForceOption,
    HelpfulGroup,
    TopicOption,
    claim_destination,
    now,
    state,
    topic_id,
)
from aieng_cli.errors import UnreadableInput, UsageError

export_app = typer.Typer(
    cls=HelpfulGroup,
    rich_markup_mode=None,
    no_args_is_help=True,
    add_completion=False,
    help="Export the knowledge base for Anki, spreadsheets or reading.",
)


def _export(ctx: typer.Context, kind: str, path: Path, topic: str | None, force: bool) -> None:
    from aieng_cli.render import exports
    from aieng_cli.store.outputs import STDOUT, text_output, write_anki

    chosen = topic_id(topic)
    app = state(ctx)
    kb = app.knowledge()
    exported_at = now()
    total = len(kb.terms_in_order(chosen)) + len(kb.questions_in_order(chosen))
    to_stdout = str(path) == STDOUT
    if to_stdout and kind == "anki":
        raise UsageError("An Anki package is a file: give a path ending in .apkg, not -.")
    claim_destination(path, force, app.screen)
    try:
        with app.screen.progress_bar(0 if to_stdout else total, f"Exporting {kind}") as tick:
            if kind == "anki":
                count = write_anki(exports.anki_deck(kb, chosen, tick), path, exported_at)
            else:
                write = exports.write_csv if kind == "csv" else exports.write_markdown
                with text_output(path) as out:
                    count = write(kb, out, chosen, tick)
    except BrokenPipeError:
        raise  # the reader went away (`| head`): Click ends quietly, as for every command
    except OSError as error:
        raise UnreadableInput(f"Cannot write {path}: {error.strerror or error}.") from None
    app.screen.note(f"Wrote {count} entries to {'standard output' if to_stdout else path}.")


@export_app.command("anki")
def export_anki(
    ctx: typer.Context,
    path: Annotated[Path, typer.Argument(help="The .apkg file to write.")],
    topic: TopicOption = None,
    force: ForceOption = False,
) -> None:
    """An Anki package (.apkg) of terms and questions.

    One note type for terms, one for questions; ids are stable, so a re-import updates your notes.
    """
    _export(ctx, "anki", path, topic, force)


@export_app.command("csv")
def export_csv(
    ctx: typer.Context,
    path: Annotated[Path, typer.Argument(help="The .csv file to write, or - for standard output.")],
    topic: TopicOption = None,
    force: ForceOption = False,
) -> None:
    """A CSV file for Anki, Quizlet or a spreadsheet.

    Columns: front, back, kind, id, topic, tags, sources.
    """
    _export(ctx, "csv", path, topic, force)


@export_app.command("markdown")
def export_markdown(
    ctx: typer.Context,
    path: Annotated[Path, typer.Argument(help="The .md file to write, or - for standard output.")],
    topic: TopicOption = None,
    force: ForceOption = False,
) -> None:
    """The glossary as one Markdown document.

    Grouped by topic, with links between related terms and the interview questions at the end.
    """
    _export(ctx, "markdown", path, topic, force)
