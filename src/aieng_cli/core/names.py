"""Normalising names for lookup, plural fallbacks, typo correction and suggestions.

Its own module so that the knowledge base, search and grading can all use one notion of "the same
name" without importing each other.
"""

import re
import unicodedata
from collections.abc import Mapping

_SEPARATORS = re.compile(r"[\s\-_.·/]+")
_EDGE_PUNCTUATION = "\"'`“”‘’()[]{}<>«»,;:!?*#"
SHOWN_QUERY = 60  # characters of a query echoed back in a message


def normalize(name: str) -> str:
    """The lookup key of a name: case, width, separators and surrounding punctuation removed.

    "Fine-tuning", "fine tuning" and "finetuning" share a key, as do "rag" and "R.A.G.".
    """
    folded = unicodedata.normalize("NFKC", name).casefold().strip()
    folded = folded.strip(_EDGE_PUNCTUATION + " \t\n")
    return _SEPARATORS.sub("", folded)


def letters_key(text: str) -> str:
    """Only the letters and digits of `text`, casefolded (`Retrieval & RAG` -> `retrievalrag`)."""
    return "".join(character for character in text.casefold() if character.isalnum())


def singulars(key: str) -> list[str]:
    """Keys `key` may be the plural of, likeliest first: "batches" -> "batch", "caches" -> "cache"."""
    if key.endswith("ies") and len(key) > 4:
        return [key[:-3] + "y", key[:-1]]
    if key.endswith("es") and key[:-2].endswith(("sh", "ch", "x", "ss")):
        return [key[:-2], key[:-1]]
    if key.endswith("s") and not key.endswith("ss") and len(key) > 3:
        return [key[:-1]]
    return []


def shortened(query: str) -> str:
    """A query as echoed in a message: at most SHOWN_QUERY characters."""
    return query if len(query) <= SHOWN_QUERY else query[: SHOWN_QUERY - 3] + "..."


def resolve_name(names: Mapping[str, str], query: str) -> str | None:
    """The id of the term `query` names after normalisation (plurals fall back to the singular)."""
    key = normalize(query)
    term_id = names.get(key)
    for singular in singulars(key) if term_id is None else ():
        term_id = names.get(singular)
        if term_id is not None:
            break
    return term_id


def suggest_names(names: Mapping[str, str], query: str, limit: int = 3) -> list[str]:
    """Up to `limit` term ids whose names are close to `query`, best first."""
    from rapidfuzz import fuzz, process

    key = normalize(query)
    if not key:
        return []
    matches = process.extract(key, names.keys(), scorer=fuzz.WRatio, limit=limit * 4, score_cutoff=75)
    return list(dict.fromkeys(names[name_key] for name_key, _score, _index in matches))[:limit]


TYPO_MIN_SIMILARITY = 88  # rapidfuzz ratio: one or two wrong letters in a name of eight or more
TYPO_MARGIN = 5  # the runner-up term must be clearly further away


def correct_typo(names: Mapping[str, str], query: str) -> str | None:
    """The id of the one term `query` is plainly a misspelling of, if there is exactly one.

    Plain edit-distance similarity, not the looser ranking used for suggestions: a correction is
    shown without asking, so it must be close (`quantizaton`) and unambiguous (not `lamma`, which
    is as near to `llama` as to `ollama`).
    """
    from rapidfuzz import fuzz, process

    key = normalize(query)
    if len(key) < 4:
        return None
    best: dict[str, float] = {}
    cutoff = TYPO_MIN_SIMILARITY - TYPO_MARGIN
    for name_key, score, _index in process.extract(key, names.keys(), scorer=fuzz.ratio, limit=8, score_cutoff=cutoff):
        best[names[name_key]] = max(best.get(names[name_key], 0.0), score)
    ranked = sorted(best.items(), key=lambda item: -item[1])
    if not ranked or ranked[0][1] < TYPO_MIN_SIMILARITY:
        return None
    if len(ranked) > 1 and ranked[1][1] > ranked[0][1] - TYPO_MARGIN:
        return None
    return ranked[0][0]
