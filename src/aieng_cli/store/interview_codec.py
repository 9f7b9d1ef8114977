"""Interviews in the progress file (a list under "interviews") and in the journal (one line each).

A record is kept as the JSON report `aieng interview --json` prints, so the history shows exactly
what was reported. An older file without "interviews" reads as none.
"""

import math
from datetime import datetime
from typing import Any

from aieng_cli.core.records import InterviewRecord


class InterviewFormatError(ValueError):
    """A kept interview this version of aieng cannot read."""


def interview_to_json(record: InterviewRecord) -> dict[str, Any]:
    return record.as_json()


def interviews_to_json(records: list[InterviewRecord]) -> list[dict[str, Any]]:
    return [interview_to_json(record) for record in records]


def _score(value: Any, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value) or not 0 <= value <= 1:
        raise InterviewFormatError(f"{where} must be a number from 0 to 1")
    return float(value)


def interview_from_json(raw: Any, where: str) -> InterviewRecord:
    if not isinstance(raw, dict):
        raise InterviewFormatError(f"{where} is not an object")
    record_id, started, seed = raw.get("id"), raw.get("started"), raw.get("seed")
    if not isinstance(record_id, str) or not record_id:
        raise InterviewFormatError(f"{where}.id must be text")
    try:
        moment = datetime.fromisoformat(started) if isinstance(started, str) else None
    except ValueError:
        moment = None
    if moment is None or moment.tzinfo is None:
        raise InterviewFormatError(f"{where}.started must be an ISO 8601 time with a zone")
    if isinstance(seed, bool) or not isinstance(seed, int):
        raise InterviewFormatError(f"{where}.seed must be a whole number")
    questions, topics = raw.get("questions"), raw.get("topics")
    if not isinstance(questions, list) or not all(
        isinstance(q, dict) and isinstance(q.get("id"), str) for q in questions
    ):
        raise InterviewFormatError(f"{where}.questions must be a list of objects with an id")
    if not isinstance(topics, list) or not all(isinstance(t, dict) and isinstance(t.get("id"), str) for t in topics):
        raise InterviewFormatError(f"{where}.topics must be a list of objects with an id")
    for index, question in enumerate(questions):
        _score(question.get("score"), f"{where}.questions[{index}].score")
    for index, topic in enumerate(topics):
        _score(topic.get("score"), f"{where}.topics[{index}].score")
    return InterviewRecord(record_id, moment, seed, _score(raw.get("score"), f"{where}.score"), questions, topics)


def interviews_from_json(raw: Any) -> list[InterviewRecord]:
    if raw is None:
        return []
    if not isinstance(raw, list):
        raise InterviewFormatError("'interviews' must be a list")
    records = [interview_from_json(item, f"interviews[{index}]") for index, item in enumerate(raw)]
    return sorted(records, key=lambda record: (record.started, record.id))
