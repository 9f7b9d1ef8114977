"""A quiz session as a state machine: which card comes next, answering, undo, skip. No I/O.

The caller saves the progress after every `answer` (before asking for the next card) and passes
the current time into every call, so the session never reads the clock itself.
"""

from bisect import bisect_left
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, tzinfo

from aieng_cli.core.cards import Deck, StudyCard, sibling_group
from aieng_cli.core.models import Question, Term
from aieng_cli.core.progress import Progress
from aieng_cli.core.records import CardState, Review, from_micros, to_micros
from aieng_cli.core.schedule import Reviewer, is_leech

LEARN_AHEAD = timedelta(minutes=20)


@dataclass(frozen=True)
class QuizOptions:
    new_per_day: int = 10
    max_reviews: int = 200
    limit: int | None = None
    topic: str | None = None
    kind: str | None = None  # "terms" or "questions"
    cram: bool = False
    question_type: str | None = None  # only interview questions of this type


@dataclass
class Answered:
    card: StudyCard
    rating: int
    before: CardState | None
    after: CardState
    became_leech: bool


@dataclass(frozen=True)
class CardFace:
    """A card with the entry it shows: a term for recall and reverse cards, else a question."""

    card: StudyCard
    term: Term | None = None
    question: Question | None = None


@dataclass(frozen=True)
class Idle:
    """Why a session has no card to show: when the next one falls due, and whether new cards
    would be there but today's allowance (`new_per_day`) is used up or zero."""

    next_due: datetime | None
    new_held_back: bool
    new_per_day: int


@dataclass(frozen=True)
class SessionSummary:
    done: int
    right: int
    again: int


@dataclass
class Session:
    kb: Deck
    progress: Progress
    reviewer: Reviewer
    timezone: tzinfo
    options: QuizOptions
    started: datetime
    queue: list[StudyCard] = field(default_factory=list)
    learning: list[StudyCard] = field(default_factory=list)
    done: list[Answered] = field(default_factory=list)
    skipped: set[str] = field(default_factory=set)
    cram_states: dict[str, CardState] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.queue = self._cram_queue() if self.options.cram else self._daily_queue(self.started)

    # -- choosing cards -------------------------------------------------------------------------
    def _candidates(self) -> list[StudyCard]:
        wanted = {"terms": ("recall", "reverse"), "questions": ("question",)}.get(self.options.kind or "", None)
        kind_of = self.options.question_type
        return [
            card
            for card in self.kb.study_cards()
            if (self.options.topic is None or card.topic == self.options.topic)
            and (wanted is None or card.kind in wanted)
            and (kind_of is None or card.question_type == kind_of)
        ]

    def local_day(self, moment: datetime) -> date:
        return moment.astimezone(self.timezone).date()

    def _today_counts(self, now: datetime) -> tuple[int, int, set[str]]:
        """New cards introduced today, other reviews today, and sibling groups touched today.

        Works on the log's columns against today's local bounds in epoch microseconds, touching
        the log once (a log in time order is bisected, so only today's answers are looked at one
        by one), so a session starts quickly however long the history is.
        """
        today = self.local_day(now)
        start = to_micros(datetime.combine(today, time.min, self.timezone))
        end = to_micros(datetime.combine(today + timedelta(days=1), time.min, self.timezone))
        log = self.progress.reviews
        if log.in_time_order():
            low, high = bisect_left(log.time, start), bisect_left(log.time, end)
            answered = log.card[low:high]
            before = set(log.card[:low]) if answered else set()
        else:
            before, answered = set(), []
            for card, moment in zip(log.card, log.time, strict=True):
                if moment < start:
                    before.add(card)
                elif moment < end:
                    answered.append(card)
        cards = set(answered)
        touched = {sibling_group(log.card_ids[card]) for card in cards}
        return len(cards - before), sum(1 for card in answered if card in before), touched

    def _daily_queue(self, now: datetime) -> list[StudyCard]:
        """Due cards (learning steps first, then reviews, most overdue first), then new cards.

        Reads the card states' columns, so a session can start without building every card's state.
        """
        columns = self.progress.cards.columns()
        due_at = dict(zip(columns.id, columns.due, strict=True))
        state_of = dict(zip(columns.id, columns.state, strict=True))
        new_today, reviews_today, touched = self._today_counts(now)
        candidates = self._candidates()
        now_us = to_micros(now)
        due = sorted((c for c in candidates if due_at.get(c.id, now_us + 1) <= now_us), key=lambda c: due_at[c.id])
        learning_due = [c for c in due if state_of[c.id] != "review"]
        review_due = [c for c in due if state_of[c.id] == "review"]
        chosen: list[StudyCard] = []
        groups = set(touched)
        for card in learning_due:  # cards already in learning steps are today's business, not siblings
            chosen.append(card)
            groups.add(card.sibling_group)
        room = max(0, self.options.max_reviews - reviews_today)
        for card in review_due:
            if room and card.sibling_group not in groups:
                chosen.append(card)
                groups.add(card.sibling_group)
                room -= 1
        room = max(0, self.options.new_per_day - new_today)
        for card in candidates:
            if not room:
                break
            if card.id in due_at or card.sibling_group in groups:
                continue
            if card.kind == "reverse" and f"term:{card.entry_id}:recall" not in due_at:
                continue
            chosen.append(card)
            groups.add(card.sibling_group)
            room -= 1
        return chosen

    def _cram_queue(self) -> list[StudyCard]:
        columns = self.progress.cards.columns()
        due_at = dict(zip(columns.id, columns.due, strict=True))
        started = to_micros(self.started)
        seen = [c for c in self._candidates() if due_at.get(c.id, started) > started]
        return sorted(seen, key=lambda c: due_at[c.id])

    def next_card(self, now: datetime) -> StudyCard | None:
        """The card to show now, or None when the session is over."""
        if self.options.limit is not None and len(self.done) >= self.options.limit:
            return None
        states = self.progress.cards
        self.learning.sort(key=lambda c: states[c.id].due)
        if self.learning and states[self.learning[0].id].due <= now:
            return self.learning[0]
        for card in self.queue:
            if card.id not in self.skipped:
                return card
        if self.learning and states[self.learning[0].id].due <= now + LEARN_AHEAD:
            return self.learning[0]
        return None

    def remaining(self, now: datetime) -> int:
        left = sum(1 for c in self.queue if c.id not in self.skipped) + len(self.learning)
        if self.options.limit is not None:
            left = min(left, self.options.limit - len(self.done))
        return left

    def face(self, card: StudyCard) -> CardFace:
        if card.kind == "question":
            return CardFace(card, question=self.kb.question(card.entry_id))
        return CardFace(card, term=self.kb.term(card.entry_id))

    # -- answering ------------------------------------------------------------------------------
    def state_of(self, card: StudyCard) -> CardState | None:
        return (self.cram_states if self.options.cram else self.progress.cards).get(card.id)

    def preview(self, card: StudyCard, now: datetime) -> dict[int, timedelta]:
        return self.reviewer.preview(self.state_of(card) or self.progress.cards.get(card.id), card.id, now)

    def answer(self, card: StudyCard, rating: int, now: datetime, duration_ms: int | None = None) -> Answered:
        """Record `rating` for `card`; in cram mode nothing is scheduled or logged."""
        before = self.progress.cards.get(card.id)
        after = self.reviewer.review(before, card.id, rating, now)
        self._take(card)
        if self.options.cram:
            result = Answered(card, rating, before, after, False)
            if rating == 1:
                self.queue.append(card)
        else:
            self.progress.cards[card.id] = after
            self.progress.reviews.append(Review(card.id, now, rating, duration_ms))
            leech = is_leech(after) and not (before is not None and is_leech(before))
            result = Answered(card, rating, before, after, leech)
            if after.state != "review" and after.due <= now + LEARN_AHEAD:
                self.learning.append(card)
        self.done.append(result)
        return result

    def _take(self, card: StudyCard) -> None:
        if card in self.learning:
            self.learning.remove(card)
        elif card in self.queue:
            self.queue.remove(card)

    def undo(self) -> StudyCard | None:
        """Take back the last answer; returns its card, to be shown again."""
        if not self.done:
            return None
        last = self.done.pop()
        if last.card in self.learning:
            self.learning.remove(last.card)
        if self.options.cram:
            if last.rating == 1 and last.card in self.queue:
                self.queue.remove(last.card)
        else:
            self.progress.reviews.pop()
            if last.before is None:
                del self.progress.cards[last.card.id]
            else:
                self.progress.cards[last.card.id] = last.before
        self.queue.insert(0, last.card)
        return last.card

    def skip(self, card: StudyCard) -> None:
        self.skipped.add(card.id)
        self._take(card)

    def next_due(self) -> datetime | None:
        """When the next card in this session's scope falls due (None when no card has been seen)."""
        ids = {c.id for c in self._candidates()}
        columns = self.progress.cards.columns()
        dues = [due for card_id, due in zip(columns.id, columns.due, strict=True) if card_id in ids]
        return from_micros(min(dues)) if dues else None

    def new_left_today(self, now: datetime) -> int:
        new_today, _, _ = self._today_counts(now)
        unseen = any(c.id not in self.progress.cards for c in self._candidates())
        return max(0, self.options.new_per_day - new_today) if unseen else 0

    def idle(self, now: datetime) -> Idle:
        """Why there is nothing to show now (call when `next_card` is None)."""
        unseen = any(c.id not in self.progress.cards for c in self._candidates())
        held_back = unseen and not self.new_left_today(now)
        return Idle(self.next_due(), held_back, self.options.new_per_day)

    def summary(self) -> SessionSummary:
        answers = self.done
        return SessionSummary(
            len(answers), sum(1 for a in answers if a.rating > 1), sum(1 for a in answers if a.rating == 1)
        )
