"""The one way aieng replaces a file: write a new one beside it, make it durable, rename it over.

A crash at any moment leaves the old file or the new one, never half of one.
"""

import os
from pathlib import Path


def atomic_write(target: Path, data: bytes, *, durable: bool = True) -> None:
    """Replace `target` with `data` atomically; raises OSError (the old file is then untouched).

    The temporary file is created with O_EXCL under a random name, so two writers never share
    one. `durable` fsyncs the file and its directory (skipped for caches that can be rebuilt).
    A symlink at `target` is written through: its destination is replaced, the link stays.
    """
    target = Path(os.path.realpath(target))
    temporary = target.with_name(f".{target.name}.{os.getpid()}.{os.urandom(4).hex()}.tmp")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            if durable:
                os.fsync(handle.fileno())
        os.replace(temporary, target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    if durable:
        sync_directory(target.parent)


def remove_stale_temporaries(target: Path) -> None:
    """Delete the temporary files a crashed `atomic_write` of `target` left behind (best effort).

    Only for a caller that holds the target's writer lock: then no other write is under way.
    """
    target = Path(os.path.realpath(target))
    for leftover in target.parent.glob(f".{target.name}.*.tmp"):
        try:
            leftover.unlink()
        except OSError:
            pass


def sync_directory(directory: Path) -> None:
    """Make a rename or unlink in `directory` durable."""
    handle = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(handle)
    finally:
        os.close(handle)
