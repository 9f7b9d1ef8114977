"""Opening a file in the user's editor ($VISUAL, else $EDITOR, else vi), for `aieng edit`."""

import shlex
import subprocess
from pathlib import Path

from aieng_cli.errors import UnreadableInput
from aieng_cli.store.atomic import atomic_write
from aieng_cli.store.environment import variable


def editor_command() -> list[str]:
    chosen = variable("VISUAL") or variable("EDITOR") or "vi"
    try:
        command = shlex.split(chosen)
    except ValueError:
        raise UnreadableInput(f"Cannot run the editor {chosen!r}: it is not a valid command line.") from None
    if not command:
        raise UnreadableInput("VISUAL/EDITOR is empty.", "Set EDITOR to your editor, e.g. EDITOR=nano.")
    return command


def open_in_editor(path: Path) -> None:
    """Run the editor on `path` and wait for it; an error when it cannot start or fails."""
    command = editor_command()
    try:
        result = subprocess.run([*command, str(path)], check=False)
    except OSError as error:
        raise UnreadableInput(
            f"Cannot run the editor {command[0]!r}: {error.strerror or error}.",
            "Set VISUAL or EDITOR to an editor that is installed, e.g. EDITOR=nano.",
        ) from None
    if result.returncode != 0:
        raise UnreadableInput(
            f"The editor {command[0]!r} exited with status {result.returncode}; your text is kept in {path}."
        )


def write_new_text(path: Path, text: str) -> None:
    """Create `path` holding `text` (its folder too), atomically."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(path, text.encode("utf-8"))
    except OSError as error:
        raise UnreadableInput(f"Cannot write {path}: {error.strerror or error}.") from None


def discard_if_unchanged(path: Path, text: str) -> None:
    """Remove `path` if it still holds exactly `text` (a copy nobody edited)."""
    try:
        if path.read_text(encoding="utf-8") == text:
            path.unlink()
    except OSError:
        pass
