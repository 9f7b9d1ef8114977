"""`aieng cards`: list, show, suspend, bury and mark cards, as Anki's browser does."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from aieng_cli.commands.state import (
    JsonFlag,
    ProgressOption,
    TopicOption,
    now,
    progress_file,
    settings,
    state,
    topic_id,
    zones,
)

if TYPE_CHECKING:
    from aieng_cli.core.knowledge import KnowledgeBase
    from aieng_cli.core.progress import Progress

cards_app = typer.Typer(
    cls=typer.core.TyperGroup,
    rich_markup_mode=None,
    no_args_is_help=True,
    add_completion=False,
    help="List, show, suspend, bury and mark your cards, as in Anki.",
)
CardIds = Annotated[
    list[str], typer.Argument(help="Card ids (term:rag:recall, question:ID) or entry ids (all their cards).")
]


def _loaded(ctx: typer.Context, path: Path | None) -> tuple[KnowledgeBase, Progress]:
    return state(ctx).knowledge(), progress_file(path).load()


@cards_app.command("list")
def list_cards(
    ctx: typer.Context,
    due: Annotated[bool, typer.Option("--due", help="Only cards due now.")] = False,
    suspended: Annotated[bool, typer.Option("--suspended", help="Only suspended cards.")] = False,
    buried: Annotated[bool, typer.Option("--buried", help="Only cards buried until the next study day.")] = False,
    leeches: Annotated[bool, typer.Option("--leeches", help="Only leeches.")] = False,
    marked: Annotated[bool, typer.Option("--marked", help="Only marked cards.")] = False,
    new: Annotated[bool, typer.Option("--new", help="Cards you have never studied instead.")] = False,
    topic: TopicOption = None,
    as_json: JsonFlag = False,
    progress_file_path: ProgressOption = None,
) -> None:
    """Your cards, one line each: id, state, due, lapses, flags.

    By default every card you have studied or acted on; the filters combine.
    """
    from aieng_cli.core.card_list import card_rows, select_rows
    from aieng_cli.render.cards import card_row_json, show_card_rows

    chosen_topic = topic_id(topic)
    kb, progress = _loaded(ctx, progress_file_path)
    zone, days = zones()
    moment = now()
    filters = {"due": due, "suspended": suspended, "buried": buried, "leeches": leeches, "marked": marked, "new": new}
    wanted = {name for name, on in filters.items() if on}
    rows = select_rows(card_rows(kb, progress, days, settings()["leech_threshold"].value), wanted, chosen_topic, moment)
    screen = state(ctx).screen
    if as_json:
        screen.json([card_row_json(row, moment) for row in rows])
    elif rows:
        show_card_rows(screen, rows, moment, zone)
    else:
        screen.note("No cards match." + ("" if progress.reviews else " Start studying with: aieng quiz"))
    if not rows:
        raise typer.Exit(1)


@cards_app.command("show")
def show(
    ctx: typer.Context,
    card_id: Annotated[str, typer.Argument(metavar="ID", help="A card id, or an entry id for all its cards.")],
    as_json: JsonFlag = False,
    progress_file_path: ProgressOption = None,
) -> None:
    """One card's state, flags and every answer.

    Each answer with its time, rating, time taken and the interval it gave.
    """
    from aieng_cli.core.card_list import card_rows, cards_named, history_steps
    from aieng_cli.render.cards import card_json, show_card

    kb, progress = _loaded(ctx, progress_file_path)
    zone, days = zones()
    moment = now()
    named = {card.id for card in cards_named(kb, [card_id])}
    rows = [row for row in card_rows(kb, progress, days, settings()["leech_threshold"].value) if row.card.id in named]
    screen = state(ctx).screen
    if as_json:
        shapes = [card_json(row, history_steps(progress, row.card.id), moment) for row in rows]
        screen.json(shapes[0] if ":" in card_id and len(shapes) == 1 else shapes)
        return
    for row in rows:
        show_card(screen, row, history_steps(progress, row.card.id), moment, zone)


def _act(ctx: typer.Context, action: str, ids: list[str], path: Path | None) -> None:
    """Record `action` on the cards `ids` name, journaled then folded into the file like answers."""
    from aieng_cli.core.actions import card_flags
    from aieng_cli.core.card_list import cards_named, changes
    from aieng_cli.render.cards import show_changes

    kb = state(ctx).knowledge()
    cards = cards_named(kb, ids)
    _, days = zones()
    file = progress_file(path)
    with file.locked():
        progress = file.load()
        done = changes(cards, action, card_flags(progress.actions, days), now())
        progress.actions.extend(done)
        file.keep(progress, actions=done)
    show_changes(state(ctx).screen, action, done, len(cards) - len(done))


def _verb(action: str, summary: str) -> None:
    def command(ctx: typer.Context, ids: CardIds, progress_file_path: ProgressOption = None) -> None:
        _act(ctx, action, ids, progress_file_path)

    command.__doc__ = summary
    cards_app.command(action)(command)


_verb("suspend", "Keep cards out of every quiz and cram until unsuspended.")
_verb("unsuspend", "Let suspended cards come up again.")
_verb("bury", "Keep cards out of study until the next study day.")
_verb("unbury", "Let buried cards come up today.")
_verb("mark", "Mark cards, to find them later with: aieng cards list --marked.")
_verb("unmark", "Remove the mark.")
