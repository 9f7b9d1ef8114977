"""Content rules a machine can check (the validator is laxer on purpose: user decks may be sparse)."""

import re
from collections import Counter
from pathlib import Path

import pytest
import yaml

from aieng_cli.core.topics import TOPICS
from aieng_cli.store.knowledge_files import load_knowledge

SEEDS = yaml.safe_load((Path(__file__).parents[1] / "data" / "seeds.yaml").read_text(encoding="utf-8"))
URL = re.compile(r"^https?://[a-z0-9.-]+\.[a-z]{2,}(/\S*)?$", re.IGNORECASE)


@pytest.fixture(scope="module")
def kb():
    kb, problems = load_knowledge()
    assert problems == []
    return kb


def sentences(text: str) -> int:
    return len([part for part in re.split(r"(?<=[.!?])\s+(?=[A-Z`*(\"'])", text.strip()) if part])


@pytest.mark.parametrize("name", SEEDS["terms"])
def test_every_seed_term_resolves(kb, name):
    assert kb.resolve(name) is not None, f"seed term {name!r} does not resolve"


@pytest.mark.parametrize("question_id", SEEDS["questions"])
def test_every_seed_question_exists(kb, question_id):
    assert question_id in kb.questions


def test_coverage(kb):
    assert len(kb.terms) >= 300
    assert len(kb.questions) >= 90
    counts = kb.topic_counts()
    thin = {topic.id: counts[topic.id] for topic in TOPICS if counts[topic.id][0] < 10}
    assert not thin, f"topics under 10 terms: {thin}"
    assert Counter(q.difficulty for q in kb.questions.values()).keys() == {"easy", "medium", "hard"}


def test_term_quality(kb):
    problems = []
    for term in kb.terms.values():
        if not 2 <= sentences(term.definition) <= 6:
            problems.append(f"{term.id}: definition has {sentences(term.definition)} sentences (2-6)")
        if not term.example:
            problems.append(f"{term.id}: no example")
        if len(set(term.related) - {term.id}) < 2:
            problems.append(f"{term.id}: fewer than two related terms")
        if not term.sources or not all(URL.match(s.url) for s in term.sources):
            problems.append(f"{term.id}: missing or malformed source URL")
        if len(term.short) < 20:
            problems.append(f"{term.id}: one-liner too thin")
    assert problems == []


def test_no_two_terms_share_a_one_liner(kb):
    shorts = Counter(term.short.casefold() for term in kb.terms.values())
    assert [short for short, count in shorts.items() if count > 1] == []


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


def test_every_term_is_reachable_in_the_related_graph(kb):
    neighbours: dict[str, set[str]] = {term_id: set() for term_id in kb.terms}
    for term in kb.terms.values():
        for other in term.related:
            neighbours[term.id].add(other)
            neighbours[other].add(term.id)
    start = next(iter(kb.terms))
    seen, todo = {start}, [start]
    while todo:
        for other in neighbours[todo.pop()] - seen:
            seen.add(other)
            todo.append(other)
    assert set(kb.terms) - seen == set()
