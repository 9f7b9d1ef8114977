"""`aieng path` and `aieng next`: what to learn before a term, and what you are ready for."""

from __future__ import annotations

from typing import Annotated

import typer

from aieng_cli.commands.state import JsonFlag, ProgressOption, progress_file, state
from aieng_cli.errors import NotFound


def path(
    ctx: typer.Context,
    target: Annotated[str, typer.Argument(metavar="ID|TOPIC", help="A term (id, name or alias) or a topic.")],
    as_json: JsonFlag = False,
    progress_file_path: ProgressOption = None,
) -> None:
    """What to learn before a term or a topic, in order.

    Each term comes after the terms it requires.

    Ends with the target; terms you already know (a recall card in review, stable for a week or
    more) are marked.
    """
    from aieng_cli.core.learning import known_terms, learning_path
    from aieng_cli.core.topics import topic_matches, topic_names
    from aieng_cli.render.learning import show_path

    app = state(ctx)
    kb = app.knowledge()
    term = kb.resolve(target)
    if term is not None:
        targets = [term.id]
    else:
        topics = topic_matches(target)
        if len(topics) != 1:
            from aieng_cli.core.names import suggest_names

            close = suggest_names({**topic_names(), **kb.names}, target)
            hint = f"Did you mean: {', '.join(close)}?" if close else "Terms: aieng list; topics: aieng topics"
            raise NotFound(f"No term or topic {target!r}.", hint)
        targets = [t.id for t in kb.terms_in_order(topics[0])]
    order = learning_path(kb, targets)
    known = known_terms(kb, progress_file(progress_file_path).load())
    rows = [(term_id, kb.terms[term_id].term, term_id in known) for term_id in order]
    if as_json:
        app.screen.json([{"id": i, "term": name, "known": is_known} for i, name, is_known in rows])
        return
    show_path(app.screen, rows, len(targets))


def next_terms(
    ctx: typer.Context,
    limit: Annotated[int, typer.Option("--limit", min=1, help="At most this many terms.")] = 10,
    as_json: JsonFlag = False,
    progress_file_path: ProgressOption = None,
) -> None:
    """The terms you are ready to learn next.

    Terms you have not started whose prerequisites you know, core terms first.

    The quiz brings in new cards in the same order.
    """
    from aieng_cli.core.learning import next_terms as ready_terms
    from aieng_cli.render.learning import show_next

    app = state(ctx)
    kb = app.knowledge()
    chosen = [kb.terms[term_id] for term_id in ready_terms(kb, progress_file(progress_file_path).load(), limit)]
    if as_json:
        app.screen.json([{"id": t.id, "term": t.term, "short": t.short, "core": t.core} for t in chosen])
        return
    show_next(app.screen, chosen)
