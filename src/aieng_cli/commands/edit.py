"""`aieng edit ID`: your own version of an entry, kept in your decks folder over the shipped one."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from aieng_cli.commands.state import state
from aieng_cli.errors import NotFound, UnreadableInput

if TYPE_CHECKING:
    from pathlib import Path

    from aieng_cli.render import Screen


def edit(
    ctx: typer.Context,
    entry_id: Annotated[str, typer.Argument(metavar="ID", help="A term (id or name) or an interview question id.")],
) -> None:
    """Edit an entry as your own override, in $VISUAL or $EDITOR.

    The first edit copies the entry into decks/edit-term-ID.yaml (or edit-question-ID.yaml) with
    `override: true`; later edits reopen that file. On save it is validated: with a problem you can
    edit again, or keep your text (the file is then left out until it validates). Your progress is
    untouched: cards are named by entry ids.
    """
    from aieng_cli.core.entry_file import edit_file_name, entry_document
    from aieng_cli.core.names import suggest_names
    from aieng_cli.render.tables import show_problems
    from aieng_cli.store.editor import discard_if_unchanged, open_in_editor, write_new_text
    from aieng_cli.store.knowledge_files import knowledge_sources, load_knowledge
    from aieng_cli.store.paths import decks_dir
    from aieng_cli.store.yaml import dump_yaml

    app = state(ctx)
    kb = app.knowledge()
    entry = kb.questions.get(entry_id) or kb.resolve(entry_id)
    if entry is None:
        close = suggest_names({**kb.names, **{q: q for q in kb.questions}}, entry_id)
        raise NotFound(
            f"No term or question {entry_id!r}.", f"Did you mean: {', '.join(close)}?" if close else "See: aieng list"
        )
    path = decks_dir() / edit_file_name(entry)
    copy = f"# Your version of {entry.id}; delete this file to go back to the shipped one.\n"
    copy += dump_yaml(entry_document(entry))
    created = not path.exists()
    if created:
        write_new_text(path, copy)
    interactive = app.screen.err.is_terminal
    while True:
        try:
            open_in_editor(path)
        except UnreadableInput:
            if created:
                discard_if_unchanged(path, copy)  # an untouched copy would hide updates of the shipped entry
            raise
        _, problems = load_knowledge(knowledge_sources(app.decks))
        problems = [problem for problem in problems if problem.path == str(path)]
        if not problems:
            app.screen.note(f"Saved {path}; `aieng define {entry.id}` shows your version.")
            return
        show_problems(app.screen, problems)
        if not interactive or not typer.confirm("Edit again?", default=True, err=True):
            raise typer.Exit(_kept(app.screen, path))


def _kept(screen: Screen, path: Path) -> int:
    screen.error(f"Kept your text in {path}; it is left out until it validates (check it with: aieng validate).")
    return 1
