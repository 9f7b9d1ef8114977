"""Learning paths: the terms a term requires, in an order where each comes after what it needs,
and which terms you are ready to learn next."""

from __future__ import annotations

import heapq
from collections.abc import Iterable
from typing import TYPE_CHECKING

from aieng_cli.core.cards import parse_card_id, term_card_id
from aieng_cli.core.topics import TOPIC_ORDER

if TYPE_CHECKING:
    from aieng_cli.core.knowledge import KnowledgeBase
    from aieng_cli.core.progress import Progress

KNOWN_STABILITY_DAYS = 7.0  # a term is known once its recall card is in review and this stable


def teaching_rank(kb: KnowledgeBase) -> dict[str, int]:
    """Each term's place in the teaching order before prerequisites: core terms first, then by
    topic, then in file order."""
    ranked = sorted(
        enumerate(kb.terms.values()), key=lambda item: (not item[1].core, TOPIC_ORDER[item[1].topic], item[0])
    )
    return {term.id: rank for rank, (_, term) in enumerate(ranked)}


def teaching_order(kb: KnowledgeBase, only: Iterable[str] | None = None) -> list[str]:
    """Term ids in teaching order, moved only as far as needed so that every term comes after the
    terms it requires (a topological order that keeps the teaching order wherever it can)."""
    rank = teaching_rank(kb)
    wanted = set(kb.terms) if only is None else set(only)
    waiting = {term_id: {r for r in kb.terms[term_id].requires if r in wanted} for term_id in wanted}
    needed_by: dict[str, list[str]] = {}
    for term_id, requires in waiting.items():
        for required in requires:
            needed_by.setdefault(required, []).append(term_id)
    ready = [(rank[term_id], term_id) for term_id, requires in waiting.items() if not requires]
    heapq.heapify(ready)
    order: list[str] = []
    while ready:
        _, term_id = heapq.heappop(ready)
        order.append(term_id)
        for later in needed_by.get(term_id, ()):
            waiting[later].discard(term_id)
            if not waiting[later]:
                heapq.heappush(ready, (rank[later], later))
    # a cycle (only in a deck that does not validate) keeps its terms in teaching order at the end
    order.extend(sorted(set(wanted) - set(order), key=rank.__getitem__))
    return order


def prerequisites(kb: KnowledgeBase, term_ids: Iterable[str]) -> set[str]:
    """Everything the terms require, directly or through what they require (not the terms)."""
    seen: set[str] = set()
    stack = [required for term_id in term_ids for required in kb.terms[term_id].requires]
    while stack:
        found = stack.pop()
        if found not in seen and found in kb.terms:
            seen.add(found)
            stack.extend(kb.terms[found].requires)
    return seen


def learning_path(kb: KnowledgeBase, targets: list[str]) -> list[str]:
    """The prerequisites of `targets`, then the targets, each after what it requires."""
    return teaching_order(kb, prerequisites(kb, targets) | set(targets))


def known_terms(kb: KnowledgeBase, progress: Progress) -> set[str]:
    """Terms whose recall card is in review with a stability of at least a week."""
    known = set()
    for term_id in kb.terms:
        state = progress.cards.get(term_card_id(term_id))
        if state is not None and state.state == "review" and state.stability >= KNOWN_STABILITY_DAYS:
            known.add(term_id)
    return known


def studied_terms(progress: Progress) -> set[str]:
    """Terms with at least one card answered."""
    return {card.entry_id for card in map(parse_card_id, progress.cards) if card.entry_kind == "term"}


def next_terms(kb: KnowledgeBase, progress: Progress, limit: int) -> list[str]:
    """Terms you have not started whose prerequisites you know, in teaching order."""
    known, started = known_terms(kb, progress), studied_terms(progress)
    ready = [
        term_id
        for term_id in teaching_order(kb)
        if term_id not in started and all(required in known for required in kb.terms[term_id].requires)
    ]
    return ready[:limit]
