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
    """A Deck read from the compiled cache. A damaged record met later (a card's entry) switches
    to the knowledge base read from its files, with a warning through `warn`."""

    def __init__(
        self,
        compiled: CompiledKnowledge,
        cards: list[StudyCard],
        questions: dict[str, tuple[int, int, int]],
        fallback: Callable[[str], KnowledgeBase],
    ) -> None:
        self._compiled = compiled
        self._cards = cards
        self._questions = questions
        self._fallback = fallback
        self._whole: KnowledgeBase | None = None

    def study_cards(self) -> list[StudyCard]:
        return self._cards

    def term(self, term_id: str) -> Term:
        if self._whole is None:
            try:
                return self._compiled.page(term_id).term
            except CacheUnreadable as error:
                self._whole = self._fallback(str(error))
        return self._whole.term(term_id)

    def question(self, question_id: str) -> Question:
        if self._whole is None:
            try:
                return self._compiled.question(self._questions[question_id])
            except (CacheUnreadable, KeyError) as error:
                self._whole = self._fallback(str(error))
        return self._whole.question(question_id)


def open_deck(warnings: list[str], extra: list[Path], warn: Callable[[str], None]) -> Deck:
    """The cards of the knowledge base; `warnings` gathers the problems met now, `warn` shows later ones."""
    glossary = open_glossary(warnings, extra)
    if isinstance(glossary, KnowledgeBase):
        return glossary
    assert isinstance(glossary, CompiledKnowledge)
    path = glossary.path

    def from_files(problem: str) -> KnowledgeBase:
        warn(f"Ignoring the unreadable cache {path} ({problem}).")
        return valid_knowledge(knowledge_sources(extra))

    try:
        cards, questions = glossary.cards()
    except CacheUnreadable as error:
        warnings.append(f"Ignoring the unreadable cache {path} ({error}).")
        return valid_knowledge(knowledge_sources(extra))
    return CompiledDeck(glossary, cards, questions, from_files)
