"""The typed decoder (msgspec) reads exactly what the codec reads: every file aieng writes, at C
speed, and nothing the codec would refuse or read differently (those go to the codec)."""

import json
import math
from datetime import UTC, datetime
from typing import Any

import pytest
from histories import reviews, states
from hypothesis import given, settings
from hypothesis import strategies as st

from aieng_cli.core.progress import Progress
from aieng_cli.core.records import CardState
from aieng_cli.store.progress_codec import ProgressFormatError, encode_progress, progress_from_json, progress_to_json
from aieng_cli.store.progress_decoder import decode_progress, decode_typed

progresses = st.builds(
    lambda cards, log, applied: Progress(cards={s.card_id: s for s in cards}, reviews=log, journal_applied=applied),
    st.lists(states, max_size=6),
    st.lists(reviews, max_size=12),
    st.integers(0, 10**6),
)


def slow(raw: bytes) -> Progress:
    return progress_from_json(json.loads(raw.decode("utf-8")))


@settings(max_examples=300, deadline=None)
@given(progresses)
def test_every_file_aieng_writes_takes_the_fast_path_and_reads_the_same(progress):
    raw = encode_progress(progress)
    fast = decode_typed(raw)
    assert fast is not None
    assert fast == slow(raw) == progress


hostile = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(10**30), 10**30)
    | st.floats()
    | st.text(max_size=8)
    | st.sampled_from(["learning", "review", "fsrs", "aieng-progress", 0, 1, 4, 2**53 + 1, 253402214400000001]),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3),
    max_leaves=8,
)


def paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every place in a JSON document: object keys and list indices."""
    found = [prefix]
    if isinstance(value, dict):
        for key, inner in value.items():
            found += paths(inner, (*prefix, key))
    elif isinstance(value, list):
        for index, inner in enumerate(value):
            found += paths(inner, (*prefix, index))
    return found


def replaced(document: Any, path: tuple[Any, ...], value: Any) -> Any:
    if not path:
        return value
    copy = dict(document) if isinstance(document, dict) else list(document)
    copy[path[0]] = replaced(document[path[0]], path[1:], value)
    return copy


@settings(max_examples=1500, deadline=None)
@given(progresses, st.data())
def test_a_damaged_file_is_read_as_the_codec_reads_it(progress, data):
    document = progress_to_json(progress)
    path = data.draw(st.sampled_from(paths(document)))
    if data.draw(st.booleans()) and path:  # a new key beside the value, as a newer aieng might write
        parent = replaced(document, (), document)
        target = parent
        for step in path[:-1]:
            target = target[step]
        if isinstance(target, dict):
            target[data.draw(st.text(max_size=6))] = data.draw(hostile)
        document = parent
    else:
        document = replaced(document, path, data.draw(hostile))
    raw = json.dumps(document, ensure_ascii=False).encode("utf-8", "surrogatepass")
    try:
        expected: Progress | str = slow(raw)
    except (ProgressFormatError, ValueError, UnicodeDecodeError) as error:
        expected = str(error)
    fast = decode_typed(raw)
    if fast is not None:
        assert fast == expected, "the fast path read what the codec refuses or reads differently"
    try:
        assert decode_progress(raw) == expected
    except (ProgressFormatError, ValueError, UnicodeDecodeError) as error:
        assert str(error) == expected


@pytest.mark.parametrize(
    "raw",
    [
        b'{"format":"aieng-progress","version":1,"x":"\xff"}',
        b'{"format":"aieng-progress","version":1,"x":' + b"9" * 5000 + b"}",
        b'{"format":"aieng-progress","version":1,"x":' + b"[" * 5000 + b"]" * 5000 + b"}",
        b'{"format":"aieng-progress","version":1,"x":NaN}',
        b"\xef\xbb\xbf{}",
    ],
    ids=["bad utf-8 in an unknown field", "huge number", "deep nesting", "NaN", "byte order mark"],
)
def test_what_the_fast_path_skips_still_fails_as_before(raw):
    assert decode_typed(raw) is None


def test_floats_read_exactly_as_the_standard_library_reads_them():
    values = [0.1, 1 / 3, 5e-324, 1.7976931348623157e308, 2.5e-308, 123456789.123456789, math.pi * 1e100]
    progress = Progress(cards={"c": CardState("c", "review", None, 0.0, 0.0, times_at(), times_at(), 1, 0)})
    document = progress_to_json(progress)
    document["cards"]["stability"] = values[:1]
    for value in values:
        document["cards"]["difficulty"] = [value]
        raw = json.dumps(document).encode()
        fast = decode_typed(raw)
        assert fast is not None and fast == slow(raw)
        assert fast.cards["c"].difficulty == value


def times_at() -> datetime:
    return datetime(2026, 1, 1, tzinfo=UTC)
