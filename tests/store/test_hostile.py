"""Hostile and broken input: the loaders either accept or report, never crash, hang or execute."""

import json
import os
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from aieng_cli.core.schema import ID_PATTERN
from aieng_cli.core.topics import TOPIC_NAMES
from aieng_cli.store.knowledge_files import read_knowledge_file
from aieng_cli.store.progress_codec import ProgressFormatError, progress_from_json

EXAMPLES = int(os.environ.get("AIENG_HOSTILE_EXAMPLES", "1500"))  # a full run: AIENG_HOSTILE_EXAMPLES=5000
FAST = settings(max_examples=EXAMPLES, deadline=2000, suppress_health_check=[HealthCheck.function_scoped_fixture])


def check_file(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "deck.yaml"
    path.write_bytes(data)
    entries = read_knowledge_file(path)
    lines = len(data.decode("utf-8", "replace").splitlines()) + 2  # a syntax error may point past the end
    for problem in entries.problems:
        assert problem.path == str(path) and 1 <= problem.line <= lines and problem.message
    for entry in [*entries.terms, *entries.questions]:  # what is accepted is complete
        assert ID_PATTERN.match(entry.id) and entry.topic in TOPIC_NAMES and entry.sources
        assert entry.origin.path == str(path) and 1 <= entry.origin.line <= lines


yaml_fragments = st.sampled_from(
    [
        "version: 1\n",
        "terms:\n",
        "questions:\n",
        "  - id: a\n",
        "    term: A\n",
        "    topic: foundations\n",
        "    short: s\n",
        "    definition: d\n",
        "    sources: [{title: t, url: 'https://e.org'}]\n",
        "  - [x\n",
        "    aliases: &a [x, *a]\n",
        "    related: *a\n",
        "!!python/object/apply:os.system ['true']\n",
        "- \t\n",
        "    example: !!binary aGk=\n",
        "? [a]\n: b\n",
        "<<: *a\n",
        "{",
        "}",
        "'",
        '"',
        ":\n",
        "- - - -\n",
        "%YAML 1.1\n",
    ]
)


@FAST
@given(st.lists(yaml_fragments, max_size=25))
def test_random_yaml_documents(tmp_path, fragments):
    check_file(tmp_path, "".join(fragments).encode())


@FAST
@given(st.text(max_size=400))
def test_random_text(tmp_path, text):
    check_file(tmp_path, text.encode("utf-8", "surrogatepass"))


@FAST
@given(st.binary(max_size=400))
def test_random_bytes(tmp_path, data):
    check_file(tmp_path, data)


@pytest.mark.parametrize(
    "text",
    [
        "[" * 100_000,
        "a:\n" + "".join(" " * (i + 1) + "a:\n" for i in range(2000)),
        "version: 1\nterms:\n  - id: a\n    definition: " + "x" * 5_000_000 + "\n",
        "\n".join(
            ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
            + [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 40)]
        )
        + "\nversion: 1\nterms: *a39\n",
        "version: 1\nterms:\n  - !!python/object/apply:os.system ['touch /tmp/aieng-pwned']\n",
        "version: 1\nterms: !!python/name:os.system\n",
    ],
)
def test_pathological_documents_are_reported_quickly(tmp_path, text):
    check_file(tmp_path, text.encode())
    assert not Path("/tmp/aieng-pwned").exists()


json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-(10**30), 10**30) | st.floats() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(st.text(max_size=10), inner, max_size=5),
    max_leaves=25,
)


@settings(max_examples=EXAMPLES, deadline=2000)
@given(json_values)
def test_random_progress_documents(value):
    base = {"format": "aieng-progress", "version": 1, "scheduler": value, "cards": value, "reviews": value}
    for candidate in (value, base, {**base, "version": value}):
        try:
            progress_from_json(candidate)
        except ProgressFormatError:
            pass


@settings(max_examples=300, deadline=2000, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.binary(max_size=300))
def test_random_progress_files_exit_2_untouched(run, tmp_path, data):
    path = tmp_path / "progress.json"
    path.write_bytes(data)
    result = run("progress", "--json", "--progress-file", str(path), code=None)
    assert result.exit_code in (0, 2)
    assert path.read_bytes() == data


@pytest.mark.parametrize(
    "text",
    [
        "[bold]loud[/bold]",
        "[link=https://evil.example]click[/link]",
        ":smile:",
        "\x1b[31mred\x1b[0m",
        "right\u202eto left",
        "e\u0301\u0301",
    ],
)
def test_knowledge_text_is_data_not_markup(run, tmp_path, text):
    deck = tmp_path / "deck.yaml"
    deck.write_text(
        "version: 1\nterms:\n  - id: odd\n    term: Odd\n    topic: foundations\n"
        f"    short: {json.dumps(text)}\n    definition: {json.dumps('Says ' + text)}\n"
        "    sources: [{title: t, url: 'https://e.org'}]\n",
        encoding="utf-8",
    )
    out = run("--kb", str(deck), "define", "odd").stdout
    shown = text.replace("\x1b", "\\x1b").replace("\u202e", "\\u202e")
    assert shown in out and "\x1b" not in out and "\u202e" not in out


arguments = st.one_of(
    st.text(max_size=80),
    st.text(alphabet=st.characters(categories=("Cc", "Cf", "Mn", "Cs", "Zs")), max_size=40),
    st.builds("".join, st.lists(st.sampled_from(["token", "\x1b[2J", "\u202e", "e\u0301", "\udcff", " ", "-"]))),
)
RAW_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


@settings(max_examples=EXAMPLES // 5, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.sampled_from(["define", "search"]), arguments)
@example("define", "0\u2028")  # a Unicode line separator once split the message in two
@example("search", "0:TOKEN-TOKEN")  # a corrected query without hits once gave two messages
def test_hostile_arguments_get_an_answer_or_one_escaped_line(run, command, argument):
    result = run(command, argument, code=None)
    assert result.exit_code in (0, 1, 2)
    if result.exit_code:
        assert len(result.stderr.strip().splitlines()) == 1
    assert not RAW_CONTROL.search(result.stdout + result.stderr)


HUGE = "9" * 5000


@pytest.mark.parametrize(
    ("where", "text"),
    [
        ("deck", f"version: {HUGE}\nterms: []\n"),
        ("deck", f"version: 1\nterms:\n  - id: a\n    term: {HUGE}\n"),
        ("deck", "version: 0x" + "f" * 5000 + "\n"),
        ("config", f"new_per_day = {HUGE}\n"),
        ("config", 'progress_file = "a\\u0000b"\n'),
    ],
)
def test_numbers_too_long_to_print_and_nul_characters_give_one_line(run, tmp_path, where, text):
    if where == "deck":
        deck = tmp_path / "deck.yaml"
        deck.write_text(text, encoding="utf-8")
        result = run("validate", str(deck), code=1)
        assert result.stdout.strip() and str(deck) in result.stdout
    else:
        config = Path(os.environ["AIENG_CONFIG_DIR"])
        config.mkdir(parents=True, exist_ok=True)
        (config / "config.toml").write_text(text, encoding="utf-8")
        assert len(run("config", "show", code=2).stderr.strip().splitlines()) == 1
        assert run("define", "token", "--short").stdout.strip()


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data["scheduler"].update(parameters=[1.0] * 5),
        lambda data: data["scheduler"].update(parameters=[-100.0] * 21),
        lambda data: data["scheduler"].update(learning_steps_seconds=[0]),
        lambda data: data["scheduler"].update(maximum_interval_days=0),
    ],
)
def test_a_progress_file_with_values_fsrs_refuses_is_one_line(run, tmp_path, monkeypatch, damage):
    path = tmp_path / "progress.json"
    monkeypatch.setenv("AIENG_PROGRESS_FILE", str(path))
    monkeypatch.setenv("AIENG_NOW", "2026-03-02T09:00:00+00:00")
    run("quiz", "--limit", "1", input="\n3\n")
    data = json.loads(path.read_text())
    damage(data)
    path.write_text(json.dumps(data))
    result = run("progress", code=2)
    assert "Cannot read the progress file" in result.stderr and len(result.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize(
    "entry",
    [
        {"stability": -3.0},
        {"due": "9999-06-01T00:00:00+00:00"},
        {"last_review": "0001-01-01T00:30:00+01:00"},
    ],
)
def test_a_journal_entry_out_of_range_is_one_line(run, tmp_path, monkeypatch, entry):
    path = tmp_path / "progress.json"
    monkeypatch.setenv("AIENG_PROGRESS_FILE", str(path))
    monkeypatch.setenv("AIENG_NOW", "2026-03-02T09:00:00+00:00")
    run("quiz", "--limit", "1", input="\n3\n")
    line = {"n": 1, "card": "term:x:recall", "time": "2026-03-02T09:01:00+00:00", "rating": 3, "duration_ms": 10}
    line["state"] = {
        "state": "learning",
        "step": 0,
        "stability": 1.0,
        "difficulty": 5.0,
        "due": "2026-03-02T09:11:00+00:00",
        "last_review": "2026-03-02T09:01:00+00:00",
        "reps": 1,
        "lapses": 0,
        **entry,
    }
    path.with_name("progress.json.journal").write_text(json.dumps(line) + "\n")
    result = run("progress", code=2)
    assert "journal" in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_progress_export_never_replaces_a_device_and_writes_never_read_the_destination(run, tmp_path, monkeypatch):
    monkeypatch.setenv("AIENG_PROGRESS_FILE", str(tmp_path / "progress.json"))
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    assert "not a regular file" in run("progress", "export", "/dev/full", "--force", code=2).stderr
    assert "not a regular file" in run("progress", "export", str(fifo), code=2).stderr
    assert Path("/dev/full").is_char_device()
    assert "Cannot write /dev/full" in run("export", "csv", "/dev/full", code=2).stderr, "written to, not read"


def test_a_huge_progress_file_is_refused_unread_and_a_planted_lock_link_is_refused(run, tmp_path, monkeypatch):
    path = tmp_path / "progress.json"
    monkeypatch.setenv("AIENG_PROGRESS_FILE", str(path))
    with open(path, "wb") as handle:
        handle.truncate(600 * 1024 * 1024)  # sparse: costs no disk
    assert "larger than 512 MiB" in run("progress", code=2).stderr
    path.unlink()
    elsewhere = tmp_path / "elsewhere"
    (tmp_path / "progress.json.lock").symlink_to(elsewhere)
    assert "Cannot lock the progress file" in run("quiz", code=2, input="q\n").stderr
    assert not elsewhere.exists(), "nothing was created through the planted link"


def test_an_over_long_progress_path_is_one_line(run, tmp_path, monkeypatch):
    monkeypatch.setenv("AIENG_PROGRESS_FILE", str(tmp_path / ("x" * 252)))  # the lock's name is over 255 bytes
    monkeypatch.setenv("AIENG_NOW", "2026-03-02T09:00:00+00:00")
    result = run("quiz", code=2, input="\n3\n")
    assert len(result.stderr.strip().splitlines()) == 1 and "progress file" in result.stderr


@pytest.mark.parametrize("where", ["file", "journal"])
def test_an_answer_time_beyond_what_a_file_may_hold_is_one_line(run, tmp_path, monkeypatch, where):
    path = tmp_path / "progress.json"
    monkeypatch.setenv("AIENG_PROGRESS_FILE", str(path))
    monkeypatch.setenv("AIENG_NOW", "2026-03-02T09:00:00+00:00")
    run("quiz", "--limit", "1", input="\n3\n")
    data = json.loads(path.read_text())
    if where == "file":
        data["reviews"]["duration_ms"][0] = 2**64
        path.write_text(json.dumps(data))
    else:
        line = {"n": 1, "card": "term:x:recall", "time": "2026-03-02T09:01:00+00:00", "rating": 3}
        state = {"state": "learning", "step": 0, "stability": 1.0, "difficulty": 5.0, "reps": 1, "lapses": 0}
        state |= {"due": "2026-03-02T09:11:00+00:00", "last_review": "2026-03-02T09:01:00+00:00"}
        path.with_name("progress.json.journal").write_text(
            json.dumps({**line, "duration_ms": 2**64, "state": state}) + "\n"
        )
    result = run("progress", code=2)
    assert "duration_ms" in result.stderr and len(result.stderr.strip().splitlines()) == 1
