"""The errors a user can cause, each with a message, a hint and an exit code.

The CLI turns any of these into one line on stderr and its exit code, in one place.
"""

from enum import IntEnum


class ExitCode(IntEnum):
    OK = 0
    NOT_FOUND = 1
    USAGE = 2


def shown(value: object, limit: int = 60) -> str:
    """`repr(value)` for a message, cut to `limit` characters; safe for integers of any size
    (Python refuses to print one of more than 4,300 digits)."""
    try:
        text = repr(value)
    except ValueError:
        return f"a number of about {value.bit_length() * 3 // 10} digits" if isinstance(value, int) else "?"
    return text if len(text) <= limit else text[: limit - 3] + "..."


class AiengError(Exception):
    """Base class: `message` says what went wrong, `hint` what to do about it."""

    exit_code: ExitCode = ExitCode.USAGE

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def line(self) -> str:
        return f"{self.message} {self.hint}".strip()


class NotFound(AiengError):
    """A term, topic entry or search with no result."""

    exit_code = ExitCode.NOT_FOUND


class AmbiguousQuestion(NotFound):
    """Words that match several interview questions about equally well; `candidates` are
    (id, question) pairs, best first, for the caller to show."""

    def __init__(self, message: str, hint: str, candidates: tuple[tuple[str, str], ...]) -> None:
        super().__init__(message, hint)
        self.candidates = candidates


class InvalidKnowledge(AiengError):
    """A knowledge-base file failed validation."""

    exit_code = ExitCode.NOT_FOUND


class UsageError(AiengError):
    """A bad argument or option value."""


class UnreadableInput(AiengError):
    """A file that cannot be read or understood (exit 2; the file is left as it is)."""


class UnreadableProgress(UnreadableInput):
    """A progress file that cannot be read; `problem` says why, without the advice around it."""

    def __init__(self, message: str, hint: str, problem: str) -> None:
        super().__init__(message, hint)
        self.problem = problem
