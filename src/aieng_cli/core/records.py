"""Study records: a card's scheduling state, one answer, the review log as columns, an interview."""

from collections.abc import Iterable, Iterator, Sequence
from datetime import UTC, datetime, timedelta
from itertools import repeat
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


class ReviewLog(Sequence[Review]):
    """The review log kept as parallel columns, so a long history loads and summarises quickly.

    Card ids are interned (`card_ids` plus an index per review) and times are exact UTC epoch
    microseconds; `Review` objects are built only when an entry is read.
    """

    def __init__(self, reviews: Iterable[Review] = ()) -> None:
        self.card_ids: list[str] = []
        self._index: dict[str, int] | None = {}  # card id -> its place in card_ids; None: not built yet
        self._ordered: bool | None = None  # whether `time` never decreases; None: not known yet
        self.card: list[int] = []
        self.time: list[int] = []
        self.rating: list[int] = []
        self.duration: list[int | None] = []
        for review in reviews:
            self.append(review)

    @classmethod
    def from_columns(
        cls, card_ids: list[str], card: list[int], time: list[int], rating: list[int], duration: list[int | None]
    ) -> "ReviewLog":
        log = cls()
        log.card_ids, log.card, log.time, log.rating, log.duration = card_ids, card, time, rating, duration
        log._index = None  # built by the first `intern`: a log that is only read never needs it
        return log

    def in_time_order(self) -> bool:
        """Whether the times never decrease: a log aieng writes always is, an edited one may not be
        (then summaries sort it first). Found once, and kept up to date as answers are added."""
        if self._ordered is None:
            self._ordered = self.time == sorted(self.time)
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
        self.duration.append(review.duration_ms)

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
        return Review(
            self.card_ids[self.card[index]], from_micros(self.time[index]), self.rating[index], self.duration[index]
        )

    def __iter__(self) -> Iterator[Review]:
        ids = self.card_ids
        for card, time, rating, duration in zip(self.card, self.time, self.rating, self.duration, strict=True):
            yield Review(ids[card], from_micros(time), rating, duration)

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
