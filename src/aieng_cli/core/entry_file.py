"""An entry as it is written in a knowledge-base file, for `aieng edit` to copy into a deck."""

from typing import Any

from aieng_cli.core.models import INTERNAL_FIELDS, Entry, Question


def entry_document(entry: Entry) -> dict[str, Any]:
    """A deck holding `entry` alone as an `override: true` entry, in the file format: optional
    fields left at their defaults are left out, so the copy reads like a hand-written entry."""
    fields: dict[str, Any] = {}
    for name in entry._fields:
        value = getattr(entry, name)
        if name in INTERNAL_FIELDS or name == "override":
            continue
        if name in entry._field_defaults and value == entry._field_defaults[name]:
            continue
        fields[name] = _plain(value)
    fields["override"] = True
    return {"version": 1, "questions" if isinstance(entry, Question) else "terms": [fields]}


def _plain(value: Any) -> Any:
    if isinstance(value, tuple) and hasattr(value, "_asdict"):
        return {key: _plain(item) for key, item in value._asdict().items()}
    if isinstance(value, tuple):
        return [_plain(item) for item in value]
    return value


def edit_file_name(entry: Entry) -> str:
    """The deck file an edit of `entry` lives in: one file per edited entry."""
    return f"edit-{'question' if isinstance(entry, Question) else 'term'}-{entry.id}.yaml"
