"""A quiz session as a state machine: which card comes next, answering, undo, skip. No I/O.

The caller saves the progress after every `answer` and `act` (before asking for the next card)
and passes the current time into every call, so the session never reads the clock itself. Days
(daily limits, "today") are study days: `timezone` is a `core.days.StudyZone`.
"""

from array import array
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, tzinfo
from itertools import compress, repeat
from operator import eq, le

from aieng_cli.core.actions import CardAction, Flags, card_flags
from aieng_cli.core.cards import Deck, StudyCard, sibling_group, term_card_id
from aieng_cli.core.days import day_start, study_day
from aieng_cli.core.progress import Progress
from aieng_cli.core.quiz_types import Answered, CardFace, Idle, QuizOptions, SessionSummary
from aieng_cli.core.records import CardState, Review, from_micros, to_micros
from aieng_cli.core.schedule import Reviewer, is_leech

LEARN_AHEAD = timedelta(minutes=20)
HIDING = ("suspend", "bury")  # actions that take the card out of the session
NEVER = 2**63  # the due time of a card never answered: later than any time a file can hold


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
    events: list[Answered | CardAction] = field(default_factory=list)
    flags: dict[str, Flags] = field(default_factory=dict)
    shown: list[str] = field(default_factory=list)  # cards shown this session, in order
    planned: int = 0
    held_siblings: int = 0
    held_by_limit: int = 0

    def __post_init__(self) -> None:
        self.flags = card_flags(self.progress.actions, self.timezone)
        if self.options.missed:
            self.queue = self._missed_queue(self.started)
        elif self.options.cram:
            self.queue = self._cram_queue()
        else:
            self.queue = self._daily_queue(self.started)
        self.planned = len(self.queue) if self.options.limit is None else min(len(self.queue), self.options.limit)

    # -- choosing cards -------------------------------------------------------------------------
    def _candidates(self, now: datetime | None = None) -> list[StudyCard]:
        wanted = {"terms": ("recall", "reverse"), "questions": ("question",)}.get(self.options.kind or "", None)
        kind_of = self.options.question_type
        moment = now or self.started
        flags = self.flags
        return [
            card
            for card in self.kb.study_cards()
            if (self.options.topic is None or card.topic == self.options.topic)
            and (wanted is None or card.kind in wanted)
            and (kind_of is None or card.question_type == kind_of)
            and not (card.id in flags and flags[card.id].hidden(moment))
        ]

    def local_day(self, moment: datetime) -> date:
        return study_day(moment, self.timezone)

    def _day_bounds(self, now: datetime) -> tuple[int, int]:
        today = self.local_day(now)
        return to_micros(day_start(today, self.timezone)), to_micros(
            day_start(today + timedelta(days=1), self.timezone)
        )

    def _today_counts(self, now: datetime) -> tuple[int, int, set[str]]:
        """New cards introduced today, other reviews today, and sibling groups touched today.

        Works on the log's columns against today's bounds in epoch microseconds, so a session
        starts quickly however long the history is.
        """
        start, end = self._day_bounds(now)
        log = self.progress.reviews
        answered: Sequence[int]
        if log.in_time_order():  # bisected: only today's answers are looked at one by one
            low, high = bisect_left(log.time, start), bisect_left(log.time, end)
            answered = log.card[low:high]
            before = set(log.card[:low]) if answered else set()
        else:
            before, answered = set(), array("q")
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
        in_review = set(compress(columns.id, map(eq, columns.state, repeat("review"))))
        new_today, reviews_today, touched = self._today_counts(now)
        candidates = self._candidates(now)
        now_us = to_micros(now)
        # each candidate's due time (NEVER: not seen yet), compared and sorted in C: 10,000 cards
        dues = list(map(due_at.get, [c.id for c in candidates], repeat(NEVER)))
        order = sorted(compress(range(len(dues)), map(le, dues, repeat(now_us))), key=dues.__getitem__)
        due = [candidates[i] for i in order]
        learning_due = [c for c in due if c.id not in in_review]
        review_due = [c for c in due if c.id in in_review]
        chosen: list[StudyCard] = []
        groups = set() if self.options.siblings else set(touched)
        for card in learning_due:  # cards already in learning steps are today's business, not siblings
            chosen.append(card)
            groups.add(card.sibling_group)
        room = max(0, self.options.max_reviews - reviews_today)
        for card in review_due:
            if card.sibling_group in groups and not self.options.siblings:
                self.held_siblings += 1
            elif not room:
                self.held_by_limit += 1
            else:
                chosen.append(card)
                groups.add(card.sibling_group)
                room -= 1
        room = max(0, self.options.new_per_day - new_today)
        for card in compress(candidates, map(eq, dues, repeat(NEVER))):
            if not room:
                break
            if card.sibling_group in groups and not self.options.siblings:
                continue
            if card.kind == "reverse" and term_card_id(card.entry_id) not in due_at:
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

    def _missed_queue(self, now: datetime) -> list[StudyCard]:
        """The cards rated Again today, in the order they were first missed."""
        start, end = self._day_bounds(now)
        log = self.progress.reviews
        order: dict[str, int] = {}
        for card, moment, rating in zip(log.card, log.time, log.rating, strict=True):
            if rating == 1 and start <= moment < end:
                order.setdefault(log.card_ids[card], moment)
        wanted = [c for c in self._candidates(now) if c.id in order]
        return sorted(wanted, key=lambda c: order[c.id])

    def next_card(self, now: datetime) -> StudyCard | None:
        """The card to show now, or None when the session is over."""
        if self.options.limit is not None and len(self.done) >= self.options.limit:
            return None
        states = self.progress.cards
        self.learning.sort(key=lambda c: states[c.id].due)
        if self.learning and states[self.learning[0].id].due <= now:
            return self._showing(self.learning[0])
        for card in self.queue:
            if card.id not in self.skipped:
                return self._showing(card)
        if self.learning and states[self.learning[0].id].due <= now + LEARN_AHEAD:
            return self._showing(self.learning[0])
        return None

    def _showing(self, card: StudyCard) -> StudyCard:
        if card.id not in self.shown:
            self.shown.append(card.id)
        return card

    def position(self) -> tuple[int, int, int]:
        """(how many of the session's cards have been shown, how many were planned, how many are
        coming back for another step): the counter `7/20 +2 back`, whose total stays put as cards return."""
        place = len(self.shown)
        return place, max(self.planned, place), len(self.learning)

    def remaining(self, now: datetime) -> int:
        left = sum(1 for c in self.queue if c.id not in self.skipped) + len(self.learning)
        if self.options.limit is not None:
            left = min(left, self.options.limit - len(self.done))
        return left

    def face(self, card: StudyCard) -> CardFace:
        if card.kind == "question":
            question = self.kb.question(card.entry_id)
            return CardFace(card, question=question, related=self._names(question.related))
        term = self.kb.term(card.entry_id)
        return CardFace(card, term=term, related=self._names(term.related))

    def _names(self, ids: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
        names = []
        for term_id in ids:
            try:
                names.append((term_id, self.kb.term(term_id).term))
            except KeyError:
                continue
        return tuple(names)

    # -- answering ------------------------------------------------------------------------------
    def state_of(self, card: StudyCard) -> CardState | None:
        return (self.cram_states if self.options.practice else self.progress.cards).get(card.id)

    def preview(self, card: StudyCard, now: datetime) -> dict[int, timedelta]:
        return self.reviewer.preview(self.state_of(card) or self.progress.cards.get(card.id), card.id, now)

    def answer(self, card: StudyCard, rating: int, now: datetime, duration_ms: int | None = None) -> Answered:
        """Record `rating` for `card`; in cram and missed mode nothing is scheduled or logged.

        At the answer that makes a card a leech (`leech_threshold` lapses), the card is also
        suspended unless `leech_action` is "tag"; that suspension is in `Answered.action`.
        """
        before = self.progress.cards.get(card.id)
        after = self.reviewer.review(before, card.id, rating, now)
        self._take(card)
        if self.options.practice:
            result = Answered(card, rating, before, after, False)
            if rating == 1:
                self.queue.append(card)
        else:
            self.progress.cards[card.id] = after
            self.progress.reviews.append(Review(card.id, now, rating, duration_ms))
            threshold = self.options.leech_threshold
            leech = is_leech(after, threshold) and not (before is not None and is_leech(before, threshold))
            result = Answered(card, rating, before, after, leech)
            if leech and self.options.leech_action == "suspend":
                result.action = self._record(CardAction(card.id, now, "suspend", "leech"))
            elif after.state != "review" and after.due <= now + LEARN_AHEAD:
                self.learning.append(card)
        self.done.append(result)
        self.events.append(result)
        return result

    def act(self, card: StudyCard, action: str, now: datetime) -> CardAction:
        """Suspend, bury or mark `card` now; suspend and bury take it out of this session."""
        recorded = self._record(CardAction(card.id, now, action))
        self.events.append(recorded)
        if action in HIDING:
            self._take(card)
        return recorded

    def _record(self, action: CardAction) -> CardAction:
        self.progress.actions.append(action)
        self.flags = card_flags(self.progress.actions, self.timezone)
        return action

    def card_flags(self, card: StudyCard) -> Flags:
        return self.flags.get(card.id, Flags())

    def history(self, card: StudyCard) -> list[Review]:
        """Every answer this card has had, oldest first (the quiz's `i` key)."""
        log = self.progress.reviews
        index = log.card_ids.index(card.id) if card.id in log.card_ids else -1
        return [log[i] for i, card_index in enumerate(log.card) if card_index == index]

    def _take(self, card: StudyCard) -> None:
        if card in self.learning:
            self.learning.remove(card)
        elif card in self.queue:
            self.queue.remove(card)

    def undo(self) -> Answered | CardAction | None:
        """Take back the last answer or action; its card is shown again."""
        if not self.events:
            return None
        last = self.events.pop()
        answered = {a.card.id for a in self.done} | {a.card_id for a in self.events if isinstance(a, CardAction)}
        if self.shown and self.shown[-1] not in answered and self.shown[-1] != _card_id(last):
            self.shown.pop()  # the card on screen when undo was pressed goes back to unseen
        if isinstance(last, CardAction):
            self._unrecord(last)
            card = next(c for c in self.kb.study_cards() if c.id == last.card_id)
            if last.action in HIDING:
                self.queue.insert(0, card)
            return last
        self.done.pop()
        if last.card in self.learning:
            self.learning.remove(last.card)
        if self.options.practice:
            if last.rating == 1 and last.card in self.queue:
                self.queue.remove(last.card)
        else:
            if last.action is not None:
                self._unrecord(last.action)
            self.progress.reviews.pop()
            if last.before is None:
                del self.progress.cards[last.card.id]
            else:
                self.progress.cards[last.card.id] = last.before
        self.queue.insert(0, last.card)
        return last

    def _unrecord(self, action: CardAction) -> None:
        actions = self.progress.actions
        del actions[len(actions) - 1 - actions[::-1].index(action)]
        self.flags = card_flags(actions, self.timezone)

    def skip(self, card: StudyCard) -> None:
        self.skipped.add(card.id)
        self._take(card)

    def next_due(self, now: datetime | None = None) -> datetime | None:
        """When the next card in this session's scope falls due (None when no card has been seen);
        given `now`, the next one after it (cards due now but held back are counted apart)."""
        ids = {c.id for c in self._candidates(now)}
        columns = self.progress.cards.columns()
        dues = [due for card_id, due in zip(columns.id, columns.due, strict=True) if card_id in ids]
        if now is not None:
            dues = [due for due in dues if due > to_micros(now)]
        return from_micros(min(dues)) if dues else None

    def new_left_today(self, now: datetime) -> int:
        new_today, _, _ = self._today_counts(now)
        unseen = any(c.id not in self.progress.cards for c in self._candidates(now))
        return max(0, self.options.new_per_day - new_today) if unseen else 0

    def idle(self, now: datetime) -> Idle:
        """Why there is nothing to show now (call when `next_card` is None)."""
        unseen = any(c.id not in self.progress.cards for c in self._candidates(now))
        held_back = unseen and not self.new_left_today(now)
        return Idle(
            self.next_due(now),
            held_back,
            self.options.new_per_day,
            self.held_siblings,
            self.held_by_limit,
            self.options.max_reviews,
        )

    def summary(self) -> SessionSummary:
        answers = self.done
        missed: list[StudyCard] = []
        for answer in answers:
            if answer.rating == 1 and answer.card not in missed:
                missed.append(answer.card)
        return SessionSummary(
            len(answers),
            len({a.card.id for a in answers}),
            sum(1 for a in answers if a.rating > 1),
            sum(1 for a in answers if a.rating == 1),
            missed,
        )


def _card_id(event: Answered | CardAction) -> str:
    return event.card_id if isinstance(event, CardAction) else event.card.id
