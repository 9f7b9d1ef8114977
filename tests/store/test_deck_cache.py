"""`quiz` and `progress` read the cards from the compiled cache without building entries, and get
the same cards and entries as from the YAML; damage is found and worked around with a warning."""

from pathlib import Path

import pytest

from aieng_cli.store.deck_cache import CompiledDeck, open_deck
from aieng_cli.store.kb_cache import CompiledKnowledge, cache_path, cache_signature, open_knowledge
from aieng_cli.store.knowledge_files import knowledge_sources, valid_knowledge


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("AIENG_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("AIENG_CONFIG_DIR", str(tmp_path / "config"))
    open_knowledge([])  # builds the cache
    (path,) = (tmp_path / "cache").glob("kb-*.bin")
    return path


def test_the_cached_deck_holds_the_knowledge_bases_cards_and_entries(cache):
    kb = valid_knowledge(knowledge_sources([]))
    warnings: list[str] = []
    deck = open_deck(warnings, [], warnings.append)
    assert isinstance(deck, CompiledDeck)
    assert deck.study_cards() == kb.study_cards()
    assert deck.cards_by_topic() == kb.cards_by_topic()
    assert [card_id for ids in deck.cards_by_topic().values() for card_id in ids] != [], "the shipped cards"
    assert all(deck.term(term_id) == term for term_id, term in kb.terms.items())
    assert all(deck.question(question_id) == question for question_id, question in kb.questions.items())
    assert not warnings


def damage(path: Path, section: str) -> None:
    """Flip a byte in the middle of a section, or early in the first record (the first term's)."""
    compiled = CompiledKnowledge.open(path, cache_signature(knowledge_sources([])))
    assert compiled is not None
    offset, length, _ = compiled._deck if section == "deck" else compiled._topics
    position = compiled._body + (compiled._records + 5 if section == "record" else offset + length // 2)
    data = bytearray(path.read_bytes())
    data[position] ^= 0x55
    path.write_bytes(bytes(data))


@pytest.mark.parametrize("section", ["deck", "topics"])
def test_a_damaged_section_falls_back_to_the_yaml_with_a_warning(cache, section):
    kb = valid_knowledge(knowledge_sources([]))
    damage(cache, section)
    warnings: list[str] = []
    deck = open_deck(warnings, [], warnings.append)
    assert deck.study_cards() == kb.study_cards() and deck.cards_by_topic() == kb.cards_by_topic()
    assert warnings == [f"Ignoring the unreadable cache {cache} (a section is damaged)."]


def test_a_damaged_record_met_during_a_quiz_falls_back_to_the_yaml_with_a_warning(cache):
    kb = valid_knowledge(knowledge_sources([]))
    damage(cache, "record")
    warnings: list[str] = []
    deck = open_deck(warnings, [], warnings.append)
    assert not warnings, "nothing is read before a card is shown"
    first = next(iter(kb.terms.values()))
    assert deck.term(first.id) == first
    assert warnings == [f"Ignoring the unreadable cache {cache} (a section is damaged)."]
    assert deck.question(next(iter(kb.questions))) == next(iter(kb.questions.values()))
    assert len(warnings) == 1, "the files are read once"
    assert cache == cache_path(knowledge_sources([]))
