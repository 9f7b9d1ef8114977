"""Looking things up: define, search, answer, list and topics."""

from __future__ import annotations

from typing import Annotated

import typer

from aieng_cli.commands.state import JsonFlag, QuestionArgument, TermArgument, TopicOption, state, topic_id
from aieng_cli.errors import AmbiguousQuestion, ExitCode, NotFound


def define(
    ctx: typer.Context,
    words: TermArgument,
    short: Annotated[bool, typer.Option("--short", help="Print only the one-line definition.")] = False,
    as_json: JsonFlag = False,
) -> None:
    """Define a term; case, punctuation and plain typos are forgiven.

    A plain misspelling is corrected (and said so on stderr); several words that name no term are
    searched, and the closest entries are named.
    """
    from aieng_cli.store.kb_cache import find_page

    app = state(ctx)
    warnings: list[str] = []
    query = " ".join(words)
    try:
        page = find_page(query, warnings, app.decks)
    except NotFound as error:
        if len(query.split()) < 2:
            raise
        from aieng_cli.core.questions import closest_entries

        raise (closest_entries(app.search_index(), query) or error) from None
    finally:
        app.warn(warnings)
    if page.corrected_from is not None:
        app.screen.note(f'No term "{page.corrected_from}"; showing {page.term.term}.')
    if as_json:
        from aieng_cli.render.json_shapes import term_json

        app.screen.json(term_json(page))
        return
    from aieng_cli.render.pages import show_short, show_term

    if short:
        show_short(app.screen, page.term)
    else:
        show_term(app.screen, page)


def search(
    ctx: typer.Context,
    words: Annotated[list[str], typer.Argument(help="Words to look for in terms and interview questions.")],
    limit: Annotated[int, typer.Option("--limit", min=1, help="Show at most this many results.")] = 10,
    as_json: JsonFlag = False,
) -> None:
    """Search terms and questions by words or a description.

    Best matches first; any word may match and rare words weigh more. Exit 1 when nothing matches.
    """
    from aieng_cli.core.names import shortened
    from aieng_cli.core.search import search_index

    app = state(ctx)
    query = " ".join(words)
    results = search_index(app.search_index(), query, limit)
    if results.corrected is not None:
        app.screen.note(f'Nothing matches "{shortened(query)}"; showing results for "{results.corrected}".')
    if as_json:
        from aieng_cli.render.json_shapes import hit_json

        app.screen.json([hit_json(hit) for hit in results.hits])
        if not results.hits:
            raise typer.Exit(ExitCode.NOT_FOUND)
        return
    if not results.hits:
        raise NotFound(f'Nothing matches "{shortened(query)}".', "Try fewer or shorter words.")
    from aieng_cli.render.tables import show_hits

    show_hits(app.screen, results.hits)


def answer(
    ctx: typer.Context,
    words: QuestionArgument,
    as_json: JsonFlag = False,
) -> None:
    """Show an interview question with its model answer.

    Also its key points, follow-up questions, related terms and sources.
    """
    from aieng_cli.core.questions import find_question

    app = state(ctx)
    kb = app.knowledge()
    try:
        question = find_question(kb, " ".join(words), app.search_index())
    except AmbiguousQuestion as error:
        from aieng_cli.render.tables import show_question_choices

        show_question_choices(app.screen, error.candidates)
        raise
    related = kb.related_names(question)
    if as_json:
        from aieng_cli.render.json_shapes import question_json

        app.screen.json(question_json(question, related))
        return
    from aieng_cli.render.pages import show_question

    show_question(app.screen, question, related)


def list_terms(ctx: typer.Context, topic: TopicOption = None, as_json: JsonFlag = False) -> None:
    """List terms with their one-liners, in teaching order.

    Piped, one line per term: id, name, topic and one-liner, tab-separated.
    """
    app = state(ctx)
    terms = app.knowledge().terms_in_order(topic_id(topic))
    if as_json:
        from aieng_cli.render.json_shapes import term_list_json

        app.screen.json(term_list_json(terms))
        return
    from aieng_cli.render.tables import show_term_list

    show_term_list(app.screen, terms)


def topics(ctx: typer.Context, as_json: JsonFlag = False) -> None:
    """List the topics with their numbers of terms and questions."""
    app = state(ctx)
    counts = app.knowledge().topic_counts()
    if as_json:
        from aieng_cli.render.json_shapes import topics_json

        app.screen.json(topics_json(counts))
        return
    from aieng_cli.render.tables import show_topics

    show_topics(app.screen, counts)
