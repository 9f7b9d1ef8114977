"""Ranked full-text search over terms and questions, for learners who may not know the name.

Scoring is BM25 over fields (BM25F): any query word may match, each weighted by how rare it is in
the knowledge base, so a long plain-English question still finds the entry that shares its rare
words. Names, aliases and a term's `phrases` (how learners describe it) weigh most, then the
one-liner, then the body. An exact name or alias ranks first ("what is lora" -> LoRA), the rest
by score: an entry matching every word wins through its higher score, not by a rule (a strict
"every word first" order measured lower recall on tests/data/queries.tsv). Words are compared by
their English stems (`evaluation` finds `evaluate`), hyphenated words also match written together
(`finetuning`), a query word also matches the words it begins (`quantiz`), and words such as
`how` or `the` are not required. The index is plain data, so the store can keep it compiled in the cache.
"""

from __future__ import annotations

import math
import re
from array import array
from bisect import bisect_left
from collections import Counter
from collections.abc import Sequence
from functools import cache
from typing import Any, NamedTuple
from weakref import WeakKeyDictionary

from aieng_cli.core.knowledge import KnowledgeBase
from aieng_cli.core.names import normalize

_WORD = re.compile(r"\w+(?:[-'’]\w+)*")
_JOINERS = re.compile(r"[-'’]")
NAMES, PHRASES, SHORT, BODY = range(4)
FIELD_WEIGHTS = (5.0, 5.0, 2.0, 1.0)
FIELD_B = (0.3, 0.5, 0.5, 0.75)  # how much a long field dilutes a match (BM25's b)
K1 = 1.2
PREFIX_FACTOR = 0.6
MAX_QUERY_WORDS = 12  # words beyond these are ignored: a search, not a document comparison
TYPO_SIMILARITY = 85  # rapidfuzz ratio for correcting a query word that matches nothing
STOP_WORDS = frozenset(
    "a an and are as at be by can do does for from how i in into is it its my of on or our should the "
    "that their this to use using vs versus was what when where which who why will with you your".split()
)
# Words that frame a question rather than name its subject ("explain rag", "what does x mean").
FILLER_WORDS = frozenset(
    "about define definition describe difference explain exactly example meaning mean means me "
    "please tell term there way what's whats work works".split()
)


class Hit(NamedTuple):
    kind: str  # "term" or "question"
    id: str
    name: str
    short: str
    score: float
    type: str | None = None  # a question's interview round


class Results(NamedTuple):
    hits: list[Hit]
    corrected: str | None = None  # the query actually searched, when words were corrected


class SearchIndex(NamedTuple):
    """An inverted index of the knowledge base as a few flat values, so it loads in a millisecond
    or two: the postings of `stems[i]` are `blob[offsets[i]:offsets[i + 1]]` (in postings)."""

    documents: list[tuple[str, str, str, str, str | None]]  # kind, id, name, short, question type
    lengths: list[tuple[int, int, int, int]]  # words per field of each document
    stems: list[str]  # every stem the knowledge base uses, sorted
    offsets: bytes  # packed 32-bit numbers: where each stem's postings start in `blob`, and the end
    blob: bytes  # every stem's (document, field, count) postings, packed (see `pack`)
    names: dict[str, int]  # a term's normalised id, name or alias -> its document
    vocabulary: str  # every word the knowledge base uses, as written (casefolded), one per line

    @property
    def average_lengths(self) -> tuple[float, ...]:
        count = max(1, len(self.lengths))
        return tuple(max(1.0, sum(row[field] for row in self.lengths) / count) for field in range(4))

    def to_row(self) -> tuple[Any, ...]:
        return tuple(self)

    @classmethod
    def from_row(cls, row: tuple[Any, ...]) -> SearchIndex:
        """The index from `to_row`'s data (marshal keeps tuples and lists, so nothing is rebuilt)."""
        index = cls(*row)
        if not (isinstance(index.names, dict) and isinstance(index.blob, bytes) and isinstance(index.vocabulary, str)):
            raise ValueError("not a search index")
        if len(index.documents) != len(index.lengths) or len(index.offsets) != 4 * (len(index.stems) + 1):
            raise ValueError("a damaged search index")
        return index

    def position(self, stem: str) -> int | None:
        at = bisect_left(self.stems, stem)
        return at if at < len(self.stems) and self.stems[at] == stem else None

    def postings(self, at: int, offsets: Sequence[int]) -> list[tuple[int, int, int]]:
        """The postings of `stems[at]` (`offsets` is `offsets` unpacked, once per search)."""
        return unpack(self.blob[4 * offsets[at] : 4 * offsets[at + 1]])


# One posting is one 32-bit number: document (20 bits), field (2 bits), count (10 bits). Packed,
# a search loads a few thousand byte strings instead of a hundred thousand tuples.
_DOCUMENT_SHIFT, _FIELD_SHIFT, _COUNT_MASK = 12, 10, 0x3FF
MAX_DOCUMENTS = 1 << 20


def pack(postings: list[tuple[int, int, int]]) -> bytes:
    return array(
        "I", ((d << _DOCUMENT_SHIFT) | (f << _FIELD_SHIFT) | min(c, _COUNT_MASK) for d, f, c in postings)
    ).tobytes()


def unpack(packed: bytes) -> list[tuple[int, int, int]]:
    numbers = array("I")
    numbers.frombytes(packed)
    return [(n >> _DOCUMENT_SHIFT, (n >> _FIELD_SHIFT) & 3, n & _COUNT_MASK) for n in numbers]


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


@cache
def _filler_stems() -> frozenset[str]:
    return stop_stems() | frozenset(map(_stem, FILLER_WORDS))


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


def build_index(kb: KnowledgeBase) -> SearchIndex:
    """The search index of `kb` (the costly part is stemming every word once)."""
    documents: list[tuple[str, str, str, str, str | None]] = []
    lengths: list[tuple[int, int, int, int]] = []
    postings: dict[str, list[tuple[int, int, int]]] = {}
    if len(kb.terms) + len(kb.questions) >= MAX_DOCUMENTS:
        raise ValueError(f"a search index holds at most {MAX_DOCUMENTS - 1} entries")
    names: dict[str, int] = {}
    vocabulary: set[str] = set()

    def add(fields: tuple[list[str], list[str], list[str], list[str]]) -> None:
        number = len(lengths)
        bags = [Counter(stem for text in texts for stem in words(text)) for texts in fields]
        lengths.append((sum(bags[0].values()), sum(bags[1].values()), sum(bags[2].values()), sum(bags[3].values())))
        for field, bag in enumerate(bags):
            for stem, count in bag.items():
                postings.setdefault(stem, []).append((number, field, count))
        for texts in fields:
            for text in texts:
                vocabulary.update(_WORD.findall(text.casefold()))

    for term in kb.terms.values():
        term_names = [term.id, term.term, *term.aliases]
        for name in term_names:
            names.setdefault(normalize(name), len(documents))
        documents.append(("term", term.id, term.term, term.short, None))
        add((term_names, list(term.phrases), [term.short], [term.definition, term.example or "", *term.tags]))
    for question in kb.questions.values():
        first_point = question.key_points[0] if question.key_points else ""
        documents.append(("question", question.id, question.question, first_point, question.type))
        add(([], [question.question], list(question.key_points), [question.answer]))
    stems = sorted(postings)
    starts, blob = [0], []
    for stem in stems:
        blob.append(pack(postings[stem]))
        starts.append(starts[-1] + len(postings[stem]))
    offsets = array("I", starts).tobytes()
    return SearchIndex(documents, lengths, stems, offsets, b"".join(blob), names, "\n".join(sorted(vocabulary)))


_INDEXES: WeakKeyDictionary[KnowledgeBase, SearchIndex] = WeakKeyDictionary()


def index_of(kb: KnowledgeBase) -> SearchIndex:
    """The search index of `kb`, built once per knowledge base (a session may search many times)."""
    index = _INDEXES.get(kb)
    if index is None:
        index = _INDEXES[kb] = build_index(kb)
    return index


def search(kb: KnowledgeBase, query: str, limit: int = 10) -> Results:
    return search_index(index_of(kb), query, limit)


def search_index(index: SearchIndex, query: str, limit: int = 10) -> Results:
    """The best `limit` hits for `query`. When nothing matches and a query word is a plain
    misspelling of a word the knowledge base uses, the corrected query is searched instead."""
    hits = _ranked(index, query, limit)
    if hits:
        return Results(hits)
    corrected = _corrected(index, query)
    hits = _ranked(index, corrected, limit) if corrected is not None else []
    return Results(hits, corrected if hits else None)


def query_words(query: str) -> list[str]:
    """The stems a query is searched by: framing and stop words dropped unless nothing else is left."""
    every = list(dict.fromkeys(words(query)))[:MAX_QUERY_WORDS]
    content = [w for w in every if w not in _filler_stems()]
    return content or [w for w in every if w not in stop_stems()] or every


def _expansions(index: SearchIndex, word: str) -> list[tuple[int, float]]:
    """Positions of the index stems `word` matches: itself, and (for 3+ letters) the stems it begins."""
    if len(word) < 3:
        exact = index.position(word)
        return [] if exact is None else [(exact, 1.0)]
    found: list[tuple[int, float]] = []
    at = bisect_left(index.stems, word)
    while at < len(index.stems) and index.stems[at].startswith(word):
        found.append((at, 1.0 if index.stems[at] == word else PREFIX_FACTOR))
        at += 1
    return found


def _ranked(index: SearchIndex, query: str, limit: int) -> list[Hit]:
    stems = query_words(query)
    if not stems:
        return []
    total = len(index.documents)
    averages = index.average_lengths
    offsets = array("I")
    offsets.frombytes(index.offsets)
    scores: dict[int, float] = {}
    for word in stems:
        weighted: dict[int, float] = {}
        for at, factor in _expansions(index, word):
            for document, field, count in index.postings(at, offsets):
                norm = 1 - FIELD_B[field] + FIELD_B[field] * index.lengths[document][field] / averages[field]
                weighted[document] = weighted.get(document, 0.0) + FIELD_WEIGHTS[field] * factor * count / norm
        if not weighted:
            continue
        idf = math.log(1 + (total - len(weighted) + 0.5) / (len(weighted) + 0.5))
        for document, tf in weighted.items():
            scores[document] = scores.get(document, 0.0) + idf * tf / (K1 + tf)
    exact = _exact_name(index, query)
    ranked = sorted(scores, key=lambda d: (d != exact, -scores[d], index.documents[d][0] != "term", d))
    hits = []
    for document in ranked[:limit]:
        kind, entry_id, name, short, question_type = index.documents[document]
        hits.append(Hit(kind, entry_id, name, short, round(scores[document], 3), question_type))
    return hits


def _exact_name(index: SearchIndex, query: str) -> int | None:
    """The document whose name or alias the query is, with its framing words dropped ("what is lora")."""
    found = index.names.get(normalize(query))
    if found is None:
        tokens = _WORD.findall(query.casefold())
        kept = [t for t in tokens if _stem(t) not in _filler_stems()]
        if kept and len(kept) < len(tokens):
            found = index.names.get(normalize(" ".join(kept)))
    return found


def _corrected(index: SearchIndex, query: str) -> str | None:
    """`query` with each word that matches nothing replaced by the closest word the knowledge base
    uses, or None when a word has no close match or nothing needed correcting."""
    from rapidfuzz import fuzz, process

    vocabulary = index.vocabulary.split("\n")
    known = set(vocabulary)
    fixed, changed = [], False
    for token in _WORD.findall(query.casefold())[:MAX_QUERY_WORDS]:
        if token in known or index.position(_stem(token)) is not None or token in STOP_WORDS or len(token) < 4:
            fixed.append(token)
            continue
        match = process.extractOne(token, vocabulary, scorer=fuzz.ratio, score_cutoff=TYPO_SIMILARITY)
        if match is None:
            return None
        fixed.append(match[0])
        changed = True
    return " ".join(fixed) if changed else None
