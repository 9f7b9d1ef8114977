"""The only user of fsrs: card states, one review, previews of each rating, replay of a log.

fsrs fuzzes intervals with Python's global `random`; every review seeds it from the card id and the
review time (and restores it afterwards), so replaying the review log reproduces the stored states
exactly. fsrs accepts only `datetime.timezone.utc` datetimes, and `Card()` without an id sleeps 1 ms,
so cards are always built with an explicit id derived from our card id.

fsrs is imported when a scheduler is first needed, not with this module: `progress` and the
first card of a quiz need none, and fsrs with its dependencies costs a tenth of a start.
"""

import random
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from aieng_cli.core.records import RATING_NAMES, CardState, Review

if TYPE_CHECKING:
    from fsrs import Card, Scheduler

STATES = ("learning", "review", "relearning")  # fsrs's State.Learning, State.Review, State.Relearning
LEECH_LAPSES = 8


@dataclass(frozen=True, slots=True)
class Settings:
    """What the progress file records about the scheduler, so a later fsrs cannot silently change it."""

    desired_retention: float = 0.9
    learning_steps: tuple[int, ...] = (60, 600)
    relearning_steps: tuple[int, ...] = (600,)
    maximum_interval: int = 36500
    enable_fuzzing: bool = True
    parameters: tuple[float, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            "desired_retention": self.desired_retention,
            "learning_steps_seconds": list(self.learning_steps),
            "relearning_steps_seconds": list(self.relearning_steps),
            "maximum_interval_days": self.maximum_interval,
            "enable_fuzzing": self.enable_fuzzing,
            "parameters": list(self.parameters),
        }


def default_settings(desired_retention: float = 0.9) -> Settings:
    from fsrs import Scheduler

    scheduler = Scheduler()
    return Settings(
        desired_retention=desired_retention,
        learning_steps=tuple(int(step.total_seconds()) for step in scheduler.learning_steps),
        relearning_steps=tuple(int(step.total_seconds()) for step in scheduler.relearning_steps),
        maximum_interval=scheduler.maximum_interval,
        enable_fuzzing=scheduler.enable_fuzzing,
        parameters=tuple(scheduler.parameters),
    )


class Reviewer:
    """Applies ratings to card states with one fsrs scheduler."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._built: Scheduler | None = None

    @property
    def _scheduler(self) -> "Scheduler":
        if self._built is None:
            self._built = build_scheduler(self.settings)
        return self._built

    def review(self, state: CardState | None, card_id: str, rating: int, now: datetime) -> CardState:
        """The card's state after answering `rating` (1-4) at `now`; `state` None means a new card."""
        from fsrs import Rating

        now = as_utc(now)
        card = _to_fsrs(state, card_id, now)
        saved = random.getstate()
        random.seed(f"{card_id}|{now.isoformat()}")
        try:
            updated, _log = self._scheduler.review_card(card, Rating(rating), review_datetime=now)
        finally:
            random.setstate(saved)
        lapse = state is not None and state.state == "review" and rating == 1
        return CardState(
            card_id=card_id,
            state=STATES[updated.state.value - 1],
            step=updated.step,
            stability=float(updated.stability or 0.0),
            difficulty=float(updated.difficulty or 0.0),
            due=as_utc(updated.due),
            last_review=now,
            reps=(state.reps if state else 0) + 1,
            lapses=(state.lapses if state else 0) + (1 if lapse else 0),
        )

    def preview(self, state: CardState | None, card_id: str, now: datetime) -> dict[int, timedelta]:
        """The interval each rating would give now (the same fuzz as the real answer would get)."""
        return {rating: self.review(state, card_id, rating, now).due - as_utc(now) for rating in RATING_NAMES}

    def retrievability(self, state: CardState, now: datetime) -> float:
        return float(self._scheduler.get_card_retrievability(_to_fsrs(state, state.card_id, now), as_utc(now)))

    def replay(self, reviews: Iterable[Review]) -> dict[str, CardState]:
        """Card states rebuilt from a review log (applied in time order)."""
        states: dict[str, CardState] = {}
        for review in sorted(reviews, key=lambda r: (r.time, r.card_id)):
            states[review.card_id] = self.review(states.get(review.card_id), review.card_id, review.rating, review.time)
        return states


def build_scheduler(settings: Settings) -> "Scheduler":
    """The fsrs scheduler of `settings`; raises what fsrs raises for parameters it refuses."""
    from fsrs import Scheduler

    return Scheduler(
        parameters=settings.parameters or Scheduler().parameters,
        desired_retention=settings.desired_retention,
        learning_steps=tuple(timedelta(seconds=s) for s in settings.learning_steps),
        relearning_steps=tuple(timedelta(seconds=s) for s in settings.relearning_steps),
        maximum_interval=settings.maximum_interval,
        enable_fuzzing=settings.enable_fuzzing,
    )


def is_leech(state: CardState, threshold: int = LEECH_LAPSES) -> bool:
    """Anki's leech: a card forgotten `threshold` times (8 by default) after it was learnt."""
    return state.lapses >= threshold


def as_utc(moment: datetime) -> datetime:
    """`moment` with tzinfo exactly `timezone.utc`, as fsrs requires (naive values are refused)."""
    if moment.tzinfo is None:
        raise ValueError("naive datetime: aieng works with timezone-aware times only")
    return moment.astimezone(UTC)


def fsrs_card_id(card_id: str) -> int:
    return zlib.crc32(card_id.encode("utf-8")) + 1


def _to_fsrs(state: CardState | None, card_id: str, now: datetime) -> "Card":
    from fsrs import Card, State

    if state is None:
        return Card(card_id=fsrs_card_id(card_id), due=as_utc(now))
    return Card(
        card_id=fsrs_card_id(card_id),
        state=State(STATES.index(state.state) + 1),
        step=state.step,
        stability=state.stability,
        difficulty=state.difficulty,
        due=as_utc(state.due),
        last_review=as_utc(state.last_review),
    )
