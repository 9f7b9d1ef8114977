"""Mock interviews: choosing the questions, scoring answers on key points, and the report.

Pure: the seed, the history and the clock's readings come in; nothing is read or printed here.
The same seed asks the same questions against the same history.
"""

import random
from dataclasses import dataclass
from datetime import datetime
from statistics import fmean
from typing import Any

from aieng_cli.core.cards import question_card_id, term_card_id
from aieng_cli.core.grading import coverage_score, covered_points
from aieng_cli.core.knowledge import KnowledgeBase
from aieng_cli.core.models import FollowUp, Question
from aieng_cli.core.progress import Progress
from aieng_cli.core.records import InterviewRecord, Review
from aieng_cli.core.schedule import Reviewer
from aieng_cli.core.topics import TOPIC_ORDER

MISSED_BELOW = 0.5  # a question scored lower counts as missed: its card is rated Again
FOLLOW_UP_WEIGHT = 0.5  # a follow-up counts half a question in the overall score
UNKNOWN_STRENGTH = 0.5  # a topic with no quiz retention or interview score yet


@dataclass(frozen=True)
class InterviewOptions:
    questions: int = 5
    topic: str | None = None
    question_type: str | None = None
    difficulty: str | None = None
    minutes: float = 3.0  # per question
    seed: int = 0
    follow_ups: bool = True


@dataclass(frozen=True)
class Planned:
    """One question to ask, with the follow-up chosen for it (None when there is none)."""

    question: Question
    follow_up: FollowUp | None


@dataclass(frozen=True)
class Scored:
    """An answer scored on key points."""

    text: str
    score: float
    covered: list[str]
    missed: list[str]
    seconds: float


@dataclass
class Asked:
    planned: Planned
    answer: Scored
    follow_up: Scored | None = None


def topic_strength(kb: KnowledgeBase, progress: Progress, history: list[InterviewRecord]) -> dict[str, float]:
    """How well each topic is known, 0-1: the mean of the share of its studied cards not lapsing
    (from the quiz) and its past interview scores; UNKNOWN_STRENGTH with neither."""
    topic_of_question = {q.id: q.topic for q in kb.questions.values()}
    card_topic = {term_card_id(t.id): t.topic for t in kb.terms.values()}
    card_topic.update({question_card_id(q.id): q.topic for q in kb.questions.values()})
    quiz: dict[str, list[float]] = {}
    for card_id, state in progress.cards.items():
        topic = card_topic.get(card_id)
        if topic is not None:
            quiz.setdefault(topic, []).append(1.0 if state.state == "review" and not state.lapses else 0.5)
    interviews: dict[str, list[float]] = {}
    for record in history:
        for row in record.topics:
            interviews.setdefault(str(row["id"]), []).append(float(row["score"]))
    strength = {}
    for topic in set(topic_of_question.values()):
        parts = [fmean(values) for values in (quiz.get(topic), interviews.get(topic)) if values]
        strength[topic] = fmean(parts) if parts else UNKNOWN_STRENGTH
    return strength


def choose_questions(
    kb: KnowledgeBase, progress: Progress, history: list[InterviewRecord], options: InterviewOptions
) -> list[Planned]:
    """`options.questions` questions: never-asked ones first, each drawn with a weight that grows
    with the weakness of its topic (weighted sampling without replacement, Efraimidis-Spirakis),
    and for each a follow-up; all from `options.seed`."""
    chance = random.Random(options.seed)
    candidates = [
        q
        for q in kb.questions.values()
        if (options.topic is None or q.topic == options.topic)
        and (options.question_type is None or q.type == options.question_type)
        and (options.difficulty is None or q.difficulty == options.difficulty)
    ]
    asked = {str(row["id"]) for record in history for row in record.questions}
    strength = topic_strength(kb, progress, history)

    def key(question: Question) -> tuple[int, float]:
        weight = 1.0 - strength.get(question.topic, UNKNOWN_STRENGTH) + 0.05  # every topic keeps a chance
        seen = question.id in asked or question_card_id(question.id) in progress.cards
        return (1 if seen else 0, -(chance.random() ** (1.0 / weight)))

    chosen = sorted(candidates, key=key)[: options.questions]
    return [Planned(q, chance.choice(q.follow_ups) if options.follow_ups and q.follow_ups else None) for q in chosen]


def score_answer(text: str, key_points: tuple[str, ...], seconds: float) -> Scored:
    covered = covered_points(text, key_points) if text.strip() else [False] * len(key_points)
    return Scored(
        text,
        round(coverage_score(covered), 4),
        [point for point, ok in zip(key_points, covered, strict=True) if ok],
        [point for point, ok in zip(key_points, covered, strict=True) if not ok],
        round(seconds, 1),
    )


def overall_score(asked: list[Asked]) -> float:
    """The mean of the answers' scores, a follow-up counting FOLLOW_UP_WEIGHT of a question."""
    total = sum(a.answer.score + (FOLLOW_UP_WEIGHT * a.follow_up.score if a.follow_up else 0.0) for a in asked)
    weight = sum(1.0 + (FOLLOW_UP_WEIGHT if a.follow_up else 0.0) for a in asked)
    return round(total / weight, 4) if weight else 0.0


def _scored_json(scored: Scored) -> dict[str, Any]:
    return {"score": scored.score, "covered": scored.covered, "missed": scored.missed, "seconds": scored.seconds}


def interview_record(started: datetime, seed: int, asked: list[Asked]) -> InterviewRecord:
    """The report of an interview: per question, then per topic (mean of its questions' scores)."""
    questions: list[dict[str, Any]] = []
    by_topic: dict[str, list[float]] = {}
    for item in asked:
        question = item.planned.question
        follow = item.follow_up
        questions.append(
            {
                "id": question.id,
                "question": question.question,
                "topic": question.topic,
                **_scored_json(item.answer),
                "follow_up": None
                if follow is None or item.planned.follow_up is None
                else {"question": item.planned.follow_up.question, **_scored_json(follow)},
            }
        )
        by_topic.setdefault(question.topic, []).append(item.answer.score)
    topics: list[dict[str, Any]] = [
        {"id": topic, "score": round(fmean(scores), 4)}
        for topic, scores in sorted(by_topic.items(), key=lambda item: TOPIC_ORDER[item[0]])
    ]
    record_id = f"{started.strftime('%Y%m%dT%H%M%S')}-{seed}"
    return InterviewRecord(record_id, started, seed, overall_score(asked), questions, topics)


def missed_questions(asked: list[Asked]) -> list[str]:
    """The ids of the questions answered below MISSED_BELOW (their quiz cards are rated Again)."""
    return [item.planned.question.id for item in asked if item.answer.score < MISSED_BELOW]


def terms_to_review(kb: KnowledgeBase, asked: list[Asked]) -> list[str]:
    """The related terms of every question whose answer missed a key point, each once."""
    found: list[str] = []
    for item in asked:
        if item.answer.missed or (item.follow_up and item.follow_up.missed):
            found.extend(r for r in item.planned.question.related if r in kb.terms and r not in found)
    return found


def topic_trends(history: list[InterviewRecord]) -> dict[str, list[float]]:
    """Each topic's interview scores, oldest first."""
    trends: dict[str, list[float]] = {}
    for record in sorted(history, key=lambda r: r.started):
        for row in record.topics:
            trends.setdefault(str(row["id"]), []).append(float(row["score"]))
    return dict(sorted(trends.items(), key=lambda item: TOPIC_ORDER.get(item[0], 99)))


def rate_missed(progress: Progress, reviewer: Reviewer, asked: list[Asked], moment: datetime) -> list[Review]:
    """Rate the card of every missed question Again at `moment`, in `progress`; the answers made,
    for the caller to save (interviews and the quiz share one history)."""
    made = []
    for question_id in missed_questions(asked):
        card = question_card_id(question_id)
        progress.cards[card] = reviewer.review(progress.cards.get(card), card, 1, moment)
        review = Review(card, moment, 1, None)
        progress.reviews.append(review)
        made.append(review)
    return made
