"""The knowledge base's records: plain frozen dataclasses with no behaviour of note."""

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True, slots=True)
class Source:
    title: str
    url: str


@dataclass(frozen=True, slots=True)
class Origin:
    """Where an entry was read from, for messages (`FILE:LINE`)."""

    path: str
    line: int

    def __str__(self) -> str:
        return f"{self.path}:{self.line}"


@dataclass(frozen=True, slots=True)
class Term:
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


@dataclass(frozen=True, slots=True)
class Question:
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


@dataclass(frozen=True, slots=True)
class Problem:
    """One validation problem, reported as `FILE:LINE: message`."""

    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


@dataclass(frozen=True, slots=True)
class CardState:
    """A card's scheduling state after at least one answer (a card never answered has none)."""

    card_id: str
    state: str  # "learning", "review" or "relearning"
    step: int | None
    stability: float
    difficulty: float
    due: datetime
    last_review: datetime
    reps: int = 0
    lapses: int = 0


@dataclass(frozen=True, slots=True)
class Review:
    """One answer in the review log, the history of record."""

    card_id: str
    time: datetime
    rating: int  # 1 Again, 2 Hard, 3 Good, 4 Easy
    duration_ms: int | None = None


@dataclass(frozen=True, slots=True)
class TermPage:
    """Everything `define` shows: the term, its related terms' names and the questions about it."""

    term: Term
    related: tuple[tuple[str, str], ...]  # (id, display name)
    questions: tuple[tuple[str, str, str], ...]  # (id, question, difficulty)
