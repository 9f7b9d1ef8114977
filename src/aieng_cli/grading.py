"""Typed answers: a suggested rating for reverse cards, and key-point coverage for questions."""

import re

from aieng_cli.knowledge import normalize
from aieng_cli.models import Term

_WORD = re.compile(r"[a-z0-9]+")
_STOP = frozenset(
    "a an and are as at be by for from how in into is it its of on or that the this to vs what when why with".split()
)


def grade_term_answer(typed: str, term: Term) -> tuple[int, bool]:
    """(suggested rating, exact): Good for an exact name, Hard for a near miss, Again otherwise."""
    from rapidfuzz.distance import Levenshtein

    key = normalize(typed)
    if not key:
        return 1, False
    names = {normalize(name) for name in (term.term, term.id, *term.aliases)} - {""}
    if key in names:
        return 3, True
    for name in names:
        allowed = 1 if len(name) <= 5 else 2 if len(name) <= 12 else 3
        if Levenshtein.distance(key, name, score_cutoff=allowed) <= allowed:
            return 2, False
    return 1, False


def _stems(text: str) -> set[str]:
    return {word[:6] for word in _WORD.findall(text.casefold()) if word not in _STOP and len(word) > 2}


def covered_points(typed: str, key_points: tuple[str, ...]) -> list[bool]:
    """For each key point, whether the typed answer mentions most of its content words."""
    said = _stems(typed)
    covered = []
    for point in key_points:
        words = _stems(point)
        covered.append(bool(words) and len(words & said) * 2 >= len(words))
    return covered
