"""The cached copy of the progress snapshot (`store.progress_cache`): read back exactly as the
snapshot reads, never used once the snapshot has changed, and never a reason for a load to fail."""

import json
import os
import zlib
from datetime import UTC, datetime, timedelta

import pytest
from histories import card_ids, reviews, states
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aieng_cli.core.actions import CardAction
from aieng_cli.core.progress import Progress
from aieng_cli.core.records import CardState, InterviewRecord, Review
from aieng_cli.errors import UnreadableProgress
from aieng_cli.store import progress_cache
from aieng_cli.store.progress_codec import encode_progress
from aieng_cli.store.progress_file import ProgressFile

START = datetime(2026, 3, 2, 9, tzinfo=UTC)
times = st.integers(min_value=0, max_value=10**14).map(lambda us: START + timedelta(microseconds=us))
actions = st.builds(CardAction, card_ids, times, st.sampled_from(["suspend", "bury", "mark"]), st.just(None))
progresses = st.builds(
    lambda cards, log, applied, done: Progress(
        cards={s.card_id: s for s in cards},
        reviews=log,
        journal_applied=applied,
        actions=sorted(done, key=lambda a: a.time),
    ),
    st.lists(states, max_size=6),
    st.lists(reviews, max_size=12),
    st.integers(0, 10**6),
    st.lists(actions, max_size=3),
)


def files(tmp_path):
    path = tmp_path / "progress.json"
    return path, ProgressFile(path, cache=tmp_path / "cache" / "progress.bin"), ProgressFile(path)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(progresses)
def test_a_saved_history_reads_back_from_its_copy_exactly_as_from_the_file(tmp_path, progress):
    path, cached, plain = files(tmp_path)
    cached.save(progress)
    copy = progress_cache.read_cached(cached.copy.cache, path)
    if any("\0" in card for card in [*progress.cards, *progress.reviews.card_ids]):
        assert copy is None and not cached.copy.cache.exists()
        return
    assert copy is not None, "a history aieng saves is cached"
    assert copy == plain.load() == progress
    assert copy.reviews.in_time_order() == plain.load().reviews.in_time_order()
    assert ProgressFile(path, cache=cached.copy.cache).load() == progress


def a_history(answers: int = 5) -> Progress:
    progress = Progress()
    for minute in range(answers):
        progress.reviews.append(Review("term:rag:recall", START + timedelta(minutes=minute), 3, 1500))
    progress.interviews.append(InterviewRecord("i1", START, 7, 0.5, [{"id": "q", "score": 0.5}], []))
    return progress


def test_reading_a_file_without_a_copy_makes_one_and_the_next_read_uses_it(tmp_path):
    path, cached, plain = files(tmp_path)
    plain.save(a_history())
    assert not cached.copy.cache.exists()
    assert cached.load() == a_history()
    assert progress_cache.read_cached(cached.copy.cache, path) == a_history()


@pytest.mark.parametrize("keep_times", [False, True])
def test_a_snapshot_changed_behind_aieng_is_read_from_the_file(tmp_path, keep_times):
    """Another program rewrites the file, even in place with the same size and modification time."""
    path, cached, _plain = files(tmp_path)
    cached.save(a_history(5))
    before = os.stat(path)
    changed = encode_progress(a_history(5)).replace(b'"rating":[3,3,3,3,3]', b'"rating":[1,3,3,3,3]')
    assert len(changed) == before.st_size
    with open(path, "r+b") as handle:  # same inode, same size
        handle.write(changed)
    if keep_times:
        os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert progress_cache.read_cached(cached.copy.cache, path) is None
    assert list(cached.load().reviews.rating) == [1, 3, 3, 3, 3]


@pytest.mark.parametrize(
    "damage",
    [
        lambda raw: raw[: len(raw) // 2],
        lambda raw: raw[:-1] + bytes([raw[-1] ^ 1]),
        lambda raw: raw[:40] + bytes([raw[40] ^ 0x10]) + raw[41:],
        lambda raw: b"",
        lambda raw: b"not a cache at all",
        lambda raw: raw.replace(progress_cache.MAGIC, b"AIENGPC\x00"),
    ],
    ids=["truncated", "last byte", "header byte", "empty", "foreign", "other layout"],
)
def test_a_damaged_copy_is_ignored_and_replaced(tmp_path, damage):
    path, cached, _plain = files(tmp_path)
    cached.save(a_history())
    cached.copy.cache.write_bytes(damage(cached.copy.cache.read_bytes()))
    assert progress_cache.read_cached(cached.copy.cache, path) is None
    assert cached.load() == a_history()
    assert progress_cache.read_cached(cached.copy.cache, path) == a_history(), "the copy is written again"


def test_a_copy_from_another_version_is_not_used(tmp_path, monkeypatch):
    path, cached, _plain = files(tmp_path)
    cached.save(a_history())
    monkeypatch.setattr("aieng_cli.__version__", "0.0.0-other")
    assert progress_cache.read_cached(cached.copy.cache, path) is None


def test_no_copy_is_kept_when_the_file_changed_while_it_was_read(tmp_path):
    path, cached, plain = files(tmp_path)
    plain.save(a_history())
    read = progress_cache.source_signature(path)
    plain.save(a_history(6))
    progress_cache.write_cached(cached.copy.cache, path, a_history(), read)
    assert not cached.copy.cache.exists()


def test_answers_in_the_journal_are_read_on_top_of_the_copy(tmp_path):
    path, cached, _plain = files(tmp_path)
    cached.save(a_history())
    progress = cached.load()
    review = Review("term:token:recall", START + timedelta(days=1), 1, None)
    state = CardState("term:token:recall", "learning", 0, 1.0, 5.0, START + timedelta(days=1, minutes=1), review.time)
    progress.reviews.append(review)
    progress.cards[review.card_id] = state
    cached.record(progress, review, state)
    again = ProgressFile(path, cache=cached.copy.cache).load()
    assert again.reviews[-1] == review and again.cards[review.card_id] == state
    assert len(again.reviews) == 6


def test_an_unwritable_cache_costs_only_speed(tmp_path):
    path, _cached, plain = files(tmp_path)
    plain.save(a_history())
    blocked = tmp_path / "a file, not a directory"
    blocked.write_text("")
    reader = ProgressFile(path, cache=blocked / "progress.bin")
    assert reader.load() == a_history()


def test_a_corrupt_snapshot_is_reported_even_with_a_copy_of_an_earlier_one(tmp_path):
    path, cached, _plain = files(tmp_path)
    cached.save(a_history())
    path.write_text('{"format": "aieng-progress", "version": 1, "cards": ')
    with pytest.raises(UnreadableProgress, match="not valid JSON"):
        cached.load()


def test_the_cli_reads_the_copy_and_shows_the_same(tmp_path, monkeypatch):
    from typer.testing import CliRunner

    from aieng_cli.app import app

    path = tmp_path / "progress.json"
    ProgressFile(path).save(a_history())
    for kind in ("CACHE", "CONFIG", "DATA"):
        monkeypatch.setenv(f"AIENG_{kind}_DIR", str(tmp_path / kind.lower()))
    monkeypatch.setenv("AIENG_PROGRESS_FILE", str(path))
    first = CliRunner().invoke(app, ["progress", "--json"])
    copies = list((tmp_path / "cache").glob("progress-*.bin"))
    assert len(copies) == 1
    second = CliRunner().invoke(app, ["progress", "--json"])
    assert first.exit_code == second.exit_code == 0
    assert json.loads(first.stdout) == json.loads(second.stdout)
    assert json.loads(second.stdout)["reviews"]["total"] == 5


def test_a_reset_removes_the_copy_too(tmp_path):
    _path, cached, _plain = files(tmp_path)
    cached.save(a_history())
    assert cached.copy.cache.exists()
    cached.reset("20260302-090000")
    assert not cached.copy.cache.exists()
    assert cached.load() == Progress()


def test_copies_of_only_the_last_few_progress_files_are_kept(tmp_path):
    from aieng_cli.store.kb_cache import CACHES_KEPT

    for number in range(CACHES_KEPT + 3):
        path = tmp_path / f"progress-{number}.json"
        ProgressFile(path).save(a_history())
        ProgressFile(path, cache=tmp_path / "cache" / f"progress-{number:08x}.bin").load()
    assert len(list((tmp_path / "cache").glob("progress-*.bin"))) == CACHES_KEPT


@pytest.mark.parametrize("command", [["progress"], ["quiz", "--limit", "1"]])
def test_reading_the_copy_imports_neither_the_json_decoder_nor_the_scheduler(tmp_path, command):
    """`progress` and the first card of a quiz, on a history with a fresh copy, import neither
    msgspec (the snapshot's parser) nor fsrs (needed only once a card is answered)."""
    import subprocess
    import sys

    code = (
        "import sys; from aieng_cli.app import app\n"
        f"try:\n    app({command!r})\nexcept SystemExit:\n    pass\n"
        "print(sorted(m for m in ('fsrs', 'msgspec', 'aieng_cli.store.progress_decoder') if m in sys.modules))"
    )
    path = tmp_path / "progress.json"
    ProgressFile(path).save(a_history())
    env = {**os.environ, "AIENG_PROGRESS_FILE": str(path), "AIENG_NOW": "2026-03-02T09:30:00+00:00"}
    env |= {f"AIENG_{kind}_DIR": str(tmp_path / kind.lower()) for kind in ("CACHE", "CONFIG", "DATA")}
    run = {"env": env, "input": "q\n", "check": True, "capture_output": True, "text": True}
    first = subprocess.run([sys.executable, "-c", code], **run).stdout.strip().splitlines()[-1]
    assert "msgspec" in first, "the first read parses the file (and keeps the copy)"
    again = subprocess.run([sys.executable, "-c", code], **run).stdout.strip().splitlines()[-1]
    assert again == "[]"


def forge(cache, change):
    """The copy at `cache` with `change(header, columns)` applied and its checksum made right again,
    as a copy crafted to pass the checksum would be."""
    raw = cache.read_bytes()
    start = len(progress_cache.MAGIC) + progress_cache._PREFIX.size
    _crc, length = progress_cache._PREFIX.unpack_from(raw, len(progress_cache.MAGIC))
    header = json.loads(raw[start : start + length])
    body = raw[start + length :]
    columns, position = {}, 0
    for name, _code, _count, size in header["columns"]:
        columns[name] = bytearray(body[position : position + size])
        position += size
    change(header, columns)
    head = json.dumps(header).encode()
    new = b"".join([head, *columns.values()])
    cache.write_bytes(progress_cache.MAGIC + progress_cache._PREFIX.pack(zlib.crc32(new), len(head)) + new)


def test_a_copy_crafted_to_pass_its_checksum_never_reaches_the_file(tmp_path):
    path, cached, plain = files(tmp_path)
    cached.save(a_history())
    before = path.read_bytes()
    forge(cached.copy.cache, lambda header, columns: columns["review_card"].__setitem__(0, 7))  # no card 7
    progress = ProgressFile(path, cache=cached.copy.cache)
    loaded = progress.load()
    review = Review("term:token:recall", START + timedelta(days=1), 3, 900)
    state = CardState("term:token:recall", "learning", 0, 1.0, 5.0, START + timedelta(days=1, minutes=1), review.time)
    loaded.reviews.append(review)
    loaded.cards[review.card_id] = state
    progress.record(loaded, review, state)
    with pytest.raises(UnreadableProgress, match="cached copy was damaged"):
        progress.compact(loaded)
    assert path.read_bytes() == before, "the file is untouched"
    assert not cached.copy.cache.exists(), "the copy is gone"
    again = ProgressFile(path, cache=cached.copy.cache).load()
    assert len(again.reviews) == 6 and again.reviews[-1] == review, "the answer waits in the journal"


@pytest.mark.parametrize(
    "change",
    [
        lambda header, columns: columns["review_rating"].__setitem__(0, 9),
        lambda header, columns: header.__setitem__("journal_applied", "many"),
        lambda header, columns: header["scheduler"].__setitem__("desired_retention", 7),
        lambda header, columns: columns["card_state"].__setitem__(slice(None), b"x" * len(columns["card_state"])),
    ],
    ids=["rating", "journal number", "retention", "state"],
)
def test_a_copy_with_a_value_the_file_could_not_hold_is_not_used(tmp_path, change):
    path, cached, _plain = files(tmp_path)
    progress = a_history()
    progress.cards["term:rag:recall"] = CardState(
        "term:rag:recall", "review", None, 3.0, 5.0, START + timedelta(days=3), START + timedelta(minutes=4), 5, 0
    )
    cached.save(progress)
    forge(cached.copy.cache, change)
    assert progress_cache.read_cached(cached.copy.cache, path) is None
    assert cached.load() == progress


def test_a_deeply_nested_header_is_a_miss_not_a_crash(tmp_path):
    path, cached, _plain = files(tmp_path)
    cached.save(a_history())
    head = b"[" * 100_000
    prefix = progress_cache.MAGIC + progress_cache._PREFIX.pack(zlib.crc32(head), len(head))
    cached.copy.cache.write_bytes(prefix + head)
    assert progress_cache.read_cached(cached.copy.cache, path) is None


def test_a_fifo_or_a_link_at_the_copy_s_place_neither_hangs_nor_is_written_through(tmp_path):
    path, cached, plain = files(tmp_path)
    plain.save(a_history())
    cached.copy.cache.parent.mkdir()
    os.mkfifo(cached.copy.cache)
    assert cached.load() == a_history()  # would block on opening the FIFO
    cached.copy.cache.unlink()
    victim = tmp_path / "victim.txt"
    victim.write_text("mine")
    cached.copy.cache.symlink_to(victim)
    assert ProgressFile(path, cache=cached.copy.cache).load() == a_history()
    assert victim.read_text() == "mine" and not cached.copy.cache.is_symlink()


def test_temporary_copies_a_killed_writer_left_are_removed_once_old(tmp_path):
    _path, cached, _plain = files(tmp_path)
    cached.copy.cache.parent.mkdir()
    old = cached.copy.cache.parent / f".{cached.copy.cache.name}.123.abcd.tmp"
    fresh = cached.copy.cache.parent / f".{cached.copy.cache.name}.456.ef01.tmp"
    for leftover in (old, fresh):
        leftover.write_bytes(b"half a copy")
    hours_ago = old.stat().st_mtime - 2 * progress_cache.ABANDONED_SECONDS
    os.utime(old, (hours_ago, hours_ago))
    cached.save(a_history())
    assert not old.exists(), "abandoned long ago"
    assert fresh.exists(), "it may be another writer's, at work now"
