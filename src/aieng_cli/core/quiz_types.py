"""The quiz session's values: its options, an answer, a card's face, why it is idle, its summary."""

from dataclasses import dataclass, field
from datetime import datetime

from aieng_cli.core.actions import CardAction
from aieng_cli.core.cards import StudyCard
from aieng_cli.core.models import Question, Term
from aieng_cli.core.records import CardState
from aieng_cli.core.schedule import LEECH_LAPSES


@dataclass(frozen=True)
class QuizOptions:
    new_per_day: int = 10
    max_reviews: int = 200
    limit: int | None = None
    topic: str | None = None
    kind: str | None = None  # "terms" or "questions"
    cram: bool = False
    question_type: str | None = None  # only interview questions of this type
    siblings: bool = False  # also show a card whose sibling was studied today
    missed: bool = False  # drill today's missed cards again, the schedule unchanged
    leech_threshold: int = LEECH_LAPSES
    leech_action: str = "suspend"  # or "tag"

    @property
    def practice(self) -> bool:
        """Answers are practice only: nothing is scheduled or logged (cram and missed)."""
        return self.cram or self.missed


@dataclass
class Answered:
    card: StudyCard
    rating: int
    before: CardState | None
    after: CardState
    became_leech: bool
    action: CardAction | None = None  # the suspension a new leech got


@dataclass(frozen=True)
class CardFace:
    """A card with the entry it shows: a term for recall and reverse cards, else a question."""

    card: StudyCard
    term: Term | None = None
    question: Question | None = None
    related: tuple[tuple[str, str], ...] = ()  # (id, name) of the related terms, for the back


@dataclass(frozen=True)
class Idle:
    """Why a session has no card to show: when the next one falls due, whether new cards would be
    there but today's allowance (`new_per_day`) is used up or zero, and how many due cards are
    held back because their sibling was studied today or today's review limit is reached."""

    next_due: datetime | None
    new_held_back: bool
    new_per_day: int
    held_siblings: int = 0
    held_by_limit: int = 0
    max_reviews: int = 0


@dataclass(frozen=True)
class SessionSummary:
    answers: int
    cards: int
    right: int
    again: int
    missed: list[StudyCard] = field(default_factory=list)
