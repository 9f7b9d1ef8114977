"""Exports: a real Anki package with stable ids, CSV, Markdown; progress export/import merges."""

import csv
import json
import sqlite3
import zipfile
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aieng_cli.core.anki import DECK_ID, QUESTION_MODEL_ID, TERM_MODEL_ID
from aieng_cli.core.merge import merge_reviews
from aieng_cli.core.records import Review
from aieng_cli.store.outputs import note_guid

OVERRIDE = """\
version: 1
terms:
  - id: rag
    override: true
    term: Retrieval-augmented generation
    aliases: [RAG]
    topic: retrieval
    short: Edited one-liner.
    definition: "An edited definition with <script>alert(1)</script> and `code`."
    sources:
      - title: Lewis et al., 2020
        url: https://arxiv.org/abs/2005.11401
"""


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AIENG_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("AIENG_CONFIG_DIR", str(tmp_path / "config"))


def anki_notes(path: Path) -> tuple[dict[str, tuple[str, list[str], str]], dict, dict]:
    with zipfile.ZipFile(path) as archive:
        database = path.with_suffix(".anki2")
        database.write_bytes(archive.read("collection.anki2"))
    connection = sqlite3.connect(database)
    notes = {
        guid: (mid, flds.split("\x1f"), tags)
        for guid, mid, flds, tags in connection.execute("SELECT guid, mid, flds, tags FROM notes")
    }
    models, decks = (json.loads(value) for value in connection.execute("SELECT models, decks FROM col").fetchone())
    connection.close()
    return notes, models, decks


def test_anki_package_has_stable_ids_and_updates_in_place(run, tmp_path):
    first, second = tmp_path / "one.apkg", tmp_path / "two.apkg"
    run("export", "anki", str(first))
    deck = tmp_path / "edit.yaml"
    deck.write_text(OVERRIDE)
    run("--kb", str(deck), "export", "anki", str(second))
    notes_one, models, decks = anki_notes(first)
    notes_two, models_two, decks_two = anki_notes(second)
    assert set(notes_one) == set(notes_two), "same notes, same GUIDs: a re-import updates instead of duplicating"
    assert {int(m) for m in models} == {int(m) for m in models_two} == {TERM_MODEL_ID, QUESTION_MODEL_ID}
    assert str(DECK_ID) in decks and str(DECK_ID) in decks_two
    rag = note_guid("term", "rag")
    assert notes_one[rag][1][0] == "Retrieval-augmented generation" and notes_one[rag][1][6] == "rag"
    assert notes_one[rag][1] != notes_two[rag][1], "the edited definition is in the updated note"
    edited = notes_two[rag][1][2]
    assert "&lt;script&gt;" in edited and "<script>" not in edited and "<code>code</code>" in edited
    assert all(" " not in tag for _, _, tags in notes_one.values() for tag in tags.split())
    kinds = {mid for mid, _, _ in notes_one.values()}
    assert kinds == {TERM_MODEL_ID, QUESTION_MODEL_ID}


def test_topic_filter_applies_to_every_export(run, tmp_path):
    every = len(json.loads(run("list", "--json").stdout))
    retrieval = len(json.loads(run("list", "--topic", "retrieval", "--json").stdout))
    run("export", "csv", str(tmp_path / "all.csv"))
    run("export", "csv", str(tmp_path / "some.csv"), "--topic", "retrieval")
    rows = list(csv.DictReader((tmp_path / "all.csv").open(encoding="utf-8")))
    some = list(csv.DictReader((tmp_path / "some.csv").open(encoding="utf-8")))
    assert sum(row["kind"] == "term" for row in rows) == every
    assert sum(row["kind"] == "term" for row in some) == retrieval
    assert {row["topic"] for row in some} == {"retrieval"}
    run("export", "anki", str(tmp_path / "some.apkg"), "--topic", "retrieval")
    notes, _, _ = anki_notes(tmp_path / "some.apkg")
    assert len(notes) == len(some)


def test_markdown_export_links_related_terms(run, tmp_path):
    out = tmp_path / "glossary.md"
    run("export", "markdown", str(out))
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# AI engineering glossary") and '<a id="rag"></a>' in text
    anchors = set(__import__("re").findall(r'<a id="([^"]+)"></a>', text))
    links = set(__import__("re").findall(r"\]\(#([^)]+)\)", text))
    assert links and links <= anchors


def test_export_to_an_unwritable_place_exits_2(run, tmp_path):
    assert "Cannot write" in run("export", "csv", str(tmp_path / "missing" / "x.csv"), code=2).stderr


times = st.integers(0, 10_000).map(lambda s: datetime(2026, 1, 1, tzinfo=UTC) + timedelta(minutes=s))
reviews = st.builds(
    Review,
    card_id=st.sampled_from(["a", "b", "c"]),
    time=times,
    rating=st.integers(1, 4),
    duration_ms=st.none() | st.integers(0, 5000),
)


@settings(max_examples=300)
@given(st.lists(reviews, max_size=30), st.lists(reviews, max_size=30), st.lists(reviews, max_size=10))
def test_merge_is_commutative_idempotent_and_associative(a, b, c):
    assert merge_reviews(a, b) == merge_reviews(b, a)
    assert merge_reviews(merge_reviews(a, b), b) == merge_reviews(a, b)
    assert merge_reviews(merge_reviews(a, b), c) == merge_reviews(a, merge_reviews(b, c))
    merged = merge_reviews(a, b)
    assert Counter(merged) == Counter(a) | Counter(b), "each answer kept as often as either log holds it"
    assert len(merged) >= max(len(a), len(b)), "a merge never shrinks a log"


def test_progress_export_and_import_either_way_agree(run, tmp_path, monkeypatch):
    laptop, desktop = tmp_path / "laptop.json", tmp_path / "desktop.json"
    monkeypatch.setenv("AIENG_NOW", "2026-03-02T09:00:00+00:00")
    run("quiz", "--progress-file", str(laptop), "--limit", "2", input="\n3\n\n4\n")
    monkeypatch.setenv("AIENG_NOW", "2026-03-02T18:00:00+00:00")
    run("quiz", "--progress-file", str(desktop), "--limit", "3", input="\n2\n\n3\n\n1\n")
    run("progress", "export", str(tmp_path / "from-laptop.json"), "--progress-file", str(laptop))
    run("progress", "export", str(tmp_path / "from-desktop.json"), "--progress-file", str(desktop))
    run("progress", "import", str(tmp_path / "from-desktop.json"), "--progress-file", str(laptop))
    run("progress", "import", str(tmp_path / "from-laptop.json"), "--progress-file", str(desktop))
    assert laptop.read_bytes() == desktop.read_bytes()
    before = laptop.read_bytes()
    assert (
        "0 new review"
        in run("progress", "import", str(tmp_path / "from-desktop.json"), "--progress-file", str(laptop)).stderr
    )
    assert laptop.read_bytes() == before
    merged = json.loads(laptop.read_text())
    assert len(merged["reviews"]["time_us"]) == 5


def test_import_of_a_bad_file_leaves_yours_alone(run, tmp_path):
    mine = tmp_path / "mine.json"
    run("quiz", "--progress-file", str(mine), "--limit", "1", input="\n3\n")
    before = mine.read_bytes()
    bad = tmp_path / "bad.json"
    bad.write_text("{nope")
    assert str(bad) in run("progress", "import", str(bad), "--progress-file", str(mine), code=2).stderr
    assert mine.read_bytes() == before


def test_the_progress_group_option_applies_to_export_and_import(run, tmp_path, monkeypatch):
    monkeypatch.setenv("AIENG_NOW", "2026-03-02T09:00:00+00:00")
    mine, other, copy = tmp_path / "mine.json", tmp_path / "other.json", tmp_path / "copy.json"
    default = tmp_path / "default.json"
    monkeypatch.setenv("AIENG_PROGRESS_FILE", str(default))
    run("quiz", "--progress-file", str(other), "--limit", "2", input="\n3\n\n4\n")
    run("progress", "--progress-file", str(other), "export", str(copy))
    run("progress", "--progress-file", str(mine), "import", str(copy))
    assert not default.exists()
    assert json.loads(mine.read_text())["reviews"] == json.loads(other.read_text())["reviews"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["progress", "--reset", "import", "x.json"], "--reset belongs to `aieng progress` itself"),
        (["progress", "--json", "export", "x.json"], "--json belongs to `aieng progress` itself"),
        (["progress", "--yes"], "--yes only confirms --reset"),
    ],
)
def test_progress_flags_in_the_wrong_place_are_refused(run, args, message):
    assert message in run(*args, code=2).stderr


def test_a_bad_import_source_is_named_and_yours_is_untouched(run, tmp_path, monkeypatch):
    mine = tmp_path / "mine.json"
    monkeypatch.setenv("AIENG_NOW", "2026-03-02T09:00:00+00:00")
    run("quiz", "--progress-file", str(mine), "--limit", "1", input="\n3\n")
    before = mine.read_bytes()
    junk = tmp_path / "junk.json"
    junk.write_text("{not json")
    result = run("progress", "--progress-file", str(mine), "import", str(junk), code=2)
    assert result.stderr.startswith(f"Cannot import {junk}: not valid JSON") and "--reset" not in result.stderr
    assert mine.read_bytes() == before
    assert "is a directory" in run("progress", "--progress-file", str(mine), "export", str(tmp_path), code=2).stderr


def note_times(path: Path) -> set[int]:
    with zipfile.ZipFile(path) as archive:
        database = path.with_suffix(".anki2")
        database.write_bytes(archive.read("collection.anki2"))
    connection = sqlite3.connect(database)
    times = {mod for (mod,) in connection.execute("SELECT mod FROM notes")}
    connection.close()
    return times


def test_a_later_anki_export_carries_a_later_time_so_anki_updates_the_notes(run, tmp_path, monkeypatch):
    monkeypatch.setenv("AIENG_NOW", "2026-03-02T09:00:00+00:00")
    run("export", "anki", str(tmp_path / "march.apkg"), "--topic", "safety")
    monkeypatch.setenv("AIENG_NOW", "2026-04-02T09:00:00+00:00")
    run("export", "anki", str(tmp_path / "april.apkg"), "--topic", "safety")
    march, april = note_times(tmp_path / "march.apkg"), note_times(tmp_path / "april.apkg")
    assert march == {int(datetime(2026, 3, 2, 9, tzinfo=UTC).timestamp())}
    assert min(april) > max(march), "Anki updates a note on import only when the incoming one is newer"


def test_csv_and_markdown_exports_go_to_standard_output_for_a_dash(run):
    rows = list(csv.DictReader(run("export", "csv", "-", "--topic", "data").stdout.splitlines()))
    assert rows and {row["topic"] for row in rows} == {"data"}
    assert run("export", "markdown", "-", "--topic", "data").stdout.startswith("# AI engineering glossary")
    assert "An Anki package is a file" in run("export", "anki", "-", code=2).stderr


def test_exports_carry_each_question_type(run, tmp_path):
    from aieng_cli.store.knowledge_files import load_knowledge

    kb, _ = load_knowledge()
    rows = list(csv.DictReader(run("export", "csv", "-").stdout.splitlines()))
    questions = [row for row in rows if row["kind"] == "question"]
    assert questions and all(f"aieng::type::{kb.questions[row['id']].type}" in row["tags"].split() for row in questions)
    notes, _, _ = anki_notes(_exported(run, tmp_path))
    tags = {fields[5]: tags.split() for mid, fields, tags in notes.values() if mid == QUESTION_MODEL_ID}
    assert all(f"aieng::type::{kb.questions[question_id].type}" in tags[question_id] for question_id in tags)
    markdown = run("export", "markdown", "-").stdout
    first = next(iter(kb.questions.values()))
    assert f"· {first.difficulty} · {first.type}*" in markdown


def _exported(run, tmp_path: Path) -> Path:
    path = tmp_path / "deck.apkg"
    run("export", "anki", str(path))
    return path


@pytest.mark.parametrize("kind", ["csv", "markdown", "anki"])
def test_an_export_never_replaces_a_file_without_force(run, tmp_path, kind):
    path = tmp_path / f"out.{kind}"
    path.write_text("mine", encoding="utf-8")
    result = run("export", kind, str(path), code=2)
    assert result.stderr.strip() == f"{path} exists. Give --force to replace it, or another path."
    assert path.read_text(encoding="utf-8") == "mine"
    run("export", kind, str(path), "--force")
    assert path.stat().st_size > 1000


@pytest.mark.parametrize("kind", ["csv", "markdown", "anki"])
def test_an_export_into_a_missing_directory_creates_nothing(run, tmp_path, kind):
    path = tmp_path / "missing" / f"out.{kind}"
    assert f"there is no directory {path.parent}" in run("export", kind, str(path), code=2).stderr
    assert not path.parent.exists()


def test_progress_export_to_standard_output_a_missing_directory_and_the_live_file(run, tmp_path, monkeypatch):
    live = tmp_path / "progress.json"
    monkeypatch.setenv("AIENG_PROGRESS_FILE", str(live))
    monkeypatch.setenv("AIENG_NOW", "2026-03-02T09:00:00+00:00")
    run("quiz", "--limit", "1", input="\n3\n")
    printed = run("progress", "export", "-")
    assert json.loads(printed.stdout)["format"] == "aieng-progress" and not (tmp_path / "-").exists()
    assert "there is no directory" in run("progress", "export", str(tmp_path / "none" / "x.json"), code=2).stderr
    assert not (tmp_path / "none").exists()
    assert "live progress file" in run("progress", "export", str(live), code=2).stderr
    copy = tmp_path / "copy.json"
    run("progress", "export", str(copy))
    assert "exists" in run("progress", "export", str(copy), code=2).stderr
    run("progress", "export", str(copy), "--force")


def test_a_topic_markdown_export_links_only_what_it_contains(run):
    import re

    document = run("export", "markdown", "-", "--topic", "agents").stdout
    anchors = set(re.findall(r'<a id="([^"]+)"></a>', document))
    targets = set(re.findall(r"\]\(#([^)]+)\)", document))
    assert targets and targets <= anchors, sorted(targets - anchors)
    assert "*Related:*" in document


HOSTILE_DECK = """\
version: 1
terms:
  - id: hostile-entry
    term: "Hostile <script>alert(1)</script> \\e[31mred"
    topic: foundations
    short: "=HYPERLINK(\\"https://evil.example\\",\\"click\\")"
    definition: "Read [this](javascript:alert(1)) now. It has <img src=x onerror=alert(1)> and \\u202e reversed."
    sources: [{title: t, url: "https://example.org/t"}]
"""


def test_deck_text_reaches_no_spreadsheet_browser_or_terminal_live(run, tmp_path):
    deck = tmp_path / "hostile.yaml"
    deck.write_text(HOSTILE_DECK, encoding="utf-8")
    rows = list(
        csv.DictReader(run("--kb", str(deck), "export", "csv", "-", "--topic", "foundations").stdout.splitlines())
    )
    row = next(r for r in rows if r["id"] == "hostile-entry")
    assert row["front"].startswith("Hostile") and "\x1b" not in row["front"] and "\\x1b" in row["front"]
    assert all(not cell.startswith(("=", "+", "-", "@")) for r in rows for cell in r.values())
    markdown = run("--kb", str(deck), "export", "markdown", "-", "--topic", "foundations").stdout
    assert "<script" not in markdown and "<img" not in markdown and "&lt;script" in markdown
    assert "](javascript:" not in markdown and "\x1b" not in markdown and "\u202e" not in markdown
    page = run("--kb", str(deck), "define", "hostile-entry", "--json").stdout
    assert "\u202e" not in page and "\\u202e" in page and json.loads(page)["definition"].count("\u202e") == 1


def test_define_links_only_web_addresses(tmp_path):
    from aieng_cli.render.text import markdown_text

    spans = markdown_text("See [docs](https://example.org/d) and [that](javascript:alert(1)).").spans
    assert [span.style for span in spans if str(span.style).startswith("link")] == ["link https://example.org/d"]


def test_an_html_entity_never_turns_into_a_control_after_escaping(run, tmp_path):
    deck = tmp_path / "entity.yaml"
    deck.write_text(
        "version: 1\nquestions:\n  - id: entity-trick\n    question: Does &#x202e; stay inert?\n"
        "    answer: 'R&D says &#x202e;reversed and &#27;[31m red.'\n    key_points: [inert]\n"
        "    topic: safety\n    difficulty: easy\n    type: concept\n    related: [prompt-injection]\n"
        "    sources: [{title: t, url: 'https://example.org/e'}]\n",
        encoding="utf-8",
    )
    page = run("--kb", str(deck), "answer", "entity-trick").stdout
    assert "\u202e" not in page and "\x1b" not in page
    assert "R&D says &#x202e;reversed and &#27;[31m red." in page, "shown as written"
    package = tmp_path / "entity.apkg"
    run("--kb", str(deck), "export", "anki", str(package))
    notes, _, _ = anki_notes(package)
    answer = next(fields[1] for _, fields, _ in notes.values() if fields[5] == "entity-trick")
    assert "\u202e" not in answer and "&amp;#x202e;" in answer
