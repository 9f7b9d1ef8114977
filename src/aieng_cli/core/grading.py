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
_CLAUSE = re.compile(r"[.;:!?,()\n]|\b(?:but|whereas|while|however|although|though|unlike|instead)\b", re.IGNORECASE)
_NEGATION = re.compile(
    r"\b(?:not|no|never|none|nor|neither|without|cannot|lacks?|isn['’]?t|aren['’]?t|doesn['’]?t|don['’]?t|"
    r"didn['’]?t|won['’]?t|can['’]?t|shouldn['’]?t|wouldn['’]?t|needn['’]?t|hasn['’]?t|haven['’]?t)\b",
    re.IGNORECASE,
)


def _stems(text: str) -> set[str]:
    """Content words by stem, spelling-blind: `labelled`/`labeled`, `optimise`/`optimize` agree."""
    stems = (_DOUBLED.sub(r"\1", stem).replace("is", "iz") for stem in words(text) if stem not in stop_stems())
    return {stem[:6] for stem in stems if len(stem) > 2}


def _said(typed: str) -> tuple[set[str], set[str]]:
    """The answer's content stems, split by the polarity of the clause they are in: (affirmed,
    negated). "RAG does not need labels" negates `need` and `label`."""
    affirmed: set[str] = set()
    negated: set[str] = set()
    for clause in _CLAUSE.split(typed):
        (negated if _NEGATION.search(clause) else affirmed).update(_stems(clause))
    return affirmed, negated


def covered_points(typed: str, key_points: tuple[str, ...]) -> list[bool]:
    """For each key point, whether the typed answer mentions at least half of its content words.

    Negation counts: a point that states something ("needs labels") is not covered by a clause
    that denies it ("does not need labels"); a point that is itself negative ("no labels needed")
    is covered by the words in either kind of clause.
    """
    affirmed, negated = _said(typed)
    covered = []
    for point in key_points:
        wanted = _stems(point)
        said = affirmed | negated if _NEGATION.search(point) else affirmed
        covered.append(bool(wanted) and len(wanted & said) * 2 >= len(wanted))
    return covered


def coverage_score(covered: list[bool]) -> float:
    """The share of key points covered, 0-1."""
    return sum(covered) / len(covered) if covered else 0.0


def rating_for_coverage(covered: list[bool]) -> int:
    """The rating to suggest for a typed answer: Good when it covers most key points (80%), Hard
    when it covers some (40%), Again otherwise."""
    share = sum(covered) / len(covered) if covered else 0.0
    return 3 if share >= 0.8 else 2 if share >= 0.4 else 1
