"""The progress document: card states, scheduler settings and the review log, to and from JSON.

Pure: the file itself is read and written by `store.py`. The review log is the history of record;
card states are a cache of replaying it, kept in the file so loading stays cheap.
"""

import math
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from aieng_cli.schedule import STATES, Settings, default_settings
from aieng_cli.study import CardState, Review

FORMAT = "aieng-progress"
VERSION = 1


class ProgressFormatError(ValueError):
    """The document is not a progress file this version of aieng can read."""


@dataclass
class Progress:
    settings: Settings = field(default_factory=default_settings)
    cards: dict[str, CardState] = field(default_factory=dict)
    reviews: list[Review] = field(default_factory=list)
    journal_applied: int = 0  # journal entries up to this number are already in the snapshot
    journal_pending: int = field(default=0, compare=False)  # entries read from or written to the journal since


def progress_to_json(progress: Progress) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "version": VERSION,
        "scheduler": {"name": "fsrs", "major_version": 6, **progress.settings.to_json()},
        "cards": {card_id: card_to_json(state) for card_id, state in sorted(progress.cards.items())},
        "reviews": [review_to_json(review) for review in progress.reviews],
        "journal_applied": progress.journal_applied,
    }


def progress_from_json(data: Any) -> Progress:
    """Build a Progress from parsed JSON, or raise ProgressFormatError saying what is wrong."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ProgressFormatError('not an aieng progress file (no "format": "aieng-progress")')
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise ProgressFormatError("'version' is missing or not a whole number")
    if version > VERSION:
        raise ProgressFormatError(f"written by a newer aieng (format version {version}; this one reads {VERSION})")
    if version < 1:
        raise ProgressFormatError(f"unknown format version {version}")
    settings = _settings_from_json(_field(data, "scheduler", dict))
    cards = {}
    for card_id, raw in _field(data, "cards", dict).items():
        cards[card_id] = card_from_json(card_id, raw)
    reviews = [review_from_json(raw, f"reviews[{index}]") for index, raw in enumerate(_field(data, "reviews", list))]
    applied = data.get("journal_applied", 0)
    if _number(applied, "journal_applied", integer=True) < 0:
        raise ProgressFormatError("'journal_applied' must not be negative")
    return Progress(settings, cards, reviews, applied)


def _field(data: dict[str, Any], key: str, kind: type) -> Any:
    value = data.get(key)
    if not isinstance(value, kind):
        raise ProgressFormatError(f"'{key}' is missing or not a {kind.__name__}")
    return value


def _number(value: Any, where: str, *, integer: bool = False) -> Any:
    ok = isinstance(value, int if integer else (int, float)) and not isinstance(value, bool)
    if not ok or (isinstance(value, float) and not math.isfinite(value)):
        raise ProgressFormatError(f"{where} must be a finite {'whole ' if integer else ''}number, not {value!r}")
    return value


def _time(value: Any, where: str) -> datetime:
    if not isinstance(value, str):
        raise ProgressFormatError(f"{where} must be an ISO 8601 time, not {value!r}")
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise ProgressFormatError(f"{where} is not an ISO 8601 time: {value!r}") from None
    if moment.tzinfo is None:
        raise ProgressFormatError(f"{where} has no time zone: {value!r}")
    from aieng_cli.schedule import as_utc

    return as_utc(moment)


def _settings_from_json(raw: dict[str, Any]) -> Settings:
    try:
        retention = _number(raw["desired_retention"], "scheduler.desired_retention")
        steps = tuple(
            _number(s, "scheduler.learning_steps_seconds", integer=True) for s in raw["learning_steps_seconds"]
        )
        relearn = tuple(
            _number(s, "scheduler.relearning_steps_seconds", integer=True) for s in raw["relearning_steps_seconds"]
        )
        maximum = _number(raw["maximum_interval_days"], "scheduler.maximum_interval_days", integer=True)
        parameters = tuple(float(_number(p, "scheduler.parameters")) for p in raw["parameters"])
        fuzz = raw["enable_fuzzing"]
    except (KeyError, TypeError) as error:
        raise ProgressFormatError(f"'scheduler' is incomplete ({error})") from None
    if not 0 < retention < 1 or not isinstance(fuzz, bool) or maximum < 1:
        raise ProgressFormatError("'scheduler' holds values out of range")
    return Settings(float(retention), steps, relearn, maximum, fuzz, parameters)


def card_to_json(state: CardState) -> dict[str, Any]:
    return {
        "state": state.state,
        "step": state.step,
        "stability": state.stability,
        "difficulty": state.difficulty,
        "due": state.due.isoformat(),
        "last_review": state.last_review.isoformat(),
        "reps": state.reps,
        "lapses": state.lapses,
    }


def card_from_json(card_id: Any, raw: Any) -> CardState:
    where = f"cards[{card_id!r}]"
    if not isinstance(raw, dict):
        raise ProgressFormatError(f"{where} is not an object")
    try:
        state = raw["state"]
        if state not in STATES:
            raise ProgressFormatError(f"{where}.state {state!r} is not one of {', '.join(STATES)}")
        step = raw["step"]
        if step is not None:
            _number(step, f"{where}.step", integer=True)
        return CardState(
            card_id=card_id,
            state=state,
            step=step,
            stability=float(_number(raw["stability"], f"{where}.stability")),
            difficulty=float(_number(raw["difficulty"], f"{where}.difficulty")),
            due=_time(raw["due"], f"{where}.due"),
            last_review=_time(raw["last_review"], f"{where}.last_review"),
            reps=_number(raw["reps"], f"{where}.reps", integer=True),
            lapses=_number(raw["lapses"], f"{where}.lapses", integer=True),
        )
    except KeyError as error:
        raise ProgressFormatError(f"{where} has no {error}") from None


def review_to_json(review: Review) -> dict[str, Any]:
    return {
        "card": review.card_id,
        "time": review.time.isoformat(),
        "rating": review.rating,
        "duration_ms": review.duration_ms,
    }


def review_from_json(raw: Any, where: str) -> Review:
    if not isinstance(raw, dict):
        raise ProgressFormatError(f"{where} is not an object")
    try:
        card_id, rating, duration = raw["card"], raw["rating"], raw["duration_ms"]
        when = _time(raw["time"], f"{where}.time")
    except KeyError as error:
        raise ProgressFormatError(f"{where} has no {error}") from None
    if not isinstance(card_id, str) or not card_id:
        raise ProgressFormatError(f"{where}.card must be a card id")
    if _number(rating, f"{where}.rating", integer=True) not in (1, 2, 3, 4):
        raise ProgressFormatError(f"{where}.rating must be 1-4, not {rating}")
    if duration is not None and _number(duration, f"{where}.duration_ms", integer=True) < 0:
        raise ProgressFormatError(f"{where}.duration_ms must not be negative")
    return Review(card_id, when, rating, duration)


def merge_reviews(*logs: list[Review]) -> list[Review]:
    """The union of review logs in time order, each answer once (a card is answered once per instant).

    Commutative and idempotent: the result depends only on the set of answers, not on their order.
    """
    unique: dict[tuple[str, datetime], Review] = {}
    for log in logs:
        for review in log:
            key = (review.card_id, review.time)
            kept = unique.get(key)
            if kept is None or _rank(review) > _rank(kept):
                unique[key] = review
    return sorted(unique.values(), key=lambda r: (r.time, r.card_id))


def _rank(review: Review) -> tuple[int, int]:
    return (review.rating, review.duration_ms if review.duration_ms is not None else -1)
