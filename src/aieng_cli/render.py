"""Every view: Rich on a terminal, plain text when piped, JSON straight to stdout.

Knowledge-base and user text is always passed to Rich as `Text` (or Markdown on purpose), never as
markup, so `[bold]` in a definition is shown as written.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from rich.console import Console, Group
from rich.text import Text

from aieng_cli.knowledge import KnowledgeBase
from aieng_cli.models import Problem, Question, Source, Term, TermPage
from aieng_cli.topics import TOPIC_NAMES, TOPICS

if TYPE_CHECKING:
    from aieng_cli.search import Hit

# Invisible or layout-changing characters (controls, surrogates, bidirectional marks and
# overrides, Unicode line separators) are shown escaped; `_UNSAFE` keeps newlines and tabs.
_SPECIAL = "\x7f-\x9f\ud800-\udfff\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069"
_UNSAFE = re.compile(f"[\x00-\x08\x0b-\x1f{_SPECIAL}]")
_UNSAFE_LINE = re.compile(f"[\x00-\x1f{_SPECIAL}]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str, *, one_line: bool = False) -> str:
    """`text` with control and bidirectional-override characters shown as escapes (`\\x1b`)."""
    return (_UNSAFE_LINE if one_line else _UNSAFE).sub(_escape, text)


_WEB_FONT = re.compile(r""",\s*url\("https?://[^"]*"\)\s*format\("[^"]*"\)""")
PROGRESS_BAR_MIN = 300
BULLET = "  • "


class Screen:
    """The two consoles: results on stdout, messages on stderr. Create once settings are known."""

    def __init__(self, *, color: bool | None = None, record: bool = False) -> None:
        no_color = None if color is None else not color
        options: dict[str, Any] = {"markup": False, "emoji": False, "highlight": False, "no_color": no_color}
        if record:
            import io

            self.out = Console(record=True, width=100, force_terminal=True, file=io.StringIO(), **options)
        else:
            self.out = Console(force_terminal=True if color else None, **options)
        self.err = Console(stderr=True, force_terminal=True if color else None, **options)

    def save_svg(self, path: str, title: str) -> None:
        """The recorded view as an SVG that needs no network: Rich's template would fetch its font
        from a CDN when the file is opened, so the web-font URLs are dropped (local fonts remain)."""
        svg = _WEB_FONT.sub("", self.out.export_svg(title=title))
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(svg)

    def error(self, message: str) -> None:
        self.err.print(Text(printable(message, one_line=True), style="red"), soft_wrap=True)

    def note(self, message: str) -> None:
        self.err.print(Text(printable(message, one_line=True), style="dim"), soft_wrap=True)

    def json(self, data: Any) -> None:
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
        sys.stdout.flush()

    def term(self, page: TermPage) -> None:
        term = page.term
        title = Text(printable(term.term, one_line=True), style="bold cyan")
        title.append(f"  ({TOPIC_NAMES[term.topic]})", style="dim")
        parts: list[Any] = [title]
        if term.aliases:
            parts.append(Text("Also: " + printable(", ".join(term.aliases), one_line=True), style="dim"))
        parts.append(Text(printable(term.short), style="italic"))
        parts.append(Text())
        parts.append(markdown_text(term.definition))
        if term.example:
            parts.append(Text())
            parts.append(_labelled("Example", term.example))
        if page.related:
            parts.append(_labelled("Related", ", ".join(name for _, name in page.related)))
        if page.questions:
            parts.append(Text("Interview questions (read one with: aieng answer ID):", style="bold"))
            for question_id, question, _ in page.questions:
                item = Text(printable(question, one_line=True) + " ")
                item.append(f"[{question_id}]", style="dim")
                parts.append(self._bullet(item))
        parts.extend(self._sources(term.sources))
        self.out.print(Group(*parts))

    def _sources(self, sources: tuple[Source, ...]) -> list[Text]:
        lines = [Text("Sources:", style="bold")]
        for source in sources:
            line = Text(printable(source.title, one_line=True) + " ")
            line.append(printable(source.url, one_line=True), style="blue underline")
            lines.append(self._bullet(line))
        return lines

    def _bullet(self, text: Text) -> Text:
        """`text` as a list item whose wrapped lines stay indented under its first."""
        lines = text.wrap(self.out, max(self.out.width - len(BULLET), 20))
        item = Text()
        for index, line in enumerate(lines):
            item.append("\n" + " " * len(BULLET) if index else BULLET)
            line.rstrip()
            item.append_text(line)
        return item

    def question(self, question: Question, related: list[tuple[str, str]]) -> None:
        from rich.markdown import Markdown

        title = Text(printable(question.question), style="bold cyan")
        title.append(f"  ({TOPIC_NAMES[question.topic]}, {question.difficulty})", style="dim")
        self.out.print(title)
        self.out.print()
        self.out.print(Markdown(printable(question.answer), justify="default"))
        parts: list[Any] = [Text("Key points:", style="bold")]
        parts.extend(self._bullet(Text(printable(point, one_line=True))) for point in question.key_points)
        if related:
            parts.append(_labelled("Related", ", ".join(name for _, name in related)))
        parts.extend(self._sources(question.sources))
        self.out.print(Group(*parts))

    def short(self, term: Term) -> None:
        self.out.print(Text(printable(term.short)), soft_wrap=True)

    def hits(self, hits: list[Hit]) -> None:
        rows = [
            (hit.name, hit.short) if hit.kind == "term" else ("Q: " + hit.name, f"aieng answer {hit.id}")
            for hit in hits
        ]
        if not self.out.is_terminal:
            self._plain_rows(rows)
            return
        from rich.table import Table

        table = Table(show_header=False, box=None, pad_edge=False)
        table.add_column("name", style="bold cyan", ratio=2)
        table.add_column("short", ratio=3)
        for (name, short), hit in zip(rows, hits, strict=True):
            table.add_row(
                Text(printable(name, one_line=True)),
                Text(printable(short, one_line=True), style="dim" if hit.kind == "question" else ""),
            )
        self.out.print(table)

    def _plain_rows(self, rows: list[tuple[str, ...]]) -> None:
        """Rows for a pipe: one tab-separated line each, nothing wrapped, cut or padded."""
        for row in rows:
            sys.stdout.write("\t".join(printable(cell, one_line=True) for cell in row) + "\n")
        sys.stdout.flush()

    def term_list(self, terms: list[Term]) -> None:
        if not self.out.is_terminal:
            self._plain_rows([(term.term, term.topic, term.short) for term in terms])
            return
        from rich.table import Table

        table = Table(box=None, pad_edge=False)
        table.add_column("term", style="bold cyan", no_wrap=True, max_width=32)
        table.add_column("topic", style="dim", no_wrap=True)
        table.add_column("in one line")
        for term in terms:
            table.add_row(
                Text(printable(term.term, one_line=True)), term.topic, Text(printable(term.short, one_line=True))
            )
        self.out.print(table)

    def topics(self, counts: dict[str, tuple[int, int]]) -> None:
        from rich.table import Table

        table = Table(box=None, pad_edge=False)
        table.add_column("topic", style="bold cyan", no_wrap=True)
        table.add_column("name")
        table.add_column("terms", justify="right")
        table.add_column("questions", justify="right")
        for topic in TOPICS:
            terms, questions = counts[topic.id]
            table.add_row(topic.id, topic.name, str(terms), str(questions))
        self.out.print(table)

    @contextmanager
    def progress_bar(self, total: int, label: str) -> Iterator[Callable[[], None]]:
        """A progress bar on stderr for long jobs on a terminal; a no-op otherwise."""
        if total < PROGRESS_BAR_MIN or not self.err.is_terminal:
            yield lambda: None
            return
        from rich.progress import Progress

        with Progress(console=self.err, transient=True) as bar:
            task = bar.add_task(label, total=total)
            yield lambda: bar.advance(task)

    def settings(self, rows: dict[str, tuple[Any, str, str]]) -> None:
        from rich.table import Table

        shown = {name: "(automatic)" if value is None else _setting_text(value) for name, (value, _, _) in rows.items()}
        if not self.out.is_terminal:
            self._plain_rows([(name, shown[name], source, meaning) for name, (_, source, meaning) in rows.items()])
            return
        table = Table(box=None, pad_edge=False)
        for column in ("setting", "value", "from", "meaning"):
            table.add_column(column)
        for name, (_, source, meaning) in rows.items():
            table.add_row(name, Text(printable(shown[name], one_line=True), overflow="fold"), source, meaning)
        self.out.print(table)

    def problems(self, problems: list[Problem]) -> None:
        for problem in problems:
            self.out.print(Text(printable(str(problem), one_line=True)), soft_wrap=True)


def _setting_text(value: Any) -> str:
    """A setting as the config file spells it (`true`, not Python's `True`)."""
    return str(value).lower() if isinstance(value, bool) else str(value)


_SHADES = ((0, " ", "grey23"), (1, "░", "green4"), (5, "▒", "green3"), (15, "▓", "green1"), (30, "█", "bright_green"))
_EIGHTHS = " ▁▂▃▄▅▆▇█"


def _heatmap(rows: list[list[int | None]], start: Any) -> Text:
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


def _card_name(card_id: str) -> str:
    """`term:rag:reverse` as `rag (reverse card)`, `question:why-kv-cache` as `why-kv-cache (question)`."""
    kind, _, rest = card_id.partition(":")
    entry, _, side = rest.partition(":")
    return f"{entry} ({side} card)" if kind == "term" and side else f"{rest or card_id} ({kind})"


def _retention_bars(retention: dict[str, float | None], width: int = 30) -> Text:
    text = Text()
    for topic in TOPICS:
        share = retention.get(topic.id)
        name = topic.name if len(topic.name) <= 28 else topic.name[:27] + "…"
        text.append(f"{name:<29}")
        if share is None:
            text.append("no mature reviews in 30 days\n", style="dim")
            continue
        full, part = divmod(round(share * width * 8), 8)
        text.append("█" * full + (_EIGHTHS[part] if part else ""), style="green" if share >= 0.85 else "yellow")
        text.append(f" {share:.0%}\n")
    text.rstrip()
    return text


_INLINE = re.compile(r"(`[^`]+`|\*\*[^*]+\*\*|\*[^*\s][^*]*\*|_[^_\s][^_]*_|\[[^\]]+\]\([^)\s]+\))")


def markdown_text(source: str) -> Text:
    """The small Markdown our definitions use (paragraphs, bullets, code, bold, emphasis, links) as
    Rich Text, without importing a Markdown parser on the lookup path."""
    text = Text()
    for number, paragraph in enumerate(printable(source).split("\n\n")):
        if number:
            text.append("\n\n")
        lines = [line.strip() for line in paragraph.splitlines()]
        bullets = all(line.startswith(("- ", "* ")) for line in lines if line)
        for index, line in enumerate(lines):
            if bullets:
                text.append(("\n" if index else "") + "  • ")
                line = line[2:]
            elif index:
                text.append(" ")
            _inline(text, line)
    return text


def _inline(text: Text, line: str) -> None:
    for piece in _INLINE.split(line):
        if not piece:
            continue
        if piece.startswith("`") and piece.endswith("`") and len(piece) > 1:
            text.append(piece[1:-1], style="bold magenta")
        elif piece.startswith("**") and piece.endswith("**") and len(piece) > 4:
            text.append(piece[2:-2], style="bold")
        elif piece[0] in "*_" and piece[-1] == piece[0] and len(piece) > 2:
            text.append(piece[1:-1], style="italic")
        elif piece.startswith("[") and piece.endswith(")") and "](" in piece:
            label, url = piece[1:-1].split("](", 1)
            text.append(label, style=f"link {url}")
            text.append(f" ({url})", style="dim")
        else:
            text.append(piece)


def _labelled(label: str, text: str) -> Text:
    line = Text(f"{label}: ", style="bold")
    line.append(printable(text))
    return line


def term_json(page: TermPage) -> dict[str, Any]:
    """The documented JSON shape of `aieng define --json`."""
    term = page.term
    return {
        "id": term.id,
        "term": term.term,
        "aliases": list(term.aliases),
        "topic": term.topic,
        "topic_name": TOPIC_NAMES[term.topic],
        "tags": list(term.tags),
        "short": term.short,
        "definition": term.definition,
        "example": term.example,
        "related": [{"id": r, "term": name} for r, name in page.related],
        "questions": [{"id": i, "question": q, "difficulty": d} for i, q, d in page.questions],
        "sources": [{"title": s.title, "url": s.url} for s in term.sources],
    }


def question_json(question: Question, related: list[tuple[str, str]]) -> dict[str, Any]:
    """The documented JSON shape of `aieng answer --json`."""
    return {
        "id": question.id,
        "question": question.question,
        "topic": question.topic,
        "difficulty": question.difficulty,
        "answer": question.answer,
        "key_points": list(question.key_points),
        "related": [{"id": r, "term": name} for r, name in related],
        "sources": [{"title": s.title, "url": s.url} for s in question.sources],
    }


def hit_json(hit: Hit) -> dict[str, Any]:
    return {"kind": hit.kind, "id": hit.id, "name": hit.name, "short": hit.short, "score": hit.score}


RATING_LABELS = {1: "Again", 2: "Hard", 3: "Good", 4: "Easy"}
KEY_HELP = (
    "Enter or Space: reveal · 1 Again · 2 Hard · 3 Good · 4 Easy · Enter after reveal: the suggested rating · "
    "u: undo the last answer · s: skip this card · q: quit · ?: this help"
)


def format_interval(interval: timedelta) -> str:
    """Anki-style short interval: 10m, 5h, 4d, 2.5mo, 1.2y."""
    seconds = interval.total_seconds()
    if seconds < 60:
        return "<1m"
    if seconds < 3600:
        return f"{round(seconds / 60)}m"
    if seconds < 86400:
        return f"{round(seconds / 3600)}h"
    days = seconds / 86400
    if days < 30:
        return f"{round(days)}d"
    if days < 365:
        return f"{days / 30:.1f}mo"
    return f"{days / 365:.1f}y"


def format_when(moment: datetime, now: datetime) -> str:
    local = moment.astimezone()
    return f"in {format_interval(moment - now)} ({local:%Y-%m-%d %H:%M})" if moment > now else "now"


class QuizScreen:
    """The quiz's views, on the same consoles as every other command."""

    def __init__(self, screen: Screen) -> None:
        self.out = screen.out
        self.screen = screen

    def line(self, text: str, style: str = "") -> None:
        self.out.print(Text(printable(text), style=style), soft_wrap=True)

    def prompt(self, card: Any, position: int, total: int, kb: KnowledgeBase) -> None:
        self.out.print()
        label = {"recall": "Define this term", "reverse": "Name the term", "question": "Interview question"}[card.kind]
        self.out.print(
            Text(f"{position}/{total}  {label}  ", style="dim") + Text(f"[{TOPIC_NAMES[card.topic]}]", "dim")
        )
        if card.kind == "recall":
            self.line(kb.terms[card.entry_id].term, "bold cyan")
        elif card.kind == "reverse":
            self.line(kb.terms[card.entry_id].short, "bold")
        else:
            self.line(kb.questions[card.entry_id].question, "bold")
            self.line("Answer aloud and press Enter, or type your answer to check it against the key points.", "dim")

    def reveal(self, card: Any, kb: KnowledgeBase, covered: list[bool] | None = None) -> None:
        from rich.markdown import Markdown

        if card.kind == "question":
            question = kb.questions[card.entry_id]
            self.out.print(Markdown(printable(question.answer), justify="default"))
            self.line("Key points:", "bold")
            for index, point in enumerate(question.key_points):
                mark = "•" if covered is None else ("✓" if covered[index] else "✗")
                self.line(f"  {mark} {point}", "" if covered is None else ("green" if covered[index] else "red"))
            return
        term = kb.terms[card.entry_id]
        if card.kind == "reverse":
            names = ", ".join((term.term, *term.aliases))
            self.line(names, "bold cyan")
        else:
            self.line(term.short, "italic")
            self.out.print(Markdown(printable(term.definition), justify="default"))

    def graded(self, exact: bool, suggestion: int, term_name: str) -> None:
        if exact:
            self.line("Correct.", "green")
        elif suggestion == 2:
            self.line(f"Nearly: the spelling is {term_name}.", "yellow")
        else:
            self.line(f"Not quite: it is {term_name}.", "red")

    def ratings(self, intervals: dict[int, timedelta], suggestion: int) -> None:
        text = Text()
        for rating, interval in intervals.items():
            style = "bold reverse" if rating == suggestion else "bold"
            text.append(f"{rating} {RATING_LABELS[rating]}", style=style)
            text.append(f" {format_interval(interval)}   ", style="dim")
        self.out.print(text)

    def help(self) -> None:
        self.line(KEY_HELP, "dim")

    def notice(self, text: str) -> None:
        self.line(text, "yellow")

    def summary(self, figures: dict[str, int], seconds: float, next_due: str | None) -> None:
        self.out.print()
        minutes, secs = divmod(int(seconds), 60)
        self.line(
            f"Session over: {figures['done']} card(s), {figures['right']} right, {figures['again']} again, "
            f"{minutes}m {secs:02d}s.",
            "bold",
        )
        if next_due:
            self.line(f"Next card due {next_due}.")

    def progress(self, report: dict[str, Any]) -> None:
        from rich.table import Table

        cards, due, reviews = report["cards"], report["due"], report["reviews"]
        retention = report["retention_30d"]
        self.line("Cards", "bold")
        self.line(
            f"  {cards['total']} in all: {cards['new']} new, {cards['learning']} learning, "
            f"{cards['review']} review, {cards['relearning']} relearning"
            + (f"; {cards['orphaned']} orphaned (their entries are gone)" if cards["orphaned"] else "")
        )
        self.line("Due", "bold")
        week = "  ".join(f"{day['date'][5:]}: {day['cards']}" for day in due["next_7_days"])
        self.line(f"  now {due['now']} · today {due['today']} · next days: {week}")
        self.line("Reviews", "bold")
        shown = "n/a" if retention is None else f"{retention:.0%}"
        streak = report["streak"]
        self.line(
            f"  today {reviews['today']} · total {reviews['total']} · true retention (30 days) {shown} · "
            f"streak {streak['current']} day(s), longest {streak['longest']}"
        )
        table = Table(box=None, pad_edge=False, title=None)
        for column, justify in (
            ("topic", "left"),
            ("cards", "right"),
            ("seen", "right"),
            ("mastered", "right"),
            ("due", "right"),
        ):
            table.add_column(column, justify=justify)  # type: ignore[arg-type]
        for row in report["topics"]:
            table.add_row(row["name"], str(row["cards"]), str(row["seen"]), str(row["mastered"]), str(row["due"]))
        self.out.print(table)
        if report["leeches"]:
            self.line("Leeches (lapsed 8+ times; read them with define/answer, or add your own mnemonic):", "bold red")
            for card_id in report["leeches"]:
                self.line(f"  {_card_name(card_id)}")

    def charts(self, charts: dict[str, Any]) -> None:
        """Review heatmap (26 weeks), cards due over 30 days, retention per topic."""
        self.out.print()
        self.line("Reviews, last 26 weeks", "bold")
        self.out.print(_heatmap(charts["heatmap"], charts["heatmap_start"]))
        self.out.print()
        self.line("Cards due, next 30 days", "bold")
        self.out.print(_due_bars(charts["due"]))
        self.out.print()
        self.line("Retention per topic, last 30 days", "bold")
        self.out.print(_retention_bars(charts["retention"]))
