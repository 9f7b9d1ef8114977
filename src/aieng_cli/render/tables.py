"""Lists: search hits, terms, topics, settings and validation problems.

On a terminal they are tables; to a pipe, one tab-separated line per row for `grep` and `cut`.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text

from aieng_cli.core.models import Problem, Term
from aieng_cli.core.search import Hit
from aieng_cli.core.topics import TOPICS
from aieng_cli.render import Screen
from aieng_cli.render.text import printable


def show_hits(screen: Screen, hits: list[Hit]) -> None:
    rows = [
        (hit.name, hit.short) if hit.kind == "term" else ("Q: " + hit.name, f"aieng answer {hit.id}") for hit in hits
    ]
    if not screen.out.is_terminal:
        screen.plain_rows(rows)
        return
    rows = [
        (name, f"{short} · {hit.type}" if hit.type else short) for (name, short), hit in zip(rows, hits, strict=True)
    ]
    from rich.table import Table

    table = Table(show_header=False, box=None, pad_edge=False)
    table.add_column("name", style="bold cyan", ratio=2)
    table.add_column("short", ratio=3)
    for (name, short), hit in zip(rows, hits, strict=True):
        table.add_row(
            Text(printable(name, one_line=True)),
            Text(printable(short, one_line=True), style="dim" if hit.kind == "question" else ""),
        )
    screen.out.print(table)


def show_question_choices(screen: Screen, candidates: tuple[tuple[str, str], ...]) -> None:
    """Questions to choose from: id and question (tab-separated when piped)."""
    if not screen.out.is_terminal:
        screen.plain_rows(candidates)
        return
    for question_id, question in candidates:  # as define lists them: the question, then its id
        item = Text(printable(question, one_line=True) + " ")
        item.append(f"[{printable(question_id, one_line=True)}]", style="dim")
        screen.out.print(screen.bullet(item))


def show_term_list(screen: Screen, terms: list[Term]) -> None:
    if not screen.out.is_terminal:
        screen.plain_rows([(term.id, term.term, term.topic, term.short) for term in terms])
        return
    from rich.table import Table

    table = Table(box=None, pad_edge=False)
    table.add_column("term", style="bold cyan", no_wrap=True, max_width=32)
    table.add_column("topic", style="dim", no_wrap=True)
    table.add_column("in one line")
    for term in terms:
        table.add_row(Text(printable(term.term, one_line=True)), term.topic, Text(printable(term.short, one_line=True)))
    screen.out.print(table)


def show_topics(screen: Screen, counts: dict[str, tuple[int, int]]) -> None:
    from rich.table import Table

    table = Table(box=None, pad_edge=False)
    table.add_column("topic", style="bold cyan", no_wrap=True)
    table.add_column("name")
    table.add_column("terms", justify="right")
    table.add_column("questions", justify="right")
    for topic in TOPICS:
        terms, questions = counts[topic.id]
        table.add_row(topic.id, topic.name, str(terms), str(questions))
    screen.out.print(table)


def setting_text(value: Any) -> str:
    """A setting as the config file spells it (`true`, not Python's `True`; unset is automatic)."""
    if value is None:
        return "(automatic)"
    return str(value).lower() if isinstance(value, bool) else str(value)


def show_settings(screen: Screen, rows: dict[str, tuple[Any, str, str]]) -> None:
    """Each setting's value, where it came from and what it means."""
    from rich.table import Table

    shown = {name: setting_text(value) for name, (value, _, _) in rows.items()}
    if not screen.out.is_terminal:
        screen.plain_rows([(name, shown[name], source, meaning) for name, (_, source, meaning) in rows.items()])
        return
    table = Table(box=None, pad_edge=False)
    for column in ("setting", "value", "from", "meaning"):
        table.add_column(column)
    for name, (_, source, meaning) in rows.items():
        table.add_row(name, Text(printable(shown[name], one_line=True), overflow="fold"), source, meaning)
    screen.out.print(table)


def show_problems(screen: Screen, problems: list[Problem]) -> None:
    for problem in problems:
        screen.out.print(Text(printable(str(problem), one_line=True)), soft_wrap=True)
