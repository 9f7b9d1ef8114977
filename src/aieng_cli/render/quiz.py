"""The quiz's views: the card, the answer, the rating row, messages and the summary."""

from __future__ import annotations

from datetime import datetime, timedelta, tzinfo

from rich.text import Text

from aieng_cli.core.quiz import CardFace, Idle, SessionSummary
from aieng_cli.core.records import RATING_NAMES
from aieng_cli.core.topics import TOPIC_NAMES
from aieng_cli.render import Screen
from aieng_cli.render.formats import format_interval, format_when
from aieng_cli.render.text import markdown_source

KEY_HELP = (
    "Enter or Space: reveal · 1 Again · 2 Hard · 3 Good · 4 Easy · Enter after reveal: the suggested rating · "
    "u: undo the last answer · s: skip this card · q: quit · ?: this help"
)
LABELS = {"recall": "Define this term", "reverse": "Name the term", "question": "Interview question"}


class QuizScreen:
    """The quiz's views, on the same consoles as every other command; times shown in `zone`."""

    def __init__(self, screen: Screen, zone: tzinfo) -> None:
        self.out = screen.out
        self.screen = screen
        self.zone = zone

    def line(self, text: str, style: str = "") -> None:
        self.screen.line(text, style)

    def prompt(self, face: CardFace, position: int, total: int) -> None:
        card = face.card
        self.out.print()
        heading = Text(f"{position}/{total}  {LABELS[card.kind]}  ", style="dim")
        self.out.print(heading + Text(f"[{TOPIC_NAMES[card.topic]}]", "dim"))
        if face.term is not None and card.kind == "recall":
            self.line(face.term.term, "bold cyan")
        elif face.term is not None:
            self.line(face.term.short, "bold")
        elif face.question is not None:
            self.line(face.question.question, "bold")
            self.line("Answer aloud and press Enter, or type your answer to check it against the key points.", "dim")

    def reveal(self, face: CardFace, covered: list[bool] | None = None) -> None:
        from rich.markdown import Markdown

        if face.question is not None:
            question = face.question
            self.out.print(Markdown(markdown_source(question.answer), justify="default"))
            self.line("Key points:", "bold")
            for index, point in enumerate(question.key_points):
                mark = "•" if covered is None else ("✓" if covered[index] else "✗")
                self.line(f"  {mark} {point}", "" if covered is None else ("green" if covered[index] else "red"))
            return
        term = face.term
        assert term is not None
        if face.card.kind == "reverse":
            self.line(", ".join((term.term, *term.aliases)), "bold cyan")
        else:
            self.line(term.short, "italic")
            self.out.print(Markdown(markdown_source(term.definition), justify="default"))

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
            text.append(f"{rating} {RATING_NAMES[rating]}", style=style)
            text.append(f" {format_interval(interval)}   ", style="dim")
        self.out.print(text)

    def help(self) -> None:
        self.line(KEY_HELP, "dim")

    def notice(self, text: str) -> None:
        self.line(text, "yellow")

    def idle(self, idle: Idle, now: datetime) -> None:
        """Why there is nothing to study now, and what would change that."""
        message = "Nothing due now."
        if idle.next_due:
            message += f" Next card due {format_when(idle.next_due, now, self.zone)}."
        if idle.new_held_back:
            message += (
                " New cards are off (--new 0)."
                if idle.new_per_day == 0
                else f" Today's {idle.new_per_day} new cards are done (take more with --new N)."
            )
        self.notice(message)

    def summary(self, figures: SessionSummary, seconds: float, next_due: datetime | None, now: datetime) -> None:
        self.out.print()
        minutes, secs = divmod(int(seconds), 60)
        self.line(
            f"Session over: {figures.done} card(s), {figures.right} right, {figures.again} again, "
            f"{minutes}m {secs:02d}s.",
            "bold",
        )
        if next_due:
            self.line(f"Next card due {format_when(next_due, now, self.zone)}.")
