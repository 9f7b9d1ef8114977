"""`aieng quiz` and `aieng progress` through the CLI, in piped mode (one line per action)."""

import errno
import json
import os

import pytest

from aieng_cli.core.grading import covered_points, rating_for_coverage

NOW = "2026-03-02T09:00:00+00:00"


def report(run) -> dict:
    return json.loads(run("progress", "--json").stdout)


def test_piped_session_as_documented(run, progress_path):
    result = run("quiz", "--limit", "2", input="\n3\n\n1\n")
    assert "1/2" in result.stdout and "2/2" in result.stdout
    assert "Session over: 2 answers on 2 cards, 1 right, 1 again" in result.stdout
    figures = report(run)
    assert figures["reviews"] == {"total": 2, "today": 2}
    assert figures["cards"]["learning"] == 2


def test_each_rating_shows_its_interval(run, progress_path):
    out = run("quiz", "--limit", "1", input="\n3\n").stdout
    assert "1 Again 1m" in out and "3 Good 10m" in out and "4 Easy" in out


def test_end_of_input_ends_like_quit(run, progress_path):
    result = run("quiz", input="\n")
    assert "Session over: 0 answers" in result.stdout
    assert not progress_path.exists()


@pytest.mark.parametrize(
    ("keys", "done", "reviews"),
    [
        ("q\n", 0, 0),
        ("\nq\n", 0, 0),
        ("\n3\nq\n", 1, 1),
        ("\n3\nu\nq\n", 0, 0),
        ("s\n\n3\nq\n", 1, 1),
        ("?\n\n4\nq\n", 1, 1),
        ("\nzz\n2\nq\n", 1, 1),
    ],
)
def test_keys(run, progress_path, keys, done, reviews):
    result = run("quiz", input=keys)
    assert f"Session over: {done} answer" in result.stdout
    total = report(run)["reviews"]["total"] if progress_path.exists() else 0
    assert total == reviews


def test_undo_restores_the_file(run, progress_path):
    run("quiz", "--limit", "1", input="\n3\n")
    before = progress_path.read_bytes()
    run("quiz", input="\n3\nu\nq\n")
    assert progress_path.read_bytes() == before


def test_reverse_card_grading(run, progress_path, monkeypatch):
    run("quiz", "--limit", "1", "--kind", "terms", "--new", "1", input="\n4\n")
    monkeypatch.setenv("AIENG_NOW", "2026-03-05T09:00:00+00:00")
    first = json.loads(progress_path.read_text())["reviews"]["card_ids"][0]
    term_id = first.split(":")[1]
    name = json.loads(run("define", term_id, "--json").stdout)["term"]
    out = run("quiz", "--kind", "terms", "--new", "1", "--max-reviews", "0", input=f"{name.upper()}\n\nq\n").stdout
    assert "Name the term" in out and "Correct." in out


def test_nothing_due_says_when(run, progress_path):
    run("quiz", "--new", "1", "--limit", "1", input="\n4\n")
    result = run("quiz", "--new", "0")
    assert "Nothing due now. Next card due in" in result.stderr + result.stdout
    assert "New cards are off (--new 0)." in result.stderr + result.stdout
    assert "Today's 1 new cards are done" in run("quiz", "--new", "1").stdout + run("quiz", "--new", "1").stderr


def test_cram_says_so_and_changes_nothing(run, progress_path, monkeypatch):
    run("quiz", "--new", "1", "--limit", "1", input="\n4\n")
    before = progress_path.read_bytes()
    out = run("quiz", "--cram", input="\n1\n\n3\nq\n").stdout
    assert "Cram mode" in out
    assert progress_path.read_bytes() == before


def test_topic_and_kind_filters(run, progress_path):
    out = run("quiz", "--topic", "retrieval", "--limit", "1", input="\n3\n").stdout
    assert "[Retrieval & RAG]" in out
    for kind in ("questions", "question"):
        out = run("quiz", "--kind", kind, "--limit", "1", input="\n3\n").stdout
        assert "Interview question" in out
    assert "Unknown topic" in run("quiz", "--topic", "nope", code=2).stderr
    run("quiz", "--kind", "poems", code=2)


def test_type_filter_asks_only_questions_of_that_round(run, progress_path):
    from aieng_cli.store.knowledge_files import load_knowledge

    kb, _ = load_knowledge()
    design = [q.question for q in kb.questions.values() if q.type == "design"]
    out = run("quiz", "--type", "design", "--limit", "1", input="\n3\n").stdout
    assert "Interview question" in out and any(" ".join(text.split()[:6]) in " ".join(out.split()) for text in design)
    assert "'trivia' is not one of 'concept', 'coding'" in run("quiz", "--type", "trivia", code=2).stderr
    assert "--type chooses interview questions" in run("quiz", "--type", "coding", "--kind", "terms", code=2).stderr


def test_typed_question_answer_shows_key_points(run, progress_path):
    out = run("quiz", "--kind", "questions", "--limit", "1", input="some typed answer words\n3\n").stdout
    assert "Key points:" in out and ("✓" in out or "✗" in out)


def test_a_typed_answer_that_misses_every_key_point_suggests_again(run, progress_path):
    out = run("quiz", "--kind", "questions", "--limit", "1", input="nothing relevant at all\n\n").stdout
    assert "✓" not in out and "✗" in out
    reviews = json.loads(progress_path.read_text())["reviews"]
    assert reviews["rating"] == [1], "the empty rating took the suggestion, Again"


@pytest.mark.parametrize(
    ("typed", "points", "expected"),
    [
        ("labeled data is needed", ("needs labelled data",), [True]),
        ("we optimize the prompt", ("optimise the prompt",), [True]),
        ("unrelated words", ("needs labelled data", "optimise the prompt"), [False, False]),
    ],
)
def test_key_point_coverage_ignores_spelling_variants(typed, points, expected):
    assert covered_points(typed, points) == expected


@pytest.mark.parametrize(("covered", "rating"), [([True] * 5, 3), ([True, True, False, False, False], 2), ([], 1)])
def test_suggested_rating_follows_coverage(covered, rating):
    assert rating_for_coverage(covered) == rating


@pytest.mark.parametrize("raw", [b"{broken", b'{"format": "aieng-progress", "version": 9}', b"[]"])
def test_unreadable_progress_file_exits_2_untouched(run, progress_path, raw):
    progress_path.write_bytes(raw)
    for command in (["quiz"], ["progress"]):
        result = run(*command, code=2, input="\n3\n")
        assert str(progress_path) in result.stderr and "aieng progress --reset" in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1
    assert progress_path.read_bytes() == raw


def test_reset_keeps_a_backup(run, progress_path):
    progress_path.write_bytes(b"{broken")
    assert "Reset cancelled" in run("progress", "--reset", input="n\n").stderr
    assert "Reset cancelled" in run("progress", "--reset", input="").stderr
    assert progress_path.read_bytes() == b"{broken"
    result = run("progress", "--reset", "--yes")
    assert "kept as" in result.stderr and not progress_path.exists()
    backups = list(progress_path.parent.glob("progress.json.*.bak"))
    assert [b.read_bytes() for b in backups] == [b"{broken"]


def test_progress_report_shape(run, progress_path):
    run("quiz", "--limit", "3", input="\n3\n\n3\n\n1\n")
    figures = report(run)
    assert set(figures) >= {"cards", "due", "reviews", "retention_30d", "streak", "topics", "leeches"}
    assert isinstance(figures["reviews"]["total"], int) and isinstance(figures["reviews"]["today"], int)
    assert figures["streak"] == {"current": 1, "longest": 1}
    assert len(figures["due"]["next_7_days"]) == 7
    text = run("progress").stdout
    assert "Cards" in text and "true retention" in text


def test_bad_aieng_now(run, monkeypatch):
    monkeypatch.setenv("AIENG_NOW", "yesterday")
    assert "AIENG_NOW" in run("progress", code=2).stderr


@pytest.mark.parametrize(
    "moment",
    ["1969-12-31T23:00:00+00:00", "9999-12-31T23:00:00+00:00", "0001-01-01T00:30:00+01:00", "2202-01-01T00:00:00Z"],
)
def test_a_pretend_clock_outside_a_sane_range_is_refused_before_anything_is_written(
    run, progress_path, monkeypatch, moment
):
    monkeypatch.setenv("AIENG_NOW", moment)
    assert run("quiz", input="\n3\n", code=2).stderr.strip() == f"AIENG_NOW={moment!r} is outside 2000-2199."
    assert not progress_path.exists()


def test_card_of_a_removed_entry_is_kept_and_counted_as_orphaned(run, progress_path, tmp_path):
    deck = tmp_path / "deck.yaml"
    deck.write_text(
        "version: 1\nterms:\n  - id: zz-private\n    term: Zz private\n    topic: foundations\n    core: true\n"
        "    short: A private term that will be deleted.\n    definition: Mine. Soon gone.\n"
        "    sources: [{title: t, url: 'https://e.org'}]\n",
        encoding="utf-8",
    )
    out = run("--kb", str(deck), "quiz", "--topic", "foundations", "--new", "50", input="\n3\n" * 60 + "q\n").stdout
    assert "Zz private" in out
    before = progress_path.read_bytes()
    figures = report(run)
    assert figures["cards"]["orphaned"] == 1
    assert "term:zz-private:recall" in json.loads(before)["cards"]["id"]
    run("quiz", "--topic", "foundations", input="q\n")
    assert "term:zz-private:recall" in json.loads(progress_path.read_text())["cards"]["id"]


def test_progress_path_that_is_a_directory_exits_2(run, progress_path):
    progress_path.mkdir()
    for command in (("quiz",), ("progress",)):
        result = run(*command, code=2, input="q\n")
        assert "directory" in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_full_disk_mid_session_exits_2_and_keeps_every_saved_answer(run, progress_path, monkeypatch):
    run("quiz", "--new", "2", input="\n3\n\n3\nq\n")
    before = progress_path.read_bytes()
    reviews = report(run)["reviews"]["total"]

    def disk_full(_fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    with monkeypatch.context() as patched:  # only the disk fills up: the isolated environment stays
        patched.setattr(os, "fsync", disk_full)
        result = run("quiz", "--new", "4", input="\n3\n\n3\nq\n", code=2)
    assert "No space left on device" in result.stderr and "Traceback" not in result.stderr
    assert progress_path.read_bytes() == before
    assert report(run)["reviews"]["total"] == reviews


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores directory permissions")
def test_read_only_directory_exits_2_and_keeps_the_file(run, progress_path):
    run("quiz", "--new", "1", input="\n3\nq\n")
    before = progress_path.read_bytes()
    progress_path.parent.chmod(0o555)
    try:
        result = run("quiz", "--new", "2", input="\n3\nq\n", code=2)
    finally:
        progress_path.parent.chmod(0o755)
    assert "Permission denied" in result.stderr
    assert progress_path.read_bytes() == before


def test_permission_error_at_compaction_exits_2_and_the_journal_keeps_the_answers(run, progress_path, monkeypatch):
    run("quiz", "--new", "1", input="\n3\nq\n")
    before = progress_path.read_bytes()

    def denied(*_args: object) -> None:
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES))

    with monkeypatch.context() as patched:  # only the rename fails: the isolated environment stays
        patched.setattr(os, "replace", denied)
        result = run("quiz", "--new", "3", input="\n3\n\n3\nq\n", code=2)
    assert "Permission denied" in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert progress_path.read_bytes() == before
    assert report(run)["reviews"]["total"] == 3


def test_resets_within_one_second_keep_every_backup(run, progress_path):
    for content in (b'{"first": 1}', b'{"second": 2}', b'{"third": 3}'):
        progress_path.write_bytes(content)
        run("progress", "--reset", "--yes")  # AIENG_NOW is frozen: the same second each time
    backups = sorted(progress_path.parent.glob("progress.json.*.bak"))
    assert sorted(b.read_bytes() for b in backups) == [b'{"first": 1}', b'{"second": 2}', b'{"third": 3}']


def test_a_symlinked_progress_file_stays_a_link_and_shares_the_target_lock(run, tmp_path, monkeypatch):
    synced = tmp_path / "synced"
    synced.mkdir()
    target = synced / "progress.json"
    link = tmp_path / "progress.json"
    monkeypatch.setenv("AIENG_NOW", NOW)
    run("--no-color", "quiz", "--limit", "1", "--progress-file", str(target), input="\n3\n")
    link.symlink_to(target)
    monkeypatch.setenv("AIENG_PROGRESS_FILE", str(link))
    run("quiz", "--limit", "1", input="\n3\n")
    assert link.is_symlink() and report(run)["reviews"]["total"] == 2
    assert not (tmp_path / "progress.json.lock").exists() and (synced / "progress.json.lock").exists()


def test_a_progress_file_that_is_not_a_regular_file_is_refused_at_once(run, progress_path):
    os.mkfifo(progress_path)
    result = run("progress", code=2)
    assert "not a regular file" in result.stderr
    assert "not a regular file" in run("quiz", code=2).stderr


def test_a_corrupt_journal_has_a_way_out_through_reset(run, progress_path):
    run("quiz", "--limit", "1", input="\n3\n")
    journal = progress_path.with_name("progress.json.journal")
    journal.write_bytes(b'{"n": 1, "torn"\n')
    assert "aieng progress --reset" in run("progress", code=2).stderr
    result = run("progress", "--reset", "--yes")
    assert "progress.json.journal." in result.stderr and not journal.exists() and not progress_path.exists()
    assert report(run)["reviews"]["total"] == 0


@pytest.mark.parametrize(
    ("text", "key", "after"),
    [
        ("quant", "i", "quanti"),
        ("quant", "\x7f", "quan"),
        ("two words", "\x17", "two "),
        ("one", "\x17", ""),
        ("anything", "\x15", ""),
        ("a", "\t", "a "),
        ("a", "\x1b[A", "a"),  # an arrow key edits nothing
        ("a", "\x07", "a"),
    ],
)
def test_editing_keys_of_typed_answers(text, key, after):
    from aieng_cli.commands.terminal import edited

    assert edited(text, key) == after
