"""Ranked full-text search over terms and questions.

Scoring is BM25-like per field, with names and aliases weighing most, so that a word in a term's
name outranks the same word deep in another entry's definition. Words are compared by their
English stems (`evaluation` finds `evaluate`, `embeddings` finds `embedding`), hyphenated words
also match written together (`finetuning` finds `fine-tuning`), a query word also matches words
it begins (`quantiz` finds `quantization`), and words such as `how` or `the` are not required.
"""

import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any
from weakref import WeakKeyDictionary

from aieng_cli.core.knowledge import KnowledgeBase
from aieng_cli.core.names import normalize

_WORD = re.compile(r"\w+(?:[-'’]\w+)*")
_JOINERS = re.compile(r"[-'’]")
NAME_WEIGHT, SHORT_WEIGHT, BODY_WEIGHT = 5.0, 2.0, 1.0
PREFIX_FACTOR = 0.6
MAX_QUERY_WORDS = 12  # words beyond these are ignored: a search, not a document comparison
TYPO_SIMILARITY = 85  # rapidfuzz ratio for correcting a query word that matches nothing
STOP_WORDS = frozenset(
    "a an and are as at be by can do does for from how i in into is it its my of on or our should the "
    "that their this to use using vs versus was what when where which who why will with you your".split()
)


@dataclass(frozen=True, slots=True)
class Hit:
    kind: str  # "term" or "question"
    id: str
    name: str
    short: str
    score: float
    type: str | None = None  # a question's interview round


@dataclass(frozen=True, slots=True)
class Results:
    hits: list[Hit]
    corrected: str | None = None  # the query actually searched, when words were corrected


@cache
def _english_stemmer() -> Any:
    from snowballstemmer import stemmer

    return stemmer("english")


@cache
def _stem(word: str) -> str:
    stem: str = _english_stemmer().stemWord(word)
    return stem


@cache
def stop_stems() -> frozenset[str]:
    """The stems of STOP_WORDS: words a search does not require and a typed answer does not score."""
    return frozenset(map(_stem, STOP_WORDS))


def words(text: str) -> list[str]:
    """The stems of `text`'s words; a hyphenated word gives its parts and the whole written together."""
    found: list[str] = []
    for token in _WORD.findall(text.casefold()):
        if "-" in token or "'" in token or "’" in token:
            parts = [part for part in _JOINERS.split(token) if part]
            found.extend(map(_stem, parts))
            found.append(_stem("".join(parts)))
        else:
            found.append(_stem(token))
    return found


def search(kb: KnowledgeBase, query: str, limit: int = 10) -> Results:
    """The best `limit` hits for `query`; every query word (stop words aside) must match in a hit.

    When nothing matches and a query word is a plain misspelling of a word the knowledge base
    uses, the corrected query is searched instead and returned with the hits.
    """
    documents = _index(kb).documents
    hits = _ranked(documents, query, limit)
    if hits:
        return Results(hits)
    corrected = _corrected(kb, query)
    hits = _ranked(documents, corrected, limit) if corrected is not None else []
    return Results(hits, corrected if hits else None)


Document = tuple[tuple[str, str, str, str, str | None], list[tuple[Counter[str], float]], set[str]]


@dataclass(frozen=True, slots=True)
class _Index:
    documents: list[Document]
    vocabulary: frozenset[str]  # every word the knowledge base uses, as written (casefolded)
    stems: frozenset[str]


_INDEXES: "WeakKeyDictionary[KnowledgeBase, _Index]" = WeakKeyDictionary()


def _index(kb: KnowledgeBase) -> _Index:
    """The search index of `kb`, built once per knowledge base (a session may search many times)."""
    index = _INDEXES.get(kb)
    if index is None:
        vocabulary = frozenset(_WORD.findall(" ".join(_texts(kb)).casefold()))
        index = _INDEXES[kb] = _Index(_documents(kb), vocabulary, frozenset(map(_stem, vocabulary)))
    return index


def _ranked(documents: list[Document], query: str, limit: int) -> list[Hit]:
    all_words = list(dict.fromkeys(words(query)))[:MAX_QUERY_WORDS]
    query_words = [w for w in all_words if w not in stop_stems()] or all_words
    if not query_words:
        return []
    scored = [[_word_score(fields, word) for word in query_words] for _, fields, _ in documents]
    matching = [sum(1 for scores in scored if scores[i]) for i in range(len(query_words))]
    idf = [math.log(1 + (len(documents) - df + 0.5) / (df + 0.5)) for df in matching]
    query_key = normalize(query)
    hits: list[Hit] = []
    for ((kind, entry_id, name, short, question_type), _, name_keys), scores in zip(documents, scored, strict=True):
        if not all(scores):
            continue
        total = sum(score * weight for score, weight in zip(scores, idf, strict=True))
        if query_key in name_keys:
            total *= 2.0
        hits.append(Hit(kind, entry_id, name, short, round(total, 3), question_type))
    hits.sort(key=lambda hit: (-hit.score, hit.kind != "term", hit.name.casefold()))
    return hits[:limit]


def _corrected(kb: KnowledgeBase, query: str) -> str | None:
    """`query` with each word that matches nothing replaced by the closest word the knowledge base
    uses, or None when a word has no close match or nothing needed correcting."""
    from rapidfuzz import fuzz, process

    index = _index(kb)
    vocabulary, stems = index.vocabulary, index.stems
    fixed, changed = [], False
    for token in _WORD.findall(query.casefold())[:MAX_QUERY_WORDS]:
        if token in vocabulary or _stem(token) in stems or token in STOP_WORDS or len(token) < 4:
            fixed.append(token)
            continue
        match = process.extractOne(token, vocabulary, scorer=fuzz.ratio, score_cutoff=TYPO_SIMILARITY)
        if match is None:
            return None
        fixed.append(match[0])
        changed = True
    return " ".join(fixed) if changed else None


def _texts(kb: KnowledgeBase) -> Iterable[str]:
    for term in kb.terms.values():
        yield from (term.term, *term.aliases, term.short, term.definition, term.example or "")
    for question in kb.questions.values():
        yield from (question.question, *question.key_points, question.answer)


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


def _bag(texts: Iterable[str]) -> Counter[str]:
    return Counter(word for text in texts for word in words(text))


def _documents(kb: KnowledgeBase) -> list[Document]:
    documents: list[Document] = []
    for term in kb.terms.values():
        names = [term.id, term.term, *term.aliases]
        fields = [
            (_bag(names), NAME_WEIGHT),
            (_bag([term.short]), SHORT_WEIGHT),
            (_bag([term.definition, term.example or "", *term.tags]), BODY_WEIGHT),
        ]
        documents.append((("term", term.id, term.term, term.short, None), fields, {normalize(n) for n in names}))
    for question in kb.questions.values():
        fields = [
            (_bag([question.question]), NAME_WEIGHT / 2),
            (_bag(question.key_points), SHORT_WEIGHT),
            (_bag([question.answer]), BODY_WEIGHT),
        ]
        first_point = question.key_points[0] if question.key_points else ""
        header = ("question", question.id, question.question, first_point, question.type)
        documents.append((header, fields, set()))
    return documents
