"""The progress file: unreadable files are never touched, writes are atomic, random files round-trip."""

import errno
import json
import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aieng_cli.core.progress import Progress
from aieng_cli.core.records import CardState, Review
from aieng_cli.errors import UnreadableInput
from aieng_cli.store.progress_codec import encode_progress, progress_to_json
from aieng_cli.store.progress_file import ProgressFile

VALID = progress_to_json(Progress())

UNREADABLE = {
    "truncated": b'{"format": "aieng-progress", "vers',
    "not json": b"hello",
    "not utf-8": b"\xff\xfe\x00",
    "foreign json": b'{"some": "other app"}',
    "a list": b"[1, 2, 3]",
    "newer version": json.dumps({**VALID, "version": 99}).encode(),
    "wrong card shape": json.dumps({**VALID, "cards": {"term:x:recall": {"state": "review"}}}).encode(),
    "negative time": json.dumps(
        {**VALID, "reviews": {"card_ids": ["c"], "card": [0], "time_us": [-5], "rating": [3], "duration_ms": [1]}}
    ).encode(),
    "bad rating": json.dumps(
        {**VALID, "reviews": {"card_ids": ["c"], "card": [0], "time_us": [5], "rating": [7], "duration_ms": [1]}}
    ).encode(),
    "dangling card index": json.dumps(
        {**VALID, "reviews": {"card_ids": ["c"], "card": [3], "time_us": [5], "rating": [3], "duration_ms": [1]}}
    ).encode(),
    "ragged columns": json.dumps(
        {**VALID, "reviews": {"card_ids": ["c"], "card": [0, 0], "time_us": [5], "rating": [3], "duration_ms": [1]}}
    ).encode(),
    "nan": json.dumps({**VALID, "scheduler": {**VALID["scheduler"], "desired_retention": float("nan")}}).encode(),
    "empty": b"",
}


@pytest.mark.parametrize("raw", UNREADABLE.values(), ids=UNREADABLE.keys())
def test_unreadable_file_raises_and_is_left_untouched(tmp_path: Path, raw: bytes):
    path = tmp_path / "progress.json"
    path.write_bytes(raw)
    with pytest.raises(UnreadableInput, match="left untouched"):
        ProgressFile(path).load()
    assert path.read_bytes() == raw


def test_missing_file_is_a_fresh_start(tmp_path: Path):
    assert ProgressFile(tmp_path / "none" / "progress.json").load() == Progress()


def test_directory_in_the_way(tmp_path: Path):
    (tmp_path / "progress.json").mkdir()
    with pytest.raises(UnreadableInput, match="directory"):
        ProgressFile(tmp_path / "progress.json").load()


def test_full_disk_keeps_the_previous_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    path = tmp_path / "progress.json"
    file = ProgressFile(path)
    file.save(Progress())
    before = path.read_bytes()

    def disk_full(_fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", disk_full)
    with pytest.raises(UnreadableInput, match="No space left on device. The previous file is intact"):
        file.save(Progress(reviews=[Review("c", datetime(2026, 1, 1, tzinfo=UTC), 3)]))
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["progress.json"], "no temporary file is left behind"


def test_parent_that_is_a_file(tmp_path: Path):
    (tmp_path / "blocker").write_text("x")
    with pytest.raises(UnreadableInput, match="Not a directory"):
        ProgressFile(tmp_path / "blocker" / "progress.json").save(Progress())


def test_second_writer_is_refused_after_a_short_wait(tmp_path: Path):
    first, second = ProgressFile(tmp_path / "p.json"), ProgressFile(tmp_path / "p.json")
    first.lock()
    with pytest.raises(UnreadableInput, match="in use"):
        second.lock(wait=0.1)
    first.unlock()
    second.lock(wait=0.1)
    second.unlock()


def test_reset_keeps_snapshot_and_journal_as_one_readable_file(tmp_path: Path):
    file = ProgressFile(tmp_path / "progress.json")
    progress = Progress()
    answer(file, progress, "a", 0)
    file.compact(progress)
    answer(file, progress, "b", 1)  # a killed session: this answer is only in the journal
    assert file.journal.exists()
    (backup,) = file.reset("20260101T000000Z")
    assert [r.card_id for r in ProgressFile(backup).load().reviews] == ["a", "b"]
    assert not file.path.exists() and not file.journal.exists()
    assert ProgressFile(file.path).load() == Progress()


def test_reset_with_a_corrupt_journal_keeps_both_parts_as_they_are(tmp_path: Path):
    file = ProgressFile(tmp_path / "progress.json")
    file.save(Progress())
    file.journal.write_bytes(b"not json\n")
    snapshot = file.path.read_bytes()
    kept = file.reset("20260101T000000Z")
    assert [path.name for path in kept] == [
        "progress.json.20260101T000000Z.bak",
        "progress.json.journal.20260101T000000Z.bak",
    ]
    assert kept[0].read_bytes() == snapshot and kept[1].read_bytes() == b"not json\n"
    assert not file.journal.exists()


times = st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1), timezones=st.just(UTC))
card_ids = st.text(min_size=1, max_size=30)
states = st.builds(
    CardState,
    card_id=card_ids,
    state=st.sampled_from(["learning", "review", "relearning"]),
    step=st.none() | st.integers(0, 5),
    stability=st.floats(0, 1e6, allow_nan=False),
    difficulty=st.floats(1, 10, allow_nan=False),
    due=times,
    last_review=times,
    reps=st.integers(0, 10**6),
    lapses=st.integers(0, 1000),
)
reviews = st.builds(
    Review, card_id=card_ids, time=times, rating=st.integers(1, 4), duration_ms=st.none() | st.integers(0, 10**9)
)


# no deadline: every example fsyncs files, which a busy machine can make slow
@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cards=st.lists(states, max_size=8), log=st.lists(reviews, max_size=20))
def test_random_progress_round_trips(tmp_path: Path, cards, log):
    progress = Progress(cards={state.card_id: state for state in cards}, reviews=log)
    file = ProgressFile(tmp_path / "progress.json")
    file.save(progress)
    loaded = file.load()
    assert loaded == progress
    assert encode_progress(loaded) == file.path.read_bytes()


@settings(max_examples=300)
@given(
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
        lambda inner: st.lists(inner) | st.dictionaries(st.text(), inner),
        max_leaves=30,
    )
)
def test_random_json_never_crashes(data):
    from aieng_cli.store.progress_codec import ProgressFormatError, progress_from_json

    for candidate in (data, {**VALID, "cards": data}, {**VALID, "reviews": data}, {**VALID, "scheduler": data}):
        try:
            progress_from_json(candidate)
        except ProgressFormatError:
            pass


def test_times_are_kept_in_utc():
    moment = datetime(2026, 1, 1, 12, tzinfo=UTC) + timedelta(microseconds=1)
    state = CardState("c", "review", None, 3.0, 5.0, moment, moment, 1, 0)
    progress = Progress(cards={"c": state})
    from aieng_cli.store.progress_codec import progress_from_json

    loaded = progress_from_json(json.loads(encode_progress(progress))).cards["c"]
    assert loaded == state and loaded.due.tzinfo is UTC and loaded.last_review.tzinfo is UTC


def answer(file: ProgressFile, progress: Progress, card_id: str, minute: int) -> None:
    from aieng_cli.core.schedule import Reviewer

    when = datetime(2026, 1, 1, 9, tzinfo=UTC) + timedelta(minutes=minute)
    state = Reviewer(progress.settings).review(progress.cards.get(card_id), card_id, 3, when)
    review = Review(card_id, when, 3, 1000)
    progress.cards[card_id] = state
    progress.reviews.append(review)
    file.record(progress, review, state)


def test_journal_answers_survive_without_compaction(tmp_path: Path):
    file = ProgressFile(tmp_path / "progress.json")
    progress = file.load()
    for minute, card in enumerate(["a", "b", "a"]):
        answer(file, progress, card, minute)
    assert not file.path.exists() and file.journal.exists()
    assert ProgressFile(file.path).load() == progress


def test_torn_last_line_is_ignored_and_cut_before_the_next_append(tmp_path: Path):
    file = ProgressFile(tmp_path / "progress.json")
    progress = file.load()
    answer(file, progress, "a", 0)
    with open(file.journal, "ab") as handle:
        handle.write(b'{"n": 2, "card": "b", "ti')  # killed mid-append: never acknowledged
    reloaded = ProgressFile(file.path).load()
    assert reloaded == progress
    answer(file, reloaded, "b", 1)
    assert [r.card_id for r in ProgressFile(file.path).load().reviews] == ["a", "b"]


def test_crash_between_snapshot_and_journal_removal_applies_nothing_twice(tmp_path: Path):
    file = ProgressFile(tmp_path / "progress.json")
    progress = file.load()
    answer(file, progress, "a", 0)
    answer(file, progress, "b", 1)
    journal = file.journal.read_bytes()
    file.compact(progress)
    file.journal.write_bytes(journal)  # as if the crash came right after the snapshot was renamed
    reloaded = ProgressFile(file.path).load()
    assert [r.card_id for r in reloaded.reviews] == ["a", "b"]
    answer(file, reloaded, "c", 2)
    file.compact(reloaded)
    assert [r.card_id for r in ProgressFile(file.path).load().reviews] == ["a", "b", "c"]


def test_undo_of_an_append_restores_the_journal_bytes(tmp_path: Path):
    file = ProgressFile(tmp_path / "progress.json")
    progress = file.load()
    answer(file, progress, "a", 0)
    before = file.journal.read_bytes()
    answer(file, progress, "b", 1)
    progress.reviews.pop()
    file.undo(progress)
    assert file.journal.read_bytes() == before
    file.undo(progress)
    assert not file.journal.exists()


def test_journal_time_without_zone_is_unreadable(tmp_path: Path):
    file = ProgressFile(tmp_path / "progress.json")
    progress = file.load()
    answer(file, progress, "a", 0)
    file.journal.write_bytes(file.journal.read_bytes().replace(b"+00:00", b""))
    with pytest.raises(UnreadableInput, match="no time zone"):
        ProgressFile(file.path).load()


def test_damaged_journal_line_is_unreadable_and_untouched(tmp_path: Path):
    file = ProgressFile(tmp_path / "progress.json")
    progress = file.load()
    answer(file, progress, "a", 0)
    answer(file, progress, "b", 1)
    damaged = file.journal.read_bytes().replace(b'"rating":3', b'"rating":9', 1)
    file.journal.write_bytes(damaged)
    with pytest.raises(UnreadableInput, match="journal"):
        ProgressFile(file.path).load()
    assert file.journal.read_bytes() == damaged


def test_answers_of_later_sessions_survive_compactions(tmp_path: Path):
    path = tmp_path / "progress.json"
    for session, cards in enumerate([["a", "b"], ["c"], ["d", "e"]]):
        file = ProgressFile(path)
        progress = file.load()
        for minute, card in enumerate(cards):
            answer(file, progress, card, session * 100 + minute)
        assert [r.card_id for r in ProgressFile(path).load().reviews][-len(cards) :] == cards, "before compaction"
        file.compact(progress)
    assert [r.card_id for r in ProgressFile(path).load().reviews] == ["a", "b", "c", "d", "e"]


def test_a_locked_save_removes_the_temporary_files_a_crash_left(tmp_path: Path):
    file = ProgressFile(tmp_path / "progress.json")
    leftover = tmp_path / ".progress.json.4242.deadbeef.tmp"
    leftover.write_bytes(b"half a snapshot")
    unrelated = tmp_path / ".other.json.1.ab.tmp"
    unrelated.write_bytes(b"not ours")
    file.save(Progress())
    assert leftover.exists(), "without the lock another writer may own it"
    with file.locked():
        file.save(Progress())
    assert not leftover.exists() and unrelated.exists()
