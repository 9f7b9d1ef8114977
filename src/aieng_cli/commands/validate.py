"""`aieng validate`: check knowledge-base files and report every problem."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from aieng_cli.commands.state import state
from aieng_cli.errors import InvalidKnowledge


def validate(
    ctx: typer.Context,
    paths: Annotated[
        list[Path] | None,
        typer.Argument(help="Knowledge-base files or directories (default: everything aieng loads)."),
    ] = None,
) -> None:
    """Check knowledge-base files and report every problem.

    Each problem is printed as FILE:LINE: message; exit 1 when there is any.
    With no PATH, checks what every other command loads: the shipped files, your decks folder,
    AIENG_KB_PATH and --kb. Given files are checked together with the shipped knowledge base.
    """
    from aieng_cli.render.tables import show_problems
    from aieng_cli.store.knowledge_files import files_to_validate, knowledge_sources, load_knowledge

    app = state(ctx)
    files = files_to_validate(paths) if paths else knowledge_sources(app.decks)
    kb, problems = load_knowledge(files)
    if problems:
        order = {str(path): index for index, path in enumerate(files)}
        show_problems(app.screen, sorted(problems, key=lambda p: (order.get(p.path, len(order)), p.path, p.line)))
        raise InvalidKnowledge(f"{len(problems)} problem{'s' if len(problems) > 1 else ''} found.")
    checked = f"{len(files)} file{'s' if len(files) > 1 else ''}"
    app.screen.note(f"OK: {checked}, {len(kb.terms)} terms, {len(kb.questions)} questions, no problems.")
