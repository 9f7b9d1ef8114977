"""The figures behind `aieng progress`, computed from the knowledge base and the progress alone."""

from bisect import bisect_left
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo
from typing import Any

from aieng_cli.cards import StudyCard, study_cards
from aieng_cli.knowledge import KnowledgeBase
from aieng_cli.progress import Progress
from aieng_cli.schedule import is_leech
from aieng_cli.study import ReviewLog, from_micros, to_micros
from aieng_cli.topics import TOPICS

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


def progress_report(view: Overview) -> dict[str, Any]:
    """Everything `aieng progress` shows, as the documented JSON object."""
    progress, now, tz, cards, day_counts = view.progress, view.now, view.tz, view.cards, view.day_counts
    known = {card.id for card in cards}
    states = progress.cards
    by_state = Counter(states[c.id].state if c.id in states else "new" for c in cards)
    today = now.astimezone(tz).date()
    end_of_today = datetime.combine(today + timedelta(days=1), datetime.min.time(), tz)
    dues = [states[c.id].due for c in cards if c.id in states]
    upcoming = Counter((due.astimezone(tz).date() - today).days for due in dues if due > now)
    current, longest = streaks(list(day_counts), today)
    return {
        "cards": {
            "total": len(cards),
            **{name: by_state.get(name, 0) for name in ("new", "learning", "review", "relearning")},
            "orphaned": sum(1 for card_id in states if card_id not in known),
        },
        "due": {
            "now": sum(1 for due in dues if due <= now),
            "today": sum(1 for due in dues if due < end_of_today),
            "next_7_days": [
                {"date": (today + timedelta(days=offset)).isoformat(), "cards": upcoming.get(offset, 0)}
                for offset in range(1, 8)
            ],
        },
        "reviews": {"total": len(progress.reviews), "today": day_counts.get(today, 0)},
        "retention_30d": true_retention(view.retention),
        "streak": {"current": current, "longest": longest},
        "topics": _topics(cards, progress, now),
        "leeches": sorted(card_id for card_id, state in states.items() if card_id in known and is_leech(state)),
    }


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


def _topics(cards: list[StudyCard], progress: Progress, now: datetime) -> list[dict[str, Any]]:
    rows = {
        topic.id: {"id": topic.id, "name": topic.name, "cards": 0, "seen": 0, "mastered": 0, "due": 0}
        for topic in TOPICS
    }
    states = progress.cards
    for card in cards:
        row = rows[card.topic]
        row["cards"] += 1
        state = states.get(card.id)
        if state is not None:
            row["seen"] += 1
            row["mastered"] += state.state == "review" and state.stability > MASTERED_STABILITY_DAYS
            row["due"] += state.due <= now
    return list(rows.values())


HEATMAP_WEEKS = 26
DUE_DAYS = 30


def chart_data(view: Overview) -> dict[str, Any]:
    """What the pictures in `aieng progress` draw (kept out of --json, which has the figures)."""
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
    return {
        "heatmap_start": first,
        "heatmap": heatmap,
        "due": [due.get(offset, 0) for offset in range(DUE_DAYS)],
        "retention": _topic_retention(view, known),
    }


def _topic_retention(view: Overview, topics: dict[str, str]) -> dict[str, float | None]:
    topic_of = [topics.get(card_id) for card_id in view.progress.reviews.card_ids]
    passed: Counter[str | None] = Counter()
    total: Counter[str | None] = Counter()
    for (card, ok), count in view.retention.items():
        total[topic_of[card]] += count
        passed[topic_of[card]] += count if ok else 0
    return {topic.id: round(passed[topic.id] / total[topic.id], 4) if total[topic.id] else None for topic in TOPICS}
