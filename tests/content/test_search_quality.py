"""Plain-English search finds what a learner means: recall floors on a query set written from the
learner's side (tests/data/queries.tsv, written before the ranking was tuned). A quality
regression test, not a timing."""

import csv
from pathlib import Path

import pytest

from aieng_cli.core.search import search_index
from aieng_cli.store.search_cache import open_search_index

QUERIES = Path(__file__).parents[1] / "data" / "queries.tsv"


def queries() -> list[tuple[str, set[str]]]:
    with QUERIES.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    return [(row["query"], set(row["acceptable"].split(","))) for row in rows]


@pytest.fixture(scope="module")
def ranked():
    index = open_search_index([])
    return {query: [hit.id for hit in search_index(index, query, 10).hits] for query, _ in queries()}


def recall(ranked, k: int) -> float:
    rows = queries()
    return sum(1 for query, acceptable in rows if acceptable & set(ranked[query][:k])) / len(rows)


def test_the_query_set_is_large_and_names_real_entries():
    from aieng_cli.store.knowledge_files import load_knowledge

    kb, _ = load_knowledge()
    rows = queries()
    assert len(rows) >= 100
    unknown = {i for _, acceptable in rows for i in acceptable if i not in kb.terms and i not in kb.questions}
    assert unknown == set()


def test_recall_at_3_and_10(ranked):
    assert recall(ranked, 3) >= 0.75
    assert recall(ranked, 10) >= 0.9


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("how does the kv cache work", "kv-cache"),
        ("what is lora", "lora"),
        ("explain rag", "rag"),
        ("the chatbot invents facts", "hallucination"),
        ("why does the assistant forget the start of a long chat", "context-window"),
        ("shrink a model so it fits my GPU", "quantization"),
        ("cut a PDF into pieces before searching", "chunking"),
    ],
)
def test_the_known_misses_are_found(ranked, query, expected):
    assert expected in ranked[query][:3], ranked[query][:3]


def test_an_exact_name_ranks_first(ranked):
    assert ranked["what is lora"][0] == "lora", "LoRA before QLoRA"
    assert ranked["explain rag"][0] == "rag"
