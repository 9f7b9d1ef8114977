"""`aieng cards`, the quiz's card keys, `aieng edit`, and the quiz's messages, through the CLI."""

import json
import sqlite3
import sys
import zipfile
from pathlib import Path

import pytest

NOW = "2026-03-02T09:00:00+00:00"
LATER = "2026-03-09T09:00:00+00:00"
FIRST = "term:artificial-intelligence:recall"  # the first card the shipped deck teaches


def studied(run, answers: str = "\n3\n\n1\n\n4\n", limit: int = 3) -> None:
    run("quiz", "--limit", str(limit), input=answers)


def listed(run, *args: str, code: int = 0) -> list[dict]:
    return json.loads(run("cards", "list", *args, "--json", code=code).stdout)


def test_list_shows_every_studied_card_one_line_each(run, progress_path):
    studied(run)
    rows = listed(run)
    assert [row["id"] for row in rows][0] == FIRST and len(rows) == 3
    assert set(rows[0]) == {"id", "entry", "name", "state", "due", "lapses", "suspended", "buried", "marked", "leech"}
    piped = run("cards", "list").stdout.splitlines()
    assert len(piped) == 3 and piped[0].split("\t")[:3] == [FIRST, "Artificial intelligence", "learning"]


@pytest.mark.parametrize(
    ("verb", "flag", "field", "undo"),
    [
        ("suspend", "--suspended", "suspended", "unsuspend"),
        ("bury", "--buried", "buried", "unbury"),
        ("mark", "--marked", "marked", "unmark"),
    ],
)
def test_each_verb_and_its_filter(run, progress_path, verb, flag, field, undo):
    studied(run)
    out = run("cards", verb, FIRST).stdout
    assert FIRST in out
    rows = listed(run, flag)
    assert [row["id"] for row in rows] == [FIRST] and rows[0][field] is True
    assert "already" in run("cards", verb, FIRST).stdout  # nothing recorded twice
    run("cards", undo, FIRST)
    assert listed(run, flag, code=1) == []


def test_an_entry_id_names_all_its_cards_and_new_cards_can_be_suspended(run, progress_path):
    run("cards", "suspend", "rag")
    rows = listed(run, "--suspended")
    assert {row["id"] for row in rows} == {"term:rag:recall", "term:rag:reverse"}
    assert all(row["state"] == "new" for row in rows)
    assert "term:rag:recall" in {row["id"] for row in listed(run, "--new", "--suspended")}


def test_a_suspended_card_never_comes_up(run, progress_path):
    run("cards", "suspend", FIRST)
    out = run("quiz", "--limit", "1", input="\n3\n").stdout
    assert "Artificial intelligence" not in out.split("Define this term")[1].splitlines()[1]
    cram = run("quiz", "--cram", input="q\n", code=None).stdout
    assert "Artificial intelligence\n" not in cram


def test_unknown_ids_are_one_clear_line(run, progress_path):
    result = run("cards", "suspend", "term:nope:recall", code=1)
    assert "No card or entry 'term:nope:recall'" in result.stderr and "Traceback" not in result.stderr
    assert "Did you mean" in run("cards", "show", "ragg", code=1).stderr


def test_show_gives_state_flags_and_every_answer_with_its_interval(run, progress_path, monkeypatch):
    studied(run, "\n3\n", limit=1)
    monkeypatch.setenv("AIENG_NOW", LATER)
    run("quiz", "--limit", "1", "--new", "0", input="\n1\n")
    run("cards", "mark", FIRST)
    card = json.loads(run("cards", "show", FIRST, "--json").stdout)
    expected = {"id", "entry", "name", "state", "due", "stability", "difficulty", "reps", "lapses"}
    assert expected | {"suspended", "buried_until", "marked", "leech", "reviews"} == set(card)
    assert card["marked"] is True and card["suspended"] is False and card["buried_until"] is None
    assert [r["rating"] for r in card["reviews"]] == [3, 1]
    assert card["reviews"][0]["interval_days"] > 0 and set(card["reviews"][0]) == {
        "time",
        "rating",
        "duration_ms",
        "interval_days",
    }
    both = json.loads(run("cards", "show", "artificial-intelligence", "--json").stdout)
    assert [c["id"] for c in both] == [FIRST, "term:artificial-intelligence:reverse"]
    text = run("cards", "show", FIRST).stdout
    assert "Good" in text and "Again" in text and "marked" in text


def test_actions_travel_with_export_and_import_in_either_order(run, progress_path, tmp_path):
    studied(run)
    run("cards", "suspend", FIRST)
    exported = tmp_path / "mine.json"
    run("progress", "export", str(exported))
    assert json.loads(exported.read_text())["actions"][0]["action"] == "suspend"
    other = tmp_path / "other.json"
    run("--no-color", "progress", "export", str(other))
    progress_path.unlink()
    run("cards", "mark", "rag")
    run("progress", "import", str(exported))
    flags = {row["id"]: row for row in listed(run)}
    assert flags[FIRST]["suspended"] and flags["term:rag:recall"]["marked"]


@pytest.mark.parametrize(
    ("key", "flag"),
    [("@", "--suspended"), ("-", "--buried"), ("*", "--marked")],
)
def test_quiz_keys_act_on_the_card(run, progress_path, key, flag):
    out = run("quiz", "--limit", "1", input=f"{key}\nq\n").stdout
    assert {"@": "Suspended", "-": "Buried", "*": "Marked"}[key] in out
    assert [row["id"] for row in listed(run, flag)] == [FIRST]


def test_quiz_undo_takes_back_a_suspension(run, progress_path):
    run("quiz", input="@\nu\nq\n")
    assert listed(run, "--suspended", code=1) == []


def test_quiz_i_shows_the_history(run, progress_path, monkeypatch):
    studied(run, "\n1\n", limit=1)
    monkeypatch.setenv("AIENG_NOW", LATER)
    out = run("quiz", "--new", "0", input="i\nq\n").stdout
    assert f"History of {FIRST}" in out and "Again" in out


def test_the_eighth_lapse_suspends_a_leech(run, progress_path, tmp_path):
    config = Path(tmp_path / "home" / "config" / "aieng")
    config.mkdir(parents=True)
    (config / "config.toml").write_text("leech_threshold = 1\n")
    studied(run, "\n4\n", limit=1)
    card = json.loads(run("cards", "show", FIRST, "--json").stdout)
    import os

    os.environ["AIENG_NOW"] = card["due"]
    out = run("quiz", "--new", "0", "--limit", "1", input="\n1\n").stdout
    assert "leech and is now suspended" in out
    rows = listed(run, "--leeches")
    assert rows[0]["id"] == FIRST and rows[0]["suspended"]


def test_question_cards_suggest_from_the_key_points_when_piped(run, progress_path):
    out = run("quiz", "--kind", "questions", "--limit", "1", input="quantization using sparse labels\n\n").stdout
    assert "suggested: " in out and "of 5 key points" in out or "key points)" in out


def test_piped_term_cards_print_the_suggestion(run, progress_path):
    out = run("quiz", "--limit", "1", input="\n\n").stdout
    assert "suggested: 3 Good (rate yourself); Enter takes it" in out


def test_an_answer_starting_with_a_command_letter_is_an_answer(run, progress_path):
    for answer in ("quantization", "subword", "using labels", "? maybe"):
        run("quiz", "--kind", "questions", "--limit", "1", "--new", "50", input=f"{answer}\n3\n")
    assert len(json.loads(progress_path.read_text())["reviews"]["rating"]) == 4


def test_held_back_cards_are_explained(run, progress_path, monkeypatch):
    studied(run, "\n4\n", limit=1)
    monkeypatch.setenv("AIENG_NOW", "2026-06-01T09:00:00+00:00")
    out = run("quiz", "--new", "0", "--max-reviews", "0").stdout
    assert "1 due card(s) held back for today. 1 by today's review limit of 0" in " ".join(out.split())
    assert "--max-reviews N" in out and "Next card due now" not in out


def test_missed_drills_again_without_scheduling(run, progress_path):
    studied(run, "\n1\n\n3\n", limit=2)
    before = progress_path.read_bytes()
    out = run("quiz", "--missed", input="\n3\nq\n").stdout
    assert "Drilling today's missed cards" in out and "Artificial intelligence" in out
    assert "Machine learning\n" not in out  # rated Good: not missed
    assert progress_path.read_bytes() == before


def test_the_summary_lists_missed_cards_with_their_one_liners(run, progress_path):
    out = run("quiz", "--limit", "2", input="\n1\n\n3\n").stdout
    assert "Missed (drill them again with: aieng quiz --missed):" in out
    assert "Artificial intelligence: The field of building" in out


def test_the_back_shows_example_related_sources_and_card_id(run, progress_path):
    out = run("quiz", "--limit", "1", input="\n3\n").stdout
    assert "Related: " in out and "Source: " in out and f"Card: {FIRST}" in out


def test_help_defaults_name_the_config(run):
    assert "new_per_day in the config" in " ".join(run("quiz", "--help").stdout.split())


def test_global_options_after_the_command(run):
    assert run("define", "rag", "--no-color").stdout.startswith("Retrieval-augmented generation")


def test_study_day_setting_is_checked(run, progress_path, monkeypatch):
    monkeypatch.setenv("AIENG_DAY_STARTS_AT", "24")
    assert "day_starts_at must be an hour from 0 to 23" in run("quiz", code=2).stderr


EDITOR = """import sys, yaml
path = sys.argv[1]
document = yaml.safe_load(open(path))
document["terms"][0]["short"] = {short!r}
open(path, "w").write(yaml.safe_dump(document))
"""


def editor(tmp_path: Path, short: object) -> str:
    script = tmp_path / "editor.py"
    script.write_text(EDITOR.format(short=short))
    return f"{sys.executable} {script}"


def test_edit_copies_the_entry_as_an_override_and_keeps_progress(run, progress_path, tmp_path, monkeypatch):
    studied(run)
    before = progress_path.read_bytes()
    monkeypatch.setenv("EDITOR", editor(tmp_path, "My own one-liner for RAG."))
    result = run("edit", "rag")
    assert "Saved" in result.stderr
    deck = tmp_path / "home" / "config" / "aieng" / "decks" / "edit-term-rag.yaml"
    assert "override: true" in deck.read_text()
    assert json.loads(run("define", "rag", "--json").stdout)["short"] == "My own one-liner for RAG."
    assert progress_path.read_bytes() == before
    monkeypatch.setenv("EDITOR", editor(tmp_path, "Second edit."))
    run("edit", "rag")  # reopens the same file
    assert json.loads(run("define", "rag", "--json").stdout)["short"] == "Second edit."


def test_edit_keeps_text_that_does_not_validate(run, progress_path, tmp_path, monkeypatch):
    monkeypatch.setenv("EDITOR", editor(tmp_path, ""))
    result = run("edit", "rag", code=1)
    assert "Kept your text" in result.stderr and "short" in result.stdout + result.stderr
    deck = tmp_path / "home" / "config" / "aieng" / "decks" / "edit-term-rag.yaml"
    assert deck.exists()
    assert json.loads(run("define", "rag", "--json").stdout)["short"].startswith("Retrieving")


def test_edit_with_a_missing_editor_is_one_line(run, progress_path, monkeypatch, tmp_path):
    monkeypatch.setenv("EDITOR", "/no/such/editor")
    result = run("edit", "rag", code=None)
    assert result.exit_code != 0 and "Cannot run the editor" in result.stderr
    assert (
        not (tmp_path / "home" / "config" / "aieng" / "decks" / "edit-term-rag.yaml").exists()
        and "Traceback" not in result.stderr
    )


def test_anki_export_gives_each_term_both_directions(run, tmp_path):
    path = tmp_path / "deck.apkg"
    run("export", "anki", str(path), "--topic", "retrieval")
    with zipfile.ZipFile(path) as package:
        (tmp_path / "collection").write_bytes(package.read("collection.anki2"))
    database = sqlite3.connect(tmp_path / "collection")
    models = json.loads(database.execute("select models from col").fetchone()[0])
    term_model = next(model for model in models.values() if model["name"] == "aieng term")
    assert [template["name"] for template in term_model["tmpls"]] == ["Term", "Reverse"]
    notes = database.execute("select count(*) from notes where mid = ?", (term_model["id"],)).fetchone()[0]
    cards = database.execute(
        "select count(*) from cards join notes on cards.nid = notes.id where notes.mid = ?", (term_model["id"],)
    ).fetchone()[0]
    assert notes > 0 and cards == 2 * notes


def test_ids_and_names_are_forgiven_like_define(run, progress_path):
    run("cards", "mark", "RAG")
    assert {row["id"] for row in listed(run, "--marked")} == {"term:rag:recall", "term:rag:reverse"}
    assert len(json.loads(run("cards", "show", "Retrieval-augmented generation", "--json").stdout)) == 2


def test_piped_quiz_says_which_rating_was_given_and_how_to_reveal(run, progress_path):
    out = run("quiz", "--limit", "1", input="\n3\n").stdout
    assert "Enter reveals · ? and Enter: keys" in out and "→ 3 Good: next in 10m" in out
    assert "Each action is a line" in run("quiz", "--limit", "1", input="?\nq\n").stdout
