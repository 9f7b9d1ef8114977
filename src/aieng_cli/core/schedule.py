"""The only user of fsrs: card states, one review, previews of each rating, replay of a log.

fsrs fuzzes intervals with Python's global `random`; every review seeds it from the card id and the
review time (and restores it afterwards), so replaying the review log reproduces the stored states
exactly. fsrs accepts only `datetime.timezone.utc` datetimes, and `Card()` without an id sleeps 1 ms,
so cards are always built with an explicit id derived from our card id.
"""

import random
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from fsrs import Card, Rating, Scheduler, State

from aieng_cli.core.records import RATING_NAMES, CardState, Review

STATE_NAMES = {State.Learning: "learning", State.Review: "review", State.Relearning: "relearning"}
STATES = {name: state for state, name in STATE_NAMES.items()}
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
        self._scheduler = Scheduler(
            parameters=settings.parameters or Scheduler().parameters,
            desired_retention=settings.desired_retention,
            learning_steps=tuple(timedelta(seconds=s) for s in settings.learning_steps),
            relearning_steps=tuple(timedelta(seconds=s) for s in settings.relearning_steps),
            maximum_interval=settings.maximum_interval,
            enable_fuzzing=settings.enable_fuzzing,
        )

    def review(self, state: CardState | None, card_id: str, rating: int, now: datetime) -> CardState:
        """The card's state after answering `rating` (1-4) at `now`; `state` None means a new card."""
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
            state=STATE_NAMES[updated.state],
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


def _to_fsrs(state: CardState | None, card_id: str, now: datetime) -> Card:
    if state is None:
        return Card(card_id=fsrs_card_id(card_id), due=as_utc(now))
    return Card(
        card_id=fsrs_card_id(card_id),
        state=STATES[state.state],
        step=state.step,
        stability=state.stability,
        difficulty=state.difficulty,
        due=as_utc(state.due),
        last_review=as_utc(state.last_review),
    )
