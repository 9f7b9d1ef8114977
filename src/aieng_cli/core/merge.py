"""Merging two progress histories: the union of their review logs and card actions, states replayed."""

from collections import Counter
from collections.abc import Iterable
from datetime import datetime

from aieng_cli.core.actions import merge_actions
from aieng_cli.core.card_table import CardTable
from aieng_cli.core.progress import Progress
from aieng_cli.core.records import InterviewRecord, Review, ReviewLog
from aieng_cli.core.schedule import Reviewer


def merge_progress(local: Progress, incoming: Progress) -> Progress:
    """`local` with every answer of `incoming` it lacks; card states are rebuilt from the merged log,
    so merging either way gives the same result. The journal numbering starts afresh."""
    reviews = merge_reviews(local.reviews, incoming.reviews)
    actions = merge_actions(local.actions, incoming.actions)
    interviews = merge_interviews(local.interviews, incoming.interviews)
    states = CardTable(Reviewer(local.settings).replay(reviews))
    return Progress(local.settings, states, ReviewLog(reviews), actions=actions, interviews=interviews)


def merge_reviews(*logs: Iterable[Review]) -> list[Review]:
    """The union of review logs in time order, each answer once.

    A multiset union: an answer that one log holds n times (the same card, instant, rating and
    duration, as a frozen `AIENG_NOW` clock produces) is kept max(n) times, so merging never
    shrinks a log. Commutative and idempotent: the result depends only on the logs' contents.
    """
    counts: Counter[Review] = Counter()
    for log in logs:
        for review, count in Counter(log).items():
            counts[review] = max(counts[review], count)
    return sorted(counts.elements(), key=_order)


def _order(review: Review) -> tuple[datetime, str, int, int]:
    return (review.time, review.card_id, review.rating, review.duration_ms if review.duration_ms is not None else -1)


def merge_interviews(*histories: list[InterviewRecord]) -> list[InterviewRecord]:
    """The union of interview histories (each interview once, by id), oldest first."""
    by_id: dict[str, InterviewRecord] = {}
    for history in histories:
        for record in history:
            by_id.setdefault(record.id, record)
    return sorted(by_id.values(), key=lambda r: (r.started, r.id))
