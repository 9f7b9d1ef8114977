"""Study cards derived from the knowledge base, with ids that survive edits and reordering.

Card ids are `term:<id>:recall`, `term:<id>:reverse` and `question:<id>`; `parse_card_id` is the
one reader of that format, `term_card_id` and `question_card_id` its writers.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple, Protocol

if TYPE_CHECKING:
    from aieng_cli.core.knowledge import KnowledgeBase
    from aieng_cli.core.models import Question, Term


class CardId(NamedTuple):
    """A card id taken apart: `entry_kind` is "term" or "question"; `side` is a term card's side."""

    entry_kind: str
    entry_id: str
    side: str | None

    @property
    def sibling_group(self) -> str:
        """Cards of one term share a group; a group is shown at most once a day."""
        if self.entry_kind == "term":
            return f"term:{self.entry_id}"
        return f"{self.entry_kind}:{self.entry_id}" if self.entry_kind else self.entry_id


def term_card_id(term_id: str, side: str = "recall") -> str:
    return f"term:{term_id}:{side}"


def question_card_id(question_id: str) -> str:
    return f"question:{question_id}"


def parse_card_id(card_id: str) -> CardId:
    """`term:rag:reverse` -> ("term", "rag", "reverse"); `question:x` -> ("question", "x", None).

    An id of another shape (an old or foreign file) is kept whole as its own entry id.
    """
    kind, _, rest = card_id.partition(":")
    if kind == "term":
        entry, _, side = rest.rpartition(":")
        if entry and side:
            return CardId(kind, entry, side)
    if kind and rest:
        return CardId(kind, rest, None)
    return CardId("", card_id, None)


def sibling_group(card_id: str) -> str:
    return parse_card_id(card_id).sibling_group


class StudyCard(NamedTuple):
    id: str  # term:<id>:recall, term:<id>:reverse or question:<id>
    kind: str
    entry_id: str
    topic: str
    question_type: str | None = None  # a question card's interview round

    @property
    def sibling_group(self) -> str:
        """Cards of one term share a group; a group is shown at most once a day (what
        `sibling_group(self.id)` gives, without parsing the id: a quiz asks it of every card)."""
        return f"term:{self.entry_id}" if self.kind != "question" else self.id


class Deck(Protocol):
    """What the quiz and the progress view need of the knowledge base: its cards, and the entry
    behind the one card shown. A KnowledgeBase is one; the compiled cache is another, which reads
    the cards without building any entry, and an entry only when its card is shown."""

    def study_cards(self) -> list[StudyCard]: ...

    def cards_by_topic(self) -> dict[str, list[str]]: ...

    def term(self, term_id: str) -> Term: ...

    def question(self, question_id: str) -> Question: ...


def cards_by_topic(cards: list[StudyCard]) -> dict[str, list[str]]:
    """The ids of `cards` by topic, in their order."""
    by_topic: dict[str, list[str]] = {}
    for card in cards:
        by_topic.setdefault(card.topic, []).append(card.id)
    return by_topic


def study_cards(kb: KnowledgeBase) -> list[StudyCard]:
    """Every card, in teaching order: the core terms first (the vocabulary every AI engineer needs),
    then the rest, each group by topic, then file order, moved only as needed to put every term
    after the terms it requires (`core.learning.teaching_order`); a term's recall card before its
    reverse; a topic's interview questions after its terms."""
    from aieng_cli.core.learning import teaching_order  # not on `define`'s path, which reads no cards

    ranked: list[tuple[int, int, int, StudyCard]] = []
    last_of_topic: dict[str, int] = {}
    for index, term_id in enumerate(teaching_order(kb)):
        term = kb.terms[term_id]
        last_of_topic[term.topic] = index
        for side, kind in enumerate(("recall", "reverse")):
            ranked.append((index, 0, side, StudyCard(term_card_id(term.id, kind), kind, term.id, term.topic)))
    for position, question in enumerate(kb.questions.values()):
        card = StudyCard(question_card_id(question.id), "question", question.id, question.topic, question.type)
        ranked.append((last_of_topic.get(question.topic, -1), 1, position, card))
    ranked.sort(key=lambda item: item[:3])
    return [item[3] for item in ranked]
