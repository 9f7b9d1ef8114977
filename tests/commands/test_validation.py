"""One broken file per kind of problem; each must be reported as FILE:LINE: message."""

from pathlib import Path

import pytest

GOOD_TERM = """\
  - id: {id}
    term: {name}
    topic: foundations
    short: A one-line definition.
    definition: Two sentences here. They are enough.
    sources:
      - title: Source
        url: https://example.org/x
"""


def terms(*entries: str) -> str:
    return "version: 1\nterms:\n" + "".join(entries)


def question(extra: str = "") -> str:
    """A valid one-question file (its fields on lines 3-10), with `extra` lines from line 11."""
    return (
        "version: 1\nquestions:\n  - id: q\n    question: Why?\n    answer: Because.\n    key_points: [a]\n"
        "    topic: foundations\n    difficulty: easy\n    type: concept\n"
        "    sources: [{title: t, url: 'https://e.org'}]\n" + extra
    )


CASES = [
    # (name, file text, expected line, fragment of the message)
    ("yaml syntax", "version: 1\nterms:\n  - id: [unclosed\n", 4, "YAML syntax error"),
    (
        "missing field",
        terms(
            "  - id: alpha\n    term: Alpha\n    topic: foundations\n    definition: D.\n"
            "    sources: [{title: t, url: 'https://e.org'}]\n"
        ),
        3,
        "missing required field 'short'",
    ),
    (
        "wrong type",
        terms(GOOD_TERM.format(id="alpha", name="Alpha") + "    aliases: just-one\n"),
        11,
        "'aliases' must be a list of text",
    ),
    (
        "unknown key",
        terms(GOOD_TERM.format(id="alpha", name="Alpha") + "    colour: blue\n"),
        11,
        "unknown field 'colour'",
    ),
    (
        "duplicate id",
        terms(GOOD_TERM.format(id="alpha", name="Alpha"), GOOD_TERM.format(id="alpha", name="Beta")),
        11,
        "duplicate term id 'alpha'",
    ),
    (
        "alias collision",
        terms(GOOD_TERM.format(id="alpha", name="Alpha"), GOOD_TERM.format(id="beta", name="ALPHA")),
        12,  # the clashing name's own line
        "also names term 'alpha'",
    ),
    (
        "unknown related",
        terms(GOOD_TERM.format(id="alpha", name="Alpha") + "    related: [nowhere]\n"),
        11,  # the line of the related list
        "related term 'nowhere' does not exist",
    ),
    (
        "unknown topic",
        terms(GOOD_TERM.format(id="alpha", name="Alpha").replace("foundations", "astrology")),
        5,
        "unknown topic 'astrology'",
    ),
    (
        "short too long",
        terms(GOOD_TERM.format(id="alpha", name="Alpha").replace("A one-line definition.", "x" * 161)),
        6,
        "at most 160 characters",
    ),
    ("bad id", terms(GOOD_TERM.format(id="Not_Kebab", name="Alpha")), 3, "must be kebab-case"),
    (
        "bad url",
        terms(GOOD_TERM.format(id="alpha", name="Alpha").replace("https://example.org/x", "example.org")),
        10,
        "is not an http(s) URL",
    ),
    (
        "no sources",
        terms(GOOD_TERM.format(id="alpha", name="Alpha").split("    sources")[0] + "    sources: []\n"),
        8,
        "'sources' must be a non-empty list",
    ),
    ("bad version", "version: 2\nterms: []\n", 1, "unsupported version 2"),
    ("missing version", "terms: []\n", 1, "missing 'version: 1'"),
    ("empty file", "", 1, "the file is empty"),
    ("not a mapping", "- a\n- b\n", 1, "must be a mapping"),
    (
        "python tag",
        terms(GOOD_TERM.format(id="alpha", name="Alpha") + "    example: !!python/object/apply:os.system [ls]\n"),
        11,
        "unsupported YAML tag",
    ),
    (
        "duplicate key",
        terms(GOOD_TERM.format(id="alpha", name="Alpha") + "    term: Again\n"),
        11,
        "duplicate key 'term'",
    ),
    (
        "bad difficulty",
        "version: 1\nquestions:\n  - id: q\n    question: Why?\n    answer: Because.\n"
        "    key_points: [a]\n    topic: foundations\n    difficulty: brutal\n    type: concept\n"
        "    sources: [{title: t, url: 'https://e.org'}]\n",
        8,
        "difficulty 'brutal'",
    ),
    (
        "unknown question type",
        question().replace("type: concept", "type: trivia"),
        9,
        "type 'trivia' must be one of concept, coding, estimation, design, debugging, behavioural",
    ),
    (
        "missing question type",
        question().replace("    type: concept\n", ""),
        3,
        "missing required field 'type'",
    ),
    (
        "empty key points",
        question().replace("key_points: [a]", "key_points: []"),
        6,
        "'key_points' must not be empty",
    ),
    (
        "follow-up without key points",
        question("    follow_ups:\n      - question: And then?\n        answer: Then this.\n"),
        12,
        "follow-up 1: missing required field 'key_points'",
    ),
    (
        "follow-up that is not a mapping",
        question("    follow_ups: [just text]\n"),
        11,
        "follow-up 1: must be a mapping",
    ),
    (
        "unknown follow-up field",
        question("    follow_ups:\n      - {question: Q, answer: A, key_points: [k], hint: h}\n"),
        12,
        "unknown field 'hint'",
    ),
    ("as_of not a month", terms(GOOD_TERM.format(id="alpha", name="Alpha") + "    as_of: December\n"), 11, "as_of"),
    ("core not a flag", terms(GOOD_TERM.format(id="alpha", name="Alpha") + "    core: maybe\n"), 11, "'core' must be"),
    ("phrases not a list", terms(GOOD_TERM.format(id="alpha", name="Alpha") + "    phrases: words\n"), 11, "phrases"),
    (
        "requires an unknown term",
        terms(GOOD_TERM.format(id="alpha", name="Alpha") + "    requires: [nothing-here]\n"),
        11,
        "alpha: required term 'nothing-here' does not exist",
    ),
    (
        "requires itself",
        terms(GOOD_TERM.format(id="alpha", name="Alpha") + "    requires: [alpha]\n"),
        11,
        "alpha: a term cannot require itself",
    ),
    (
        "requires in a cycle",
        terms(
            GOOD_TERM.format(id="alpha", name="Alpha") + "    requires: [beta]\n",
            GOOD_TERM.format(id="beta", name="Beta") + "    requires: [gamma]\n",
            GOOD_TERM.format(id="gamma", name="Gamma") + "    requires: [alpha]\n",
        ),
        11,
        "alpha: requires form a cycle: alpha -> beta -> gamma -> alpha",
    ),
    (
        "requires not a list",
        terms(GOOD_TERM.format(id="alpha", name="Alpha") + "    requires: beta\n"),
        11,
        "'requires' must be a list of text",
    ),
]


@pytest.mark.parametrize(("name", "text", "line", "message"), CASES, ids=[case[0] for case in CASES])
def test_each_problem_is_reported_with_its_line(run, tmp_path: Path, name, text, line, message):
    deck = tmp_path / "deck.yaml"
    deck.write_text(text, encoding="utf-8")
    result = run("validate", str(deck), code=1)
    reported = [row for row in result.stdout.splitlines() if row.startswith(f"{deck}:{line}: ")]
    assert any(message in row for row in reported), result.stdout


def test_every_problem_is_reported_at_once(run, tmp_path: Path):
    deck = tmp_path / "deck.yaml"
    deck.write_text(
        terms(
            GOOD_TERM.format(id="Bad_Id", name="A") + "    colour: x\n",
            GOOD_TERM.format(id="beta", name="B").replace("foundations", "astrology"),
        )
    )
    rows = run("validate", str(deck), code=1).stdout.splitlines()
    assert len(rows) == 3
    assert "3 problems found." in run("validate", str(deck), code=1).stderr


def test_non_utf8_file_reports_the_line(run, tmp_path: Path):
    deck = tmp_path / "deck.yaml"
    deck.write_bytes(b"version: 1\nterms:\n  - id: caf\xe9\n")
    assert f"{deck}:3: not UTF-8 text" in run("validate", str(deck), code=1).stdout


def test_sparse_user_entry_is_valid(run, tmp_path: Path):
    deck = tmp_path / "deck.yaml"
    deck.write_text(terms(GOOD_TERM.format(id="my-term", name="My term") + "    related: []\n"))
    assert "no problems" in run("validate", str(deck)).stderr


def test_user_deck_may_relate_to_shipped_terms(run, tmp_path: Path):
    deck = tmp_path / "deck.yaml"
    deck.write_text(terms(GOOD_TERM.format(id="my-term", name="My term") + "    related: [rag, token]\n"))
    run("validate", str(deck))


def test_validate_directory_and_missing_path(run, tmp_path: Path):
    (tmp_path / "a.yaml").write_text(terms(GOOD_TERM.format(id="a-term", name="A term")))
    (tmp_path / "b.yml").write_text(terms(GOOD_TERM.format(id="a-term", name="Other")))
    assert "duplicate term id 'a-term'" in run("validate", str(tmp_path), code=1).stdout
    assert "No such file or directory" in run("validate", str(tmp_path / "nope.yaml"), code=2).stderr


def test_validate_without_paths_checks_every_loaded_deck(run, tmp_path, monkeypatch):
    deck = tmp_path / "mine.yaml"
    deck.write_text(
        "version: 1\nterms:\n  - id: rag\n    term: Mine\n    topic: retrieval\n    short: s\n    definition: d\n"
        "    sources: [{title: t, url: 'https://example.org'}]\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("AIENG_KB_PATH", str(deck))
    result = run("validate", code=1)
    assert f"{deck}:3: duplicate term id 'rag'" in result.stdout
    monkeypatch.delenv("AIENG_KB_PATH")
    assert run("--kb", str(deck), "validate", code=1).stdout.count("duplicate term id 'rag'") == 1
    assert run("validate").stderr.startswith("OK: 2 files, ")


def test_validate_a_directory_without_decks_is_a_usage_error(run, tmp_path):
    assert "No *.yaml or *.yml files in" in run("validate", str(tmp_path), code=2).stderr


def test_validate_lists_problems_in_file_and_line_order(run, tmp_path):
    deck = tmp_path / "mine.yaml"
    deck.write_text(
        "version: 1\nterms:\n  - id: first-one\n    term: First\n    topic: foundations\n    short: s\n"
        "    definition: d\n    related: [no-such-term]\n    sources: [{title: t, url: 'https://example.org'}]\n"
        "  - id: second-one\n    term: Second\n    short: s\n    definition: d\n"
        "    sources: [{title: t, url: 'https://example.org'}]\n",
        encoding="utf-8",
    )
    lines = [int(line.split(":")[1]) for line in run("validate", str(deck), code=1).stdout.splitlines()]
    assert len(lines) == 2 and lines == sorted(lines)


def test_a_broken_entry_still_takes_part_in_the_checks_across_entries(run, tmp_path: Path):
    broken = GOOD_TERM.format(id="alpha", name="Alpha").replace("    short: A one-line definition.\n", "")
    deck = tmp_path / "deck.yaml"
    deck.write_text(
        terms(broken + "    related:\n      - beta\n      - nowhere\n", GOOD_TERM.format(id="alpha", name="Other")),
        encoding="utf-8",
    )
    out = run("validate", str(deck), code=1).stdout.splitlines()
    assert any(f"{deck}:3: term 'alpha': missing required field 'short'" in row for row in out)
    assert any(f"{deck}:12: alpha: related term 'nowhere' does not exist" in row for row in out), out
    assert any(f"{deck}:13: duplicate term id 'alpha'" in row for row in out), out
