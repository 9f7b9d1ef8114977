"""The knowledge base's records: immutable named tuples (cheap to define, so lookups start fast)."""

from typing import NamedTuple


class Source(NamedTuple):
    title: str
    url: str


class Origin(NamedTuple):
    """Where an entry was read from, for messages (`FILE:LINE`)."""

    path: str
    line: int

    def __str__(self) -> str:
        return f"{self.path}:{self.line}"


class Term(NamedTuple):
    id: str
    term: str
    aliases: tuple[str, ...]
    topic: str
    tags: tuple[str, ...]
    short: str
    definition: str
    example: str | None
    related: tuple[str, ...]
    sources: tuple[Source, ...]
    origin: Origin
    override: bool = False


class Question(NamedTuple):
    id: str
    question: str
    answer: str
    key_points: tuple[str, ...]
    topic: str
    difficulty: str
    related: tuple[str, ...]
    sources: tuple[Source, ...]
    origin: Origin
    override: bool = False


class Problem(NamedTuple):
    """One validation problem, reported as `FILE:LINE: message`."""

    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


class TermPage(NamedTuple):
    """Everything `define` shows: the term, its related terms' names and the questions about it."""

    term: Term
    related: tuple[tuple[str, str], ...]  # (id, display name)
    questions: tuple[tuple[str, str, str], ...]  # (id, question, difficulty)
    corrected_from: str | None = None  # the misspelt query, when the page was found by typo correction
