"""Study records: a card's scheduling state, one answer, the review log as columns, an interview."""

from array import array
from collections.abc import Iterable, Iterator, Sequence
from datetime import UTC, datetime, timedelta
from itertools import islice, repeat
from operator import le
from typing import Any, NamedTuple, overload

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
RATING_NAMES = {1: "Again", 2: "Hard", 3: "Good", 4: "Easy"}  # fsrs's vocabulary, used everywhere


class CardState(NamedTuple):
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


class Review(NamedTuple):
    """One answer in the review log, the history of record."""

    card_id: str
    time: datetime
    rating: int  # 1 Again, 2 Hard, 3 Good, 4 Easy
    duration_ms: int | None = None


class InterviewRecord(NamedTuple):
    """A finished mock interview as it is kept in the history of record (`core.interview`)."""

    id: str  # the start time and the seed: the same interview has the same id in every copy
    started: datetime
    seed: int
    score: float
    questions: list[dict[str, Any]]  # the JSON report's per-question objects
    topics: list[dict[str, Any]]  # [{id, score}]

    def as_json(self) -> dict[str, Any]:
        """The record as `aieng interview --json` prints it, which is also how the file keeps it."""
        return {
            "id": self.id,
            "started": self.started.isoformat(),
            "seed": self.seed,
            "score": self.score,
            "questions": self.questions,
            "topics": self.topics,
        }


def to_micros(moment: datetime) -> int:
    """Exact microseconds since the epoch (a float timestamp would round)."""
    delta = moment - EPOCH
    return (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds


def from_micros(micros: int) -> datetime:
    return EPOCH + timedelta(microseconds=micros)


def from_micros_column(micros: Iterable[int]) -> Iterator[datetime]:
    """`from_micros` over a column, the per-item work done in C (10,000 cards: 3x quicker)."""
    return map(EPOCH.__add__, map(timedelta, repeat(0), repeat(0), micros))


NO_DURATION = -1  # how the duration column holds an answer whose time was not measured
MAX_DURATION_MS = 2**53  # the longest answer time a file may record: the column holds 64-bit numbers


class ReviewLog(Sequence[Review]):
    """The review log kept as parallel columns, so a long history loads and summarises quickly.

    Card ids are interned (`card_ids` plus an index per review), times are exact UTC epoch
    microseconds, and the numeric columns are `array`s: 150,000 reviews take 4 MB instead of 20,
    and a log read from the progress cache (`store.progress_cache`) is four copies of bytes, with
    no Python integer built until one is read. A duration never measured is `NO_DURATION` in its
    column. `Review` objects are built only when an entry is read.
    """

    def __init__(self, reviews: Iterable[Review] = ()) -> None:
        self.card_ids: list[str] = []
        self._index: dict[str, int] | None = {}  # card id -> its place in card_ids; None: not built yet
        self._ordered: bool | None = None  # whether `time` never decreases; None: not known yet
        self.card = array("q")
        self.time = array("q")
        self.rating = array("b")
        self.duration = array("q")
        for review in reviews:
            self.append(review)

    @classmethod
    def from_columns(
        cls,
        card_ids: list[str],
        card: Iterable[int],
        time: Iterable[int],
        rating: Iterable[int],
        duration: Iterable[int | None],
    ) -> "ReviewLog":
        """A log from checked columns (a duration of None: not measured)."""
        times = list(time)
        return cls.from_arrays(
            card_ids,
            array("q", card),
            array("q", times),
            array("b", rating),
            array("q", [NO_DURATION if d is None else d for d in duration]),
            ordered=times == sorted(times),  # on the list: three times quicker than on the array
        )

    @classmethod
    def from_arrays(
        cls,
        card_ids: list[str],
        card: "array[int]",
        time: "array[int]",
        rating: "array[int]",
        duration: "array[int]",
        ordered: bool | None = None,
    ) -> "ReviewLog":
        """A log holding these columns as they are (`duration` uses NO_DURATION)."""
        log = cls()
        log.card_ids, log.card, log.time, log.rating, log.duration = card_ids, card, time, rating, duration
        log._index = None  # built by the first `intern`: a log that is only read never needs it
        log._ordered = ordered
        return log

    def durations(self) -> list[int | None]:
        """The duration column with None for an answer whose time was not measured."""
        return [None if d == NO_DURATION else d for d in self.duration]

    def in_time_order(self) -> bool:
        """Whether the times never decrease: a log aieng writes always is, an edited one may not be
        (then summaries sort it first). Found once, and kept up to date as answers are added."""
        if self._ordered is None:
            time = self.time
            self._ordered = all(map(le, time, islice(time, 1, None)))
        return self._ordered

    def intern(self, card_id: str) -> int:
        if self._index is None:
            self._index = dict(zip(self.card_ids, range(len(self.card_ids)), strict=True))
        index = self._index.get(card_id)
        if index is None:
            index = self._index[card_id] = len(self.card_ids)
            self.card_ids.append(card_id)
        return index

    def append(self, review: Review) -> None:
        moment = to_micros(review.time)
        if self._ordered and self.time and moment < self.time[-1]:
            self._ordered = False
        self.card.append(self.intern(review.card_id))
        self.time.append(moment)
        self.rating.append(review.rating)
        self.duration.append(NO_DURATION if review.duration_ms is None else review.duration_ms)

    def pop(self) -> Review:
        last = self[-1]
        for column in (self.card, self.time, self.rating, self.duration):
            column.pop()
        if not self._ordered:
            self._ordered = None
        return last

    def __len__(self) -> int:
        return len(self.time)

    @overload
    def __getitem__(self, index: int) -> Review: ...
    @overload
    def __getitem__(self, index: slice) -> list[Review]: ...
    def __getitem__(self, index: int | slice) -> Review | list[Review]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        duration = self.duration[index]
        return Review(
            self.card_ids[self.card[index]],
            from_micros(self.time[index]),
            self.rating[index],
            None if duration == NO_DURATION else duration,
        )

    def __iter__(self) -> Iterator[Review]:
        ids = self.card_ids
        for card, time, rating, duration in zip(self.card, self.time, self.rating, self.duration, strict=True):
            yield Review(ids[card], from_micros(time), rating, None if duration == NO_DURATION else duration)

    def __eq__(self, other: Any) -> bool:
        if isinstance(other, ReviewLog):
            mine = [self.card_ids[i] for i in self.card]
            theirs = [other.card_ids[i] for i in other.card]
            return (mine, self.time, self.rating, self.duration) == (theirs, other.time, other.rating, other.duration)
        if isinstance(other, list):
            return list(self) == other
        return NotImplemented

    def __repr__(self) -> str:
        return f"ReviewLog({len(self)} reviews)"
