"""Files the user asked for: exports and saved views, or standard output for `-`."""

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import TextIO

from aieng_cli.core.anki import AnkiDeck
from aieng_cli.errors import UnreadableInput, UsageError
from aieng_cli.store.atomic import atomic_write

STDOUT = "-"


def destination_exists(path: Path) -> bool:
    """Whether writing an export to `path` would replace a file (False for `-`, standard output).

    A missing parent directory or a directory at `path` is an error: an export never creates
    directories, and never guesses a file name inside one.
    """
    if str(path) == STDOUT:
        return False
    if path.is_dir():
        raise UsageError(f"{path} is a directory; give the path of the file to write.")
    if not path.parent.is_dir():
        raise UnreadableInput(f"Cannot write {path}: there is no directory {path.parent}.", "Create it first.")
    return path.is_file() or (path.is_symlink() and not path.exists())  # a device or FIFO is written to, not replaced


def write_bytes(path: Path, data: bytes) -> None:
    """`data` to `path` (atomically, never half written) or to standard output for `-`.

    The file is replaced by a rename, so the destination must be a regular file or nothing:
    renaming over a device such as /dev/full would replace the device itself.
    """
    if str(path) == STDOUT:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    if path.exists() and not path.is_file():
        raise UsageError(f"{path} is not a regular file; give the path of a file, or - for standard output.")
    atomic_write(path, data)


@contextmanager
def text_output(path: Path) -> Iterator[TextIO]:
    """A text file to write an export to (CSV-safe line ends), or standard output for `-`."""
    if str(path) == STDOUT:
        yield sys.stdout
        sys.stdout.flush()
        return
    with open(path, "w", newline="", encoding="utf-8") as handle:
        yield handle


def write_text(path: Path, text: str) -> None:
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(text)


def note_guid(kind: str, entry_id: str) -> str:
    import genanki

    guid: str = genanki.guid_for("aieng", kind, entry_id)
    return guid


def write_anki(deck: AnkiDeck, path: Path, exported_at: datetime) -> int:
    """Write `deck` as an .apkg; returns the note count.

    Notes are stamped with the export time: Anki's importer updates an existing note (same GUID)
    only when the incoming one is newer, so a later export must carry a later time.
    """
    import genanki

    models = {
        model.id: genanki.Model(
            model.id,
            model.name,
            fields=[{"name": name} for name in model.fields],
            templates=[{"name": t.name, "qfmt": t.front, "afmt": t.back} for t in model.templates],
            css=model.css,
        )
        for model in deck.models
    }
    package_deck = genanki.Deck(deck.id, deck.name)
    for note in deck.notes:
        guid = note_guid(*note.guid_key)
        package_deck.add_note(genanki.Note(models[note.model_id], note.fields, tags=note.tags, guid=guid))
    genanki.Package(package_deck).write_to_file(str(path), timestamp=exported_at.timestamp())
    return len(package_deck.notes)
