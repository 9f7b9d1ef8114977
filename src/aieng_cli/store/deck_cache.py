"""The deck for `quiz` and `progress`, read from the compiled knowledge base without its entries.

Those commands need every card (its id, kind, topic and question type, in teaching order) but
only the entries of the cards they show: building 5,000 terms to learn their topics cost more than
everything else `progress` does. The cache keeps the cards as columns; an entry is read from its
own record when its card is shown.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from aieng_cli.core.cards import Deck, StudyCard
from aieng_cli.core.knowledge import KnowledgeBase
from aieng_cli.core.models import Question, Term
from aieng_cli.store.kb_cache import CacheUnreadable, CompiledKnowledge, open_glossary
from aieng_cli.store.knowledge_files import knowledge_sources, valid_knowledge


class CompiledDeck:
    """A Deck read from the compiled cache, each part when it is first needed. Damage met on the
    way (a damaged section or record) switches to the knowledge base read from its files, with a
    warning through `warn`."""

    def __init__(self, compiled: CompiledKnowledge, fallback: Callable[[str], KnowledgeBase]) -> None:
        self._compiled = compiled
        self._fallback = fallback
        self._cards: list[StudyCard] | None = None
        self._questions: dict[str, tuple[int, int, int]] = {}
        self._whole: KnowledgeBase | None = None

    def study_cards(self) -> list[StudyCard]:
        if self._cards is None and self._whole is None:
            try:
                self._cards, self._questions = self._compiled.cards()
            except CacheUnreadable as error:
                self._whole = self._fallback(str(error))
        return self._cards if self._cards is not None else self._knowledge().study_cards()

    def cards_by_topic(self) -> dict[str, list[str]]:
        if self._whole is None:
            try:
                return self._compiled.cards_by_topic()
            except CacheUnreadable as error:
                self._whole = self._fallback(str(error))
        return self._whole.cards_by_topic()

    def term(self, term_id: str) -> Term:
        if self._whole is None:
            try:
                return self._compiled.page(term_id).term
            except CacheUnreadable as error:
                self._whole = self._fallback(str(error))
        return self._whole.term(term_id)

    def question(self, question_id: str) -> Question:
        if self._whole is None:
            self.study_cards()  # where the questions' records are
        if self._whole is None:
            try:
                return self._compiled.question(self._questions[question_id])
            except (CacheUnreadable, KeyError) as error:
                self._whole = self._fallback(str(error))
        return self._knowledge().question(question_id)

    def _knowledge(self) -> KnowledgeBase:
        assert self._whole is not None
        return self._whole


def open_deck(warnings: list[str], extra: list[Path], warn: Callable[[str], None]) -> Deck:
    """The cards of the knowledge base; `warnings` gathers the problems met opening it, `warn`
    shows those met later (a damaged part of the cache, read when first needed)."""
    glossary = open_glossary(warnings, extra)
    if isinstance(glossary, KnowledgeBase):
        return glossary
    assert isinstance(glossary, CompiledKnowledge)
    path = glossary.path

    def from_files(problem: str) -> KnowledgeBase:
        warn(f"Ignoring the unreadable cache {path} ({problem}).")
        return valid_knowledge(knowledge_sources(extra))

    return CompiledDeck(glossary, from_files)
