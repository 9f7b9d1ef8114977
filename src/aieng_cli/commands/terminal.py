"""The quiz at the terminal: reads keys (or lines when piped) and the clock, saves every answer.

On a terminal, keys act at once (no Enter); reverse cards and typed answers read a line. When stdin
is not a terminal, every action is one line: the first line of a card reveals it (empty) or is the
typed answer, the second is the rating (empty takes the suggestion). `q`, `s`, `u` and `?` work on
either line. End of input ends the session like `q`.
"""

from collections.abc import Callable
from datetime import datetime
from typing import TextIO

from aieng_cli.core.cards import StudyCard
from aieng_cli.core.quiz import Answered, Session
from aieng_cli.render.quiz import QuizScreen
from aieng_cli.store.progress_file import ProgressFile

COMMANDS = ("q", "s", "u", "?")
REVEAL_KEYS = ("", " ", "\r", "\n")


class Quit(Exception):
    """The user asked to end the session (q or end of input)."""


class Keys:
    """Single key presses on a terminal; one line per action otherwise."""

    def __init__(self, stream: TextIO, terminal: bool, getchar: Callable[[], str], echo: Callable[[str], None]) -> None:
        self.stream = stream
        self.terminal = terminal
        self.getchar = getchar
        self.echo = echo  # shows a prompt, and the key that began a typed line, before the line is read

    def key(self) -> str:
        return self.getchar() if self.terminal else self.line()

    def line(self, prompt: str = "", typed: str = "") -> str:
        """One line of input; on a terminal `prompt` is shown and `typed` (a key already pressed) starts it."""
        if self.terminal:
            self.echo(prompt + typed)
            try:
                return typed + input()
            except EOFError:
                raise Quit from None
        text = self.stream.readline()
        if not text:
            raise Quit
        return text.rstrip("\r\n")


class SavedSession:
    """A quiz session whose every answer is saved before the next card shows (none in cram mode).

    The one place that decides when the progress file is written during a quiz.
    """

    def __init__(self, session: Session, file: ProgressFile | None) -> None:
        self.session = session
        self.file = file if not session.options.cram else None

    def answer(self, card: StudyCard, rating: int, now: datetime, duration_ms: int) -> Answered:
        answered = self.session.answer(card, rating, now, duration_ms)
        if self.file is not None:
            progress = self.session.progress
            self.file.record(progress, progress.reviews[-1], answered.after)
        return answered

    def undo(self) -> StudyCard | None:
        card = self.session.undo()
        if card is not None and self.file is not None:
            self.file.undo(self.session.progress)
        return card

    def finish(self) -> None:
        """Fold the session's journal into the progress file."""
        if self.file is not None:
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
        if self.session.options.cram:
            self.view.notice("Cram mode: practising cards that are not due; your schedule will not change.")
        try:
            while (card := self.session.next_card(self.clock())) is not None:
                self._one_card(card)
        except Quit:
            pass
        except KeyboardInterrupt:
            code = 130
        self.saved.finish()
        now = self.clock()
        self.view.summary(self.session.summary(), (now - started).total_seconds(), self.session.next_due(), now)
        return code

    def _command(self, key: str) -> bool:
        """Handle q/u/?; True when the key was a command that ends this card's turn."""
        if key == "q":
            raise Quit
        if key == "?":
            self.view.help()
            return False
        if key == "u":
            self._undo()
            return True
        return False

    def _undo(self) -> None:
        if self.saved.undo() is None:
            self.view.notice("Nothing to undo.")
            return
        self.view.notice("Undone: the last answer was taken back.")

    def _one_card(self, card: StudyCard) -> None:
        session = self.session
        done = len(session.done)
        face = session.face(card)
        self.view.prompt(face, done + 1, done + session.remaining(self.clock()))
        shown = self.clock()
        typed = ""
        while True:
            if card.kind == "reverse":
                entry = self.keys.line(prompt="Your answer (Enter to reveal): ")
            else:
                entry = self.keys.key()
                if card.kind == "question" and entry not in REVEAL_KEYS and entry not in COMMANDS:
                    entry = self.keys.line(typed=entry) if self.keys.terminal else entry
            if entry.strip() in COMMANDS:
                if entry.strip() == "s":
                    session.skip(card)
                    return
                if self._command(entry.strip()):
                    return
                continue
            if card.kind == "recall" and entry not in REVEAL_KEYS:
                continue  # any other key on a terminal: wait for a reveal key
            typed = entry.strip()
            break
        suggestion = 3
        covered = None
        # grading (and the search code it uses) loads when it is first needed, not at the start
        from aieng_cli.core.grading import covered_points, grade_term_answer, rating_for_coverage

        if face.term is not None and card.kind == "reverse":
            term = face.term
            suggestion, exact = grade_term_answer(typed, term) if typed else (1, False)
            if typed:
                self.view.graded(exact, suggestion, term.term)
        elif face.question is not None and typed:
            covered = covered_points(typed, face.question.key_points)
            suggestion = rating_for_coverage(covered)
        self.view.reveal(face, covered)
        self.view.ratings(session.preview(card, self.clock()), suggestion)
        rating = self._rating(card, suggestion)
        if rating is None:
            return
        now = self.clock()
        answered = self.saved.answer(card, rating, now, int((now - shown).total_seconds() * 1000))
        if answered.became_leech:
            self.view.notice("This card has lapsed 8 times: it is a leech. Rewrite it or study it differently.")

    def _rating(self, card: StudyCard, suggestion: int) -> int | None:
        while True:
            key = self.keys.key().strip()
            if key in ("1", "2", "3", "4"):
                return int(key)
            if key == "":
                return suggestion
            if key == "s":
                self.session.skip(card)
                return None
            if key in COMMANDS:
                if self._command(key):
                    return None
                continue
            if not self.keys.terminal:
                self.view.notice(f"Unknown answer {key!r}: type 1-4, Enter, u, s, q or ?.")
