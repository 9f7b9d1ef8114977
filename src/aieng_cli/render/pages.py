"""Full pages: a term (`define`) and an interview question (`answer`)."""

from __future__ import annotations

from typing import Any

from rich.console import Group
from rich.padding import Padding
from rich.text import Text

from aieng_cli.core.models import Question, Source, Term, TermPage
from aieng_cli.core.topics import TOPIC_NAMES
from aieng_cli.render import BULLET, Screen
from aieng_cli.render.text import labelled, markdown_source, markdown_text, printable


def show_term(screen: Screen, page: TermPage) -> None:
    term = page.term
    title = Text(printable(term.term, one_line=True), style="bold cyan")
    title.append(f"  ({TOPIC_NAMES[term.topic]})", style="dim")
    parts: list[Any] = [title]
    if term.aliases:
        parts.append(Text("Also: " + printable(", ".join(term.aliases), one_line=True), style="dim"))
    parts.append(Text(printable(term.short), style="italic"))
    if page.requires:
        parts.append(labelled("Needs", ", ".join(name for _, name in page.requires)))
    parts.append(Text())
    parts.append(markdown_text(term.definition))
    if term.example:
        parts.append(Text())
        parts.append(labelled("Example", term.example))
    if term.as_of:
        parts.append(Text(f"Dated facts checked as of {printable(term.as_of, one_line=True)}.", style="dim"))
    if page.related:
        parts.append(labelled("Related", ", ".join(name for _, name in page.related)))
    if page.questions:
        parts.append(Text("Interview questions (read one with: aieng answer ID):", style="bold"))
        for question_id, question, _ in page.questions:
            item = Text(printable(question, one_line=True) + " ")
            item.append(f"[{question_id}]", style="dim")
            parts.append(screen.bullet(item))
    parts.extend(_sources(screen, term.sources))
    screen.out.print(Group(*parts))


def show_short(screen: Screen, term: Term) -> None:
    """The one-liner: wrapped at words on a terminal, one line for a pipe."""
    if screen.out.is_terminal:
        screen.line(term.short)
    else:
        screen.out.print(Text(printable(term.short)), soft_wrap=True)


def show_question(screen: Screen, question: Question, related: tuple[tuple[str, str], ...]) -> None:
    from rich.markdown import Markdown

    title = Text(printable(question.question), style="bold cyan")
    title.append(f"  ({TOPIC_NAMES[question.topic]}, {question.difficulty}, {question.type})", style="dim")
    screen.out.print(title)
    screen.out.print()
    screen.out.print(Markdown(markdown_source(question.answer), justify="default"))
    parts: list[Any] = [Text("Key points:", style="bold")]
    parts.extend(screen.bullet(Text(printable(point, one_line=True))) for point in question.key_points)
    if question.follow_ups:
        parts.append(Text("Follow-up questions:", style="bold"))
        for follow in question.follow_ups:
            parts.append(screen.bullet(Text(printable(follow.question, one_line=True), style="bold")))
            parts.append(Padding(Text(printable(follow.answer, one_line=True)), (0, 0, 0, len(BULLET))))
    if related:
        parts.append(labelled("Related", ", ".join(name for _, name in related)))
    parts.extend(_sources(screen, question.sources))
    screen.out.print(Group(*parts))


def _sources(screen: Screen, sources: tuple[Source, ...]) -> list[Text]:
    lines = [Text("Sources:", style="bold")]
    for source in sources:
        line = Text(printable(source.title, one_line=True) + " ")
        line.append(printable(source.url, one_line=True), style="blue underline")
        lines.append(screen.bullet(line))
    return lines
