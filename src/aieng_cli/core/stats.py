"""The figures behind `aieng progress`, computed from the knowledge base and the progress alone."""

from bisect import bisect_left
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo

from aieng_cli.core.cards import StudyCard, study_cards
from aieng_cli.core.knowledge import KnowledgeBase
from aieng_cli.core.progress import Progress
from aieng_cli.core.records import ReviewLog, from_micros, to_micros
from aieng_cli.core.schedule import is_leech
from aieng_cli.core.topics import TOPICS

MASTERED_STABILITY_DAYS = 21
RETENTION_WINDOW_DAYS = 30


@dataclass(frozen=True)
class Overview:
    """What both the figures and the pictures are computed from, gathered once."""

    progress: Progress
    now: datetime
    tz: tzinfo
    cards: list[StudyCard]
    day_counts: Counter[date]
    retention: Counter[tuple[int, bool]]


def overview(kb: KnowledgeBase, progress: Progress, now: datetime, tz: tzinfo) -> Overview:
    log = progress.reviews
    return Overview(progress, now, tz, study_cards(kb), local_day_counts(log, tz), retention_by_card(log, now))


@dataclass(frozen=True)
class CardCounts:
    total: int
    new: int
    learning: int
    review: int
    relearning: int
    orphaned: int  # cards in the progress file whose entry is gone


@dataclass(frozen=True)
class DayCount:
    day: date
    cards: int


@dataclass(frozen=True)
class DueCounts:
    now: int
    today: int
    next_7_days: list[DayCount]


@dataclass(frozen=True)
class TopicRow:
    id: str
    name: str
    cards: int
    seen: int
    mastered: int
    due: int


@dataclass(frozen=True)
class ProgressReport:
    """Everything `aieng progress` shows in figures."""

    cards: CardCounts
    due: DueCounts
    reviews_total: int
    reviews_today: int
    retention_30d: float | None
    streak_current: int
    streak_longest: int
    topics: list[TopicRow]
    leeches: list[str]  # card ids


def progress_report(view: Overview) -> ProgressReport:
    """The figures of `aieng progress`."""
    progress, now, tz, cards, day_counts = view.progress, view.now, view.tz, view.cards, view.day_counts
    known = {card.id for card in cards}
    states = progress.cards
    by_state = Counter(states[c.id].state if c.id in states else "new" for c in cards)
    today = now.astimezone(tz).date()
    end_of_today = datetime.combine(today + timedelta(days=1), datetime.min.time(), tz)
    dues = [states[c.id].due for c in cards if c.id in states]
    upcoming = Counter((due.astimezone(tz).date() - today).days for due in dues if due > now)
    current, longest = streaks(list(day_counts), today)
    counts = CardCounts(
        len(cards),
        by_state.get("new", 0),
        by_state.get("learning", 0),
        by_state.get("review", 0),
        by_state.get("relearning", 0),
        sum(1 for card_id in states if card_id not in known),
    )
    due = DueCounts(
        sum(1 for due in dues if due <= now),
        sum(1 for due in dues if due < end_of_today),
        [DayCount(today + timedelta(days=offset), upcoming.get(offset, 0)) for offset in range(1, 8)],
    )
    return ProgressReport(
        counts,
        due,
        len(progress.reviews),
        day_counts.get(today, 0),
        true_retention(view.retention),
        current,
        longest,
        _topics(cards, progress, now),
        sorted(card_id for card_id, state in states.items() if card_id in known and is_leech(state)),
    )


def local_day_counts(log: ReviewLog, tz: tzinfo) -> Counter[date]:
    """Reviews per local date, without converting every review to a datetime.

    The zone's offset is looked up once per UTC day. Over a run of days with one offset, the local
    days' boundaries are found by bisecting the sorted times, so the cost follows the number of
    days, not of reviews; only a day on which the offset changes (a DST switch) converts its
    reviews one by one.
    """
    times = log.time if log.time == sorted(log.time) else sorted(log.time)
    if not times:
        return Counter()
    first, last = times[0] // DAY, times[-1] // DAY
    offsets = [_offset_micros(day * DAY, tz) for day in range(first, last + 2)]
    by_day_number: Counter[int] = Counter()
    counts: Counter[date] = Counter()
    day = first
    while day <= last:
        offset = offsets[day - first]
        end = day
        while end <= last and offsets[end - first + 1] == offset:
            end += 1
        low = bisect_left(times, day * DAY)
        if end == day:  # the offset changes during this day
            high = bisect_left(times, (day + 1) * DAY)
            counts.update(from_micros(m).astimezone(tz).date() for m in times[low:high])
            day += 1
            continue
        high = bisect_left(times, end * DAY)
        if low < high:  # local day k starts at k * DAY - offset: count each day with one bisection
            for number in range((times[low] + offset) // DAY, (times[high - 1] + offset) // DAY + 1):
                following = bisect_left(times, (number + 1) * DAY - offset, low, high)
                if following > low:
                    by_day_number[number] += following - low
                low = following
        day = end
    for number, count in by_day_number.items():
        counts[EPOCH_DATE + timedelta(days=number)] += count
    return counts


def _offset_micros(micros: int, tz: tzinfo) -> int:
    offset = from_micros(micros).astimezone(tz).utcoffset()
    return (offset.days * 86_400 + offset.seconds) * 1_000_000 + offset.microseconds if offset else 0


EPOCH_DATE = date(1970, 1, 1)
HOUR = 3_600_000_000
DAY = 24 * HOUR


def mature_reviews(log: ReviewLog, since: datetime) -> Iterator[tuple[int, int]]:
    """(card index, rating) of each review since `since` of a card in the review state.

    A review counts as one of a card in the review state when the card's previous answer was at
    least a day earlier: learning and relearning steps are minutes apart, review intervals are days.
    """
    start = to_micros(since)
    card, time, rating = log.card, log.time, log.rating
    if time != sorted(time):
        order = sorted(range(len(log)), key=time.__getitem__)
        card, time, rating = ([column[i] for i in order] for column in (card, time, rating))
    first = bisect_left(time, start)
    last_seen = dict(zip(card[:first], time[:first], strict=True))  # each card's last answer before the window
    for index in range(first, len(time)):
        previous = last_seen.get(card[index])
        if previous is not None and time[index] - previous >= DAY:
            yield card[index], rating[index]
        last_seen[card[index]] = time[index]


def retention_by_card(log: ReviewLog, now: datetime) -> Counter[tuple[int, bool]]:
    """(card index, passed) tallies of mature reviews in the last 30 days: one pass serves both
    the overall and the per-topic retention."""
    return Counter(
        (card, rating > 1) for card, rating in mature_reviews(log, now - timedelta(days=RETENTION_WINDOW_DAYS))
    )


def true_retention(tallies: Counter[tuple[int, bool]]) -> float | None:
    """Share of reviews of mature cards in the last 30 days not rated Again (None with no such review)."""
    total = sum(tallies.values())
    passed = sum(count for (_, ok), count in tallies.items() if ok)
    return round(passed / total, 4) if total else None


def streaks(days: list[date], today: date) -> tuple[int, int]:
    """(current, longest) runs of consecutive days with a review; today may still be to come."""
    studied = set(days)
    longest = run = 0
    for day in sorted(studied):
        run = run + 1 if day - timedelta(days=1) in studied else 1
        longest = max(longest, run)
    start = today if today in studied else today - timedelta(days=1)
    current = 0
    while start - timedelta(days=current) in studied:
        current += 1
    return current, longest


def _topics(cards: list[StudyCard], progress: Progress, now: datetime) -> list[TopicRow]:
    tallies = {topic.id: [0, 0, 0, 0] for topic in TOPICS}  # cards, seen, mastered, due
    states = progress.cards
    for card in cards:
        row = tallies[card.topic]
        row[0] += 1
        state = states.get(card.id)
        if state is not None:
            row[1] += 1
            row[2] += state.state == "review" and state.stability > MASTERED_STABILITY_DAYS
            row[3] += state.due <= now
    return [TopicRow(topic.id, topic.name, *tallies[topic.id]) for topic in TOPICS]


HEATMAP_WEEKS = 26
DUE_DAYS = 30


@dataclass(frozen=True)
class Charts:
    """What the pictures in `aieng progress` draw (kept out of --json, which has the figures)."""

    heatmap_start: date  # a Monday
    heatmap: list[list[int | None]]  # 7 rows (Monday first) of HEATMAP_WEEKS weeks; None: still to come
    due: list[int]  # cards due on each of the next DUE_DAYS days, today first
    retention: dict[str, float | None]  # by topic id


def chart_data(view: Overview) -> Charts:
    progress, now, tz, cards, per_day = view.progress, view.now, view.tz, view.cards, view.day_counts
    today = now.astimezone(tz).date()
    first = today - timedelta(days=today.weekday() + 7 * (HEATMAP_WEEKS - 1))  # a Monday, 26 weeks back
    heatmap = [
        [
            per_day.get(first + timedelta(weeks=week, days=day), 0)
            if first + timedelta(weeks=week, days=day) <= today
            else None
            for week in range(HEATMAP_WEEKS)
        ]
        for day in range(7)
    ]
    known = {card.id: card.topic for card in cards}
    due: Counter[int] = Counter()
    for card_id, state in progress.cards.items():
        if card_id in known:
            offset = max(0, (state.due.astimezone(tz).date() - today).days)
            if offset < DUE_DAYS:
                due[offset] += 1
    return Charts(first, heatmap, [due.get(offset, 0) for offset in range(DUE_DAYS)], _topic_retention(view, known))


def _topic_retention(view: Overview, topics: dict[str, str]) -> dict[str, float | None]:
    topic_of = [topics.get(card_id) for card_id in view.progress.reviews.card_ids]
    passed: Counter[str | None] = Counter()
    total: Counter[str | None] = Counter()
    for (card, ok), count in view.retention.items():
        total[topic_of[card]] += count
        passed[topic_of[card]] += count if ok else 0
    return {topic.id: round(passed[topic.id] / total[topic.id], 4) if total[topic.id] else None for topic in TOPICS}
