"""The figures behind `aieng progress`, computed from the knowledge base and the progress alone."""

from collections import Counter
from datetime import date, datetime, timedelta, tzinfo
from typing import Any

from aieng_cli.cards import study_cards
from aieng_cli.knowledge import KnowledgeBase
from aieng_cli.progress import Progress
from aieng_cli.schedule import is_leech
from aieng_cli.topics import TOPICS

MASTERED_STABILITY_DAYS = 21
RETENTION_WINDOW_DAYS = 30


def progress_report(kb: KnowledgeBase, progress: Progress, now: datetime, tz: tzinfo) -> dict[str, Any]:
    """Everything `aieng progress` shows, as the documented JSON object."""
    cards = study_cards(kb)
    known = {card.id for card in cards}
    states = progress.cards
    by_state = Counter(states[c.id].state if c.id in states else "new" for c in cards)
    today = now.astimezone(tz).date()
    end_of_today = datetime.combine(today + timedelta(days=1), datetime.min.time(), tz)
    dues = [states[c.id].due for c in cards if c.id in states]
    upcoming = Counter((due.astimezone(tz).date() - today).days for due in dues if due > now)
    review_days = [review.time.astimezone(tz).date() for review in progress.reviews]
    current, longest = streaks(review_days, today)
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
        "reviews": {"total": len(progress.reviews), "today": sum(1 for day in review_days if day == today)},
        "retention_30d": true_retention(progress, now),
        "streak": {"current": current, "longest": longest},
        "topics": _topics(cards, progress, now),
        "leeches": sorted(card_id for card_id, state in states.items() if card_id in known and is_leech(state)),
    }


def true_retention(progress: Progress, now: datetime) -> float | None:
    """Share of reviews of mature cards in the last 30 days not rated Again (None with no such review).

    A review counts as one of a card in the review state when the card's previous answer was at
    least a day earlier: learning and relearning steps are minutes apart, review intervals are days.
    """
    since = now - timedelta(days=RETENTION_WINDOW_DAYS)
    last_seen: dict[str, datetime] = {}
    passed = total = 0
    for review in sorted(progress.reviews, key=lambda r: r.time):
        previous = last_seen.get(review.card_id)
        if review.time >= since and previous is not None and review.time - previous >= timedelta(days=1):
            total += 1
            passed += review.rating > 1
        last_seen[review.card_id] = review.time
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


def _topics(cards: list, progress: Progress, now: datetime) -> list[dict[str, Any]]:
    rows = []
    for topic in TOPICS:
        mine = [c for c in cards if c.topic == topic.id]
        states = [progress.cards[c.id] for c in mine if c.id in progress.cards]
        rows.append(
            {
                "id": topic.id,
                "name": topic.name,
                "cards": len(mine),
                "seen": len(states),
                "mastered": sum(1 for s in states if s.state == "review" and s.stability > MASTERED_STABILITY_DAYS),
                "due": sum(1 for s in states if s.due <= now),
            }
        )
    return rows


HEATMAP_WEEKS = 26
DUE_DAYS = 30


def chart_data(kb: KnowledgeBase, progress: Progress, now: datetime, tz: tzinfo) -> dict[str, Any]:
    """What the pictures in `aieng progress` draw (kept out of --json, which has the figures)."""
    today = now.astimezone(tz).date()
    first = today - timedelta(days=today.weekday() + 7 * (HEATMAP_WEEKS - 1))  # a Monday, 26 weeks back
    per_day = Counter(review.time.astimezone(tz).date() for review in progress.reviews)
    heatmap = [
        [
            per_day.get(first + timedelta(weeks=week, days=day), 0)
            if first + timedelta(weeks=week, days=day) <= today
            else None
            for week in range(HEATMAP_WEEKS)
        ]
        for day in range(7)
    ]
    known = {card.id: card.topic for card in study_cards(kb)}
    due = Counter()
    for card_id, state in progress.cards.items():
        if card_id in known:
            offset = max(0, (state.due.astimezone(tz).date() - today).days)
            if offset < DUE_DAYS:
                due[offset] += 1
    return {
        "heatmap_start": first,
        "heatmap": heatmap,
        "due": [due.get(offset, 0) for offset in range(DUE_DAYS)],
        "retention": _topic_retention(progress, known, now),
    }


def _topic_retention(progress: Progress, topics: dict[str, str], now: datetime) -> dict[str, float | None]:
    since = now - timedelta(days=RETENTION_WINDOW_DAYS)
    last_seen: dict[str, datetime] = {}
    passed: Counter[str] = Counter()
    total: Counter[str] = Counter()
    for review in sorted(progress.reviews, key=lambda r: r.time):
        previous = last_seen.get(review.card_id)
        topic = topics.get(review.card_id)
        if topic and review.time >= since and previous is not None and review.time - previous >= timedelta(days=1):
            total[topic] += 1
            passed[topic] += review.rating > 1
        last_seen[review.card_id] = review.time
    return {topic.id: round(passed[topic.id] / total[topic.id], 4) if total[topic.id] else None for topic in TOPICS}
