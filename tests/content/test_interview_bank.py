"""The interview bank's rules a machine can check: seed questions, size, rounds, answer shape."""

import re
from collections import Counter
from pathlib import Path

import pytest
import yaml

from aieng_cli.core.models import QUESTION_TYPES
from aieng_cli.store.knowledge_files import load_knowledge

SEEDS = yaml.safe_load((Path(__file__).parents[1] / "data" / "seeds.yaml").read_text(encoding="utf-8"))
URL = re.compile(r"^https?://[a-z0-9.-]+\.[a-z]{2,}(/\S*)?$", re.IGNORECASE)


@pytest.fixture(scope="module")
def kb():
    kb, problems = load_knowledge()
    assert problems == []
    return kb


@pytest.mark.parametrize("question_id", SEEDS["questions"])
def test_every_seed_question_exists(kb, question_id):
    assert question_id in kb.questions


def test_size_and_spread(kb):
    assert len(kb.questions) >= 90
    assert Counter(q.difficulty for q in kb.questions.values()).keys() == {"easy", "medium", "hard"}
    assert {q.type for q in kb.questions.values()} <= set(QUESTION_TYPES)


def test_question_quality(kb):
    problems = []
    for question in kb.questions.values():
        words = len(question.answer.split())
        if not 80 <= words <= 250:
            problems.append(f"{question.id}: answer has {words} words (80-250)")
        if not 3 <= len(question.key_points) <= 6:
            problems.append(f"{question.id}: {len(question.key_points)} key points (3-6)")
        if not question.related:
            problems.append(f"{question.id}: no related term")
        if not all(URL.match(s.url) for s in question.sources):
            problems.append(f"{question.id}: malformed source URL")
    assert problems == []
