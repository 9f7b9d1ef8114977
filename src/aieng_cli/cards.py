"""Study cards derived from the knowledge base, with ids that survive edits and reordering."""

from typing import NamedTuple

from aieng_cli.knowledge import KnowledgeBase
from aieng_cli.topics import TOPIC_ORDER

KINDS = ("recall", "reverse", "question")


class StudyCard(NamedTuple):
    id: str  # term:<id>:recall, term:<id>:reverse or question:<id>
    kind: str
    entry_id: str
    topic: str

    @property
    def sibling_group(self) -> str:
        """Cards of one term share a group; a group is shown at most once a day."""
        return self.id.rsplit(":", 1)[0] if self.kind != "question" else self.id


def study_cards(kb: KnowledgeBase) -> list[StudyCard]:
    """Every card, in teaching order: topic order, then file order; a term's recall before its reverse."""
    ranked: list[tuple[int, int, StudyCard]] = []
    for position, term in enumerate(kb.terms.values()):
        for kind in ("recall", "reverse"):
            ranked.append(
                (TOPIC_ORDER[term.topic], position, StudyCard(f"term:{term.id}:{kind}", kind, term.id, term.topic))
            )
    offset = len(kb.terms)
    for position, question in enumerate(kb.questions.values()):
        card = StudyCard(f"question:{question.id}", "question", question.id, question.topic)
        ranked.append((TOPIC_ORDER[question.topic], offset + position, card))
    ranked.sort(key=lambda item: (item[0], item[1], KINDS.index(item[2].kind)))
    return [card for _, _, card in ranked]
