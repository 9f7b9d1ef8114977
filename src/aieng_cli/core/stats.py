"""The figures behind `aieng progress`, computed from the knowledge base and the progress alone."""

from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Iterator, Sequence
from datetime import date, datetime, timedelta, timezone, tzinfo
from itertools import compress, repeat
from operator import and_, eq, ge, gt, is_not, le
from typing import NamedTuple

from aieng_cli.core.card_table import CardTable
from aieng_cli.core.progress import Progress
from aieng_cli.core.records import ReviewLog, from_micros, to_micros
from aieng_cli.core.schedule import LEECH_LAPSES
from aieng_cli.core.topics import TOPICS

MASTERED_STABILITY_DAYS = 21
RETENTION_WINDOW_DAYS = 30


class Overview(NamedTuple):
    """What both the figures and the pictures are computed from, gathered once."""

    progress: Progress
    now: datetime
    tz: tzinfo
    cards: int  # in the knowledge base
    day_counts: Counter[date]
    retention: Counter[tuple[int, bool]]
    topic_of: dict[str, str]  # card id -> topic, for every card of the knowledge base
    dues: list[int]  # when each studied card of the knowledge base falls due (epoch microseconds), sorted
    hidden: frozenset[str] = frozenset()  # suspended or buried cards: never due
    leech_threshold: int = LEECH_LAPSES


def overview(
    cards_by_topic: dict[str, list[str]],
    progress: Progress,
    now: datetime,
    tz: tzinfo,
    hidden: frozenset[str] = frozenset(),
    leech_threshold: int = LEECH_LAPSES,
) -> Overview:
    """Works on the columns of the review log and of the card states: no per-review or per-card objects.

    `tz` decides the days (a `core.days.StudyZone` for study days); `hidden` cards (suspended or
    buried) count as studied but never as due.
    """
    log = progress.reviews
    topic_of: dict[str, str] = {}
    for topic, ids in cards_by_topic.items():
        topic_of.update(dict.fromkeys(ids, topic))
    columns = progress.cards.columns()
    counted = [card_id in topic_of and card_id not in hidden for card_id in columns.id]
    dues = sorted(compress(columns.due, counted))
    cards = sum(map(len, cards_by_topic.values()))
    days, retention = local_day_counts(log, tz), retention_by_card(log, now)
    return Overview(progress, now, tz, cards, days, retention, topic_of, dues, hidden, leech_threshold)


class CardCounts(NamedTuple):
    total: int
    new: int
    learning: int
    review: int
    relearning: int
    orphaned: int  # cards in the progress file whose entry is gone


class DayCount(NamedTuple):
    day: date
    cards: int


class DueCounts(NamedTuple):
    now: int
    today: int
    next_7_days: list[DayCount]


class TopicRow(NamedTuple):
    id: str
    name: str
    cards: int
    seen: int
    mastered: int
    due: int


class ProgressReport(NamedTuple):
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
    leech_threshold: int = LEECH_LAPSES


def progress_report(view: Overview) -> ProgressReport:
    """The figures of `aieng progress`, from the card states' columns.

    Each figure counts a column filtered by another (`compress`, `map` over `operator`), so the
    work per card is done in C: no Python loop over 10,000 cards.
    """
    progress, now, tz, topic_of, dues = view.progress, view.now, view.tz, view.topic_of, view.dues
    now_us = to_micros(now)
    columns = progress.cards.columns()
    topics = list(map(topic_of.get, columns.id))  # None: a card whose entry is gone
    known = list(map(is_not, topics, repeat(None)))
    by_state = Counter(compress(columns.state, known))
    review = map(eq, columns.state, repeat("review"))
    mastered = map(and_, review, map(gt, columns.stability, repeat(MASTERED_STABILITY_DAYS)))
    per_topic = (  # cards, seen, mastered, due
        Counter(topic_of.values()),
        Counter(compress(topics, known)),
        Counter(compress(topics, mastered)),
        Counter(compress(topics, map(and_, map(le, columns.due, repeat(now_us)), _shown(columns.id, view.hidden)))),
    )
    leeches = compress(columns.id, map(and_, known, map(ge, columns.lapses, repeat(view.leech_threshold))))
    today = now.astimezone(tz).date()
    end_of_today = to_micros(datetime.combine(today + timedelta(days=1), datetime.min.time(), tz))
    upcoming = due_day_offsets(dues, now, tz, bisect_right(dues, now_us), now + timedelta(days=9))
    current, longest = streaks(list(view.day_counts), today)
    counts = CardCounts(
        view.cards,
        view.cards - sum(by_state.values()),
        by_state.get("learning", 0),
        by_state.get("review", 0),
        by_state.get("relearning", 0),
        known.count(False),
    )
    due = DueCounts(
        bisect_right(dues, now_us),
        bisect_left(dues, end_of_today),
        [DayCount(today + timedelta(days=offset), upcoming.get(offset, 0)) for offset in range(1, 8)],
    )
    return ProgressReport(
        counts,
        due,
        len(progress.reviews),
        view.day_counts.get(today, 0),
        true_retention(view.retention),
        current,
        longest,
        [TopicRow(topic.id, topic.name, *(counts[topic.id] for counts in per_topic)) for topic in TOPICS],
        sorted(leeches),
        view.leech_threshold,
    )


def _shown(ids: list[str], hidden: frozenset[str]) -> list[bool]:
    return [card_id not in hidden for card_id in ids] if hidden else [True] * len(ids)


def due_day_offsets(dues: list[int], now: datetime, tz: tzinfo, first: int, until: datetime) -> Counter[int]:
    """Local days from today to each due time in `dues[first:]` before `until` (sorted dues;
    only those are converted to a local date)."""
    today = now.astimezone(tz).date()
    last = bisect_left(dues, to_micros(until), first)
    return Counter((from_micros(due).astimezone(tz).date() - today).days for due in dues[first:last])


def local_day_counts(log: ReviewLog, tz: tzinfo) -> Counter[date]:
    """Reviews per local date, without converting every review to a datetime.

    The zone's offset is looked up once per UTC day (once in all for a fixed offset). Over a run
    of days with one offset, the local days' boundaries are found by bisecting the sorted times,
    so the cost follows the number of days, not of reviews; only a day on which the offset
    changes (a DST switch) converts its reviews one by one.
    """
    times = log.time if log.in_time_order() else sorted(log.time)
    if not times:
        return Counter()
    first, last = times[0] // DAY, times[-1] // DAY
    if isinstance(tz, timezone):  # a fixed offset (the usual local zone): one for every day
        offsets = [_offset_micros(first * DAY, tz)] * (last - first + 2)
    else:
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
    card: Sequence[int] = log.card
    time: Sequence[int] = log.time
    rating: Sequence[int] = log.rating
    if not log.in_time_order():
        order = sorted(range(len(log)), key=time.__getitem__)
        card, time, rating = ([column[i] for i in order] for column in (card, time, rating))
    first = bisect_left(time, start)
    if first == len(time):
        return
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


HEATMAP_WEEKS = 26
DUE_DAYS = 30


class Charts(NamedTuple):
    """What the pictures in `aieng progress` draw (kept out of --json, which has the figures)."""

    heatmap_start: date  # a Monday
    heatmap: list[list[int | None]]  # 7 rows (Monday first) of HEATMAP_WEEKS weeks; None: still to come
    due: list[int]  # cards due on each of the next DUE_DAYS days, today first
    retention: dict[str, float | None]  # by topic id


def chart_data(view: Overview) -> Charts:
    now, tz, per_day = view.now, view.tz, view.day_counts
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
    # A zone's offset moves a time's local date by at most a day (Samoa, 2011): every due time
    # more than three days ago is on a day before today, and only the rest are converted.
    dues = view.dues
    recent = bisect_left(dues, to_micros(now - timedelta(days=3)))
    offsets = due_day_offsets(dues, now, tz, recent, now + timedelta(days=DUE_DAYS + 3))
    due = Counter({0: recent})
    for offset, count in offsets.items():
        due[max(0, offset)] += count
    return Charts(
        first, heatmap, [due.get(offset, 0) for offset in range(DUE_DAYS)], _topic_retention(view, view.topic_of)
    )


def _topic_retention(view: Overview, topics: dict[str, str]) -> dict[str, float | None]:
    topic_of = [topics.get(card_id) for card_id in view.progress.reviews.card_ids]
    passed: Counter[str | None] = Counter()
    total: Counter[str | None] = Counter()
    for (card, ok), count in view.retention.items():
        total[topic_of[card]] += count
        passed[topic_of[card]] += count if ok else 0
    return {topic.id: round(passed[topic.id] / total[topic.id], 4) if total[topic.id] else None for topic in TOPICS}


def narrowed(progress: Progress, card_ids: set[str]) -> Progress:
    """`progress` with only the states and answers of `card_ids` (`progress --topic`); the card
    actions stay, so suspended cards still do not count as due."""
    log = progress.reviews
    keep = [log.card_ids[card] in card_ids for card in log.card]
    reviews = ReviewLog()
    for card, time, rating, duration in compress(zip(log.card, log.time, log.rating, log.duration, strict=True), keep):
        reviews.card.append(reviews.intern(log.card_ids[card]))
        reviews.time.append(time)
        reviews.rating.append(rating)
        reviews.duration.append(duration)
    states = {card_id: state for card_id, state in progress.cards.items() if card_id in card_ids}
    return Progress(progress.settings, CardTable(states), reviews, actions=progress.actions)
