"""The one owner of the progress file on disk: reading it, saving it safely, locking, merging."""

import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from aieng_cli.core.actions import CardAction
from aieng_cli.core.progress import Progress
from aieng_cli.core.records import CardState, InterviewRecord, Review
from aieng_cli.errors import UnreadableInput, UnreadableProgress
from aieng_cli.store.action_codec import ActionFormatError, action_from_json, action_journal_entry
from aieng_cli.store.atomic import atomic_write, remove_stale_temporaries
from aieng_cli.store.interview_codec import InterviewFormatError, interview_from_json, interview_to_json
from aieng_cli.store.progress_cache import SnapshotCopy
from aieng_cli.store.progress_codec import (
    ProgressFormatError,
    card_from_json,
    encode_journal_entry,
    encode_journal_line,
    encode_progress,
    parse_time,
    review_from_json,
)

LOCK_WAIT_SECONDS = 2.0
MAX_BYTES = 512 * 1024 * 1024  # a progress file this large is not ours: refuse it before reading it
_APPEND = os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_NOFOLLOW  # a planted link is refused


class ProgressFile:
    """The progress file: a JSON snapshot plus an append-only journal beside it.

    A snapshot is saved by writing a temporary file in the same directory, fsyncing it and renaming
    it over the old one, so a crash leaves the old or the new file, never half of one. During a quiz
    each answer is appended to `progress.json.journal` (one JSON line, fsynced) instead, so an
    answer costs the same with 15 thousand reviews as with 1.5 million; `compact` folds the journal
    into the snapshot at the end of the session. Entries carry a number, and the snapshot records
    the last number it holds, so a crash between the two steps never applies an answer twice.
    `undo` puts back exactly the bytes the last save or append changed.
    """

    def __init__(self, path: Path, cache: Path | None = None) -> None:
        """`cache`: where to keep a quick-loading copy of the snapshot (`store.progress_cache`)."""
        # A link (a progress file kept in a synced folder) is resolved once: the target is what is
        # read, written and locked, so the link itself and the real path share one lock.
        self.path = Path(os.path.realpath(path)) if path.is_symlink() else path
        self.journal = self.path.with_name(self.path.name + ".journal")
        self._lock_path = self.path.with_name(self.path.name + ".lock")
        self._lock: Any = None
        self._undo: list[tuple[str, Any]] = []
        self.copy = None if cache is None else SnapshotCopy(cache, self.path)

    def has_history(self) -> bool:
        """Whether there is anything on disk: the snapshot or a journal a killed session left."""
        return self.path.exists() or self.journal.exists()

    def owns(self, path: Path) -> bool:
        """Whether `path` is this progress file, its journal or its lock (through any link)."""
        target = os.path.realpath(path)
        return target in {os.path.realpath(p) for p in (self.path, self.journal, self._lock_path)}

    def load(self) -> Progress:
        """The progress in the snapshot and the journal; a new, empty one when there is neither."""
        progress = self._read_snapshot()
        for number, event, state in self._journal_entries():
            if number > progress.journal_applied:
                if isinstance(event, CardAction):
                    progress.actions.append(event)
                elif isinstance(event, InterviewRecord):
                    progress.interviews.append(event)
                else:
                    progress.cards[event.card_id] = state
                    progress.reviews.append(event)
                progress.journal_pending = number - progress.journal_applied
        return progress

    def _read_snapshot(self) -> Progress:
        return self._parse_file() if self.copy is None else self.copy.read(self._parse_file)

    def _parse_file(self) -> Progress:
        raw = self._read_bytes()
        return Progress() if raw is None else self._parse(raw)

    def _snapshot_bytes(self, progress: Progress) -> bytes:
        if self.copy is not None and not self.copy.may_save(progress):
            raise self._unreadable("its cached copy was damaged and is now removed; run the command again")
        return encode_progress(progress)

    def _keep_copy(self, progress: Progress) -> None:
        if self.copy is not None:
            self.copy.keep(progress)

    def _parse(self, raw: bytes) -> Progress:
        from aieng_cli.store.progress_decoder import decode_progress  # msgspec: only when parsing

        try:
            return decode_progress(raw)
        except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as error:
            raise self._unreadable(f"not valid JSON ({error.__class__.__name__})") from None
        except ProgressFormatError as error:
            raise self._unreadable(str(error)) from None
        except ValueError:  # an integer of thousands of digits (after ProgressFormatError, a ValueError too)
            raise self._unreadable("it holds a number too large to be ours") from None

    def _journal_entries(self) -> list[tuple[int, Review | CardAction | InterviewRecord, Any]]:
        try:
            raw = self.journal.read_bytes()
        except FileNotFoundError:
            return []
        except OSError as error:
            raise self._unreadable(error.strerror or str(error), self.journal) from None
        lines = raw.split(b"\n")
        lines.pop()  # empty after the last newline, or a torn final line that was never acknowledged
        entries: list[tuple[int, Review | CardAction | InterviewRecord, Any]] = []
        for line_number, line in enumerate(lines, start=1):
            try:
                data = json.loads(line.decode("utf-8"))
                number = data.get("n") if isinstance(data, dict) else None
                expected = entries[-1][0] + 1 if entries else number
                if not isinstance(number, int) or isinstance(number, bool) or number < 1 or number != expected:
                    raise ProgressFormatError(f"line {line_number} is out of sequence")
                where = f"journal line {line_number}"
                if "interview" in data:
                    entries.append((number, interview_from_json(data["interview"], f"{where}.interview"), None))
                    continue
                if "action" in data:
                    moment = parse_time(data.get("time"), f"{where}.time")
                    entries.append((number, action_from_json(data, moment, where), None))
                    continue
                review = review_from_json(data, where)
                entries.append((number, review, card_from_json(review.card_id, data.get("state"))))
            except (ActionFormatError, InterviewFormatError) as error:
                raise self._unreadable(str(error), self.journal) from None
            except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
                raise self._unreadable(f"line {line_number} is not valid JSON", self.journal) from None
            except ProgressFormatError as error:
                raise self._unreadable(str(error), self.journal) from None
            except ValueError:  # json's limit on integer digits
                raise self._unreadable(f"line {line_number} holds a number too large", self.journal) from None
        return entries

    def record(self, progress: Progress, review: Review, state: CardState) -> None:
        """Append one answer (already applied to `progress` in memory) to the journal, durably."""
        self._append(progress, encode_journal_entry(self._next_number(progress), review, state))

    def record_action(self, progress: Progress, action: CardAction) -> None:
        """Append one card action (already in `progress.actions`) to the journal, durably."""
        self._append(progress, encode_journal_line(action_journal_entry(self._next_number(progress), action)))

    def record_interview(self, progress: Progress, record: InterviewRecord) -> None:
        """Append one finished interview (already in `progress.interviews`) to the journal, durably."""
        entry = {"n": self._next_number(progress), "interview": interview_to_json(record)}
        self._append(progress, encode_journal_line(entry))

    def keep(
        self,
        progress: Progress,
        reviews: list[Review] | None = None,
        actions: list[CardAction] | None = None,
        interviews: list[InterviewRecord] | None = None,
    ) -> None:
        """Journal events already applied to `progress` (answers with their cards' states, card
        actions, interviews), each durably, then fold the journal into the snapshot. For commands
        that change the history outside a quiz session; the caller holds the lock."""
        for review in reviews or []:
            self.record(progress, review, progress.cards[review.card_id])
        for action in actions or []:
            self.record_action(progress, action)
        for record in interviews or []:
            self.record_interview(progress, record)
        self.compact(progress)

    @staticmethod
    def _next_number(progress: Progress) -> int:
        return progress.journal_applied + progress.journal_pending + 1

    def _append(self, progress: Progress, line: bytes) -> None:
        self._ensure_directory()
        size: int | None = None
        try:
            with os.fdopen(os.open(self.journal, _APPEND, 0o644), "ab") as handle:
                size = handle.tell()
                if size and not self._ends_with_newline(size):
                    size = self._drop_torn_tail(handle)
                handle.write(line)
                handle.flush()
                os.fsync(handle.fileno())
        except OSError as error:
            if size is not None:
                self._cut_journal(size)
            raise UnreadableInput(
                f"Cannot save this answer to {self.journal}: {error.strerror or error}. Earlier answers are safe.",
                "Free some space or fix the permissions, then try again.",
            ) from None
        progress.journal_pending += 1
        self._undo.append(("journal", size if size else None))

    def _cut_journal(self, size: int) -> None:
        """Undo a failed append (best effort), so the file holds only answers the quiz acknowledged."""
        try:
            if size:
                os.truncate(self.journal, size)
            else:
                self.journal.unlink(missing_ok=True)
        except OSError:
            pass

    def _ends_with_newline(self, size: int) -> bool:
        with open(self.journal, "rb") as handle:
            handle.seek(size - 1)
            return handle.read(1) == b"\n"

    def _drop_torn_tail(self, handle: IO[bytes]) -> int:
        """Cut an unfinished last line (a crash mid-append; that answer was never acknowledged)."""
        data = self.journal.read_bytes()
        keep = data.rfind(b"\n") + 1
        handle.truncate(keep)
        return keep

    def compact(self, progress: Progress) -> None:
        """Fold the journal into the snapshot and remove it (the end of a session)."""
        if not self.journal.exists():
            return
        progress.journal_applied += progress.journal_pending
        progress.journal_pending = 0
        self._write(self._snapshot_bytes(progress))
        self._keep_copy(progress)
        self.journal.unlink(missing_ok=True)
        self._undo.clear()

    def save(self, progress: Progress) -> None:
        """Write the whole snapshot (the journal, if any, must have been compacted first)."""
        self._undo.append(("snapshot", self._read_bytes()))
        self._write(self._snapshot_bytes(progress))
        self._keep_copy(progress)

    def undo(self, progress: Progress | None = None) -> None:
        """Put back exactly what the last save or record changed."""
        kind, before = self._undo.pop()
        if kind == "journal":
            if before is None:
                self.journal.unlink(missing_ok=True)
            else:
                with open(self.journal, "r+b") as handle:
                    handle.truncate(before)
                    os.fsync(handle.fileno())
            if progress is not None:
                progress.journal_pending -= 1
        elif before is None:
            self.path.unlink(missing_ok=True)
        else:
            self._write(before)

    def lock(self, wait: float = LOCK_WAIT_SECONDS) -> None:
        """Take the writer's lock (an OS lock: a killed process cannot leave it stuck)."""
        import fcntl
        import time

        self._ensure_directory()
        try:  # never through a planted link: O_NOFOLLOW refuses one
            descriptor = os.open(self._lock_path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, 0o644)
        except OSError as error:
            raise UnreadableInput(
                f"Cannot lock the progress file {self.path}: {error.strerror or error}.",
                "Check the directory is writable and the path is not too long.",
            ) from None
        handle = os.fdopen(descriptor, "r+b")
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    handle.close()
                    raise UnreadableInput(
                        f"The progress file {self.path} is in use by another aieng quiz.",
                        "Finish that session first, then try again.",
                    ) from None
                time.sleep(0.05)
        self._lock = handle

    def unlock(self) -> None:
        if self._lock is not None:
            self._lock.close()
            self._lock = None

    @contextmanager
    def locked(self) -> Iterator[None]:
        """Hold the writer's lock for the block, released however the block ends."""
        self.lock()
        try:
            yield
        finally:
            self.unlock()

    def merge_from(self, incoming: Progress) -> tuple[int, int]:
        """Merge another history into this file; (answers added, answers in all)."""
        from aieng_cli.core.merge import merge_progress

        with self.locked():
            local = self.load()
            self.compact(local)
            merged = merge_progress(local, incoming)
            self.save(merged)
        return len(merged.reviews) - len(local.reviews), len(merged.reviews)

    def reset(self, stamp: str) -> list[Path]:
        """Start over with an empty history; returns the backups of everything removed.

        The snapshot and the journal (the answers of a session that was killed) are kept together
        as one readable progress file. When either cannot be read, each is kept aside as it is,
        so a corrupt journal has a way out too. Nothing is removed before its backup is written.
        """
        with self.locked():
            try:
                whole = self.load()
            except UnreadableProgress:
                kept = [self._backup(raw, stamp, name) for raw, name in self._raw_parts()]
            else:
                snapshot = encode_progress(whole.as_snapshot())
                kept = [self._backup(snapshot, stamp, self.path.name)] if self.has_history() else []
            # the journal first: a crash between the two leaves the snapshot, an older but
            # consistent history, never later answers without the earlier ones
            self.journal.unlink(missing_ok=True)
            self.path.unlink(missing_ok=True)
            if self.copy is not None:  # what was reset is not kept in the cache either
                self.copy.forget()
        return kept

    def _raw_parts(self) -> list[tuple[bytes, str]]:
        parts = []
        for path in (self.path, self.journal):
            try:
                parts.append((path.read_bytes(), path.name))
            except FileNotFoundError:
                continue
            except OSError as error:
                raise self._unreadable(error.strerror or str(error), path) from None
        return parts

    def _backup(self, raw: bytes, stamp: str, name: str) -> Path:
        """`raw` kept as `<name>.<stamp>.bak`; an earlier backup, even of the same second, is never replaced."""
        target = self.path.with_name(f"{name}.{stamp}.bak")
        number = 1
        while target.exists():
            number += 1
            target = self.path.with_name(f"{name}.{stamp}-{number}.bak")
        self._write(raw, target)
        return target

    def _read_bytes(self) -> bytes | None:
        try:
            if not self.path.is_file() and self.path.exists():  # a FIFO or a device would block or never end
                kind = "a directory" if self.path.is_dir() else "not a regular file"
                raise self._unreadable(f"it is {kind}, not a file")
            if self.path.stat().st_size > MAX_BYTES:
                raise self._unreadable(f"it is larger than {MAX_BYTES // 2**20} MiB")
            return self.path.read_bytes()
        except FileNotFoundError:
            return None
        except IsADirectoryError:
            raise self._unreadable("it is a directory, not a file") from None
        except OSError as error:
            raise self._unreadable(error.strerror or str(error)) from None

    def _unreadable(self, problem: str, path: Path | None = None) -> UnreadableProgress:
        return UnreadableProgress(
            f"Cannot read the progress file {path or self.path}: {problem}. It was left untouched.",
            "Fix or move it, or start over with: aieng progress --reset (a backup is kept).",
            problem,
        )

    def _ensure_directory(self) -> None:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise UnreadableInput(f"Cannot create {self.path.parent}: {error.strerror}.") from None

    def _write(self, data: bytes, target: Path | None = None) -> None:
        target = target or self.path
        self._ensure_directory()
        if self._lock is not None:  # no other writer now: temporary files left by a crash are stale
            remove_stale_temporaries(target)
        try:
            atomic_write(target, data)
        except OSError as error:
            raise UnreadableInput(
                f"Cannot save progress to {target}: {error.strerror or error}. The previous file is intact.",
                "Free some space or fix the permissions, then try again.",
            ) from None
