"""The one owner of the progress file on disk: where it is, reading it, saving it safely."""

import json
import os
from pathlib import Path
from typing import Any

from aieng_cli.errors import UnreadableInput
from aieng_cli.progress import Progress, ProgressFormatError, progress_from_json, progress_to_json

PROGRESS_ENV = "AIENG_PROGRESS_FILE"
LOCK_WAIT_SECONDS = 2.0


def default_progress_path() -> Path:
    """`AIENG_PROGRESS_FILE`, else `progress.json` in the per-user data directory."""
    override = os.environ.get(PROGRESS_ENV)
    if override:
        return Path(override).expanduser()
    from platformdirs import user_data_path

    return user_data_path("aieng", appauthor=False) / "progress.json"


class ProgressFile:
    """The progress file: read, atomic writes, a lock against a second writer, undo, backups.

    Every save writes a temporary file in the same directory, fsyncs it and renames it over the
    old one, so a crash leaves either the old or the new file, never half of one. The bytes the
    file held before each save are kept in memory so `undo` can put them back exactly.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock: Any = None
        self._before: list[bytes | None] = []

    def load(self) -> Progress:
        """The progress in the file; a new, empty one when there is no file yet."""
        raw = self._read_bytes()
        if raw is None:
            return Progress()
        try:
            return progress_from_json(json.loads(raw.decode("utf-8")))
        except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as error:
            raise self._unreadable(f"not valid JSON ({error.__class__.__name__})") from None
        except ProgressFormatError as error:
            raise self._unreadable(str(error)) from None

    def save(self, progress: Progress) -> None:
        self._before.append(self._read_bytes())
        self._write(encode_progress(progress))

    def undo(self) -> None:
        """Put back the bytes the file held before the last save (or remove it if it had none)."""
        previous = self._before.pop()
        if previous is None:
            self.path.unlink(missing_ok=True)
        else:
            self._write(previous)

    def lock(self, wait: float = LOCK_WAIT_SECONDS) -> None:
        """Take the writer's lock (an OS lock: a killed process cannot leave it stuck)."""
        import fcntl
        import time

        self._ensure_directory()
        handle = open(self.path.with_name(self.path.name + ".lock"), "a+b")  # noqa: SIM115 - held while locked
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

    def backup(self, now_stamp: str) -> Path | None:
        """Copy the current file aside as `progress.json.<stamp>.bak`; None when there is no file."""
        raw = self._read_bytes()
        if raw is None:
            return None
        target = self.path.with_name(f"{self.path.name}.{now_stamp}.bak")
        self._write(raw, target)
        return target

    def _read_bytes(self) -> bytes | None:
        try:
            return self.path.read_bytes()
        except FileNotFoundError:
            return None
        except IsADirectoryError:
            raise self._unreadable("it is a directory, not a file") from None
        except OSError as error:
            raise self._unreadable(error.strerror or str(error)) from None

    def _unreadable(self, problem: str) -> UnreadableInput:
        return UnreadableInput(
            f"Cannot read the progress file {self.path}: {problem}. It was left untouched.",
            "Fix or move it, or start over with: aieng progress --reset (a backup is kept).",
        )

    def _ensure_directory(self) -> None:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise UnreadableInput(f"Cannot create {self.path.parent}: {error.strerror}.") from None

    def _write(self, data: bytes, target: Path | None = None) -> None:
        target = target or self.path
        self._ensure_directory()
        temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
        try:
            with open(temporary, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(temporary, target)
            directory = os.open(target.parent, os.O_RDONLY)
            try:
                os.fsync(directory)
            finally:
                os.close(directory)
        except OSError as error:
            temporary.unlink(missing_ok=True)
            raise UnreadableInput(
                f"Cannot save progress to {target}: {error.strerror or error}. The previous file is intact.",
                "Free some space or fix the permissions, then try again.",
            ) from None


def encode_progress(progress: Progress) -> bytes:
    return (json.dumps(progress_to_json(progress), ensure_ascii=False, separators=(",", ":")) + "\n").encode()
