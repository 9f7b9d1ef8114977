"""Ranked full-text search over terms and questions.

Scoring is BM25-like per field, with names and aliases weighing most, so that a word in a term's
name outranks the same word deep in another entry's definition. A query word also matches words
it begins (`quantiz` finds `quantization`).
"""

import math
import re
from collections import Counter
from dataclasses import dataclass

from aieng_cli.knowledge import KnowledgeBase, normalize

_WORD = re.compile(r"\w+")
NAME_WEIGHT, SHORT_WEIGHT, BODY_WEIGHT = 5.0, 2.0, 1.0
PREFIX_FACTOR = 0.6


@dataclass(frozen=True, slots=True)
class Hit:
    kind: str  # "term" or "question"
    id: str
    name: str
    short: str
    score: float


def words(text: str) -> list[str]:
    return _WORD.findall(text.casefold())


def search(kb: KnowledgeBase, query: str, limit: int = 10) -> list[Hit]:
    """The best `limit` hits for `query`; every query word must match somewhere in a hit."""
    query_words = list(dict.fromkeys(words(query)))
    if not query_words:
        return []
    documents = _documents(kb)
    scored = [[_word_score(fields, word) for word in query_words] for _, fields, _ in documents]
    matching = [sum(1 for scores in scored if scores[i]) for i in range(len(query_words))]
    idf = [math.log(1 + (len(documents) - df + 0.5) / (df + 0.5)) for df in matching]
    query_key = normalize(query)
    hits: list[Hit] = []
    for ((kind, entry_id, name, short), _, name_keys), scores in zip(documents, scored, strict=True):
        if not all(scores):
            continue
        total = sum(score * weight for score, weight in zip(scores, idf, strict=True))
        if query_key in name_keys:
            total *= 2.0
        hits.append(Hit(kind, entry_id, name, short, round(total, 3)))
    hits.sort(key=lambda hit: (-hit.score, hit.kind != "term", hit.name.casefold()))
    return hits[:limit]


def _word_score(fields: list[tuple[Counter[str], float]], word: str) -> float:
    score = 0.0
    for bag, weight in fields:
        count, exact = _matches(bag, word)
        if count:
            score += weight * count / (count + 1.2) * (1.0 if exact else PREFIX_FACTOR)
    return score


def _matches(bag: Counter[str], word: str) -> tuple[int, bool]:
    if word in bag:
        return bag[word], True
    if len(word) >= 3:
        count = sum(n for w, n in bag.items() if w.startswith(word))
        return count, False
    return 0, False


def _documents(kb: KnowledgeBase) -> list[tuple[tuple[str, str, str, str], list[tuple[Counter[str], float]], set[str]]]:
    documents = []
    for term in kb.terms.values():
        names = [term.id, term.term, *term.aliases]
        fields = [
            (Counter(w for name in names for w in words(name)), NAME_WEIGHT),
            (Counter(words(term.short)), SHORT_WEIGHT),
            (Counter(words(" ".join((term.definition, term.example or "", *term.tags)))), BODY_WEIGHT),
        ]
        documents.append((("term", term.id, term.term, term.short), fields, {normalize(n) for n in names}))
    for question in kb.questions.values():
        fields = [
            (Counter(words(question.question)), NAME_WEIGHT / 2),
            (Counter(words(" ".join(question.key_points))), SHORT_WEIGHT),
            (Counter(words(question.answer)), BODY_WEIGHT),
        ]
        documents.append(
            (
                ("question", question.id, question.question, question.key_points[0] if question.key_points else ""),
                fields,
                set(),
            )
        )
    return documents
