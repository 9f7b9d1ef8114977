"""Behaviour of every command through the CLI, against the shipped knowledge base."""

import json

import pytest

from aieng_cli import __version__


@pytest.mark.parametrize(
    ("query", "expected_id"),
    [
        (["rag"], "rag"),
        (["RAG"], "rag"),
        (["R.A.G."], "rag"),
        (['"rag"'], "rag"),
        (["rag?"], "rag"),
        (["retrieval-augmented", "generation"], "rag"),
        (["Fine-tuning"], "fine-tuning"),
        (["fine", "tuning"], "fine-tuning"),
        (["finetuning"], "fine-tuning"),
        (["fine_tuning"], "fine-tuning"),
        (["large", "language", "model"], "llm"),
        (["LLMs"], "llm"),
        (["tokens"], "token"),
        (["  Token  "], "token"),
        (["quantisation"], "quantization"),
        (["human-in-the-loop"], "human-in-the-loop"),
        (["AGI"], "agi"),
        (["KV", "caches"], "kv-cache"),
        (["vector", "databases"], "vector-database"),
    ],
)
def test_define_resolves_forgiving_spellings(run, query, expected_id):
    result = run("define", *query, "--json")
    assert json.loads(result.stdout)["id"] == expected_id
    assert result.stderr == "", "resolved as a spelling, not corrected as a typo"


def test_define_shows_every_part_of_an_entry(run):
    result = run("define", "rag")
    data = json.loads(run("define", "rag", "--json").stdout)
    out = result.stdout
    for expected in (data["term"], data["short"][:40], data["sources"][0]["url"], "Sources:", "Related:"):
        assert expected in out
    assert "\x1b[" not in out, "piped output must be plain text"


def test_define_short_prints_only_the_one_liner(run):
    data = json.loads(run("define", "token", "--json").stdout)
    assert run("define", "token", "--short").stdout.strip() == data["short"]


def test_define_json_shape(run):
    data = json.loads(run("define", "quantization", "--json").stdout)
    assert set(data) == {
        "id",
        "term",
        "aliases",
        "topic",
        "topic_name",
        "tags",
        "short",
        "definition",
        "example",
        "related",
        "requires",
        "questions",
        "sources",
        "core",
        "as_of",
    }
    assert isinstance(data["core"], bool) and (data["as_of"] is None or len(data["as_of"]) == 7)
    assert all(set(r) == {"id", "term"} for r in data["related"])
    assert all(set(s) == {"title", "url"} for s in data["sources"])
    assert all(set(q) == {"id", "question", "difficulty"} for q in data["questions"])


@pytest.mark.parametrize(
    ("typo", "term_id"),
    [
        ("quantizaton", "quantization"),
        ("tokenisaton", "tokenization"),
        ("finetunning", "fine-tuning"),
        ("retreival augmented generation", "rag"),
        ("promt injection", "prompt-injection"),
        ("tempreature", "temperature"),
    ],
)
def test_define_corrects_a_plain_misspelling_and_says_so(run, typo, term_id):
    result = run("define", typo, "--json")
    assert json.loads(result.stdout)["id"] == term_id
    assert result.stderr.strip().startswith(f'No term "{typo}"; showing ')


@pytest.mark.parametrize(("typo", "suggestion"), [("lamma", "llama"), ("gemnia", "gemini"), ("rogue", "rouge")])
def test_define_ambiguous_typo_suggests_close_terms(run, typo, suggestion):
    result = run("define", typo, code=1)
    assert result.stdout == ""
    line = result.stderr.strip()
    assert line.startswith(f'No term "{typo}". Did you mean: ') and suggestion in line
    assert "\n" not in line


def test_define_nothing_close_points_to_search(run):
    result = run("define", "zzxqv", code=1)
    assert "nothing close" in result.stderr and "aieng search" in result.stderr


@pytest.mark.parametrize(
    ("argument", "shown"),
    [
        ("\x1b[31mred", "\\x1b[31mred"),
        ("evil\u202etxt", "evil\\u202etxt"),
        ("bell\x07", "bell\\x07"),
        ("line\u2028break", "line\\u2028break"),
    ],
)
def test_user_text_in_messages_is_escaped(run, argument, shown):
    result = run("define", argument, code=1)
    assert shown in result.stderr
    assert "\x1b" not in result.stderr and "\u202e" not in result.stderr


@pytest.mark.parametrize("argument", ["", "   ", "...", "x" * 1_000_000, "\udcff\udcfe"])
def test_define_odd_arguments_never_crash(run, argument):
    result = run("define", argument, code=1 if argument.strip(" .") else 2)
    assert len(result.stderr.strip().splitlines()) == 1


def test_define_requires_a_term(run):
    result = run("define", code=2)
    assert "Missing argument" in result.stderr


def test_unknown_option_is_one_line_and_exit_2(run):
    result = run("define", "rag", "--bogus", code=2)
    assert result.stderr.strip() == "No such option: --bogus (see: aieng define --help)"


def test_version(run):
    assert run("--version").stdout.strip() == f"aieng {__version__}"


def test_search_ranks_names_first(run):
    hits = json.loads(run("search", "quantization", "--json").stdout)
    assert hits[0] == {**hits[0], "kind": "term", "id": "quantization"}
    assert all(set(hit) == {"kind", "id", "name", "short", "score", "type"} for hit in hits)
    assert all((hit["type"] is None) == (hit["kind"] == "term") for hit in hits)
    rest = [h["score"] for h in hits[1:]]  # the exact name comes first; the others by score
    assert rest == sorted(rest, reverse=True)


def test_search_text_output_and_questions(run):
    out = run("search", "prompt", "engineering").stdout
    assert "Prompt engineering" in out
    hits = json.loads(run("search", "prompt", "engineering", "--json", "--limit", "50").stdout)
    assert {"term", "question"} <= {hit["kind"] for hit in hits}


def test_search_without_hits_exits_1(run):
    assert "Nothing matches" in run("search", "zzxqvw", code=1).stderr
    assert json.loads(run("search", "zzxqvw", "--json", code=1).stdout) == []


def test_list_and_topic_filter(run):
    every = json.loads(run("list", "--json").stdout)
    assert every and all(set(t) == {"id", "term", "topic", "short"} for t in every)
    retrieval = json.loads(run("list", "--topic", "retrieval", "--json").stdout)
    assert retrieval and {t["topic"] for t in retrieval} == {"retrieval"}
    assert "Retrieval-augmented" in run("list", "--topic", "retrieval").stdout


def test_list_unknown_topic_is_a_usage_error(run):
    assert "Unknown topic 'nope'" in run("list", "--topic", "nope", code=2).stderr


def test_topics_counts_match_list(run):
    topics = json.loads(run("topics", "--json").stdout)
    every = json.loads(run("list", "--json").stdout)
    assert sum(t["terms"] for t in topics) == len(every)
    assert all(set(t) == {"id", "name", "terms", "questions"} for t in topics)
    assert "Foundations" in run("topics").stdout


def test_validate_passes_on_shipped_data(run):
    assert "no problems" in run("validate").stderr


@pytest.mark.parametrize("args", [[], ["export"], ["config"]])
def test_a_group_without_a_command_shows_its_help(run, args):
    result = run(*args)
    assert result.stdout.startswith("Usage: aieng") and "\n\nCommands:\n" in result.stdout
    assert "\\x0a" not in result.stdout + result.stderr


def test_usage_errors_point_at_the_command_help(run):
    result = run("quiz", "--bogus", code=2)
    assert result.stderr.strip() == "No such option: --bogus (see: aieng quiz --help)"


def test_console_script_with_global_options(tmp_path):
    import shutil
    import subprocess
    import sys
    from pathlib import Path

    script = shutil.which("aieng", path=str(Path(sys.executable).parent))
    command = [script] if script else [sys.executable, "-m", "aieng_cli"]
    result = subprocess.run(
        [*command, "--no-color", "define", "rag", "--short"], capture_output=True, text=True, cwd=tmp_path
    )
    assert result.returncode == 0 and result.stdout.strip()
    usage = subprocess.run([*command, "define", "--help"], capture_output=True, text=True).stdout
    assert usage.startswith("Usage: aieng define [OPTIONS] {TERM}")


def test_answer_by_id_or_words_and_its_json_shape(run):
    by_id = json.loads(run("answer", "design-rag-system", "--json").stdout)
    assert set(by_id) == {
        "id",
        "question",
        "topic",
        "difficulty",
        "answer",
        "key_points",
        "related",
        "sources",
        "type",
        "follow_ups",
    }
    assert by_id["type"] in ("concept", "coding", "estimation", "design", "debugging", "behavioural")
    assert all(set(f) == {"question", "answer", "key_points"} for f in by_id["follow_ups"])
    assert json.loads(run("answer", "design", "a", "RAG", "system", "--json").stdout)["id"] == "design-rag-system"
    text = run("answer", "design-rag-system").stdout
    assert by_id["question"][:40] in text and "Key points:" in text and "Sources:" in text
    assert "No interview question matches" in run("answer", "qqqqzzzz", code=1).stderr


def test_define_lists_question_ids_that_answer_accepts(run):
    out = run("define", "kv", "cache").stdout
    assert "[why-kv-cache]" in out
    run("answer", "why-kv-cache")


def test_piped_list_and_search_print_one_tab_separated_line_per_entry(run):
    lines = run("list").stdout.splitlines()
    assert len(lines) == len(json.loads(run("list", "--json").stdout))
    assert lines[0].split("\t")[:3] == ["artificial-intelligence", "Artificial intelligence", "foundations"]
    assert all(len(line.split("\t")) == 4 for line in lines), "id, name, topic, one-liner"
    assert all(line == line.rstrip() for line in lines)
    hits = run("search", "kv", "cache").stdout.splitlines()
    assert hits[0].startswith("KV cache\t")
    assert any(line.startswith("Q: ") and line.endswith("\taieng answer why-kv-cache") for line in hits)


def test_search_corrects_a_typo_and_says_so(run):
    result = run("search", "hallucinaton")
    assert result.stderr.strip() == 'Nothing matches "hallucinaton"; showing results for "hallucination".'
    assert result.stdout.startswith("Hallucination\t")


@pytest.mark.parametrize("name", ["retrieval", "Retrieval & RAG", "RETRIEVAL", "retr"])
def test_topic_option_takes_an_id_or_a_name(run, name):
    topics = {t["topic"] for t in json.loads(run("list", "--topic", name, "--json").stdout)}
    assert topics == {"retrieval"}


DATED_DECK = """\
version: 1
terms:
  - id: my-model
    term: My model
    topic: foundation-models
    short: A model this test made up for the as_of line.
    definition: It exists only here. It has a date.
    as_of: "2026-12"
    core: true
    phrases: [the made-up model]
    sources: [{title: t, url: "https://example.org/m"}]
questions:
  - id: my-round
    question: How would you size the made-up model's cache?
    answer: By the numbers.
    key_points: [numbers]
    topic: inference
    difficulty: hard
    type: estimation
    sources: [{title: t, url: "https://example.org/q"}]
    follow_ups:
      - question: And with twice the users?
        answer: Twice the cache, unless prefixes are shared.
        key_points: [twice the cache]
"""


def test_define_shows_when_dated_facts_held_and_answer_shows_type_and_follow_ups(run, tmp_path):
    deck = tmp_path / "dated.yaml"
    deck.write_text(DATED_DECK, encoding="utf-8")
    page = run("--kb", str(deck), "define", "my model").stdout
    assert "as of 2026-12" in page and "the made-up model" not in page, "phrases are for search, not shown"
    data = json.loads(run("--kb", str(deck), "define", "my model", "--json").stdout)
    assert (data["core"], data["as_of"]) == (True, "2026-12")
    answer = run("--kb", str(deck), "answer", "my-round").stdout
    assert "estimation" in answer and "And with twice the users?" in answer and "unless prefixes" in answer
    hits = json.loads(run("--kb", str(deck), "search", "made-up", "cache", "--json").stdout)
    assert {"kind": "question", "id": "my-round", "type": "estimation"}.items() <= hits[0].items()


def test_define_with_words_that_name_no_term_suggests_search_hits(run):
    result = run("define", "how", "to", "stop", "hallucinations", code=1)
    assert result.stderr.startswith('No term "how to stop hallucinations". Closest entries: Hallucination')
    assert result.stderr.strip().endswith("More with: aieng search how to stop hallucinations")
    assert "nothing close" in run("define", "zzzz", "qqqq", code=1).stderr


def test_help_gives_each_command_a_whole_one_line_summary(run):
    listed = run("--help").stdout.split("Commands:", 1)[1].splitlines()[1:]
    assert len(listed) == 15
    assert all(len(line) <= 80 and not line.rstrip().endswith("...") for line in listed)
    for group in ("progress", "export", "config", "cards"):
        page = run(group, "--help").stdout
        summaries = page.split("Commands:", 1)[1].splitlines()
        assert "--install-completion" not in page and not any(line.endswith("...") for line in summaries)


def test_config_show_names_the_real_progress_path(run, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    row = next(line for line in run("config", "show").stdout.splitlines() if line.startswith("progress_file\t"))
    assert row.split("\t")[1:3] == [str(tmp_path / "data" / "aieng" / "progress.json"), "default"]
    monkeypatch.setenv("AIENG_PROGRESS_FILE", str(tmp_path / "mine.json"))
    row = next(line for line in run("config", "show").stdout.splitlines() if line.startswith("progress_file\t"))
    assert row.split("\t")[1:3] == [str(tmp_path / "mine.json"), "environment"]


def test_an_ambiguous_topic_lists_the_candidates(run):
    result = run("list", "--topic", "e", code=2)
    assert result.stderr.strip() == "Topic 'e' is ambiguous: it could be evaluation, engineering. Type more of it."
    assert run("list", "--topic", "ev").stdout.splitlines()[0].split("\t")[2] == "evaluation"


def test_answer_lists_the_questions_when_words_match_several(run):
    result = run("answer", "rag", code=1)
    rows = [line.split("\t") for line in result.stdout.splitlines()]
    assert len(rows) >= 3 and all(len(row) == 2 for row in rows), "id and question, one per line"
    assert result.stderr.strip().endswith('questions match "rag". Read one with: aieng answer ID')
    assert run("answer", rows[0][0]).stdout.startswith(rows[0][1].split()[0])


def test_answer_picks_the_clearly_best_question_and_corrects_nothing_silently(run):
    assert "design" in run("answer", "design", "a", "rag", "system").stdout.splitlines()[0].casefold()
    typo = run("answer", "why-kv-cach", code=1)
    assert typo.stderr.strip() == 'No question "why-kv-cach". Did you mean: why-kv-cache?'


@pytest.mark.parametrize("args", [("define", "rag"), ("answer", "design-rag-system"), ("progress",)])
def test_piped_pages_have_no_trailing_spaces(run, args, tmp_path, monkeypatch):
    monkeypatch.setenv("AIENG_PROGRESS_FILE", str(tmp_path / "progress.json"))
    lines = run(*args).stdout.splitlines()
    assert len(lines) > 5 and [line for line in lines if line != line.rstrip()] == []
