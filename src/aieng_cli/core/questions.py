"""Finding an interview question by id, or by words that clearly point to one; and the closest
entries for words that name no term."""

import re

from aieng_cli.core.knowledge import KnowledgeBase
from aieng_cli.core.models import Question
from aieng_cli.core.names import normalize, shortened, suggest_names
from aieng_cli.core.search import SearchIndex, index_of, search_index
from aieng_cli.errors import AmbiguousQuestion, NotFound, UsageError


def closest_entries(index: SearchIndex, query: str, limit: int = 3) -> NotFound | None:
    """For words that name no term ("how to stop hallucinations"): NotFound naming the best
    search hits, or None when the search finds nothing either."""
    hits = search_index(index, query, limit).hits
    if not hits:
        return None
    names = ", ".join(hit.name if hit.kind == "term" else f"the question {hit.id}" for hit in hits)
    shown = shortened(query)
    return NotFound(f'No term "{shown}". Closest entries: {names}.', f"More with: aieng search {shown}")


_NOT_WORDS = re.compile(r"[^\w]+")


def _plain(text: str) -> str:
    """`text` as lower-case words separated by single spaces, for quoting checks."""
    return " " + _NOT_WORDS.sub(" ", text.casefold()).strip() + " "


CLEARLY_BEST = 1.25  # a question is picked by words only when it outscores the next by this factor
SHOWN_CANDIDATES = 8


def find_question(kb: KnowledgeBase, query: str, index: SearchIndex | None = None) -> Question:
    """The interview question `query` names by id, or that its words clearly point to.

    A mistyped id gets "Did you mean" suggestions; words that match several questions about
    equally well raise AmbiguousQuestion with the candidates (`index` is the knowledge base's
    search index, when the caller has it compiled).
    """
    key = normalize(query)
    if not key:
        raise UsageError("Give a question id or some words, for example: aieng answer design-rag-system")
    by_key = {normalize(question_id): question_id for question_id in kb.questions}
    if key in by_key:
        return kb.questions[by_key[key]]
    shown = shortened(query)
    if "-" in query.strip() and " " not in query.strip():  # it looks like an id
        close = suggest_names(by_key, query)
        if close:
            raise NotFound(f'No question "{shown}". Did you mean: {", ".join(close)}?')
    quoted = [q for q in kb.questions.values() if _plain(query) in _plain(q.question)]
    if len(quoted) == 1:  # the words are quoted from one question ("design a rag system")
        return quoted[0]
    results = search_index(index or index_of(kb), query, limit=len(kb.terms) + len(kb.questions))
    hits = [hit for hit in results.hits if hit.kind == "question"]
    if not hits:
        raise NotFound(f'No interview question matches "{shown}".', "List them with: aieng search <words>")
    if len(hits) == 1 or hits[0].score >= CLEARLY_BEST * hits[1].score:
        return kb.questions[hits[0].id]
    raise AmbiguousQuestion(
        f'{len(hits)} questions match "{shown}".',
        "Read one with: aieng answer ID",
        tuple((hit.id, hit.name) for hit in hits[:SHOWN_CANDIDATES]),
    )
