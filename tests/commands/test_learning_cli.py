"""`aieng path`, `aieng next` and the prerequisites `define` shows."""

import json
from pathlib import Path

import pytest

from aieng_cli.core.learning import learning_path, teaching_order
from aieng_cli.store.knowledge_files import load_knowledge


@pytest.fixture(scope="module")
def kb():
    kb, problems = load_knowledge()
    assert not problems
    return kb


def test_every_term_comes_after_what_it_requires(kb):
    order = teaching_order(kb)
    place = {term_id: index for index, term_id in enumerate(order)}
    assert sorted(order) == sorted(kb.terms)
    for term in kb.terms.values():
        assert all(place[required] < place[term.id] for required in term.requires), term.id


def test_the_quiz_teaches_new_terms_in_the_same_order(kb):
    from aieng_cli.core.cards import study_cards

    seen: set[str] = set()
    for card in study_cards(kb):
        if card.kind == "recall":
            assert set(kb.terms[card.entry_id].requires) <= seen, card.entry_id
            seen.add(card.entry_id)


def test_path_ends_with_the_target_after_its_prerequisites(run, tmp_path, monkeypatch):
    monkeypatch.setenv("AIENG_PROGRESS_FILE", str(tmp_path / "progress.json"))
    rows = json.loads(run("path", "rag", "--json").stdout)
    ids = [row["id"] for row in rows]
    assert ids[-1] == "rag" and {"retriever", "vector-search", "embedding", "llm"} <= set(ids)
    assert set(rows[0]) == {"id", "term", "known"} and not any(row["known"] for row in rows)
    assert ids.index("embedding") < ids.index("vector-search") < ids.index("retriever") < ids.index("rag")


def test_path_of_a_topic_and_an_unknown_name(run, tmp_path, monkeypatch):
    monkeypatch.setenv("AIENG_PROGRESS_FILE", str(tmp_path / "progress.json"))
    rows = json.loads(run("path", "Retrieval & RAG", "--json").stdout)
    assert {"rag", "bm25", "hnsw"} <= {row["id"] for row in rows}
    assert "No term or topic 'ragg-nothing'" in run("path", "ragg-nothing", code=1).stderr


@pytest.mark.parametrize(("typed", "meant"), [("retreival", "retrieval"), ("evaluaton", "evaluation")])
def test_a_misspelt_topic_is_offered_with_the_terms(run, typed, meant):
    hint = run("path", typed, code=1).stderr
    assert "Did you mean:" in hint and meant in hint.split("Did you mean:")[1]


def test_known_terms_are_marked_and_next_offers_what_they_unlock(run, tmp_path, monkeypatch):
    progress = tmp_path / "progress.json"
    monkeypatch.setenv("AIENG_PROGRESS_FILE", str(progress))
    monkeypatch.setenv("AIENG_NOW", "2026-03-02T09:00:00+00:00")
    first = json.loads(run("next", "--json").stdout)
    assert first[0]["id"] == "artificial-intelligence" and set(first[0]) == {"id", "term", "short", "core"}
    run("quiz", "--limit", "1", "--kind", "terms", input="\n4\n")  # Easy: in review at once
    for day in ("2026-03-20", "2026-05-01"):  # two more Easy answers: a stable recall card
        monkeypatch.setenv("AIENG_NOW", f"{day}T09:00:00+00:00")
        run("quiz", "--new", "0", "--kind", "terms", input="\n4\nq\n")
    rows = json.loads(run("path", "machine-learning", "--json").stdout)
    assert rows == [
        {"id": "artificial-intelligence", "term": "Artificial intelligence", "known": True},
        {"id": "machine-learning", "term": "Machine learning", "known": False},
    ]
    ready = [row["id"] for row in json.loads(run("next", "--json").stdout)]
    assert "artificial-intelligence" not in ready and "machine-learning" in ready


def test_define_shows_what_a_term_needs(run):
    page = json.loads(run("define", "rag", "--json").stdout)
    assert page["requires"] == [{"id": "retriever", "term": "Retriever"}, {"id": "prompt", "term": "Prompt"}]
    assert "Needs: Retriever, Prompt" in run("define", "rag").stdout


def test_learning_path_of_several_targets_keeps_each_once(kb):
    order = learning_path(kb, ["rag", "lora"])
    assert len(order) == len(set(order)) and {"rag", "lora"} <= set(order)


def test_a_deck_with_a_cycle_still_orders_every_term(tmp_path: Path):
    deck = tmp_path / "cycle.yaml"
    entry = "  - id: {0}\n    term: {0}\n    topic: foundations\n    short: S.\n    definition: D.\n"
    entry += "    sources: [{{title: t, url: 'https://e.org'}}]\n    requires: [{1}]\n"
    deck.write_text("version: 1\nterms:\n" + entry.format("aa", "bb") + entry.format("bb", "aa"))
    kb, problems = load_knowledge([deck])
    assert any("cycle" in problem.message for problem in problems)
    assert sorted(teaching_order(kb)) == sorted(kb.terms)
