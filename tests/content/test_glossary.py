"""The glossary's rules a machine can check (the validator is laxer on purpose: user decks may be sparse)."""

import re
from collections import Counter
from pathlib import Path

import pytest
import yaml

from aieng_cli.core.topics import TOPICS
from aieng_cli.store.knowledge_files import load_knowledge

DATA = Path(__file__).parents[1] / "data"
SEEDS = yaml.safe_load((DATA / "seeds.yaml").read_text(encoding="utf-8"))
COVERAGE = yaml.safe_load((DATA / "coverage.yaml").read_text(encoding="utf-8"))
URL = re.compile(r"^https?://[a-z0-9.-]+\.[a-z]{2,}(/\S*)?$", re.IGNORECASE)


@pytest.fixture(scope="module")
def kb():
    kb, problems = load_knowledge()
    assert problems == []
    return kb


def sentences(text: str) -> int:
    return len([part for part in re.split(r"(?<=[.!?])\s+(?=[A-Z`*(\"'])", text.strip()) if part])


def is_wikipedia(url: str) -> bool:
    return "wikipedia.org" in url


@pytest.mark.parametrize("name", SEEDS["terms"])
def test_every_seed_term_resolves(kb, name):
    assert kb.resolve(name) is not None, f"seed term {name!r} does not resolve"


def test_the_coverage_list_names_where_each_name_came_from():
    assert len(COVERAGE) >= 700
    assert all(set(item) == {"name", "from"} and item["name"] and item["from"] for item in COVERAGE)


@pytest.mark.parametrize("item", COVERAGE, ids=[item["name"] for item in COVERAGE])
def test_every_name_on_the_coverage_list_resolves(kb, item):
    assert kb.resolve(item["name"]) is not None, f"{item['name']!r} (from {item['from']}) does not resolve"


def test_size(kb):
    assert len(kb.terms) >= 750
    counts = kb.topic_counts()
    thin = {topic.id: counts[topic.id][0] for topic in TOPICS if counts[topic.id][0] < 30}
    assert not thin, f"topics under 30 terms: {thin}"


def test_term_quality(kb):
    problems = []
    for term in kb.terms.values():
        minimum_related = 3 if term.core else 2
        if not 2 <= sentences(term.definition) <= 6:
            problems.append(f"{term.id}: definition has {sentences(term.definition)} sentences (2-6)")
        if len(term.definition.split()) > 120:
            problems.append(f"{term.id}: definition has {len(term.definition.split())} words (at most 120)")
        if not term.example:
            problems.append(f"{term.id}: no example")
        if len(set(term.related) - {term.id}) < minimum_related:
            problems.append(f"{term.id}: fewer than {minimum_related} related terms")
        if not term.sources or not all(URL.match(s.url) for s in term.sources):
            problems.append(f"{term.id}: missing or malformed source URL")
        if len(term.short) < 20:
            problems.append(f"{term.id}: one-liner too thin")
        if re.search(rf"\b{re.escape(term.term.casefold())}\b", term.short.casefold()):
            problems.append(f"{term.id}: the one-liner names the term (it is the front of a reverse card)")
    assert problems == []


def test_every_term_has_a_learners_phrases(kb):
    problems = []
    for term in kb.terms.values():
        if not 1 <= len(term.phrases) <= 3:
            problems.append(f"{term.id}: {len(term.phrases)} phrases (1-3)")
        for phrase in term.phrases:
            if len(phrase) > 90 or term.term.casefold() in phrase.casefold():
                problems.append(f"{term.id}: phrase {phrase!r} is long or names the term")
    assert problems == []


def test_core_terms(kb):
    core = [term for term in kb.terms.values() if term.core]
    assert 250 <= len(core) <= 300
    assert {term.topic for term in core} == {topic.id for topic in TOPICS}
    weak = [t.id for t in core if len(t.sources) < 2 or all(is_wikipedia(s.url) for s in t.sources)]
    assert weak == [], "core terms need two sources, one of them primary"


def test_few_terms_cite_only_wikipedia(kb):
    only = [t.id for t in kb.terms.values() if all(is_wikipedia(s.url) for s in t.sources)]
    assert len(only) <= 0.05 * len(kb.terms), only


def test_every_term_is_linked_from_another(kb):
    linked = {related for term in kb.terms.values() for related in term.related if related != term.id}
    assert sorted(set(kb.terms) - linked) == []


def test_dated_claims_carry_as_of(kb):
    undated = [t.id for t in kb.terms.values() if re.search(r"\bas of 20\d\d", t.definition + (t.example or ""))]
    assert [term_id for term_id in undated if kb.terms[term_id].as_of is None] == []
    assert sum(1 for t in kb.terms.values() if t.as_of) >= 50


@pytest.mark.parametrize("hedge", ["usually", "often", "typically", "generally"])
def test_hedges_are_varied(kb, hedge):
    users = [t.id for t in kb.terms.values() if re.search(rf"\b{hedge}\b", t.definition, re.IGNORECASE)]
    assert len(users) <= 40, f"{hedge!r} in {len(users)} definitions"


def test_no_two_terms_share_a_one_liner(kb):
    shorts = Counter(term.short.casefold() for term in kb.terms.values())
    assert [short for short, count in shorts.items() if count > 1] == []


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


ROOTS = {"artificial-intelligence", "token", "vector", "probability-distribution"}  # what a path starts from


def prerequisites(kb, term_id: str) -> set[str]:
    """Everything `term_id` requires, directly or through what it requires."""
    seen: set[str] = set()
    stack = list(kb.terms[term_id].requires)
    while stack:
        found = stack.pop()
        if found not in seen:
            seen.add(found)
            stack.extend(kb.terms[found].requires)
    return seen


def test_every_core_term_has_prerequisites_except_the_roots(kb):
    missing = [t.id for t in kb.terms.values() if t.core and not t.requires and t.id not in ROOTS]
    assert missing == []
    assert all(not kb.terms[root].requires for root in ROOTS)


def test_prerequisites_are_direct_and_few(kb):
    """1-4 each, none implied by another of the same list: the graph stays shallow and honest."""
    for term in kb.terms.values():
        assert len(term.requires) <= 4, term.id
        for required in term.requires:
            others = set(term.requires) - {required}
            assert not any(required in prerequisites(kb, other) for other in others), (term.id, required)


@pytest.mark.parametrize(
    ("term_id", "at_most"), [("embedding", 5), ("attention", 6), ("vector-database", 15), ("rag", 50), ("lora", 25)]
)
def test_a_learning_path_is_not_a_chain_through_everything(kb, term_id, at_most):
    assert len(prerequisites(kb, term_id)) <= at_most
    assert max(len(prerequisites(kb, term.id)) for term in kb.terms.values()) <= 70
