"""The quiz at the terminal: reads keys (or lines when piped) and the clock, saves every answer.

On a terminal, keys act at once (no Enter); reverse cards and typed answers read a line. When stdin
is not a terminal, every action is one line: the first line of a card reveals it (empty) or is the
typed answer, the second is the rating (empty takes the suggestion). `q`, `s`, `u` and `?` work on
either line. End of input ends the session like `q`.
"""

import sys
from collections.abc import Callable
from datetime import datetime
from typing import TextIO

from aieng_cli.grading import covered_points, grade_term_answer, rating_for_coverage
from aieng_cli.progress_store import ProgressFile
from aieng_cli.quiz import Session, summary
from aieng_cli.render import QuizScreen, format_when

COMMANDS = ("q", "s", "u", "?")
REVEAL_KEYS = ("", " ", "\r", "\n")


class Quit(Exception):
    """The user asked to end the session (q or end of input)."""


class Keys:
    """Single key presses on a terminal; one line per action otherwise."""

    def __init__(self, stream: TextIO, terminal: bool, getchar: Callable[[], str]) -> None:
        self.stream = stream
        self.terminal = terminal
        self.getchar = getchar

    def key(self) -> str:
        return self.getchar() if self.terminal else self.line()

    def line(self, prompt: str = "", typed: str = "") -> str:
        """One line of input; on a terminal `prompt` is shown and `typed` (a key already pressed) starts it."""
        if self.terminal:
            sys.stdout.write(prompt + typed)
            sys.stdout.flush()
            try:
                return typed + input()
            except EOFError:
                raise Quit from None
        text = self.stream.readline()
        if not text:
            raise Quit
        return text.rstrip("\r\n")


class QuizLoop:
    def __init__(
        self, session: Session, file: ProgressFile | None, view: QuizScreen, keys: Keys, clock: Callable[[], datetime]
    ) -> None:
        self.session = session
        self.file = file
        self.view = view
        self.keys = keys
        self.clock = clock
        self.kb = session.kb

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
        if self.file is not None and not self.session.options.cram:
            self.file.compact(self.session.progress)
        self._summary(started)
        return code

    def _summary(self, started: datetime) -> None:
        now = self.clock()
        next_due = self.session.next_due()
        self.view.summary(
            summary(self.session), (now - started).total_seconds(), format_when(next_due, now) if next_due else None
        )

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
        card = self.session.undo()
        if card is None:
            self.view.notice("Nothing to undo.")
            return
        if self.file is not None and not self.session.options.cram:
            self.file.undo(self.session.progress)
        self.view.notice("Undone: the last answer was taken back.")

    def _one_card(self, card) -> None:  # noqa: ANN001 - StudyCard
        session = self.session
        done = len(session.done)
        self.view.prompt(card, done + 1, done + session.remaining(self.clock()), self.kb)
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
        if card.kind == "reverse":
            term = self.kb.terms[card.entry_id]
            suggestion, exact = grade_term_answer(typed, term) if typed else (1, False)
            if typed:
                self.view.graded(exact, suggestion, term.term)
        elif card.kind == "question" and typed:
            covered = covered_points(typed, self.kb.questions[card.entry_id].key_points)
            suggestion = rating_for_coverage(covered)
        self.view.reveal(card, self.kb, covered)
        self.view.ratings(session.preview(card, self.clock()), suggestion)
        rating = self._rating(card, suggestion)
        if rating is None:
            return
        now = self.clock()
        answered = session.answer(card, rating, now, int((now - shown).total_seconds() * 1000))
        if self.file is not None and not session.options.cram:
            self.file.record(session.progress, session.progress.reviews[-1], answered.after)
        if answered.became_leech:
            self.view.notice("This card has lapsed 8 times: it is a leech. Rewrite it or study it differently.")

    def _rating(self, card, suggestion: int) -> int | None:  # noqa: ANN001 - StudyCard
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
