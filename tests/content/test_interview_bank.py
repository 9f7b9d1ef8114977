"""The interview bank's rules a machine can check: size, rounds, follow-ups, answer shape."""

import re
from collections import Counter
from pathlib import Path

import pytest
import yaml

from aieng_cli.core.topics import TOPICS
from aieng_cli.store.knowledge_files import load_knowledge

SEEDS = yaml.safe_load((Path(__file__).parents[1] / "data" / "seeds.yaml").read_text(encoding="utf-8"))
URL = re.compile(r"^https?://[a-z0-9.-]+\.[a-z]{2,}(/\S*)?$", re.IGNORECASE)
LONG_ANSWER_TYPES = ("coding", "design", "estimation")  # answers that carry code, numbers or a design


@pytest.fixture(scope="module")
def kb():
    kb, problems = load_knowledge()
    assert problems == []
    return kb


@pytest.mark.parametrize("question_id", SEEDS["questions"])
def test_every_seed_question_exists(kb, question_id):
    assert question_id in kb.questions


def test_size(kb):
    assert len(kb.questions) >= 300
    counts = kb.topic_counts()
    thin = {topic.id: counts[topic.id][1] for topic in TOPICS if counts[topic.id][1] < 10}
    assert not thin, f"topics under 10 questions: {thin}"
    assert Counter(q.difficulty for q in kb.questions.values()).keys() == {"easy", "medium", "hard"}


def test_question_quality(kb):
    problems = []
    for question in kb.questions.values():
        words = len(question.answer.split())
        longest = 450 if question.type in LONG_ANSWER_TYPES else 250
        if not 80 <= words <= longest:
            problems.append(f"{question.id}: answer has {words} words (80-{longest})")
        if not 3 <= len(question.key_points) <= 6:
            problems.append(f"{question.id}: {len(question.key_points)} key points (3-6)")
        if not question.related:
            problems.append(f"{question.id}: no related term")
        if not all(URL.match(s.url) for s in question.sources):
            problems.append(f"{question.id}: malformed source URL")
        for follow in question.follow_ups:
            if not 1 <= len(follow.key_points) <= 4 or not 20 <= len(follow.answer.split()) <= 150:
                problems.append(f"{question.id}: follow-up {follow.question!r} needs 1-4 points, 20-150 words")
    assert problems == []


def test_every_round_of_an_interview_is_covered(kb):
    types = Counter(question.type for question in kb.questions.values())
    assert types["coding"] >= 25 and types["estimation"] >= 20 and types["design"] >= 25
    assert types["debugging"] >= 10 and types["behavioural"] >= 5 and types["concept"] >= 100
    with_follow_ups = sum(1 for question in kb.questions.values() if question.follow_ups)
    assert with_follow_ups >= 0.8 * len(kb.questions)


def test_estimation_answers_show_their_numbers(kb):
    thin = [q.id for q in kb.questions.values() if q.type == "estimation" and len(re.findall(r"\d+", q.answer)) < 8]
    assert thin == []
