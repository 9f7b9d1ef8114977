"""Typed answers: a suggested rating for reverse cards, and key-point coverage for questions."""

import re

from aieng_cli.core.models import Term
from aieng_cli.core.names import normalize, singulars
from aieng_cli.core.search import stop_stems, words


def grade_term_answer(typed: str, term: Term) -> tuple[int, bool]:
    """(suggested rating, exact): Good for an exact name, Hard for a near miss, Again otherwise."""
    from rapidfuzz.distance import Levenshtein

    key = normalize(typed)
    if not key:
        return 1, False
    names = {normalize(name) for name in (term.term, term.id, *term.aliases)} - {""}
    if key in names or any(singular in names for singular in singulars(key)):
        return 3, True  # a plural counts, as `define` accepts it
    for name in names:
        allowed = 1 if len(name) <= 5 else 2 if len(name) <= 12 else 3
        if Levenshtein.distance(key, name, score_cutoff=allowed) <= allowed:
            return 2, False
    return 1, False


_DOUBLED = re.compile(r"(.)\1")


def _stems(text: str) -> set[str]:
    """Content words by stem, spelling-blind: `labelled`/`labeled`, `optimise`/`optimize` agree."""
    stems = (_DOUBLED.sub(r"\1", stem).replace("is", "iz") for stem in words(text) if stem not in stop_stems())
    return {stem[:6] for stem in stems if len(stem) > 2}


def covered_points(typed: str, key_points: tuple[str, ...]) -> list[bool]:
    """For each key point, whether the typed answer mentions at least half of its content words."""
    said = _stems(typed)
    covered = []
    for point in key_points:
        words = _stems(point)
        covered.append(bool(words) and len(words & said) * 2 >= len(words))
    return covered


def rating_for_coverage(covered: list[bool]) -> int:
    """The rating to suggest for a typed answer: Good when it covers most key points (80%), Hard
    when it covers some (40%), Again otherwise."""
    share = sum(covered) / len(covered) if covered else 0.0
    return 3 if share >= 0.8 else 2 if share >= 0.4 else 1
