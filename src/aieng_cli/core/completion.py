"""Shell-completion candidates. Typer keeps only candidates that start with what was typed,
case-sensitively, so each candidate keeps the user's own prefix and completes the rest."""

from aieng_cli.core.knowledge import KnowledgeBase
from aieng_cli.core.topics import TOPICS

MAX_CANDIDATES = 50


def _in_typed_case(name: str, incomplete: str) -> str:
    """`quantiz` -> `quantization`, `QUANT` -> `QUANTIZATION`, `Quan` -> `Quantization`."""
    if incomplete.islower():
        return name.lower()
    if incomplete.isupper():
        return name.upper()
    return incomplete + name[len(incomplete) :]


def _complete(names: list[str], incomplete: str) -> list[str]:
    folded = incomplete.casefold()
    found: dict[str, None] = {}
    for name in names:
        if name.casefold().startswith(folded):
            found[_in_typed_case(name, incomplete)] = None
    return sorted(found, key=str.casefold)[:MAX_CANDIDATES]


def term_candidates(kb: KnowledgeBase, incomplete: str, before: tuple[str, ...] = ()) -> list[str]:
    """Ids, names and aliases of terms that begin with `incomplete`, ignoring case.

    `before` are the words of the term typed so far (`aieng define large lan`): then the
    candidates are the next word of the several-word names that begin with those words.
    """
    names = [name for term in kb.terms.values() for name in (term.id, term.term, *term.aliases)]
    if not before:
        return _complete(names, incomplete)
    typed = [word.casefold() for word in before]
    following = []
    for name in names:
        words = name.split()
        if len(words) > len(typed) and [word.casefold() for word in words[: len(typed)]] == typed:
            following.append(words[len(typed)])
    return _complete(following, incomplete)


def question_candidates(kb: KnowledgeBase, incomplete: str) -> list[str]:
    """Interview question ids that begin with `incomplete`."""
    return _complete(list(kb.questions), incomplete)


def topic_candidates(incomplete: str) -> list[str]:
    return _complete([topic.id for topic in TOPICS], incomplete)
