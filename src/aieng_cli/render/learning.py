"""Learning paths (`aieng path`) and what to learn next (`aieng next`)."""

from __future__ import annotations

from rich.text import Text

from aieng_cli.core.models import Term
from aieng_cli.render import Screen
from aieng_cli.render.text import printable


def show_path(screen: Screen, rows: list[tuple[str, str, bool]], targets: int) -> None:
    """Each term in learning order, ✓ when known; the target(s) last. Piped: id, name, known."""
    if not screen.out.is_terminal:
        screen.plain_rows([(term_id, name, "known" if known else "") for term_id, name, known in rows])
        return
    known = sum(1 for *_, is_known in rows if is_known)
    for index, (term_id, name, is_known) in enumerate(rows):
        line = Text("✓ " if is_known else "  ", style="green")
        target = index >= len(rows) - targets
        line.append(printable(name, one_line=True), style="bold cyan" if target else "")
        line.append(f"  [{term_id}]", style="dim")
        screen.out.print(line, width=screen.prose_width())
    screen.line(f"{len(rows)} terms, {known} known (✓). Read one with: aieng define ID", "dim")


def show_next(screen: Screen, terms: list[Term]) -> None:
    if not terms:
        screen.note("Nothing is ready: learn the terms you have started first (aieng quiz).")
        return
    if not screen.out.is_terminal:
        screen.plain_rows([(term.id, term.term, term.short) for term in terms])
        return
    for term in terms:
        item = Text(printable(term.term, one_line=True), style="bold cyan")
        item.append(f"  {printable(term.short, one_line=True)}")
        screen.out.print(screen.bullet(item), width=screen.prose_width())
