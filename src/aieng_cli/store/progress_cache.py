"""A copy of the progress snapshot's columns as raw arrays, so a long history loads in milliseconds.

Decoding the JSON snapshot of 150,000 reviews builds 750,000 Python integers: about 40 ms even at
C speed, the largest cost of `aieng progress`. This cache holds what the decoded snapshot holds,
the numeric columns as the bytes of `array`s, which load with one copy each and become the
ReviewLog's columns as they are: no integer is built until one is read.

It is derived data, kept in the cache directory, one file per progress file (named by a checksum
of its real path), and used only while it matches the snapshot's size, modification and change
times in nanoseconds, inode and device, and this aieng's version. Any write to the snapshot, by
aieng or by anyone else, changes its change time, so a stale copy is never used. The copy is
written when a snapshot is read that has none, and when aieng saves a snapshot; writing is best
effort (a read-only cache directory only costs speed) and is skipped for a history that holds
values the arrays cannot (a card id with a NUL, a number beyond 64 bits). A copy that is
damaged (checksum), truncated, foreign or from another version is ignored and replaced. Copies
of the last few progress files read are kept (`kb_cache.prune_caches`), and a reset removes its
copy. The journal is not cached: it is replayed on top of the snapshot as always.

Layout: magic, a checksum (CRC-32) of everything after it, the header's length, the header (JSON:
signature, scheduler settings, card actions, interviews, and the name, type code, item count
and byte length of each column), then the columns' bytes in the header's order. Strings are
joined with NUL.
"""

import json
import math
import os
import stat
import struct
import sys
import zlib
from array import array
from collections.abc import Callable
from contextlib import suppress
from pathlib import Path
from typing import Any

from aieng_cli.core.card_table import CardColumns, CardTable
from aieng_cli.core.progress import Progress
from aieng_cli.core.records import MAX_DURATION_MS, NO_DURATION, ReviewLog
from aieng_cli.core.schedule import STATES
from aieng_cli.store.action_codec import actions_from_json, actions_to_json
from aieng_cli.store.atomic import atomic_write
from aieng_cli.store.interview_codec import interviews_from_json, interviews_to_json
from aieng_cli.store.progress_codec import MAX_MICROS, settings_from_json

MAGIC = b"AIENGPC\x01"  # the last byte is the layout version
_PREFIX = struct.Struct("<II")  # checksum, header length
_NO_STEP = -1
CODES = {  # each column's array type code ("s": strings)
    "review_card_ids": "s",
    "card_id": "s",
    "card_state": "s",
    "review_card": "q",
    "review_time": "q",
    "review_rating": "b",
    "review_duration": "q",
    "card_step": "q",
    "card_stability": "d",
    "card_difficulty": "d",
    "card_due": "q",
    "card_last_review": "q",
    "card_reps": "q",
    "card_lapses": "q",
}
CARD_NUMBERS = [name for name, code in CODES.items() if name.startswith("card_") and code != "s"]
Signature = list[Any]


def source_signature(snapshot: Path) -> Signature:
    """What the cached copy of `snapshot` must match: its identity and times, and aieng's version.

    Raises OSError when the snapshot cannot be examined."""
    from aieng_cli import __version__

    stat = os.stat(snapshot)
    return [__version__, sys.byteorder, stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino, stat.st_dev]


def encode(progress: Progress, signature: Signature) -> bytes | None:
    """The cache file's bytes for the snapshot part of `progress`; None when it cannot be cached."""
    cards = progress.cards.columns()
    log = progress.reviews
    strings = {"review_card_ids": log.card_ids, "card_id": cards.id, "card_state": cards.state}
    if any("\0" in text for column in strings.values() for text in column):
        return None
    try:
        columns: list[tuple[str, str, bytes, int]] = [
            (name, "s", "\0".join(texts).encode("utf-8", "surrogatepass"), len(texts))
            for name, texts in strings.items()
        ]
        numbers: list[tuple[str, array[Any]]] = [
            ("review_card", log.card),
            ("review_time", log.time),
            ("review_rating", log.rating),
            ("review_duration", log.duration),
            ("card_step", array("q", [_NO_STEP if step is None else step for step in cards.step])),
            ("card_stability", array("d", cards.stability)),
            ("card_difficulty", array("d", cards.difficulty)),
            ("card_due", array("q", cards.due)),
            ("card_last_review", array("q", cards.last_review)),
            ("card_reps", array("q", cards.reps)),
            ("card_lapses", array("q", cards.lapses)),
        ]
    except (OverflowError, TypeError, UnicodeEncodeError):
        return None
    columns += [(name, values.typecode, values.tobytes(), len(values)) for name, values in numbers]
    header = {
        "signature": signature,
        "scheduler": progress.settings.to_json(),
        "journal_applied": progress.journal_applied,
        "actions": actions_to_json(progress.actions),
        "interviews": interviews_to_json(progress.interviews),
        "ordered": log.in_time_order(),
        "columns": [[name, code, count, len(data)] for name, code, data, count in columns],
    }
    head = json.dumps(header, separators=(",", ":")).encode()
    body = b"".join([head, *(data for _name, _code, data, _count in columns)])
    return MAGIC + _PREFIX.pack(zlib.crc32(body), len(head)) + body


def decode(raw: bytes, signature: Signature) -> Progress | None:
    """The snapshot's progress from a cache file's bytes; None when they are stale or not a sound copy."""
    try:
        if not raw.startswith(MAGIC):
            return None
        checksum, length = _PREFIX.unpack_from(raw, len(MAGIC))
        body = memoryview(raw)[len(MAGIC) + _PREFIX.size :]
        if zlib.crc32(body) != checksum:
            return None
        header = json.loads(bytes(body[:length]))
        if header["signature"] != signature:
            return None
        columns = _columns(body, length, header["columns"])
        if columns is None:
            return None
        return _progress(header, columns)
    except (struct.error, ValueError, KeyError, TypeError, IndexError, RecursionError):
        return None  # ProgressFormatError, ActionFormatError and InterviewFormatError are ValueErrors


def _columns(body: memoryview, start: int, layout: list[list[Any]]) -> dict[str, Any] | None:
    """Each column of the layout [name, type code, items, bytes] cut from `body`; None if any is
    not where or what the layout says, or the columns of a table differ in length."""
    columns: dict[str, Any] = {}
    position = start
    for name, code, count, size in layout:
        chunk = body[position : position + size]
        position += size
        if CODES.get(name) != code or len(chunk) != size:
            return None
        if code == "s":
            texts = bytes(chunk).decode("utf-8", "surrogatepass").split("\0") if count else []
            if len(texts) != count:
                return None
            columns[name] = texts
        else:
            values = array(code)
            values.frombytes(chunk)
            if len(values) != count:
                return None
            columns[name] = values
    if position != len(body) or set(columns) != set(CODES):
        return None
    for table in ("review_", "card_"):  # review_card_ids holds each card once, not a row per review
        if len({len(values) for name, values in columns.items() if name.startswith(table) and name[-4:] != "_ids"}) > 1:
            return None
    return columns


def _sound(columns: dict[str, Any], header: dict[str, Any]) -> bool:
    """Whether the copy holds only values the commands can show and schedule (the card columns'
    ranges, the ratings, the states, the header), the checks cheap enough for every read. The
    rest of what the codec checks (the review log's 150,000 indices, times and durations, unique
    ids, finite numbers) is checked before a history read from a copy is saved
    (`checked_for_saving`), so not even a copy crafted to pass its checksum reaches the file."""
    bounds = [
        (columns["card_step"], _NO_STEP, None),
        (columns["card_due"], 0, MAX_MICROS),
        (columns["card_last_review"], 0, MAX_MICROS),
        (columns["card_reps"], 0, None),
        (columns["card_lapses"], 0, None),
        (columns["card_stability"], 0, sys.float_info.max),
        (columns["card_difficulty"], -sys.float_info.max, sys.float_info.max),
    ]
    applied = header["journal_applied"]
    return (
        _within(bounds)
        and not columns["review_rating"].tobytes().translate(None, b"\x01\x02\x03\x04")  # all 1-4
        and set(columns["card_state"]) <= set(STATES)
        and type(applied) is int
        and applied >= 0
        and type(header["ordered"]) is bool
    )


def _within(bounds: list[tuple[Any, float, float | None]]) -> bool:
    return all(
        not values or (min(values) >= low and (high is None or max(values) <= high)) for values, low, high in bounds
    )


def checked_for_saving(progress: Progress) -> bool:
    """Whether a history read from a copy holds only what the codec accepts in what `_sound` leaves
    out (the review log's card indices, times and durations; unique ids; finite numbers), so it
    may be saved."""
    log, cards = progress.reviews, progress.cards.columns()
    return (
        _within(
            [
                (log.card, 0, len(log.card_ids) - 1),
                (log.time, 0, MAX_MICROS),
                (log.duration, NO_DURATION, MAX_DURATION_MS),
            ]
        )
        and all(map(math.isfinite, (*cards.stability, *cards.difficulty)))
        and len(set(log.card_ids)) == len(log.card_ids)
        and len(set(cards.id)) == len(cards.id)
    )


def _progress(header: dict[str, Any], columns: dict[str, Any]) -> Progress | None:
    for name in CARD_NUMBERS:  # the card table keeps lists; checked as lists, they are quicker too
        columns[name] = columns[name].tolist()
    if not _sound(columns, header):
        return None
    settings = settings_from_json(header["scheduler"], ask_fsrs=False)
    log = ReviewLog.from_arrays(
        columns["review_card_ids"],
        columns["review_card"],
        columns["review_time"],
        columns["review_rating"],
        columns["review_duration"],
        ordered=header["ordered"],
    )
    cards = CardColumns(
        columns["card_id"],
        columns["card_state"],
        [None if step == _NO_STEP else step for step in columns["card_step"]],
        columns["card_stability"],
        columns["card_difficulty"],
        columns["card_due"],
        columns["card_last_review"],
        columns["card_reps"],
        columns["card_lapses"],
    )
    return Progress(
        settings,
        CardTable(columns=cards),
        log,
        header["journal_applied"],
        actions=actions_from_json(header["actions"], MAX_MICROS),
        interviews=interviews_from_json(header["interviews"]),
    )


def read_cached(cache: Path, snapshot: Path) -> Progress | None:
    """The snapshot's progress from its cached copy, or None (no copy, a stale or damaged one)."""
    try:
        signature = source_signature(snapshot)
        raw = _read_regular(cache)
    except OSError:
        return None
    return None if raw is None else decode(raw, signature)


def _read_regular(path: Path) -> bytes | None:
    """The bytes of `path` if it is a regular file (opened without blocking: a FIFO planted there
    must not hang the command), else None."""
    descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    with os.fdopen(descriptor, "rb") as handle:
        return handle.read() if stat.S_ISREG(os.fstat(descriptor).st_mode) else None


def read_through(cache: Path, snapshot: Path, parse: Callable[[], Progress]) -> tuple[Progress, bool]:
    """The snapshot's progress from its copy when that is fresh, else `parse()`d from the file and
    then kept as the copy (unless the file changed while it was read); and whether it came from
    the copy."""
    cached = read_cached(cache, snapshot)
    if cached is not None:
        return cached, True
    try:
        before = source_signature(snapshot)
    except OSError:  # no snapshot (`parse` gives an empty progress) or none that can be examined
        return parse(), False
    progress = parse()
    write_cached(cache, snapshot, progress, before)
    return progress, False


class SnapshotCopy:
    """The copy of one progress file's snapshot, as that file reads, saves and resets it."""

    def __init__(self, cache: Path, snapshot: Path) -> None:
        self.cache, self.snapshot = cache, snapshot
        self.used = False  # whether the last read came from the copy

    def read(self, parse: Callable[[], Progress]) -> Progress:
        progress, self.used = read_through(self.cache, self.snapshot, parse)
        return progress

    def may_save(self, progress: Progress) -> bool:
        """Whether `progress` may be written as the snapshot: always, unless it was read from a copy
        whose review log holds values the codec refuses (then the copy is removed)."""
        if not self.used or checked_for_saving(progress):
            return True
        self.forget()
        return False

    def keep(self, progress: Progress) -> None:
        write_cached(self.cache, self.snapshot, progress)

    def forget(self) -> None:
        with suppress(OSError):
            self.cache.unlink(missing_ok=True)


def cache_path(snapshot: Path) -> Path:
    """Where the copy of the progress file `snapshot` is kept."""
    from aieng_cli.store.paths import user_path

    key = zlib.crc32(os.path.realpath(snapshot).encode("utf-8", "surrogateescape"))
    return user_path("cache") / f"progress-{key:08x}.bin"


def write_cached(cache: Path, snapshot: Path, progress: Progress, read: Signature | None = None) -> None:
    """Keep a copy of `progress`, just read from or written to `snapshot` (best effort). `read`:
    the snapshot's signature from before it was read; no copy is kept if it has changed since."""
    try:
        signature = source_signature(snapshot)
        if read is not None and read != signature:
            return
        data = encode(progress, signature)
        if data is None:
            cache.unlink(missing_ok=True)
            return
        cache.parent.mkdir(parents=True, exist_ok=True)
        if cache.is_symlink():  # a link planted at the copy's place is replaced, never written through
            cache.unlink()
        atomic_write(cache, data, durable=False)
    except OSError:
        return
    from aieng_cli.store.kb_cache import prune_caches

    prune_caches(cache)  # the copies of the CACHES_KEPT progress files read last stay
    _remove_abandoned_temporaries(cache)


ABANDONED_SECONDS = 3600  # a temporary copy this old was left by a killed writer, not one at work


def _remove_abandoned_temporaries(cache: Path) -> None:
    """Delete temporary files a writer killed mid-write left beside the copy (best effort). Only
    old ones: another aieng may be writing its own copy of the same file right now."""
    import time

    try:
        for leftover in cache.parent.glob(f".{cache.name}.*.tmp"):
            if time.time() - leftover.stat().st_mtime > ABANDONED_SECONDS:
                leftover.unlink(missing_ok=True)
    except OSError:
        pass
