"""Property: whatever text a deck holds, every output format shows it inert, and whatever time or
number comes in, the answer is valid output or one clean line, never a traceback."""

import csv
import json
import os
import re
import sqlite3
import zipfile
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

# each example runs about ten commands, so far fewer examples than the loaders' properties
EXAMPLES = max(8, int(os.environ.get("AIENG_HOSTILE_EXAMPLES", "1500")) // 150)
SLOW = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
RAW_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
HOSTILE = ["\x1b[31m", "\x1b]8;;file:///etc/passwd\x1b\\", "\x9b", "\u202e", "\u2028", "<script>", "=1+1", "@SUM(A1)"]
text = st.lists(
    st.one_of(st.sampled_from(HOSTILE), st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=12)),
    min_size=1,
    max_size=6,
).map("".join)


def _anki_fields(path: Path) -> list[str]:
    with zipfile.ZipFile(path) as archive:
        database = path.with_suffix(".anki2")
        database.write_bytes(archive.read("collection.anki2"))
    with sqlite3.connect(database) as connection:
        return [field for (fields,) in connection.execute("SELECT flds FROM notes") for field in fields.split("\x1f")]


@SLOW
@given(name=text, short=text, definition=text, alias=text)
def test_deck_text_is_inert_in_every_output(run, tmp_path_factory, name, short, definition, alias):
    work = tmp_path_factory.mktemp("deck")
    entry = {
        "id": "hostile-one",
        "term": "Hostile " + name,
        "aliases": ["zz " + alias],
        "topic": "safety",
        "short": "A made-up entry: " + short.replace("\n", " ")[:120],
        "definition": definition + " The end.",
        "example": definition,
        "sources": [{"title": name, "url": "https://example.org/h"}],
    }
    deck = work / "deck.yaml"
    deck.write_text(yaml.safe_dump({"version": 1, "terms": [entry]}, allow_unicode=True), encoding="utf-8")
    if run("validate", str(deck), code=None).exit_code != 0:
        return  # a deck the schema refuses (tested elsewhere): nothing to show
    kb = ("--kb", str(deck))
    for args in (("define", "hostile-one"), ("search", "hostile"), ("list", "--topic", "safety")):
        out = run(*kb, *args)
        assert not RAW_CONTROL.search(out.stdout + out.stderr), args
    for args in (("define", "hostile-one", "--json"), ("search", "hostile", "--json")):
        printed = run(*kb, *args).stdout
        assert not RAW_CONTROL.search(printed) and json.loads(printed)
    rows = list(csv.reader(run(*kb, "export", "csv", "-", "--topic", "safety").stdout.splitlines()))
    assert all(
        not RAW_CONTROL.search(cell) and not cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row
    )
    markdown = run(*kb, "export", "markdown", "-", "--topic", "safety").stdout
    assert not RAW_CONTROL.search(markdown) and "<script" not in markdown
    package = work / "deck.apkg"
    run(*kb, "export", "anki", str(package), "--topic", "safety")
    assert not any(RAW_CONTROL.search(field) or "<script" in field for field in _anki_fields(package))


moments = st.datetimes(
    min_value=datetime(1, 1, 2),
    max_value=datetime(9999, 12, 30),
    timezones=st.sampled_from([UTC, timezone(timedelta(hours=-11)), timezone(timedelta(hours=14))]),
)


@SLOW
@given(moment=moments)
def test_any_pretend_time_gives_valid_output_or_one_line(run, tmp_path_factory, moment, monkeypatch):
    work = tmp_path_factory.mktemp("time")
    env = {"AIENG_PROGRESS_FILE": str(work / "p.json"), "AIENG_NOW": moment.isoformat()}
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    for args, stdin in ((("quiz", "--limit", "2"), "\n3\n\n1\n"), (("progress", "--json"), None)):
        result = run(*args, code=None, input=stdin)
        if result.exit_code == 0:
            assert "Session over" in result.stdout or json.loads(result.stdout)
        else:
            assert result.exit_code == 2 and len(result.stderr.strip().splitlines()) == 1
    assert run("progress", "--json", code=None).exit_code in (0, 2), "a file this version wrote is readable"


@SLOW
@given(value=st.one_of(st.integers(), st.floats(allow_nan=True), st.text(max_size=30), st.booleans()))
def test_any_config_value_gives_a_warning_or_an_error_line(run, value):
    config = Path(os.environ["AIENG_CONFIG_DIR"])
    config.mkdir(parents=True, exist_ok=True)
    (config / "config.toml").write_text(f"new_per_day = {json.dumps(value)}\n", encoding="utf-8")
    shown = run("config", "show", code=None)
    assert shown.exit_code in (0, 2) and len(shown.stderr.strip().splitlines()) <= 1
    looked = run("define", "token", "--short", code=None)
    assert looked.exit_code == 0 and len(looked.stderr.strip().splitlines()) <= 1
