"""The knowledge base: entries from several files merged, cross-checked, and indexed by name."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, Protocol

from aieng_cli.core.cards import StudyCard, cards_by_topic, study_cards
from aieng_cli.core.models import Entry, Problem, Question, Stub, Term, TermPage
from aieng_cli.core.names import normalize, resolve_name
from aieng_cli.core.topics import TOPIC_ORDER

if TYPE_CHECKING:
    from aieng_cli.core.schema import FileEntries


class Glossary(Protocol):
    """What `define` needs: the name index and term pages (a KnowledgeBase or the compiled cache)."""

    @property
    def names(self) -> Mapping[str, str]: ...

    def page(self, term_id: str) -> TermPage: ...


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

    def study_cards(self) -> list[StudyCard]:
        """Every card, in teaching order (see `cards.study_cards`)."""
        return study_cards(self)

    def cards_by_topic(self) -> dict[str, list[str]]:
        return cards_by_topic(study_cards(self))

    def term(self, term_id: str) -> Term:
        return self.terms[term_id]

    def question(self, question_id: str) -> Question:
        return self.questions[question_id]

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
        return TermPage(
            term,
            self.related_names(term),
            tuple((q.id, q.question, q.difficulty) for q in self.questions_about(term_id)),
            requires=tuple((r, self.terms[r].term) for r in term.requires if r in self.terms),
        )

    def related_names(self, entry: Entry) -> tuple[tuple[str, str], ...]:
        """(id, name) of each related term of `entry` that exists."""
        return tuple((r, self.terms[r].term) for r in entry.related if r in self.terms)

    def terms_in_order(self, topic: str | None = None) -> list[Term]:
        """Terms in teaching order: by topic, then as they stand in the files."""
        chosen = [term for term in self.terms.values() if topic is None or term.topic == topic]
        return sorted(chosen, key=lambda term: TOPIC_ORDER[term.topic])

    def questions_in_order(self, topic: str | None = None) -> list[Question]:
        """Questions by topic, then as they stand in the files."""
        chosen = [q for q in self.questions.values() if topic is None or q.topic == topic]
        return sorted(chosen, key=lambda q: TOPIC_ORDER[q.topic])

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

    The checks across entries (duplicate ids, names that name two terms, `related` ids that do
    not exist) cover every entry with a readable id, also those with problems of their own, so one
    run reports everything. `references` supplies extra term ids that `related` may point to (used
    when validating a user's deck on its own). Returns the knowledge base and every problem.
    """
    kb = KnowledgeBase()
    problems: list[Problem] = []
    owners: dict[tuple[str, str], Stub] = {}
    for entries in files:
        problems.extend(entries.problems)
        for stub, entry in entries.stubs:
            previous = owners.get((stub.kind, stub.id))
            if previous is not None and not (stub.override and previous.origin.path != stub.origin.path):
                hint = "" if previous.origin.path == stub.origin.path else " (add 'override: true' to replace it)"
                message = f"duplicate {stub.kind} id {stub.id!r}, already defined at {previous.origin}{hint}"
                problems.append(Problem(stub.origin.path, stub.origin.line_of("id"), message))
                continue
            owners[(stub.kind, stub.id)] = stub
            table: dict[str, Any] = kb.terms if stub.kind == "term" else kb.questions
            if entry is not None:
                table[stub.id] = entry
            else:
                table.pop(stub.id, None)  # an override with problems replaces nothing
    stubs = list(owners.values())
    _index_names(kb, [stub for stub in stubs if stub.kind == "term"], problems)
    known = {stub.id for stub in stubs if stub.kind == "term"} | (set(references.terms) if references else set())
    for stub in stubs:
        for related_id in stub.related:
            if related_id not in known:
                line = stub.origin.line_of(f"related:{related_id}")
                problems.append(
                    Problem(stub.origin.path, line, f"{stub.id}: related term {related_id!r} does not exist")
                )
        for required in stub.requires:
            line = stub.origin.line_of(f"requires:{required}")
            if required == stub.id:
                problems.append(Problem(stub.origin.path, line, f"{stub.id}: a term cannot require itself"))
            elif required not in known:
                problems.append(
                    Problem(stub.origin.path, line, f"{stub.id}: required term {required!r} does not exist")
                )
    problems.extend(_requirement_cycles([stub for stub in stubs if stub.kind == "term"]))
    return kb, problems


def _requirement_cycles(stubs: list[Stub]) -> list[Problem]:
    """Each cycle in `requires` once, naming its terms in order, at the first term's line."""
    graph = {stub.id: [r for r in stub.requires if r != stub.id] for stub in stubs}
    where = {stub.id: stub for stub in stubs}
    problems: list[Problem] = []
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    for start in graph:
        if start in state:
            continue
        path: list[str] = [start]
        stack = [iter(graph[start])]
        state[start] = 1
        while stack:
            following = next(stack[-1], None)
            if following is None:
                state[path.pop()] = 2
                stack.pop()
            elif following not in graph or state.get(following) == 2:
                continue
            elif state.get(following) == 1:
                cycle = path[path.index(following) :]
                first = where[cycle[0]]
                line = first.origin.line_of(f"requires:{cycle[1] if len(cycle) > 1 else cycle[0]}")
                names = " -> ".join([*cycle, cycle[0]])
                problems.append(Problem(first.origin.path, line, f"{cycle[0]}: requires form a cycle: {names}"))
            else:
                state[following] = 1
                path.append(following)
                stack.append(iter(graph[following]))
    return problems


def _index_names(kb: KnowledgeBase, stubs: list[Stub], problems: list[Problem]) -> None:
    """Every name of every term into one index; a name of two terms is a problem at the second."""
    owners: dict[str, Stub] = {}
    for stub in stubs:
        for name in stub.names:
            key = normalize(name)
            line = stub.origin.line_of(f"name:{name}") if name != stub.id else stub.origin.line_of("id")
            if not key:
                problems.append(Problem(stub.origin.path, line, f"{stub.id}: name {name!r} has no letters or digits"))
                continue
            owner = owners.setdefault(key, stub)
            if owner.id != stub.id:
                message = f"{stub.id}: name {name!r} also names term {owner.id!r} ({owner.origin})"
                problems.append(Problem(stub.origin.path, line, message))
            elif stub.id in kb.terms:
                kb.names.setdefault(key, stub.id)
