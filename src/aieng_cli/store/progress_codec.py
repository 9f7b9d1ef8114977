"""The progress file's format: card states, scheduler settings and the review log, to and from JSON.

The file itself is read and written by `progress_file.py`.
"""

import json
import math
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from aieng_cli.core.card_table import CardColumns, CardTable
from aieng_cli.core.progress import Progress
from aieng_cli.core.records import MAX_DURATION_MS, CardState, Review, ReviewLog, from_micros, to_micros
from aieng_cli.core.schedule import STATES, Settings, as_utc, build_scheduler
from aieng_cli.store.action_codec import ActionFormatError, actions_from_json, actions_to_json
from aieng_cli.store.interview_codec import InterviewFormatError, interviews_from_json, interviews_to_json

FORMAT = "aieng-progress"
VERSION = 1


class ProgressFormatError(ValueError):
    """The document is not a progress file this version of aieng can read."""


def progress_to_json(progress: Progress) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "version": VERSION,
        "scheduler": {"name": "fsrs", "major_version": 6, **progress.settings.to_json()},
        "cards": _cards_to_columns(progress.cards),
        "reviews": _reviews_to_columns(progress.reviews),
        "journal_applied": progress.journal_applied,
        "actions": actions_to_json(progress.actions),
        "interviews": interviews_to_json(progress.interviews),
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
    settings = settings_from_json(_field(data, "scheduler", dict))
    cards = _cards_from_columns(_field(data, "cards", dict))
    reviews = _reviews_from_columns(_field(data, "reviews", dict))
    applied = data.get("journal_applied", 0)
    if _number(applied, "journal_applied", integer=True) < 0:
        raise ProgressFormatError("'journal_applied' must not be negative")
    try:
        actions = actions_from_json(data.get("actions"), MAX_MICROS)
        interviews = interviews_from_json(data.get("interviews"))
    except (ActionFormatError, InterviewFormatError) as error:
        raise ProgressFormatError(str(error)) from None
    return Progress(settings, cards, reviews, applied, actions=actions, interviews=interviews)


CARD_COLUMNS = ("id", "state", "step", "stability", "difficulty", "due_us", "last_review_us", "reps", "lapses")
REVIEW_COLUMNS = ("card", "time_us", "rating", "duration_ms")


def _cards_to_columns(cards: Mapping[str, CardState]) -> dict[str, list[Any]]:
    """Card states as columns: far quicker to parse than one object per card."""
    ordered = sorted(cards.values())
    return {
        "id": [s.card_id for s in ordered],
        "state": [s.state for s in ordered],
        "step": [s.step for s in ordered],
        "stability": [s.stability for s in ordered],
        "difficulty": [s.difficulty for s in ordered],
        "due_us": [to_micros(s.due) for s in ordered],
        "last_review_us": [to_micros(s.last_review) for s in ordered],
        "reps": [s.reps for s in ordered],
        "lapses": [s.lapses for s in ordered],
    }


def _columns(raw: dict[str, Any], names: tuple[str, ...], where: str) -> list[list[Any]]:
    columns = [raw.get(name) for name in names]
    if not all(isinstance(column, list) for column in columns):
        raise ProgressFormatError(f"'{where}' needs the lists {', '.join(names)}")
    lists: list[list[Any]] = columns  # type: ignore[assignment]  # all lists, checked just above
    if len({len(column) for column in lists}) > 1:
        raise ProgressFormatError(f"the lists of '{where}' differ in length")
    return lists


def _check_column(
    values: list[Any],
    where: str,
    kinds: tuple[type, ...],
    *,
    optional: bool = False,
    low: float | None = None,
    high: float | None = None,
) -> None:
    """Check a whole column at C speed; find the offending entry only when something is wrong."""
    present = [v for v in values if v is not None] if optional else values
    types = set(map(type, present))
    ok = types <= set(kinds)
    if ok and float in types:
        ok = all(map(math.isfinite, present))
    if ok and present and low is not None:
        ok = min(present) >= low
    if ok and present and high is not None:
        ok = max(present) <= high
    if ok:
        return
    for index, value in enumerate(values):
        if value is None and optional:
            continue
        bad = type(value) not in kinds or (type(value) is float and not math.isfinite(value))
        if bad or (low is not None and value < low) or (high is not None and value > high):
            raise ProgressFormatError(f"{where}[{index}] is out of range or of the wrong type: {value!r}")


MAX_MICROS = to_micros(datetime(9999, 1, 1, tzinfo=from_micros(0).tzinfo))


def _cards_from_columns(raw: dict[str, Any]) -> CardTable:
    ids, states, steps, stability, difficulty, due, last, reps, lapses = _columns(raw, CARD_COLUMNS, "cards")
    _check_column(ids, "cards.id", (str,))
    if len(set(ids)) != len(ids):
        raise ProgressFormatError("cards.id lists a card twice")
    unknown = set(states) - set(STATES) if all(isinstance(state, str) for state in states) else {"?"}
    if unknown:
        raise ProgressFormatError(f"cards.state holds {sorted(map(repr, unknown))[0]}, not one of {', '.join(STATES)}")
    _check_column(steps, "cards.step", (int,), optional=True, low=0)
    _check_column(stability, "cards.stability", (int, float), low=0)
    _check_column(difficulty, "cards.difficulty", (int, float))
    _check_column(due, "cards.due_us", (int,), low=0, high=MAX_MICROS)
    _check_column(last, "cards.last_review_us", (int,), low=0, high=MAX_MICROS)
    _check_column(reps, "cards.reps", (int,), low=0)
    _check_column(lapses, "cards.lapses", (int,), low=0)
    return build_cards(ids, states, steps, stability, difficulty, due, last, reps, lapses)


def build_cards(
    ids: list[str],
    states: list[str],
    steps: list[int | None],
    stability: list[float],
    difficulty: list[float],
    due: list[int],
    last: list[int],
    reps: list[int],
    lapses: list[int],
) -> CardTable:
    """Card states from the columns of `cards`, already checked (kept as columns until used)."""
    return CardTable(columns=CardColumns(ids, states, steps, stability, difficulty, due, last, reps, lapses))


def _reviews_to_columns(log: ReviewLog) -> dict[str, list[Any]]:
    return {
        "card_ids": log.card_ids,
        "card": log.card.tolist(),
        "time_us": log.time.tolist(),
        "rating": log.rating.tolist(),
        "duration_ms": log.durations(),
    }


def _reviews_from_columns(raw: dict[str, Any]) -> ReviewLog:
    card_ids = raw.get("card_ids")
    if not isinstance(card_ids, list):
        raise ProgressFormatError("'reviews' needs the list card_ids")
    _check_column(card_ids, "reviews.card_ids", (str,))
    if len(set(card_ids)) != len(card_ids):
        raise ProgressFormatError("reviews.card_ids lists a card twice")
    card, time, rating, duration = _columns(raw, REVIEW_COLUMNS, "reviews")
    _check_column(card, "reviews.card", (int,), low=0, high=len(card_ids) - 1)
    _check_column(time, "reviews.time_us", (int,), low=0, high=MAX_MICROS)
    _check_column(rating, "reviews.rating", (int,), low=1, high=4)
    _check_column(duration, "reviews.duration_ms", (int,), optional=True, low=0, high=MAX_DURATION_MS)
    return ReviewLog.from_columns(card_ids, card, time, rating, duration)


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
    try:
        moment = as_utc(moment)
    except OverflowError:
        raise ProgressFormatError(f"{where} is out of range: {value!r}") from None
    if not 0 <= to_micros(moment) <= MAX_MICROS:
        raise ProgressFormatError(f"{where} is out of range: {value!r}")
    return moment


def parse_time(value: Any, where: str) -> datetime:
    """An ISO 8601 time with a zone, as UTC, or ProgressFormatError naming `where`."""
    return _time(value, where)


def settings_from_json(raw: dict[str, Any], *, ask_fsrs: bool = True) -> Settings:
    """The scheduler settings, checked; `ask_fsrs` False skips fsrs's own check of the parameters
    (for the progress cache, whose copy was made from settings fsrs had accepted)."""
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
    if not 0 < retention < 1 or not isinstance(fuzz, bool) or maximum < 1 or min((*steps, *relearn), default=1) < 1:
        raise ProgressFormatError("'scheduler' holds values out of range")
    settings = Settings(float(retention), steps, relearn, maximum, fuzz, parameters)
    if not ask_fsrs:
        return settings
    try:
        build_scheduler(settings)  # fsrs checks its parameters' count and bounds
    except (ValueError, IndexError, TypeError, OverflowError) as error:
        raise ProgressFormatError(f"'scheduler' holds parameters fsrs refuses ({error})") from None
    return settings


def _not_negative(value: Any, where: str) -> Any:
    if value < 0:
        raise ProgressFormatError(f"{where} must not be negative, not {value!r}")
    return value


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
            stability=float(_not_negative(_number(raw["stability"], f"{where}.stability"), f"{where}.stability")),
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
    if duration is not None and not 0 <= _number(duration, f"{where}.duration_ms", integer=True) <= MAX_DURATION_MS:
        raise ProgressFormatError(f"{where}.duration_ms must be 0 to {MAX_DURATION_MS}, not {duration}")
    return Review(card_id, when, rating, duration)


def encode_progress(progress: Progress) -> bytes:
    """The bytes of a progress file holding `progress`."""
    return (json.dumps(progress_to_json(progress), ensure_ascii=False, separators=(",", ":")) + "\n").encode()


def encode_journal_entry(number: int, review: Review, state: CardState) -> bytes:
    """One journal line: the answer, its number, and the card's state after it."""
    return encode_journal_line({"n": number, **review_to_json(review), "state": card_to_json(state)})


def encode_journal_line(entry: dict[str, Any]) -> bytes:
    return (json.dumps(entry, ensure_ascii=False, separators=(",", ":")) + "\n").encode()
