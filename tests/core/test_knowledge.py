"""The core without the CLI: normalisation, lookup, suggestions, search, parsing safety."""

from pathlib import Path

import pytest

from aieng_cli.core.lookup import find_term
from aieng_cli.core.names import normalize
from aieng_cli.core.search import search
from aieng_cli.errors import NotFound, UsageError
from aieng_cli.store.knowledge_files import load_knowledge
from aieng_cli.store.yaml import parse_yaml

MINI = Path(__file__).parents[1] / "data" / "decks" / "mini.yaml"


@pytest.fixture(scope="module")
def kb():
    kb, problems = load_knowledge([MINI])
    assert problems == []
    return kb


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Fine-tuning", "fine tuning"),
        ("fine tuning", "finetuning"),
        ("rag", "R.A.G."),
        ("RAG", "(rag)"),
        ("LLM", "llm!"),
        ("Top_p", "top-p"),
        ("ＲＡＧ", "rag"),
    ],
)
def test_normalize_equates_spellings(a, b):
    assert normalize(a) == normalize(b)


@pytest.mark.parametrize(("a", "b"), [("rag", "rags and"), ("token", "tokenization")])
def test_normalize_keeps_different_names_apart(a, b):
    assert normalize(a) != normalize(b)


@pytest.mark.parametrize(
    ("query", "term_id"),
    [
        ("retrieval augmented generation", "rag"),
        ("embeddings", "embedding"),
        ("LLMs", "large-language-model"),
        ("quantisations", "quantization"),
    ],
)
def test_resolve(kb, query, term_id):
    assert find_term(kb, query).term.id == term_id


def test_find_term_corrects_suggests_and_refuses_empty(kb):
    corrected = find_term(kb, "quantizaton")
    assert (corrected.term.id, corrected.corrected_from) == ("quantization", "quantizaton")
    assert find_term(kb, "quantization").corrected_from is None
    with pytest.raises(NotFound, match="nothing close"):
        find_term(kb, "qqqqqq")
    with pytest.raises(UsageError):
        find_term(kb, " -- ")


def test_questions_about_a_term(kb):
    assert [q.id for q in kb.questions_about("rag")] == ["rag-vs-fine-tuning"]
    assert kb.questions_about("embedding") == []


def test_search_prefers_names_and_lets_any_word_match(kb):
    hits = search(kb, "fine tuning").hits
    assert hits[0].id == "fine-tuning"
    assert {hit.kind for hit in search(kb, "fine-tuning").hits} == {"term", "question"}
    assert search(kb, "quantiz").hits[0].id == "quantization"
    assert [hit.id for hit in search(kb, "retrieval zzzz").hits][:1] == ["rag"], (
        "a word that matches nothing is no veto"
    )
    assert search(kb, "zzzz qqqq").hits == []
    assert search(kb, "!!!").hits == []


def test_rare_words_weigh_more_and_exact_names_rank_first(kb):
    assert search(kb, "what is quantization").hits[0].id == "quantization"
    assert search(kb, "explain rag").hits[0].id == "rag"
    weights = {hit.id: hit.score for hit in search(kb, "language quantization").hits}
    assert max(weights, key=weights.__getitem__) == "quantization", "the rarer word decides"


@pytest.mark.parametrize(
    ("query", "first"),
    [
        ("finetuning", "fine-tuning"),  # written together
        ("quantizations", "quantization"),  # plural, by stem
        ("how to do quantization", "quantization"),  # stop words are not required
    ],
)
def test_search_matches_stems_compounds_and_skips_stop_words(kb, query, first):
    results = search(kb, query)
    assert results.hits[0].id == first and results.corrected is None


def test_search_corrects_a_misspelt_word_when_nothing_matches(kb):
    results = search(kb, "quantizaton")
    assert results.corrected == "quantization" and results.hits[0].id == "quantization"
    assert search(kb, "qqqqzzzz").hits == []


def test_alias_bomb_is_cheap_and_safe():
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 30)]
    data, problems = parse_yaml("\n".join(lines) + "\n", "bomb.yaml")
    assert problems == [] and data["a29"][0] is data["a28"]


def test_deep_nesting_is_bounded():
    data, problems = parse_yaml("[" * 500 + "]" * 500, "deep.yaml")
    assert problems and "nesting" in problems[0].message.casefold() or "deep" in problems[0].message
