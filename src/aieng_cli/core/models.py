"""The knowledge base's records: immutable named tuples (cheap to define, so lookups start fast).

`Term` and `Question` are the one place that lists an entry's fields. A field without a default is
required in a knowledge-base file, a field with one is optional; the schema, the compiled cache and
the JSON views all read the field list from here.
"""

from typing import Any, NamedTuple


class Source(NamedTuple):
    title: str
    url: str


class Origin(NamedTuple):
    """Where an entry was read from, for messages (`FILE:LINE`); `fields` holds the line of each
    field and list item a cross-entry check may point at ("id", "name:RAG", "related:llm")."""

    path: str
    line: int
    fields: tuple[tuple[str, int], ...] = ()

    def __str__(self) -> str:
        return f"{self.path}:{self.line}"

    def line_of(self, key: str) -> int:
        return next((line for name, line in self.fields if name == key), self.line)


NOWHERE = Origin("", 0)


class FollowUp(NamedTuple):
    """What an interviewer asks next, with its own short answer and key points."""

    question: str
    answer: str
    key_points: tuple[str, ...]


class Term(NamedTuple):
    id: str
    term: str
    topic: str
    short: str
    definition: str
    sources: tuple[Source, ...]
    aliases: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    example: str | None = None
    related: tuple[str, ...] = ()
    override: bool = False
    core: bool = False  # one of the terms every AI engineer must know: taught first
    phrases: tuple[str, ...] = ()  # how a learner who does not know the name describes it (for search)
    as_of: str | None = None  # "YYYY-MM": when the entry's dated claims were last checked
    requires: tuple[str, ...] = ()  # the terms to understand first (learning paths)
    origin: Origin = NOWHERE


QUESTION_TYPES = ("concept", "coding", "estimation", "design", "debugging", "behavioural")


class Question(NamedTuple):
    id: str
    question: str
    answer: str
    key_points: tuple[str, ...]
    topic: str
    difficulty: str
    sources: tuple[Source, ...]
    type: str  # one of QUESTION_TYPES: the interview round it belongs to
    related: tuple[str, ...] = ()
    override: bool = False
    follow_ups: tuple[FollowUp, ...] = ()
    origin: Origin = NOWHERE


Entry = Term | Question

# Fields the files do not spell: where the entry came from.
INTERNAL_FIELDS = ("origin",)


def file_fields(kind: type[Term] | type[Question]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(required, optional) field names of `kind` as written in a knowledge-base file."""
    fields = [name for name in kind._fields if name not in INTERNAL_FIELDS]
    return (
        tuple(name for name in fields if name not in kind._field_defaults),
        tuple(name for name in fields if name in kind._field_defaults),
    )


def entry_row(entry: Entry) -> tuple[Any, ...]:
    """`entry` as nested plain tuples (for marshal, which takes no named tuples)."""
    row: list[Any] = list(entry)
    sources, origin = entry._fields.index("sources"), entry._fields.index("origin")
    row[sources] = tuple(tuple(source) for source in entry.sources)
    row[origin] = tuple(entry.origin)
    if isinstance(entry, Question):
        row[entry._fields.index("follow_ups")] = tuple(tuple(follow) for follow in entry.follow_ups)
    return tuple(row)


def term_from_row(row: tuple[Any, ...]) -> Term:
    return Term._make(_rebuilt(Term._fields, row))


def question_from_row(row: tuple[Any, ...]) -> Question:
    return Question._make(_rebuilt(Question._fields, row))


def _rebuilt(fields: tuple[str, ...], row: tuple[Any, ...]) -> list[Any]:
    if len(row) != len(fields):
        raise ValueError(f"a record has {len(row)} fields, expected {len(fields)}")
    values = list(row)
    sources, origin = fields.index("sources"), fields.index("origin")
    values[sources] = tuple(Source(*pair) for pair in values[sources])
    values[origin] = Origin(*values[origin])
    if "follow_ups" in fields:
        follow_ups = fields.index("follow_ups")
        values[follow_ups] = tuple(FollowUp(*follow) for follow in values[follow_ups])
    return values


class Stub(NamedTuple):
    """What the checks across entries need of one entry, even an entry with problems of its own:
    so that a broken file's duplicate ids, name clashes and dangling links show in the same run."""

    kind: str  # "term" or "question"
    id: str
    names: tuple[str, ...]  # a term's id, name and aliases; a question has none
    related: tuple[str, ...]
    override: bool
    origin: Origin
    requires: tuple[str, ...] = ()  # a term's prerequisites


class Problem(NamedTuple):
    """One validation problem, reported as `FILE:LINE: message`."""

    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


class TermPage(NamedTuple):
    """Everything `define` shows: the term, its related terms' names and the questions about it."""

    term: Term
    related: tuple[tuple[str, str], ...]  # (id, display name)
    questions: tuple[tuple[str, str, str], ...]  # (id, question, difficulty)
    corrected_from: str | None = None  # the misspelt query, when the page was found by typo correction
    requires: tuple[tuple[str, str], ...] = ()  # (id, display name) of the terms to understand first
