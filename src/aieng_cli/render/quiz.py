"""The quiz's views: the card, the typed answer, the back, the rating row, messages, the summary.

Every view wraps at word boundaries to the terminal's width, prose capped at `PROSE_WIDTH`
(`Screen.line`), so nothing is wider than a 45-column terminal and `aieng quiz | tee log` reads
as it was shown.
"""

from __future__ import annotations

import sys
from datetime import datetime, timedelta, tzinfo

from rich.text import Text

from aieng_cli.core.actions import CardAction, Flags
from aieng_cli.core.models import Source
from aieng_cli.core.quiz_types import CardFace, Idle, SessionSummary
from aieng_cli.core.records import RATING_NAMES, Review
from aieng_cli.core.topics import TOPIC_NAMES
from aieng_cli.render import Screen
from aieng_cli.render.formats import format_interval, format_when
from aieng_cli.render.live import LiveRows
from aieng_cli.render.text import markdown_source, printable, visible_rows, web_link, wrap_words

LINE_HELP = (
    "Each action is a line. Before the answer: Enter reveals it, or type your answer. After it: 1 Again, "
    "2 Hard, 3 Good, 4 Easy, or Enter for the suggested rating. A line holding only a command runs it: u undo, "
    "s skip, @ suspend, - bury until tomorrow, * mark, i history, q quit, ? this help. End of input quits."
)
KEY_HELP = (
    "Keys. Before the answer: Enter or Space reveals it. After it: 1 Again, 2 Hard, 3 Good, 4 Easy; "
    "Enter takes the suggested rating. Any time: u undo the last answer or action, s skip this card, "
    "@ suspend it, - bury it until tomorrow, * mark it, i its history, q or Ctrl-D quit, ? this help. "
    "On an interview question, typing starts your answer and Enter submits it; there a command is a "
    "line holding only its key (q, s, u, @, -, *, i or ?) and Enter."
)
LABELS = {"recall": "Define this term", "reverse": "Name the term", "question": "Interview question"}
UNDONE = {
    None: "Nothing to undo.",
    "answer": "Undone: the last answer was taken back.",
    "suspend": "Undone: the card is no longer suspended.",
    "bury": "Undone: the card is no longer buried.",
    "mark": "Undone: the card is no longer marked.",
    "unmark": "Undone: the card is marked again.",
}
ACTION_DONE = {
    "suspend": "Suspended: this card will not come up until `aieng cards unsuspend {card}`.",
    "bury": "Buried until tomorrow's study day.",
    "mark": "Marked (list marked cards with: aieng cards list --marked).",
    "unmark": "Unmarked.",
}


class QuizScreen:
    """The quiz's views, on the same consoles as every other command; times shown in `zone`."""

    def __init__(self, screen: Screen, zone: tzinfo, *, lines: bool = False) -> None:
        self.out = screen.out
        self.screen = screen
        self.zone = zone
        self.lines = lines  # each action is a line (piped), not a key
        self._typed = LiveRows(sys.stdout)

    def line(self, text: str, style: str = "") -> None:
        self.screen.line(text, style)

    def prompt(self, face: CardFace, position: tuple[int, int, int], flags: Flags) -> None:
        card = face.card
        place, total, returning = position
        self.out.print()
        counter = f"{place}/{total}" + (f" +{returning} back" if returning else "")
        marked = "  * marked" if flags.marked else ""
        self.line(f"{counter}  {LABELS[card.kind]}  [{TOPIC_NAMES[card.topic]}]{marked}", "dim")
        if face.term is not None and card.kind == "recall":
            self.line(face.term.term, "bold cyan")
            self.line("Enter reveals · ? and Enter: keys" if self.lines else "Space or Enter reveals · ?: keys", "dim")
        elif face.term is not None:
            self.line(face.term.short, "bold")
        elif face.question is not None:
            self.line(face.question.question, "bold")
            self.line(
                "Answer aloud and press Enter, or type your answer and press Enter to check it against the "
                "key points. Commands here are a line of their own (? and Enter for help).",
                "dim",
            )

    def typed(self, prompt: str, text: str) -> None:
        """Redraw the answer being typed, whole and wrapped, in place (a terminal only)."""
        width = max(self.out.width - 1, 10)
        lines = visible_rows(wrap_words(printable(text, one_line=True), width, prompt), max(self.out.height - 2, 3))
        self._typed.draw(lines)

    def typed_done(self) -> None:
        self._typed.done()

    def reveal(self, face: CardFace, covered: list[bool] | None = None) -> None:
        from rich.markdown import Markdown

        width = self.screen.prose_width()
        if face.question is not None:
            question = face.question
            self.out.print(Markdown(markdown_source(question.answer), justify="default"), width=width)
            self.line("Key points:", "bold")
            for index, point in enumerate(question.key_points):
                mark = "•" if covered is None else ("✓" if covered[index] else "✗")
                style = "" if covered is None else ("green" if covered[index] else "red")
                self.out.print(self.screen.bullet(Text(printable(point, one_line=True), style), mark), width=width)
            self._back(face, question.sources)
            return
        term = face.term
        assert term is not None
        if face.card.kind == "reverse":
            self.line(", ".join((term.term, *term.aliases)), "bold cyan")
        self.line(term.short, "italic")
        self.out.print(Markdown(markdown_source(term.definition), justify="default"), width=width)
        if term.example:
            self.line(f"Example: {term.example}")
        self._back(face, term.sources)

    def _back(self, face: CardFace, sources: tuple[Source, ...]) -> None:
        if face.related:
            self.line("Related: " + ", ".join(name for _, name in face.related), "dim")
        for source in sources:
            self.line(f"Source: {source.title} {source.url if web_link(source.url) else ''}".rstrip(), "dim")
        self.line(f"Card: {face.card.id}", "dim")

    def graded(self, exact: bool, suggestion: int, term_name: str) -> None:
        if exact:
            self.line("Correct.", "green")
        elif suggestion == 2:
            self.line(f"Nearly: the spelling is {term_name}.", "yellow")
        else:
            self.line(f"Not quite: it is {term_name}.", "red")

    def ratings(self, intervals: dict[int, timedelta], suggestion: int, reason: str) -> None:
        """The rating row (one rating per line on a narrow terminal) and the suggestion in words,
        so a script reading the output knows what an empty line picks."""
        parts = []
        for rating, interval in intervals.items():
            part = Text(f"{rating} {RATING_NAMES[rating]}", style="bold reverse" if rating == suggestion else "bold")
            part.append(f" {format_interval(interval)}", style="dim")
            parts.append(part)
        row = Text("   ").join(parts)
        if row.cell_len > self.out.width:
            row = Text("\n").join(parts)
        self.out.print(row)
        self.line(f"suggested: {suggestion} {RATING_NAMES[suggestion]} ({reason}); Enter takes it", "dim")

    def history(self, card_id: str, reviews: list[Review], flags: Flags) -> None:
        self.line(f"History of {card_id}:", "bold")
        if not reviews:
            self.line("  no answers yet")
        for review in reviews:
            seconds = "" if review.duration_ms is None else f", {review.duration_ms / 1000:.0f}s"
            self.line(f"  {review.time.astimezone(self.zone):%Y-%m-%d %H:%M}  {RATING_NAMES[review.rating]}{seconds}")
        states = [name for name, on in (("suspended", flags.suspended), ("marked", flags.marked)) if on]
        if states:
            self.line("  " + ", ".join(states))

    def undone(self, what: str | None) -> None:
        """What undo took back: "answer", an action, or None for nothing."""
        self.notice(UNDONE[what])

    def acted(self, action: CardAction) -> None:
        self.notice(ACTION_DONE[action.action].format(card=action.card_id))

    def help(self) -> None:
        self.line(LINE_HELP if self.lines else KEY_HELP, "dim")

    def rated(self, rating: int, interval: timedelta) -> None:
        """The rating given and when the card comes back, so a log shows what was chosen."""
        self.line(f"→ {rating} {RATING_NAMES[rating]}: next in {format_interval(interval)}", "dim")

    def notice(self, text: str) -> None:
        self.line(text, "yellow")

    def idle(self, idle: Idle, now: datetime) -> None:
        """Why there is nothing to study now, and what would change that."""
        held = idle.held_siblings + idle.held_by_limit
        message = "Nothing due now." if not held else f"{held} due card(s) held back for today."
        if idle.held_siblings:
            message += (
                f" {idle.held_siblings} because the other card of the same term was studied today"
                " (show them anyway with --siblings)."
            )
        if idle.held_by_limit:
            message += (
                f" {idle.held_by_limit} by today's review limit of {idle.max_reviews} (raise it with --max-reviews N)."
            )
        if idle.next_due:
            message += f" Next card due {format_when(idle.next_due, now, self.zone)}."
        if idle.new_held_back:
            message += (
                " New cards are off (--new 0)."
                if idle.new_per_day == 0
                else f" Today's {idle.new_per_day} new cards are done (take more with --new N)."
            )
        self.notice(message)

    def summary(
        self, figures: SessionSummary, seconds: float, next_due: datetime | None, now: datetime, missed: list[str]
    ) -> None:
        """The session in one line, then each missed card with its one-liner (`missed`)."""
        self.out.print()
        minutes, secs = divmod(int(seconds), 60)
        answers = "1 answer" if figures.answers == 1 else f"{figures.answers} answers"
        cards = "1 card" if figures.cards == 1 else f"{figures.cards} cards"
        self.line(
            f"Session over: {answers} on {cards}, {figures.right} right, {figures.again} again, "
            f"{minutes}m {secs:02d}s.",
            "bold",
        )
        if missed:
            self.line("Missed (drill them again with: aieng quiz --missed):", "bold")
            for line in missed:
                self.out.print(
                    self.screen.bullet(Text(printable(line, one_line=True))), width=self.screen.prose_width()
                )
        if next_due:
            self.line(f"Next card due {format_when(next_due, now, self.zone)}.")
