"""Card management's views: `cards list` (a table, or tab-separated lines when piped) and
`cards show`, and their JSON shapes (README, "JSON shapes")."""

from __future__ import annotations

from datetime import datetime, tzinfo
from typing import Any

from rich.text import Text

from aieng_cli.core.actions import CardAction
from aieng_cli.core.card_list import CardRow, ReviewStep
from aieng_cli.core.records import RATING_NAMES
from aieng_cli.render import Screen
from aieng_cli.render.formats import format_interval, format_when
from aieng_cli.render.text import printable

DONE = {
    "suspend": "Suspended",
    "unsuspend": "Unsuspended",
    "bury": "Buried until the next study day",
    "unbury": "Unburied",
    "mark": "Marked",
    "unmark": "Unmarked",
}


def flag_words(row: CardRow, now: datetime) -> list[str]:
    flags = row.flags
    words = ["suspended"] if flags.suspended else []
    if flags.buried(now):
        words.append("buried")
    if flags.marked:
        words.append("marked")
    if row.leech:
        words.append("leech")
    return words


def _due(row: CardRow, now: datetime, zone: tzinfo) -> str:
    return "-" if row.state is None else format_when(row.state.due, now, zone)


def show_card_rows(screen: Screen, rows: list[CardRow], now: datetime, zone: tzinfo) -> None:
    """One line a card: id, entry, state, due, lapses, flags."""
    cells = [
        (
            row.card.id,
            row.name,
            row.state.state if row.state else "new",
            _due(row, now, zone) if screen.out.is_terminal or row.state is None else row.state.due.isoformat(),
            str(row.state.lapses if row.state else 0),
            ",".join(flag_words(row, now)) or "-",
        )
        for row in rows
    ]
    if not screen.out.is_terminal:
        screen.plain_rows(cells)
        return
    for card_id, name, state, due, lapses, flags in cells:  # lines, not a table: they wrap on any width
        line = Text(printable(card_id, one_line=True), style="bold")
        line.append(f"  {state}, due {due}, {lapses} lapse(s)" + ("" if flags == "-" else f", {flags}"))
        line.append(f"  {printable(name, one_line=True)}", style="dim")
        screen.out.print(screen.bullet(line, "·"), width=screen.prose_width())
    screen.line(f"{len(rows)} card(s).", "dim")


def card_row_json(row: CardRow, now: datetime) -> dict[str, Any]:
    """`cards list --json`: one object per card."""
    state = row.state
    return {
        "id": row.card.id,
        "entry": row.card.entry_id,
        "name": row.name,
        "state": state.state if state else "new",
        "due": state.due.isoformat() if state else None,
        "lapses": state.lapses if state else 0,
        "suspended": row.flags.suspended,
        "buried": row.flags.buried(now),
        "marked": row.flags.marked,
        "leech": row.leech,
    }


def card_json(row: CardRow, steps: list[ReviewStep], now: datetime) -> dict[str, Any]:
    """`cards show --json`: the card's state, its flags and every answer with the interval it gave."""
    state = row.state
    buried = row.flags.buried_until
    shape = card_row_json(row, now)
    del shape["buried"]
    return {
        **shape,
        "stability": state.stability if state else None,
        "difficulty": state.difficulty if state else None,
        "reps": state.reps if state else 0,
        "buried_until": buried.isoformat() if buried is not None and now < buried else None,
        "reviews": [
            {
                "time": step.review.time.isoformat(),
                "rating": step.review.rating,
                "duration_ms": step.review.duration_ms,
                "interval_days": round(step.interval.total_seconds() / 86400, 4),
            }
            for step in steps
        ],
    }


def show_card(screen: Screen, row: CardRow, steps: list[ReviewStep], now: datetime, zone: tzinfo) -> None:
    state = row.state
    screen.line(f"{row.card.id}  {row.name}", "bold")
    if state is None:
        screen.line("  new: never studied")
    else:
        screen.line(
            f"  {state.state}, due {format_when(state.due, now, zone)}; stability {state.stability:.1f} days, "
            f"difficulty {state.difficulty:.1f}, {state.reps} answer(s), {state.lapses} lapse(s)"
        )
    flags = flag_words(row, now)
    if flags:
        screen.line("  " + ", ".join(flags))
    for step in steps:
        review = step.review
        seconds = "" if review.duration_ms is None else f" after {review.duration_ms / 1000:.0f}s"
        screen.line(
            f"  {review.time.astimezone(zone):%Y-%m-%d %H:%M}  {RATING_NAMES[review.rating]}{seconds}, "
            f"next in {format_interval(step.interval)}"
        )


def show_changes(screen: Screen, action: str, done: list[CardAction], unchanged: int) -> None:
    if done:
        screen.line(f"{DONE[action]}: {', '.join(a.card_id for a in done)}.")
    if unchanged:
        screen.line(f"{unchanged} card(s) already {DONE[action].split()[0].lower()}; nothing to change.", "dim")
