"""The knowledge base: entries from several files merged, cross-checked, and indexed for lookup."""

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

from aieng_cli.models import Problem, Question, Term
from aieng_cli.schema import FileEntries
from aieng_cli.topics import TOPIC_ORDER

_SEPARATORS = re.compile(r"[\s\-_.·/]+")
_EDGE_PUNCTUATION = "\"'`“”‘’()[]{}<>«»,;:!?*#"


def normalize(name: str) -> str:
    """The lookup key of a name: case, width, separators and surrounding punctuation removed.

    "Fine-tuning", "fine tuning" and "finetuning" share a key, as do "rag" and "R.A.G.".
    """
    folded = unicodedata.normalize("NFKC", name).casefold().strip()
    folded = folded.strip(_EDGE_PUNCTUATION + " \t\n")
    return _SEPARATORS.sub("", folded)


def _singular(key: str) -> str | None:
    if key.endswith("ies") and len(key) > 4:
        return key[:-3] + "y"
    if key.endswith("es") and key[:-2].endswith(("sh", "ch", "x", "ss")):
        return key[:-2]
    if key.endswith("s") and not key.endswith("ss") and len(key) > 3:
        return key[:-1]
    return None


@dataclass
class KnowledgeBase:
    terms: dict[str, Term] = field(default_factory=dict)
    questions: dict[str, Question] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)

    def resolve(self, query: str) -> Term | None:
        """The term whose id, name or alias matches `query` after normalisation, if any."""
        key = normalize(query)
        term_id = self.names.get(key)
        if term_id is None:
            singular = _singular(key)
            term_id = self.names.get(singular) if singular else None
        return self.terms.get(term_id) if term_id else None

    def suggest(self, query: str, limit: int = 3) -> list[Term]:
        """Up to `limit` terms whose names are close to `query`, best first."""
        from rapidfuzz import fuzz, process

        key = normalize(query)
        if not key:
            return []
        matches = process.extract(key, self.names.keys(), scorer=fuzz.WRatio, limit=limit * 4, score_cutoff=75)
        found: list[Term] = []
        for name_key, _score, _index in matches:
            term = self.terms[self.names[name_key]]
            if term not in found:
                found.append(term)
        return found[:limit]

    def questions_about(self, term_id: str) -> list[Question]:
        return [question for question in self.questions.values() if term_id in question.related]

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


MAX_QUERY = 200


def find_term(kb: KnowledgeBase, query: str) -> Term:
    """The term `query` names, or NotFound with up to three suggestions."""
    from aieng_cli.errors import NotFound, UsageError

    if not normalize(query):
        raise UsageError("Give a term to define, for example: aieng define rag")
    term = kb.resolve(query)
    if term is not None:
        return term
    shown = query if len(query) <= 60 else query[:57] + "..."
    suggestions = kb.suggest(query) if len(query) <= MAX_QUERY else []
    if suggestions:
        names = ", ".join(term.id for term in suggestions)
        raise NotFound(f'No term "{shown}". Did you mean: {names}?')
    raise NotFound(f'No term "{shown}" and nothing close.', "Try a full-text search: aieng search <words>")
