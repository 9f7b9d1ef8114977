"""The mock interview as it runs: reading answers (a multi-line editor with a timer on a terminal,
one line per answer when piped), scoring each, and saving the interview when it ends."""

from collections.abc import Callable
from typing import TextIO

from aieng_cli.commands.terminal import END_OF_INPUT, ERASE, edited
from aieng_cli.core.interview import Asked, Planned, score_answer
from aieng_cli.render.interview import InterviewScreen


class EndInterview(Exception):
    """The user ended the interview early (q, or end of input before an answer)."""


class AnswerReader:
    """Answers timed by `clock` (monotonic seconds): on a terminal a multi-line editor (Enter adds
    a line, an empty line or Ctrl-D submits, Backspace joins lines), redrawn with its timer every
    second; otherwise one line each."""

    def __init__(
        self,
        stream: TextIO,
        read: Callable[[float | None], str] | None,
        view: InterviewScreen,
        clock: Callable[[], float],
    ) -> None:
        self.stream = stream
        self.read = read
        self.view = view
        self.clock = clock

    @property
    def terminal(self) -> bool:
        return self.read is not None

    def answer(self, limit_seconds: float) -> tuple[str, float]:
        """The typed answer and the seconds it took."""
        started = self.clock()
        text = self._edit(started, limit_seconds) if self.read is not None else self._line()
        return text, self.clock() - started

    def _line(self) -> str:
        line = self.stream.readline()
        if not line:
            raise EndInterview
        return line.rstrip("\r\n")

    def _edit(self, started: float, limit_seconds: float) -> str:
        assert self.read is not None
        lines = [""]
        pending = ""
        while True:
            self.view.draft(limit_seconds - (self.clock() - started), lines)
            if not pending:
                try:
                    pending = self.read(1.0)
                except EOFError:
                    pending = END_OF_INPUT
                if not pending:
                    continue  # a second passed: the timer ticks
            key, pending = (pending, "") if pending.startswith("\x1b") else (pending[0], pending[1:])
            if key == END_OF_INPUT or (key in ("\r", "\n") and not lines[-1].strip()):
                self.view.draft_done()
                return "\n".join(line for line in lines if line.strip())
            if key in ("\r", "\n"):
                lines.append("")
            elif key in ERASE and not lines[-1] and len(lines) > 1:
                lines.pop()  # Backspace at the start of a line joins it to the one above
            else:
                lines[-1] = edited(lines[-1], key)

    def next_key(self) -> str:
        """After an answer on a terminal: m (model answer), q (end) or anything else (go on)."""
        if self.read is None:
            return ""
        try:
            return self.read(None)[:1]
        except EOFError:
            return "q"


def run_interview(
    plan: list[Planned], reader: AnswerReader, view: InterviewScreen, minutes: float
) -> tuple[list[Asked], bool]:
    """Ask every planned question (and its follow-up); the answers so far when it ends early, and
    whether Ctrl-C ended it (the answers given are kept all the same)."""
    asked: list[Asked] = []
    limit = minutes * 60
    try:
        for position, planned in enumerate(plan, start=1):
            view.question(planned, position, len(plan))
            text, seconds = reader.answer(limit)
            scored = score_answer(text, planned.question.key_points, seconds)
            item = Asked(planned, scored)
            asked.append(item)
            view.scored(scored, limit)
            if planned.follow_up is not None:
                view.follow_up(planned.follow_up.question)
                text, seconds = reader.answer(limit / 2)
                item.follow_up = score_answer(text, planned.follow_up.key_points, seconds)
                view.scored(item.follow_up, limit / 2)
            if reader.terminal:
                view.next_prompt()
                key = reader.next_key()
                if key == "m":
                    view.model_answer(planned)
                    view.next_prompt()
                    key = reader.next_key()
                if key == "q":
                    break
    except EndInterview:
        pass
    except KeyboardInterrupt:
        view.stopped(len(asked))
        return asked, True
    return asked, False
