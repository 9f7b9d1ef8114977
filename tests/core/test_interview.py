"""Mock interviews in the core: choosing with a seed, weighting by weakness, scoring (negation
included), follow-ups and the record."""

import random
from datetime import UTC, datetime, timedelta

import pytest

from aieng_cli.core.grading import covered_points
from aieng_cli.core.interview import (
    Asked,
    InterviewOptions,
    choose_questions,
    interview_record,
    missed_questions,
    overall_score,
    score_answer,
    terms_to_review,
    topic_strength,
    topic_trends,
)
from aieng_cli.core.merge import merge_interviews
from aieng_cli.core.progress import Progress
from aieng_cli.core.records import InterviewRecord
from aieng_cli.store.knowledge_files import load_knowledge

START = datetime(2026, 3, 2, 9, tzinfo=UTC)


@pytest.fixture(scope="module")
def kb():
    kb, problems = load_knowledge()
    assert not problems
    return kb


def ids(plan):
    return [planned.question.id for planned in plan]


def test_the_same_seed_asks_the_same_questions(kb):
    options = InterviewOptions(questions=5, seed=42)
    first = choose_questions(kb, Progress(), [], options)
    assert ids(first) == ids(choose_questions(kb, Progress(), [], options))
    assert [p.follow_up for p in first] == [p.follow_up for p in choose_questions(kb, Progress(), [], options)]
    assert ids(first) != ids(choose_questions(kb, Progress(), [], InterviewOptions(questions=5, seed=43)))
    assert len(set(ids(first))) == 5


@pytest.mark.parametrize(
    ("filters", "check"),
    [
        ({"topic": "retrieval"}, lambda q: q.topic == "retrieval"),
        ({"question_type": "coding"}, lambda q: q.type == "coding"),
        ({"difficulty": "hard"}, lambda q: q.difficulty == "hard"),
    ],
)
def test_filters(kb, filters, check):
    plan = choose_questions(kb, Progress(), [], InterviewOptions(questions=4, seed=1, **filters))
    assert len(plan) == 4 and all(check(p.question) for p in plan)


def test_no_follow_ups(kb):
    plan = choose_questions(kb, Progress(), [], InterviewOptions(seed=3, follow_ups=False))
    assert all(p.follow_up is None for p in plan)


def record(topic_scores: dict[str, float], asked: list[str], when: datetime = START) -> InterviewRecord:
    return InterviewRecord(
        f"{when:%Y%m%dT%H%M%S}-0",
        when,
        0,
        0.5,
        [{"id": question_id, "score": 1.0} for question_id in asked],
        [{"id": topic, "score": score} for topic, score in topic_scores.items()],
    )


def test_questions_lean_toward_weak_topics(kb):
    """Past interviews strong everywhere but safety: over many seeds, safety is asked most."""
    strong = dict.fromkeys({q.topic for q in kb.questions.values()}, 0.95)
    history = [record({**strong, "safety": 0.05}, [])]
    assert topic_strength(kb, Progress(), history)["safety"] < 0.5 < topic_strength(kb, Progress(), history)["agents"]
    counts: dict[str, int] = {}
    for seed in range(40):
        for planned in choose_questions(kb, Progress(), history, InterviewOptions(questions=3, seed=seed)):
            counts[planned.question.topic] = counts.get(planned.question.topic, 0) + 1
    share = {q.topic for q in kb.questions.values()}
    assert max(counts, key=counts.__getitem__) == "safety" and counts["safety"] > 120 / len(share) * 2


def test_questions_never_asked_come_first(kb):
    all_but_two = [q.id for q in list(kb.questions.values())[2:]]
    plan = choose_questions(kb, Progress(), [record({}, all_but_two)], InterviewOptions(questions=3, seed=5))
    assert set(ids(plan)[:2]) == {q.id for q in list(kb.questions.values())[:2]}


@pytest.mark.parametrize(
    ("answer", "point", "covered"),
    [
        ("supervised learning needs labelled examples", "supervised needs labelled examples", True),
        ("supervised learning does not need labels", "supervised needs labelled examples", False),
        ("it doesn't need labelled examples at all", "needs labelled examples", False),
        ("unsupervised learning finds structure without labels", "unsupervised finds structure without labels", True),
        ("it is not slow, but it reuses keys and values", "reuses keys and values", True),
        ("no, it never reuses keys or values", "reuses keys and values", False),
        ("a labeled dataset is required", "labelled data is required", True),
    ],
)
def test_negation_is_not_a_match(answer, point, covered):
    assert covered_points(answer, (point,)) == [covered]


def test_real_answers_score_well_and_unrelated_ones_poorly(kb):
    questions = list(kb.questions.values())
    chance = random.Random(0)
    own = [score_answer(q.answer, q.key_points, 0).score for q in questions]
    unrelated = [
        score_answer(chance.choice([o for o in questions if o.topic != q.topic]).answer, q.key_points, 0).score
        for q in questions
    ]
    assert sum(score >= 0.8 for score in own) >= 0.95 * len(questions)
    assert sum(score <= 0.2 for score in unrelated) >= 0.9 * len(questions)
    assert all(score_answer(text, q.key_points, 0).score == 0 for q in questions[:20] for text in ("", "   "))


def test_a_learners_answer_is_scored_on_its_points(kb):
    question = kb.questions["learning-paradigms-compared"]
    good = (
        "Supervised learning needs labelled examples. Unsupervised learning finds structure without labels. "
        "Self-supervised learning derives its labels from the data itself, which removed the labelling "
        "bottleneck and enabled web-scale pre-training; labels are still needed for post-training and evaluation."
    )
    assert score_answer(good, question.key_points, 60).score >= 0.8
    assert score_answer("I would use a bigger GPU and more RAM.", question.key_points, 5).score <= 0.2


def test_record_report_and_missed_questions(kb):
    plan = choose_questions(kb, Progress(), [], InterviewOptions(questions=2, seed=9))
    first, second = plan
    asked = [
        Asked(first, score_answer(first.question.answer, first.question.key_points, 100)),
        Asked(second, score_answer("no idea", second.question.key_points, 30), score_answer("", ("x",), 2)),
    ]
    made = interview_record(START, 9, asked)
    assert made.id == "20260302T090000-9" and made.seed == 9
    assert [row["id"] for row in made.questions] == ids(plan)
    row = made.questions[0]
    assert set(row) == {"id", "question", "topic", "score", "covered", "missed", "seconds", "follow_up"}
    assert row["seconds"] == 100 and made.questions[1]["follow_up"]["score"] == 0
    assert made.score == overall_score(asked) == round((asked[0].answer.score + 0) / 2.5, 4)
    assert missed_questions(asked) == [second.question.id]
    assert set(terms_to_review(kb, asked)) >= {r for r in second.question.related if r in kb.terms}


def test_trends_and_merge_of_histories():
    one = record({"retrieval": 0.4}, ["a"], START)
    two = record({"retrieval": 0.8, "agents": 0.5}, ["b"], START + timedelta(days=1))
    assert topic_trends([two, one]) == {"retrieval": [0.4, 0.8], "agents": [0.5]}
    assert merge_interviews([one], [two, one]) == merge_interviews([two], [one]) == [one, two]


def test_missed_questions_are_rated_again_in_the_history(kb):
    from aieng_cli.core.interview import rate_missed
    from aieng_cli.core.schedule import Reviewer

    progress = Progress()
    plan = choose_questions(kb, progress, [], InterviewOptions(questions=2, seed=2))
    asked = [
        Asked(plan[0], score_answer(plan[0].question.answer, plan[0].question.key_points, 10)),
        Asked(plan[1], score_answer("", plan[1].question.key_points, 10)),
    ]
    made = rate_missed(progress, Reviewer(progress.settings), asked, START)
    card = f"question:{plan[1].question.id}"
    assert [(r.card_id, r.rating, r.time) for r in made] == [(card, 1, START)]
    assert list(progress.reviews) == made and progress.cards[card].state == "learning"
