"""Finding the term the user named, forgiving typos (the hot path of `define`: no search here)."""

from aieng_cli.core.knowledge import Glossary
from aieng_cli.core.models import TermPage
from aieng_cli.core.names import correct_typo, normalize, resolve_name, shortened, suggest_names
from aieng_cli.errors import NotFound, UsageError

MAX_QUERY = 200  # longer queries are looked up exactly, never fuzzily


def find_term(glossary: Glossary, query: str) -> TermPage:
    """The page of the term `query` names or plainly misspells, or NotFound with up to three suggestions."""
    if not normalize(query):
        raise UsageError("Give a term to define, for example: aieng define rag")
    term_id = resolve_name(glossary.names, query)
    if term_id is not None:
        return glossary.page(term_id)
    shown = shortened(query)
    corrected = correct_typo(glossary.names, query) if len(query) <= MAX_QUERY else None
    if corrected is not None:
        return glossary.page(corrected)._replace(corrected_from=query)
    suggestions = suggest_names(glossary.names, query) if len(query) <= MAX_QUERY else []
    if suggestions:
        raise NotFound(f'No term "{shown}". Did you mean: {", ".join(suggestions)}?')
    raise NotFound(f'No term "{shown}" and nothing close.', "Try a full-text search: aieng search <words>")
