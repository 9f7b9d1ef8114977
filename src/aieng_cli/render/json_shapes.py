"""The documented JSON shapes of `--json` output (README, "JSON output"); changing one breaks scripts."""

from __future__ import annotations

from typing import Any

from aieng_cli.core.models import Question, Term, TermPage
from aieng_cli.core.search import Hit
from aieng_cli.core.stats import ProgressReport
from aieng_cli.core.topics import TOPIC_NAMES, TOPICS

Json = dict[str, Any]


def term_json(page: TermPage) -> Json:
    """`aieng define --json`."""
    term = page.term
    return {
        "id": term.id,
        "term": term.term,
        "aliases": list(term.aliases),
        "topic": term.topic,
        "topic_name": TOPIC_NAMES[term.topic],
        "tags": list(term.tags),
        "short": term.short,
        "definition": term.definition,
        "example": term.example,
        "related": [{"id": r, "term": name} for r, name in page.related],
        "requires": [{"id": r, "term": name} for r, name in page.requires],
        "questions": [{"id": i, "question": q, "difficulty": d} for i, q, d in page.questions],
        "sources": [{"title": s.title, "url": s.url} for s in term.sources],
        "core": term.core,
        "as_of": term.as_of,
    }


def question_json(question: Question, related: tuple[tuple[str, str], ...]) -> Json:
    """`aieng answer --json`."""
    return {
        "id": question.id,
        "question": question.question,
        "topic": question.topic,
        "difficulty": question.difficulty,
        "answer": question.answer,
        "key_points": list(question.key_points),
        "related": [{"id": r, "term": name} for r, name in related],
        "sources": [{"title": s.title, "url": s.url} for s in question.sources],
        "type": question.type,
        "follow_ups": [
            {"question": f.question, "answer": f.answer, "key_points": list(f.key_points)} for f in question.follow_ups
        ],
    }


def hit_json(hit: Hit) -> Json:
    """One result of `aieng search --json`."""
    return {"kind": hit.kind, "id": hit.id, "name": hit.name, "short": hit.short, "score": hit.score, "type": hit.type}


def term_list_json(terms: list[Term]) -> list[Json]:
    """`aieng list --json`."""
    return [{"id": t.id, "term": t.term, "topic": t.topic, "short": t.short} for t in terms]


def topics_json(counts: dict[str, tuple[int, int]]) -> list[Json]:
    """`aieng topics --json`."""
    return [{"id": t.id, "name": t.name, "terms": counts[t.id][0], "questions": counts[t.id][1]} for t in TOPICS]


def settings_json(rows: dict[str, tuple[Any, str, str]]) -> Json:
    """`aieng config show --json`: each setting's value and where it came from."""
    return {name: {"value": value, "source": source} for name, (value, source, _) in rows.items()}


def progress_json(report: ProgressReport) -> Json:
    """`aieng progress --json`."""
    cards, due = report.cards, report.due
    return {
        "cards": {
            "total": cards.total,
            "new": cards.new,
            "learning": cards.learning,
            "review": cards.review,
            "relearning": cards.relearning,
            "orphaned": cards.orphaned,
        },
        "due": {
            "now": due.now,
            "today": due.today,
            "next_7_days": [{"date": day.day.isoformat(), "cards": day.cards} for day in due.next_7_days],
        },
        "reviews": {"total": report.reviews_total, "today": report.reviews_today},
        "retention_30d": report.retention_30d,
        "streak": {"current": report.streak_current, "longest": report.streak_longest},
        "topics": [
            {"id": r.id, "name": r.name, "cards": r.cards, "seen": r.seen, "mastered": r.mastered, "due": r.due}
            for r in report.topics
        ],
        "leeches": report.leeches,
    }
