"""The quiz at the terminal: reads keys (or lines when piped) and the clock, saves every answer.

On a terminal (stdin and stdout both), keys act at once (no Enter) on term cards; reverse cards
and interview questions read a typed line, shown whole and wrapped as it is typed, where a command
is a line holding only its key. Otherwise every action is one line: the first line of a card
reveals it (empty) or is the typed answer, the second is the rating (empty takes the suggestion);
commands work on either line. End of input (Ctrl-D) ends the session like `q`.
"""

from collections import deque
from collections.abc import Callable
from datetime import datetime
from typing import TextIO

from aieng_cli.core.actions import CardAction
from aieng_cli.core.cards import StudyCard
from aieng_cli.core.quiz import Session
from aieng_cli.core.quiz_types import Answered, CardFace
from aieng_cli.render.quiz import QuizScreen
from aieng_cli.store.progress_file import ProgressFile

COMMANDS = ("q", "s", "u", "?", "@", "-", "*", "i")
ACTION_KEYS = {"@": "suspend", "-": "bury"}
REVEAL_KEYS = ("", " ", "\r", "\n")
END_OF_INPUT = "\x04"
ERASE = ("\x7f", "\x08")


def edited(text: str, key: str) -> str:
    """`text` after one editing key: a printable key types itself (Tab a space), Backspace erases a
    character, Ctrl-U the line, Ctrl-W the last word; any other key (an arrow, a control) changes
    nothing. Shared by the quiz's typed answers and the interview's editor."""
    if key in ERASE:
        return text[:-1]
    if key == "\x15":
        return ""
    if key == "\x17":
        kept = text.rstrip().rpartition(" ")[0]
        return kept + " " if kept else ""
    if key == "\t":
        return text + " "
    if key.isprintable() and not key.startswith("\x1b"):
        return text + key
    return text


class Quit(Exception):
    """The user asked to end the session (q or end of input)."""


class Keys:
    """Key presses on a terminal (from `read`, several at once when pasted); lines otherwise."""

    def __init__(self, stream: TextIO, terminal: bool, read: Callable[[], str], view: QuizScreen) -> None:
        self.stream = stream
        self.terminal = terminal
        self.read = read
        self.view = view
        self.pending: deque[str] = deque()

    def key(self) -> str:
        """One key (an escape sequence, an arrow key say, counts as one); a line when piped."""
        if not self.terminal:
            return self.line()
        if not self.pending:
            try:
                chunk = self.read()
            except EOFError:
                raise Quit from None
            self.pending.extend([chunk] if chunk.startswith("\x1b") else chunk)
        key = self.pending.popleft()
        if key == END_OF_INPUT:
            raise Quit
        return key

    def line(self, prompt: str = "") -> str:
        """One line of input. On a terminal the typed text is shown whole and wrapped, Backspace,
        Ctrl-U (the whole line) and Ctrl-W (a word) edit it, Enter submits; Ctrl-D on an empty
        line ends the session and submits a typed one."""
        if not self.terminal:
            text = self.stream.readline()
            if not text:
                raise Quit
            return text.rstrip("\r\n")
        typed = ""
        self.view.typed(prompt, typed)
        while True:
            try:
                key = self.key()
            except Quit:
                if not typed:
                    self.view.typed_done()
                    raise
                key = "\r"
            if key in ("\r", "\n"):
                self.view.typed_done()
                return typed
            typed = edited(typed, key)
            self.view.typed(prompt, typed)


class SavedSession:
    """A quiz session whose every answer and card action is saved before the next card shows
    (in cram and missed mode only actions: answers there change no schedule).

    The one place that decides when the progress file is written during a quiz.
    """

    def __init__(self, session: Session, file: ProgressFile) -> None:
        self.session = session
        self.file = file
        self.wrote = False

    def answer(self, card: StudyCard, rating: int, now: datetime, duration_ms: int) -> Answered:
        answered = self.session.answer(card, rating, now, duration_ms)
        if not self.session.options.practice:
            progress = self.session.progress
            self.file.record(progress, progress.reviews[-1], answered.after)
            if answered.action is not None:
                self.file.record_action(progress, answered.action)
            self.wrote = True
        return answered

    def act(self, card: StudyCard, action: str, now: datetime) -> CardAction:
        recorded = self.session.act(card, action, now)
        self.file.record_action(self.session.progress, recorded)
        self.wrote = True
        return recorded

    def undo(self) -> Answered | CardAction | None:
        last = self.session.undo()
        if last is None:
            return None
        if isinstance(last, CardAction) or not self.session.options.practice:
            self.file.undo(self.session.progress)
        if isinstance(last, Answered) and last.action is not None:
            self.file.undo(self.session.progress)
        return last

    def finish(self) -> None:
        """Fold the session's journal into the progress file."""
        if self.wrote:
            self.file.compact(self.session.progress)


class QuizLoop:
    def __init__(self, saved: SavedSession, view: QuizScreen, keys: Keys, clock: Callable[[], datetime]) -> None:
        self.saved = saved
        self.session = saved.session
        self.view = view
        self.keys = keys
        self.clock = clock

    def run(self) -> int:
        """Run the session to its end; the exit code (130 when interrupted)."""
        started = self.clock()
        code = 0
        options = self.session.options
        if options.cram:
            self.view.notice("Cram mode: practising cards that are not due; your schedule will not change.")
        if options.missed:
            self.view.notice("Drilling today's missed cards again; your schedule will not change.")
        try:
            while (card := self.session.next_card(self.clock())) is not None:
                self._one_card(card)
        except Quit:
            pass
        except KeyboardInterrupt:
            code = 130
        self.saved.finish()
        now = self.clock()
        summary = self.session.summary()
        missed = [self._missed_line(card) for card in summary.missed]
        self.view.summary(summary, (now - started).total_seconds(), self.session.next_due(), now, missed)
        return code

    def _missed_line(self, card: StudyCard) -> str:
        face = self.session.face(card)
        if face.term is not None:
            return f"{face.term.term}: {face.term.short}"
        assert face.question is not None
        return f"{face.question.question} ({card.id})"

    def _command(self, key: str, card: StudyCard) -> bool:
        """Handle a command key; True when it ends this card's turn."""
        if key == "q":
            raise Quit
        if key == "?":
            self.view.help()
            return False
        if key == "u":
            self._undo()
            return True
        if key == "s":
            self.session.skip(card)
            return True
        if key == "i":
            self.view.history(card.id, self.session.history(card), self.session.card_flags(card))
            return False
        if key == "*":
            marked = self.session.card_flags(card).marked
            self.view.acted(self.saved.act(card, "unmark" if marked else "mark", self.clock()))
            return False
        self.view.acted(self.saved.act(card, ACTION_KEYS[key], self.clock()))
        return True

    def _undo(self) -> None:
        last = self.saved.undo()
        self.view.undone(last.action if isinstance(last, CardAction) else None if last is None else "answer")

    def _one_card(self, card: StudyCard) -> None:
        session = self.session
        face = session.face(card)
        self.view.prompt(face, session.position(), session.card_flags(card))
        shown = self.clock()
        typed = self._front(card)
        if typed is None:
            return
        suggestion, reason, covered = self._suggest(face, typed)
        self.view.reveal(face, covered)
        self.view.ratings(session.preview(card, self.clock()), suggestion, reason)
        rating = self._rating(card, suggestion)
        if rating is None:
            return
        now = self.clock()
        took = max(0, int((now - shown).total_seconds() * 1000))  # the clock may be set back meanwhile
        answered = self.saved.answer(card, rating, now, took)
        self.view.rated(rating, answered.after.due - now)
        if answered.became_leech:
            lapses = answered.after.lapses
            if answered.action is not None:
                self.view.notice(
                    f"This card has lapsed {lapses} times: it is a leech and is now suspended. Rewrite it "
                    f"(aieng edit {card.entry_id}) or study it differently, then: aieng cards unsuspend {card.id}"
                )
            else:
                self.view.notice(
                    f"This card has lapsed {lapses} times: it is a leech. Rewrite it or study it differently."
                )

    def _front(self, card: StudyCard) -> str | None:
        """Read until the card is revealed: the typed answer ("" for none), or None when a command
        ended the card's turn."""
        typing = card.kind in ("reverse", "question")
        while True:
            if card.kind == "reverse":
                entry = self.keys.line("Your answer (Enter to reveal): ")
            elif typing and self.keys.terminal:
                entry = self.keys.line("Your answer: ")
            else:
                entry = self.keys.key()
            command = entry.strip()
            if command in COMMANDS:
                if self._command(command, card):
                    return None
                continue
            if not typing and entry not in REVEAL_KEYS:
                continue  # any other key on a term card: wait for a reveal key
            return entry.strip()

    def _suggest(self, face: CardFace, typed: str) -> tuple[int, str, list[bool] | None]:
        """The suggested rating, how it was reached, and the key points a typed answer covers."""
        from aieng_cli.core.grading import covered_points, grade_term_answer, rating_for_coverage  # typed answers only

        if face.term is not None and face.card.kind == "reverse":
            if not typed:
                return 1, "no answer typed", None
            suggestion, exact = grade_term_answer(typed, face.term)
            self.view.graded(exact, suggestion, face.term.term)
            return suggestion, "exact name" if exact else ("near miss" if suggestion == 2 else "wrong name"), None
        if face.question is not None and typed:
            covered = covered_points(typed, face.question.key_points)
            return rating_for_coverage(covered), f"{sum(covered)} of {len(covered)} key points", covered
        return 3, "rate yourself", None

    def _rating(self, card: StudyCard, suggestion: int) -> int | None:
        while True:
            key = self.keys.key().strip()
            if key in ("1", "2", "3", "4"):
                return int(key)
            if key == "":
                return suggestion
            if key in COMMANDS:
                if self._command(key, card):
                    return None
                continue
            if not self.keys.terminal:
                self.view.notice(f"Unknown answer {key!r}: type 1-4, Enter, or one of {' '.join(COMMANDS)}.")
