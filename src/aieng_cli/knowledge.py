"""The knowledge base: entries from several files merged, cross-checked, and indexed for lookup."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Protocol

from aieng_cli.models import Problem, Question, Term, TermPage
from aieng_cli.topics import TOPIC_ORDER

if TYPE_CHECKING:
    from aieng_cli.schema import FileEntries

_SEPARATORS = re.compile(r"[\s\-_.·/]+")
_EDGE_PUNCTUATION = "\"'`“”‘’()[]{}<>«»,;:!?*#"


def normalize(name: str) -> str:
    """The lookup key of a name: case, width, separators and surrounding punctuation removed.

    "Fine-tuning", "fine tuning" and "finetuning" share a key, as do "rag" and "R.A.G.".
    """
    folded = unicodedata.normalize("NFKC", name).casefold().strip()
    folded = folded.strip(_EDGE_PUNCTUATION + " \t\n")
    return _SEPARATORS.sub("", folded)


def singulars(key: str) -> list[str]:
    """Keys `key` may be the plural of, likeliest first: "batches" -> "batch", "caches" -> "cache"."""
    if key.endswith("ies") and len(key) > 4:
        return [key[:-3] + "y", key[:-1]]
    if key.endswith("es") and key[:-2].endswith(("sh", "ch", "x", "ss")):
        return [key[:-2], key[:-1]]
    if key.endswith("s") and not key.endswith("ss") and len(key) > 3:
        return [key[:-1]]
    return []


class KnowledgeBase:
    """Terms and questions by id, and the index of normalised names to term ids."""

    def __init__(
        self,
        terms: dict[str, Term] | None = None,
        questions: dict[str, Question] | None = None,
        names: dict[str, str] | None = None,
    ) -> None:
        self.terms = terms if terms is not None else {}
        self.questions = questions if questions is not None else {}
        self.names = names if names is not None else {}
        self._about: dict[str, list[Question]] | None = None

    def resolve(self, query: str) -> Term | None:
        """The term whose id, name or alias matches `query` after normalisation, if any."""
        term_id = resolve_name(self.names, query)
        return self.terms[term_id] if term_id else None

    def questions_about(self, term_id: str) -> list[Question]:
        if self._about is None:
            self._about = {}
            for question in self.questions.values():
                for related in question.related:
                    self._about.setdefault(related, []).append(question)
        return list(self._about.get(term_id, ()))

    def page(self, term_id: str) -> TermPage:
        term = self.terms[term_id]
        related = tuple((r, self.terms[r].term) for r in term.related if r in self.terms)
        questions = tuple((q.id, q.question, q.difficulty) for q in self.questions_about(term_id))
        return TermPage(term, related, questions)

    def terms_in_order(self, topic: str | None = None) -> list[Term]:
        """Terms in teaching order: by topic, then as they stand in the files."""
        chosen = [term for term in self.terms.values() if topic is None or term.topic == topic]
        return sorted(chosen, key=lambda term: TOPIC_ORDER[term.topic])

    def topic_counts(self) -> dict[str, tuple[int, int]]:
        counts = {topic: [0, 0] for topic in TOPIC_ORDER}
        for term in self.terms.values():
            counts[term.topic][0] += 1
        for question in self.questions.values():
            counts[question.topic][1] += 1
        return {topic: (terms, questions) for topic, (terms, questions) in counts.items()}


def build_knowledge(
    files: Iterable[FileEntries], references: KnowledgeBase | None = None
) -> tuple[KnowledgeBase, list[Problem]]:
    """Merge files in order (later files may override earlier entries that say `override: true`).

    `references` supplies extra term ids that `related` may point to (used when validating a
    user's deck on its own). Returns the knowledge base and every cross-file problem.
    """
    kb = KnowledgeBase()
    problems: list[Problem] = []
    for entries in files:
        problems.extend(entries.problems)
        for term in entries.terms:
            _add_entry(kb.terms, term, problems)
        for question in entries.questions:
            _add_entry(kb.questions, question, problems)
    _index_names(kb, problems)
    known = set(kb.terms) | (set(references.terms) if references else set())
    for entry in [*kb.terms.values(), *kb.questions.values()]:
        for related_id in entry.related:
            if related_id not in known:
                problems.append(
                    Problem(
                        entry.origin.path, entry.origin.line, f"{entry.id}: related term {related_id!r} does not exist"
                    )
                )
    return kb, problems


def _add_entry(table: dict, entry: Term | Question, problems: list[Problem]) -> None:
    previous = table.get(entry.id)
    if previous is not None and not (entry.override and previous.origin.path != entry.origin.path):
        kind = "term" if isinstance(entry, Term) else "question"
        hint = "" if previous.origin.path == entry.origin.path else " (add 'override: true' to replace it)"
        problems.append(
            Problem(
                entry.origin.path,
                entry.origin.line,
                f"duplicate {kind} id {entry.id!r}, already defined at {previous.origin}{hint}",
            )
        )
        return
    table[entry.id] = entry


def _index_names(kb: KnowledgeBase, problems: list[Problem]) -> None:
    for term in kb.terms.values():
        for name in (term.id, term.term, *term.aliases):
            key = normalize(name)
            if not key:
                problems.append(
                    Problem(term.origin.path, term.origin.line, f"{term.id}: name {name!r} has no letters or digits")
                )
                continue
            owner = kb.names.setdefault(key, term.id)
            if owner != term.id:
                other = kb.terms[owner]
                problems.append(
                    Problem(
                        term.origin.path,
                        term.origin.line,
                        f"{term.id}: name {name!r} also names term {owner!r} ({other.origin})",
                    )
                )


class Glossary(Protocol):
    """What `define` needs: the name index and term pages (a KnowledgeBase or the compiled cache)."""

    names: Mapping[str, str]

    def page(self, term_id: str) -> TermPage: ...


def resolve_name(names: Mapping[str, str], query: str) -> str | None:
    """The id of the term `query` names after normalisation (plurals fall back to the singular)."""
    key = normalize(query)
    term_id = names.get(key)
    for singular in singulars(key) if term_id is None else ():
        term_id = names.get(singular)
        if term_id is not None:
            break
    return term_id


def suggest_names(names: Mapping[str, str], query: str, limit: int = 3) -> list[str]:
    """Up to `limit` term ids whose names are close to `query`, best first."""
    from rapidfuzz import fuzz, process

    key = normalize(query)
    if not key:
        return []
    matches = process.extract(key, names.keys(), scorer=fuzz.WRatio, limit=limit * 4, score_cutoff=75)
    return list(dict.fromkeys(names[name_key] for name_key, _score, _index in matches))[:limit]


TYPO_MIN_SIMILARITY = 88  # rapidfuzz ratio: one or two wrong letters in a name of eight or more
TYPO_MARGIN = 5  # the runner-up term must be clearly further away


def correct_typo(names: Mapping[str, str], query: str) -> str | None:
    """The id of the one term `query` is plainly a misspelling of, if there is exactly one.

    Plain edit-distance similarity, not the looser ranking used for suggestions: a correction is
    shown without asking, so it must be close (`quantizaton`) and unambiguous (not `lamma`, which
    is as near to `llama` as to `ollama`).
    """
    from rapidfuzz import fuzz, process

    key = normalize(query)
    if len(key) < 4:
        return None
    best: dict[str, float] = {}
    cutoff = TYPO_MIN_SIMILARITY - TYPO_MARGIN
    for name_key, score, _index in process.extract(key, names.keys(), scorer=fuzz.ratio, limit=8, score_cutoff=cutoff):
        best[names[name_key]] = max(best.get(names[name_key], 0.0), score)
    ranked = sorted(best.items(), key=lambda item: -item[1])
    if not ranked or ranked[0][1] < TYPO_MIN_SIMILARITY:
        return None
    if len(ranked) > 1 and ranked[1][1] > ranked[0][1] - TYPO_MARGIN:
        return None
    return ranked[0][0]


MAX_QUERY = 200


def _shortened(query: str) -> str:
    """A query as echoed in a message: at most 60 characters."""
    return query if len(query) <= 60 else query[:57] + "..."


def find_term(glossary: Glossary, query: str) -> TermPage:
    """The page of the term `query` names or plainly misspells, or NotFound with up to three suggestions."""
    from aieng_cli.errors import NotFound, UsageError

    if not normalize(query):
        raise UsageError("Give a term to define, for example: aieng define rag")
    term_id = resolve_name(glossary.names, query)
    if term_id is not None:
        return glossary.page(term_id)
    shown = _shortened(query)
    corrected = correct_typo(glossary.names, query) if len(query) <= MAX_QUERY else None
    if corrected is not None:
        return glossary.page(corrected)._replace(corrected_from=query)
    suggestions = suggest_names(glossary.names, query) if len(query) <= MAX_QUERY else []
    if suggestions:
        raise NotFound(f'No term "{shown}". Did you mean: {", ".join(suggestions)}?')
    raise NotFound(f'No term "{shown}" and nothing close.', "Try a full-text search: aieng search <words>")


def find_question(kb: KnowledgeBase, query: str) -> Question:
    """The interview question `query` names by id, else the best full-text match among questions."""
    from aieng_cli.errors import NotFound, UsageError
    from aieng_cli.search import search

    key = normalize(query)
    if not key:
        raise UsageError("Give a question id or some words, for example: aieng answer design-rag-system")
    by_key = {normalize(question_id): question_id for question_id in kb.questions}
    if key in by_key:
        return kb.questions[by_key[key]]
    results = search(kb, query, limit=len(kb.terms) + len(kb.questions))
    for hit in results.hits:
        if hit.kind == "question":
            return kb.questions[hit.id]
    shown = _shortened(query)
    raise NotFound(f'No interview question matches "{shown}".', "List them with: aieng search <words>")
