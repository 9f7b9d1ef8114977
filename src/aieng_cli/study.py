"""Study records: a card's scheduling state and one answer in the review log."""

from dataclasses import dataclass
from datetime import datetime


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
