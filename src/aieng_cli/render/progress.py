"""`aieng progress`: the figures, a review heatmap, cards due over 30 days, retention per topic."""

from __future__ import annotations

from datetime import date, timedelta

from rich.text import Text

from aieng_cli.core.cards import parse_card_id
from aieng_cli.core.stats import Charts, ProgressReport
from aieng_cli.core.topics import TOPICS
from aieng_cli.render import Screen

_SHADES = ((0, " ", "grey23"), (1, "░", "green4"), (5, "▒", "green3"), (15, "▓", "green1"), (30, "█", "bright_green"))
_EIGHTHS = " ▁▂▃▄▅▆▇█"


MEANINGS = (
    "seen: cards answered at least once",
    "mastered: cards in review whose memory lasts over 21 days (FSRS stability)",
    "true retention: answers to cards in review (last answered a day or more before) not rated Again, 30 days",
)


def show_progress(screen: Screen, report: ProgressReport, charts: Charts | None = None) -> None:
    """The figures, what they mean, then the charts; a history with no answer gets a pointer to
    the quiz instead of empty charts."""
    cards, due = report.cards, report.due
    screen.line("Cards", "bold")
    screen.line(
        f"  {cards.total} in all: {cards.new} new, {cards.learning} learning, "
        f"{cards.review} review, {cards.relearning} relearning"
        + (f"; {cards.orphaned} orphaned (their entries are gone)" if cards.orphaned else "")
    )
    screen.line("Due", "bold")
    week = "  ".join(f"{day.day.isoformat()[5:]}: {day.cards}" for day in due.next_7_days)
    screen.line(f"  now {due.now} · today {due.today} · next days: {week}")
    screen.line("Reviews", "bold")
    shown = "n/a" if report.retention_30d is None else f"{report.retention_30d:.0%}"
    screen.line(
        f"  today {report.reviews_today} · total {report.reviews_total} · true retention (30 days) {shown} · "
        f"streak {report.streak_current} day(s), longest {report.streak_longest}"
    )
    rows = [row for row in report.topics if row.cards]
    _topic_table(screen, [(row.name, str(row.cards), str(row.seen), str(row.mastered), str(row.due)) for row in rows])
    for meaning in MEANINGS:
        screen.line(meaning, "dim")
    if report.leeches:
        screen.line(
            f"Leeches (lapsed {report.leech_threshold}+ times; rewrite them with aieng edit, or study them "
            "differently; aieng cards list --leeches):",
            "bold red",
        )
        for card_id in report.leeches:
            screen.line(f"  {card_name(card_id)}")
    if not report.reviews_total:
        screen.line("No answers yet: start with `aieng quiz` (it teaches the core terms first).", "bold")
    elif charts is not None:
        show_charts(screen, charts)


_TOPIC_COLUMNS = ("topic", "cards", "seen", "mastered", "due")


def _topic_table(screen: Screen, rows: list[tuple[str, ...]]) -> None:
    """The per-topic table, drawn as Rich draws a borderless table (names left, numbers right,
    two spaces between columns). Rich's Table itself (slow to import and to lay out) draws it only
    when it is too wide for the terminal and its cells must wrap."""
    widths = [max(len(row[column]) for row in [_TOPIC_COLUMNS, *rows]) for column in range(len(_TOPIC_COLUMNS))]
    if sum(widths) + 2 * (len(widths) - 1) > screen.out.width:
        from rich.table import Table

        table = Table(box=None, pad_edge=False, title=None)
        table.add_column(_TOPIC_COLUMNS[0])
        for column in _TOPIC_COLUMNS[1:]:
            table.add_column(column, justify="right")
        for row in rows:
            table.add_row(*row)
        screen.out.print(table)
        return
    text = Text()
    for number, row in enumerate([_TOPIC_COLUMNS, *rows]):
        cells = [row[0].ljust(widths[0]), *(cell.rjust(width) for cell, width in zip(row[1:], widths[1:], strict=True))]
        text.append("  ".join(cells), style="bold" if number == 0 else "")
        text.append("\n")
    text.rstrip()
    screen.out.print(text)


def show_charts(screen: Screen, charts: Charts) -> None:
    """Review heatmap (26 weeks), cards due over 30 days, retention per topic."""
    out = screen.out
    out.print()
    screen.line("Reviews, last 26 weeks", "bold")
    out.print(_heatmap(charts.heatmap, charts.heatmap_start))
    out.print()
    screen.line("Cards due, next 30 days", "bold")
    out.print(_due_bars(charts.due))
    out.print()
    screen.line("Retention per topic, last 30 days", "bold")
    out.print(_retention_bars(charts.retention, out.width))


def card_name(card_id: str) -> str:
    """`term:rag:reverse` as `rag (reverse card)`, `question:why-kv-cache` as `why-kv-cache (question)`."""
    parsed = parse_card_id(card_id)
    if parsed.side:
        return f"{parsed.entry_id} ({parsed.side} card)"
    return f"{parsed.entry_id} ({parsed.entry_kind})" if parsed.entry_kind else card_id


def _heatmap(rows: list[list[int | None]], start: date) -> Text:
    text = Text()
    months = "".join(
        (start + timedelta(weeks=week)).strftime("%b")[0] if (start + timedelta(weeks=week)).day <= 7 else " "
        for week in range(len(rows[0]))
    )
    text.append("    " + months + "\n", style="dim")
    for day, row in zip(("Mon", "", "Wed", "", "Fri", "", "Sun"), rows, strict=True):
        text.append(f"{day:<4}", style="dim")
        for count in row:
            if count is None:
                text.append(" ")
                continue
            mark, style = next((m, st) for limit, m, st in reversed(_SHADES) if count >= limit)
            text.append(mark if mark != " " else "·", style=style)
        text.append("\n")
    text.append("    less · ░ ▒ ▓ █ more", style="dim")
    return text


def _due_bars(due: list[int], height: int = 5) -> Text:
    peak = max(due) or 1
    text = Text()
    for level in range(height, 0, -1):
        line = ""
        for count in due:
            filled = count / peak * height - (level - 1)
            line += _EIGHTHS[max(0, min(8, round(filled * 8)))]
        label = str(peak) if level == height else ("0" if level == 1 else "")
        text.append(f"{label:>4} ", style="dim")
        text.append(line + "\n", style="cyan")
    text.append("     today" + " " * max(0, len(due) - 14) + "+30 days", style="dim")
    return text


def _retention_bars(retention: dict[str, float | None], columns: int = 80) -> Text:
    """A bar per topic; on a terminal too narrow for name and bar side by side, the bar goes under
    its name."""
    side_by_side = columns >= 29 + 30 + 6
    width = 30 if side_by_side else max(8, columns - 8)
    text = Text()
    for topic in TOPICS:
        share = retention.get(topic.id)
        name = topic.name if len(topic.name) <= 28 else topic.name[:27] + "…"
        text.append(f"{name:<29}" if side_by_side else name + "\n  ")
        if share is None:
            text.append("no mature reviews in 30 days\n", style="dim")
            continue
        full, part = divmod(round(share * width * 8), 8)
        text.append("█" * full + (_EIGHTHS[part] if part else ""), style="green" if share >= 0.85 else "yellow")
        text.append(f" {share:.0%}\n")
    text.rstrip()
    return text
