"""The compiled knowledge base: one cache file so a lookup reads a single record, not the YAML.

Like Python's bytecode cache, it is keyed by the source files' paths, sizes and nanosecond
modification times plus the package version, rebuilt when any of them changes, and safe to
delete. Layout: magic, header length, a marshal'd header (signature, where each name bucket, the deck
and the whole knowledge base are), then the name buckets (normalised name -> term id and record
position, split by hash so a lookup reads one small bucket however large the decks), then one
marshal'd record per term page and per question, then the deck (every study card in teaching
order as columns, for `quiz`, which needs no entry until its card is shown), then the card ids by
topic (all `progress` needs), then the whole knowledge base for commands that need every entry.
marshal is used because it is built in (no import cost) and fast; the file is ours and is checked.
"""

from __future__ import annotations

import marshal
import os
import struct
import zlib
from collections.abc import Callable, Iterator, Mapping
from functools import partial
from pathlib import Path
from typing import Any

from aieng_cli.core.cards import StudyCard, cards_by_topic, study_cards
from aieng_cli.core.knowledge import Glossary, KnowledgeBase
from aieng_cli.core.lookup import find_term
from aieng_cli.core.models import Question, TermPage, entry_row, question_from_row, term_from_row
from aieng_cli.core.names import normalize
from aieng_cli.errors import UnreadableInput
from aieng_cli.store.atomic import atomic_write
from aieng_cli.store.knowledge_files import knowledge_sources, usable_knowledge, valid_knowledge
from aieng_cli.store.paths import user_path

MAGIC = b"AIENGKB\x07"  # the last byte is the layout version
BUCKETS = 256
_LENGTH = struct.Struct("<Q")
_PREFIX = len(MAGIC) + 2 * _LENGTH.size  # magic, header length, header checksum


class CacheUnreadable(Exception):
    """The cache file exists but cannot be used (corrupt, truncated, or not ours)."""


def bucket_of(key: str) -> int:
    return zlib.crc32(key.encode("utf-8", "surrogatepass")) % BUCKETS


def encode(kb: KnowledgeBase, signature: tuple[Any, ...]) -> bytes:
    """The cache file's bytes for `kb`."""
    records: list[bytes] = []
    where: dict[str, tuple[int, int, int]] = {}
    position = 0
    for term_id in kb.terms:
        page = kb.page(term_id)
        row: Any = (entry_row(page.term), page.related, page.questions, page.requires)
        record = marshal.dumps(row)
        where[term_id] = (position, len(record), zlib.crc32(record))
        records.append(record)
        position += len(record)
    questions: dict[str, tuple[int, int, int]] = {}
    for question in kb.questions.values():
        record = marshal.dumps(entry_row(question))
        questions[question.id] = (position, len(record), zlib.crc32(record))
        records.append(record)
        position += len(record)
    cards = study_cards(kb)
    deck = marshal.dumps((tuple(map(list, zip(*cards, strict=True))) if cards else ([],) * 5, questions))
    topics = marshal.dumps(cards_by_topic(cards))
    buckets: list[dict[str, tuple[str, int, int, int]]] = [{} for _ in range(BUCKETS)]
    for key, term_id in kb.names.items():
        buckets[bucket_of(key)][key] = (term_id, *where[term_id])
    bucket_bytes = [marshal.dumps(bucket) for bucket in buckets]
    bucket_spans, offset = [], 0
    for data in bucket_bytes:
        bucket_spans.append((offset, len(data), zlib.crc32(data)))
        offset += len(data)
    records_start = offset
    whole = marshal.dumps(
        ([entry_row(t) for t in kb.terms.values()], [entry_row(q) for q in kb.questions.values()], kb.names)
    )
    header = marshal.dumps(
        {
            "signature": signature,
            "buckets": bucket_spans,
            "records": records_start,
            "deck": (records_start + position, len(deck), zlib.crc32(deck)),
            "topics": (records_start + position + len(deck), len(topics), zlib.crc32(topics)),
            "whole": (records_start + position + len(deck) + len(topics), len(whole), zlib.crc32(whole)),
        }
    )
    start = MAGIC + _LENGTH.pack(len(header)) + _LENGTH.pack(zlib.crc32(header))
    return start + header + b"".join(bucket_bytes) + b"".join(records) + deck + topics + whole


class Names(Mapping[str, str]):
    """The name index, read one hash bucket at a time (all of it only for typo suggestions)."""

    def __init__(self, read_bucket: Callable[[int], Any]) -> None:
        self._read_bucket = read_bucket
        self._buckets: dict[int, dict[str, tuple[str, int, int, int]]] = {}

    def _bucket(self, number: int) -> dict[str, tuple[str, int, int, int]]:
        bucket = self._buckets.get(number)
        if bucket is None:
            bucket = self._read_bucket(number)
            if not isinstance(bucket, dict):
                raise CacheUnreadable("a name bucket is damaged")
            self._buckets[number] = bucket
        return bucket

    def entry(self, key: str) -> tuple[str, int, int, int] | None:
        """(term id, record offset, record length, record checksum) for a normalised name."""
        return self._bucket(bucket_of(key)).get(key)

    def __getitem__(self, key: str) -> str:
        found = self.entry(key)
        if found is None:
            raise KeyError(key)
        return found[0]

    def __iter__(self) -> Iterator[str]:
        for number in range(BUCKETS):
            yield from self._bucket(number)

    def __len__(self) -> int:
        return sum(len(self._bucket(number)) for number in range(BUCKETS))


class CompiledKnowledge:
    """A read-only view of a cache file: name buckets and term pages are read on demand."""

    def __init__(self, path: Path, header: dict[str, Any], body_start: int) -> None:
        self.path = path
        self._bucket_spans: list[tuple[int, int, int]] = header["buckets"]  # (offset, length, crc32)
        self._records: int = header["records"]
        self._deck: tuple[int, int, int] = header["deck"]
        self._topics: tuple[int, int, int] = header["topics"]
        self._whole: tuple[int, int, int] = header["whole"]
        self._body = body_start
        self.names = Names(lambda number: self._read(*self._bucket_spans[number]))

    @classmethod
    def open(cls, path: Path, signature: tuple[Any, ...]) -> CompiledKnowledge | None:
        """The cache at `path` if it matches `signature`; None if missing or stale."""
        try:
            with open(path, "rb") as handle:
                start = handle.read(_PREFIX)
                if len(start) < _PREFIX or not start.startswith(MAGIC):
                    raise CacheUnreadable("not an aieng cache file of this version")
                (length,) = _LENGTH.unpack(start[len(MAGIC) : len(MAGIC) + _LENGTH.size])
                (checksum,) = _LENGTH.unpack(start[len(MAGIC) + _LENGTH.size :])
                size = os.fstat(handle.fileno()).st_size
                if length > size:
                    raise CacheUnreadable("truncated")
                raw_header = handle.read(length)
                if zlib.crc32(raw_header) != checksum:
                    raise CacheUnreadable("the header is damaged")
                header = marshal.loads(raw_header)
        except FileNotFoundError:
            return None
        except (OSError, EOFError, ValueError, TypeError, struct.error) as error:
            raise CacheUnreadable(str(error) or error.__class__.__name__) from None
        if (
            not isinstance(header, dict)
            or not {"signature", "buckets", "records", "deck", "topics", "whole"} <= header.keys()
        ):
            raise CacheUnreadable("the header is damaged")
        if header["signature"] != signature:
            return None
        body = _PREFIX + length
        try:
            whole_offset, whole_length, _ = header["whole"]
            if len(header["buckets"]) != BUCKETS:
                raise ValueError
        except (TypeError, ValueError):
            raise CacheUnreadable("the header is damaged") from None
        if body + whole_offset + whole_length != size:
            raise CacheUnreadable("truncated or padded")
        return cls(path, header, body)

    def _read(self, offset: int, length: int, checksum: int) -> Any:
        """One section of the file, checked against its checksum: damage is found, never served."""
        try:
            with open(self.path, "rb") as handle:
                handle.seek(self._body + offset)
                data = handle.read(length)
            if zlib.crc32(data) != checksum:
                raise CacheUnreadable("a section is damaged")
            return marshal.loads(data)
        except (OSError, EOFError, ValueError, TypeError) as error:
            raise CacheUnreadable(str(error) or error.__class__.__name__) from None

    def page(self, term_id: str) -> TermPage:
        """The page of `term_id`, found through any of its names (its id is one of them)."""
        try:
            found = self.names.entry(normalize(term_id))
            if found is None or found[0] != term_id:
                raise KeyError(term_id)
            term_row, related, questions, requires = self._read(self._records + found[1], found[2], found[3])
            return TermPage(
                term_from_row(term_row),
                tuple(map(tuple, related)),
                tuple(map(tuple, questions)),
                requires=tuple(map(tuple, requires)),
            )
        except (KeyError, IndexError, TypeError, ValueError) as error:
            raise CacheUnreadable(f"a record is damaged ({error})") from None

    def cards(self) -> tuple[list[StudyCard], dict[str, tuple[int, int, int]]]:
        """Every study card in teaching order, and where each question's record is."""
        try:
            (ids, kinds, entry_ids, topics, types), questions = self._read(*self._deck)
            rows = zip(ids, kinds, entry_ids, topics, types, strict=True)
            cards = list(map(partial(tuple.__new__, StudyCard), rows))  # C speed: no Python call per card
            if not isinstance(questions, dict):
                raise TypeError("the questions' records are not indexed")
            return cards, questions
        except (IndexError, TypeError, ValueError) as error:
            raise CacheUnreadable(f"the deck section is damaged ({error})") from None

    def cards_by_topic(self) -> dict[str, list[str]]:
        """The card ids of each topic, in teaching order."""
        by_topic = self._read(*self._topics)
        if not isinstance(by_topic, dict) or not all(isinstance(ids, list) for ids in by_topic.values()):
            raise CacheUnreadable("the topics section is damaged")
        return by_topic

    def question(self, span: tuple[int, int, int]) -> Question:
        """The question whose record is at `span`."""
        try:
            offset, length, checksum = span
            return question_from_row(self._read(self._records + offset, length, checksum))
        except (IndexError, TypeError, ValueError) as error:
            raise CacheUnreadable(f"a record is damaged ({error})") from None

    def knowledge(self) -> KnowledgeBase:
        """The whole knowledge base (for commands that need every entry)."""
        try:
            terms, questions, names = self._read(*self._whole)
            return KnowledgeBase(
                {row[0]: term_from_row(row) for row in terms},
                {row[0]: question_from_row(row) for row in questions},
                names,
            )
        except (KeyError, IndexError, TypeError, ValueError) as error:
            raise CacheUnreadable(f"the knowledge base section is damaged ({error})") from None


def cache_signature(sources: list[Path]) -> tuple[Any, ...]:
    """What a cache must match to be fresh: the version and each source's path, size and mtime."""
    from aieng_cli import __version__

    parts: list[Any] = [__version__]
    for path in sources:
        stat = path.stat()
        parts.append((str(path), stat.st_size, stat.st_mtime_ns))
    return tuple(parts)


def cache_path(sources: list[Path], kind: str = "kb") -> Path:
    """The cache of `kind` ("kb": the compiled knowledge base, "search": its search index) for `sources`."""
    key = zlib.crc32("\n".join(str(path) for path in sources).encode("utf-8", "surrogateescape"))
    return user_path("cache") / f"{kind}-{key:08x}.bin"


def open_glossary(warnings: list[str], extra: list[Path] | None = None) -> Glossary:
    """The knowledge base for lookups: the compiled cache when it is fresh, else rebuilt from YAML.

    Problems with the cache itself never stop a lookup: they are added to `warnings`.
    """
    sources = knowledge_sources(extra or [])
    try:
        signature = cache_signature(sources)
    except OSError as error:
        raise UnreadableInput(f"Cannot read the knowledge base: {error}.") from None
    path = cache_path(sources)
    try:
        compiled = CompiledKnowledge.open(path, signature)
        if compiled is not None:
            return compiled
    except CacheUnreadable as error:
        warnings.append(f"Ignoring the unreadable cache {path} ({error}); it is rebuilt.")
    kb, dropped = usable_knowledge(sources, extra or [])
    if dropped:  # not cached: the warning must show until the file is fixed
        warnings.extend(f"Ignoring {name}: it has problems (see: aieng validate {name})." for name in dropped)
        return kb
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(path, encode(kb, signature), durable=False)
    except OSError as error:
        warnings.append(f"Cannot write the cache {path} ({error.strerror}); lookups will be slower.")
    else:
        prune_caches(path)
    return kb


CACHES_KEPT = 4  # one compiled cache per combination of decks; the least recently built go


def prune_caches(current: Path) -> None:
    """Delete all but the CACHES_KEPT most recently built caches (best effort: they are rebuilt on need)."""
    kind = current.name.split("-", 1)[0]
    try:
        caches = sorted(current.parent.glob(f"{kind}-*.bin"), key=lambda p: p.stat().st_mtime_ns, reverse=True)
        for stale in [p for p in caches if p != current][CACHES_KEPT - 1 :]:
            stale.unlink(missing_ok=True)
    except OSError:
        pass


def find_page(query: str, warnings: list[str], extra: list[Path] | None = None) -> TermPage:
    """The page `define` shows for `query` (a damaged cache record falls back to the YAML)."""
    glossary = open_glossary(warnings, extra)
    try:
        return find_term(glossary, query)
    except CacheUnreadable as error:
        warnings.append(f"Ignoring the unreadable cache ({error}).")
        return find_term(valid_knowledge(knowledge_sources(extra or [])), query)


def open_knowledge(warnings: list[str], extra: list[Path] | None = None) -> KnowledgeBase:
    """The whole knowledge base, from the compiled cache when possible."""
    glossary = open_glossary(warnings, extra)
    if isinstance(glossary, KnowledgeBase):
        return glossary
    assert isinstance(glossary, CompiledKnowledge)
    try:
        return glossary.knowledge()
    except CacheUnreadable as error:
        warnings.append(f"Ignoring the unreadable cache {glossary.path} ({error}).")
        return valid_knowledge(knowledge_sources(extra or []))
