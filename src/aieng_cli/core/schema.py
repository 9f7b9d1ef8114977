"""Check one parsed knowledge-base file against the schema and build its entries.

Every problem is collected (never just the first), each with the line it stands on. Checks that
need the whole knowledge base (duplicate ids, aliases, `related`) live in `knowledge.py`.
"""

import re
from dataclasses import dataclass, field
from typing import Any

from aieng_cli.core.models import (
    QUESTION_TYPES,
    FollowUp,
    Origin,
    Problem,
    Question,
    Source,
    Stub,
    Term,
    file_fields,
)
from aieng_cli.core.parsed import LineDict, LineList
from aieng_cli.core.topics import TOPIC_NAMES
from aieng_cli.errors import shown

SCHEMA_VERSION = 1
SHORT_MAX = 160
ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
DIFFICULTIES = ("easy", "medium", "hard")
AS_OF_PATTERN = re.compile(r"^(19|20)[0-9]{2}-(0[1-9]|1[0-2])$")
FOLLOW_UP_FIELDS = FollowUp._fields

TERM_REQUIRED, TERM_OPTIONAL = file_fields(Term)
QUESTION_REQUIRED, QUESTION_OPTIONAL = file_fields(Question)
FILE_KEYS = ("version", "terms", "questions")


@dataclass
class FileEntries:
    """What one file contributes: its entries and the problems found in it."""

    path: str
    terms: list[Term] = field(default_factory=list)
    questions: list[Question] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    stubs: list[tuple[Stub, Term | Question | None]] = field(default_factory=list)  # every entry with an id


class _Checker:
    def __init__(self, path: str) -> None:
        self.path = path
        self.problems: list[Problem] = []

    def report(self, line: int, message: str) -> None:
        self.problems.append(Problem(self.path, line, message))

    def line_of(self, mapping: LineDict, key: str) -> int:
        return mapping.key_lines.get(key, mapping.line)

    def text(self, entry: LineDict, key: str, *, required: bool, label: str) -> str | None:
        value = entry.get(key)
        if value is None:
            if required:
                self.report(entry.line, f"{label}: missing required field '{key}'")
            return None
        if not isinstance(value, str) or not value.strip():
            self.report(self.line_of(entry, key), f"{label}: '{key}' must be non-empty text")
            return None
        return value.strip()

    def text_list(self, entry: LineDict, key: str, *, label: str, required: bool = False) -> tuple[str, ...]:
        value = entry.get(key)
        if value is None:
            if required:
                self.report(entry.line, f"{label}: missing required field '{key}'")
            return ()
        if not isinstance(value, LineList):
            self.report(self.line_of(entry, key), f"{label}: '{key}' must be a list of text")
            return ()
        items: list[str] = []
        for item, line in zip(value, value.item_lines, strict=True):
            if not isinstance(item, str) or not item.strip():
                self.report(line, f"{label}: every item of '{key}' must be non-empty text")
            else:
                items.append(item.strip())
        if required and not value:
            self.report(self.line_of(entry, key), f"{label}: '{key}' must not be empty")
        return tuple(items)

    def flag(self, entry: LineDict, key: str, label: str) -> bool:
        value = entry.get(key, False)
        if not isinstance(value, bool):
            self.report(self.line_of(entry, key), f"{label}: '{key}' must be true or false")
            return False
        return value

    def choice(self, entry: LineDict, key: str, choices: tuple[str, ...], label: str) -> str | None:
        value = self.text(entry, key, required=True, label=label)
        if value is not None and value not in choices:
            self.report(self.line_of(entry, key), f"{label}: {key} {value!r} must be one of {', '.join(choices)}")
            return None
        return value

    def follow_ups(self, entry: LineDict, label: str) -> tuple[FollowUp, ...]:
        value = entry.get("follow_ups")
        if value is None:
            return ()
        if not isinstance(value, LineList):
            self.report(self.line_of(entry, "follow_ups"), f"{label}: 'follow_ups' must be a list of mappings")
            return ()
        found: list[FollowUp] = []
        for number, (item, line) in enumerate(zip(value, value.item_lines, strict=True), start=1):
            where = f"{label} follow-up {number}"
            if not isinstance(item, LineDict):
                self.report(line, f"{where}: must be a mapping with {', '.join(FOLLOW_UP_FIELDS)}")
                continue
            before = len(self.problems)
            self.unknown_keys(item, FOLLOW_UP_FIELDS, where)
            question = self.text(item, "question", required=True, label=where)
            answer = self.text(item, "answer", required=True, label=where)
            points = self.text_list(item, "key_points", label=where, required=True)
            if len(self.problems) == before and question and answer:
                found.append(FollowUp(question, answer, points))
        return tuple(found)

    def sources(self, entry: LineDict, label: str) -> tuple[Source, ...]:
        value = entry.get("sources")
        if value is None:
            self.report(entry.line, f"{label}: missing required field 'sources'")
            return ()
        if not isinstance(value, LineList) or not value:
            self.report(self.line_of(entry, "sources"), f"{label}: 'sources' must be a non-empty list")
            return ()
        found: list[Source] = []
        for item, line in zip(value, value.item_lines, strict=True):
            if not isinstance(item, LineDict):
                self.report(line, f"{label}: each source must be a mapping with 'title' and 'url'")
                continue
            self.unknown_keys(item, ("title", "url"), label)
            title = self.text(item, "title", required=True, label=f"{label} source")
            url = self.text(item, "url", required=True, label=f"{label} source")
            if url is not None and not re.match(r"^https?://\S+$", url):
                self.report(self.line_of(item, "url"), f"{label}: source url {url!r} is not an http(s) URL")
            elif title is not None and url is not None:
                found.append(Source(title, url))
        return tuple(found)

    def unknown_keys(self, entry: LineDict, allowed: tuple[str, ...], label: str) -> None:
        for key in entry:
            if key not in allowed:
                self.report(entry.key_lines[key], f"{label}: unknown field '{key}' (allowed: {', '.join(allowed)})")

    def stub(self, entry: LineDict, kind: str) -> Stub | None:
        """The entry's id, names and links with their lines, whatever else is wrong with it."""
        entry_id = entry.get("id")
        if not isinstance(entry_id, str) or not ID_PATTERN.match(entry_id.strip()):
            return None
        fields = [("id", self.line_of(entry, "id"))]
        names: list[str] = []
        if kind == "term":
            names.append(entry_id.strip())
            for key in ("term", "aliases"):
                value = entry.get(key)
                items = [(value, self.line_of(entry, key))] if isinstance(value, str) else []
                if isinstance(value, LineList):
                    items = list(zip(value, value.item_lines, strict=True))
                for name, line in items:
                    if isinstance(name, str) and name.strip():
                        names.append(name.strip())
                        fields.append((f"name:{name.strip()}", line))
        links: dict[str, list[str]] = {"related": [], "requires": []}
        for key, found in links.items():
            value = entry.get(key) if key == "related" or kind == "term" else None
            if isinstance(value, LineList):
                for item, line in zip(value, value.item_lines, strict=True):
                    if isinstance(item, str) and item.strip():
                        found.append(item.strip())
                        fields.append((f"{key}:{item.strip()}", line))
        override = entry.get("override") is True
        origin = Origin(self.path, entry.line, tuple(fields))
        related, requires = tuple(links["related"]), tuple(links["requires"])
        return Stub(kind, entry_id.strip(), tuple(names), related, override, origin, requires)

    def common(self, entry: LineDict, label: str) -> tuple[str | None, str | None, bool]:
        entry_id = self.text(entry, "id", required=True, label=label)
        if entry_id is not None and not ID_PATTERN.match(entry_id):
            self.report(self.line_of(entry, "id"), f"{label}: id {entry_id!r} must be kebab-case (a-z, 0-9, '-')")
            entry_id = None
        topic = self.text(entry, "topic", required=True, label=label)
        if topic is not None and topic not in TOPIC_NAMES:
            self.report(
                self.line_of(entry, "topic"), f"{label}: unknown topic {topic!r} (one of: {', '.join(TOPIC_NAMES)})"
            )
            topic = None
        return entry_id, topic, self.flag(entry, "override", label)

    def term(self, entry: Any, line: int) -> Term | None:
        if not isinstance(entry, LineDict):
            self.report(line, "each term must be a mapping of fields")
            return None
        label = f"term {entry.get('id')!r}" if isinstance(entry.get("id"), str) else "term"
        before = len(self.problems)
        self.unknown_keys(entry, TERM_REQUIRED + TERM_OPTIONAL, label)
        entry_id, topic, override = self.common(entry, label)
        name = self.text(entry, "term", required=True, label=label)
        short = self.text(entry, "short", required=True, label=label)
        if short is not None and ("\n" in short or len(short) > SHORT_MAX):
            self.report(
                self.line_of(entry, "short"),
                f"{label}: 'short' must be one line of at most {SHORT_MAX} characters (it has {len(short)})",
            )
        definition = self.text(entry, "definition", required=True, label=label)
        example = self.text(entry, "example", required=False, label=label)
        aliases = self.text_list(entry, "aliases", label=label)
        tags = self.text_list(entry, "tags", label=label)
        related = self.text_list(entry, "related", label=label)
        requires = self.text_list(entry, "requires", label=label)
        sources = self.sources(entry, label)
        core = self.flag(entry, "core", label)
        phrases = self.text_list(entry, "phrases", label=label)
        as_of = self.text(entry, "as_of", required=False, label=label)
        if as_of is not None and not AS_OF_PATTERN.match(as_of):
            self.report(
                self.line_of(entry, "as_of"), f"{label}: as_of {as_of!r} must be a year and month, e.g. 2026-12"
            )
        if len(self.problems) > before:
            return None
        assert entry_id and topic and name and short and definition
        return Term(
            id=entry_id,
            term=name,
            topic=topic,
            short=short,
            definition=definition,
            sources=sources,
            aliases=aliases,
            tags=tags,
            example=example,
            related=related,
            override=override,
            core=core,
            phrases=phrases,
            as_of=as_of,
            requires=requires,
            origin=Origin(self.path, entry.line),
        )

    def question(self, entry: Any, line: int) -> Question | None:
        if not isinstance(entry, LineDict):
            self.report(line, "each question must be a mapping of fields")
            return None
        label = f"question {entry.get('id')!r}" if isinstance(entry.get("id"), str) else "question"
        before = len(self.problems)
        self.unknown_keys(entry, QUESTION_REQUIRED + QUESTION_OPTIONAL, label)
        entry_id, topic, override = self.common(entry, label)
        text = self.text(entry, "question", required=True, label=label)
        answer = self.text(entry, "answer", required=True, label=label)
        key_points = self.text_list(entry, "key_points", label=label, required=True)
        difficulty = self.choice(entry, "difficulty", DIFFICULTIES, label)
        question_type = self.choice(entry, "type", QUESTION_TYPES, label)
        related = self.text_list(entry, "related", label=label)
        sources = self.sources(entry, label)
        follow_ups = self.follow_ups(entry, label)
        if len(self.problems) > before:
            return None
        assert entry_id and topic and text and answer and difficulty and question_type
        return Question(
            id=entry_id,
            question=text,
            answer=answer,
            key_points=key_points,
            topic=topic,
            difficulty=difficulty,
            sources=sources,
            type=question_type,
            related=related,
            override=override,
            follow_ups=follow_ups,
            origin=Origin(self.path, entry.line),
        )


def check_file(data: Any, path: str) -> FileEntries:
    """Validate one file's parsed data and return its entries and problems."""
    checker = _Checker(path)
    result = FileEntries(path)
    if data is None:
        checker.report(1, "the file is empty; expected 'version: 1' and 'terms' or 'questions'")
    elif not isinstance(data, LineDict):
        checker.report(1, "the file must be a mapping with 'version' and 'terms' or 'questions'")
    else:
        checker.unknown_keys(data, FILE_KEYS, "file")
        version = data.get("version")
        if version is None:
            checker.report(data.line, f"missing 'version: {SCHEMA_VERSION}'")
        elif version != SCHEMA_VERSION or isinstance(version, bool):
            checker.report(
                checker.line_of(data, "version"),
                f"unsupported version {shown(version)} (this aieng reads version {SCHEMA_VERSION})",
            )
        for key, build, bucket in (
            ("terms", checker.term, result.terms),
            ("questions", checker.question, result.questions),
        ):
            entries = data.get(key)
            if entries is None:
                continue
            if not isinstance(entries, LineList):
                checker.report(checker.line_of(data, key), f"'{key}' must be a list")
                continue
            kind = key[:-1]
            for entry, line in zip(entries, entries.item_lines, strict=True):
                built = build(entry, line)
                stub = checker.stub(entry, kind) if isinstance(entry, LineDict) else None
                if built is not None and stub is not None:
                    built = built._replace(origin=stub.origin)
                    bucket.append(built)  # type: ignore[arg-type]
                if stub is not None:
                    result.stubs.append((stub, built))
    result.problems = checker.problems
    return result
