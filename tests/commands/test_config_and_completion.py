"""The config file, shell completion, and the progress pictures."""

import json
import os
from pathlib import Path

import pytest

from aieng_cli.core.completion import term_candidates, topic_candidates
from aieng_cli.store.knowledge_files import load_knowledge

MINI = Path(__file__).parents[1] / "data" / "decks" / "mini.yaml"


def config_file() -> Path:
    path = Path(os.environ["AIENG_CONFIG_DIR"]) / "config.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    return path


def test_config_path_and_sources(run, monkeypatch):
    assert run("config", "path").stdout.strip() == str(config_file())
    config_file().write_text("new_per_day = 3\ndesired_retention = 0.85\nmax_reviews_per_day = 50\n")
    monkeypatch.setenv("AIENG_RETENTION", "0.8")
    shown = json.loads(run("config", "show", "--json").stdout)
    assert shown["new_per_day"] == {"value": 3, "source": "file"}
    assert shown["desired_retention"] == {"value": 0.8, "source": "environment"}
    assert shown["max_reviews_per_day"]["source"] == "file"
    assert shown["color"] == {"value": None, "source": "default"}
    assert "environment" in run("config", "show").stdout


def test_config_new_per_day_is_used_and_a_flag_wins(run, tmp_path, monkeypatch):
    config_file().write_text("new_per_day = 1\n")
    monkeypatch.setenv("AIENG_PROGRESS_FILE", str(tmp_path / "p.json"))
    assert "1/1" in run("quiz", input="\n3\nq\n").stdout
    monkeypatch.setenv("AIENG_PROGRESS_FILE", str(tmp_path / "q.json"))
    assert "1/2" in run("quiz", "--new", "2", input="\n3\nq\n").stdout


def test_config_progress_file(run, tmp_path):
    target = tmp_path / "elsewhere" / "mine.json"
    config_file().write_text(f'progress_file = "{target}"\n')
    run("quiz", "--limit", "1", input="\n3\n")
    assert target.exists()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("new_per_day = 'x'\n", "new_per_day must be a whole number"),
        ("bogus = 1\n", "unknown setting 'bogus'"),
        ("desired_retention = 2.0\n", "between 0.7 and 0.99"),
        ("a = [\n", "not valid TOML"),
    ],
)
def test_bad_config_is_one_line_exit_2(run, text, message):
    config_file().write_text(text)
    result = run("config", "show", code=2)
    assert message in result.stderr and len(result.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("new_per_day = 'x'\n", "new_per_day must be a whole number, not 'x'. Using the default."),
        ("a = [\n", "is not valid TOML"),
    ],
)
def test_a_bad_config_value_falls_back_to_its_default_with_one_warning(run, text, message):
    config_file().write_text(text)
    result = run("define", "token", "--short")
    assert result.stdout.strip() and message in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert result.stderr.strip().endswith("(see: aieng config show)")


def test_bad_environment_value(run, monkeypatch):
    monkeypatch.setenv("AIENG_NEW_PER_DAY", "many")
    assert "AIENG_NEW_PER_DAY" in run("config", "show", code=2).stderr


@pytest.fixture(scope="module")
def kb():
    kb, problems = load_knowledge([MINI])
    assert not problems
    return kb


@pytest.mark.parametrize(
    ("typed", "offered"),
    [
        ("quantiz", ["quantization"]),
        ("Quantiz", ["Quantization"]),
        ("QUANT", ["QUANTISATION", "QUANTIZATION"]),
        ("Quant", ["Quantisation", "Quantization"]),
        ("emb", ["embedding", "embeddings"]),
        ("ll", ["llm", "llms"]),
        ("large l", ["large language model"]),
        ("zzz", []),
    ],
)
def test_term_completion_keeps_the_typed_case(kb, typed, offered):
    candidates = term_candidates(kb, typed)
    assert candidates == offered
    assert all(candidate.startswith(typed) for candidate in candidates)


@pytest.mark.parametrize(
    ("before", "typed", "offered"),
    [(("large",), "lan", ["language"]), (("Large", "language"), "m", ["model"]), (("zzz",), "", [])],
)
def test_term_completion_continues_a_several_word_name(kb, before, typed, offered):
    assert term_candidates(kb, typed, before) == offered


def test_topic_completion():
    assert topic_candidates("re") == ["retrieval"]
    assert "foundation-models" in topic_candidates("foun")


def test_completion_through_the_shell_protocol(monkeypatch):
    import subprocess
    import sys

    def complete(words: str) -> list[str]:
        cword = str(len(words.split()) - 1 + words.endswith(" "))
        env = {**os.environ, "_AIENG_COMPLETE": "complete_bash", "COMP_WORDS": words, "COMP_CWORD": cword}
        return subprocess.run(
            [sys.executable, "-m", "aieng_cli"], env=env, capture_output=True, text=True
        ).stdout.split()

    assert "quantization" in complete("aieng define quantiz")
    assert complete("aieng define large lan") == ["language"]
    assert complete("aieng answer why-kv") == ["why-kv-cache"]


def test_progress_pictures_and_svg(run, tmp_path, monkeypatch):
    monkeypatch.setenv("AIENG_PROGRESS_FILE", str(tmp_path / "p.json"))
    for day in ("01", "02", "04"):
        monkeypatch.setenv("AIENG_NOW", f"2026-11-{day}T09:00:00+00:00")
        run("quiz", "--new", "3", input="\n4\n\n3\n\n4\n\n3\n")
    out = run("progress", "--svg", str(tmp_path / "view.svg")).stdout
    for title in ("Reviews, last 26 weeks", "Cards due, next 30 days", "Retention per topic"):
        assert title in out
    assert "\x1b[" not in out
    svg = (tmp_path / "view.svg").read_text()
    assert svg.startswith("<svg") and "Retention per topic" in svg.replace("&#160;", " ")
    assert "https://" not in svg.replace("https://www.textualize.io", ""), "opening the SVG fetches nothing"
    figures = json.loads(run("progress", "--json").stdout)
    assert "heatmap" not in json.dumps(figures)


@pytest.mark.parametrize("command", [["define", "rag"], ["list"], ["topics"]])
def test_colour_forced_on_reaches_a_pipe(run, monkeypatch, command):
    assert "\x1b[" in run("--color", *command).stdout
    monkeypatch.setenv("AIENG_COLOR", "true")
    assert "\x1b[" in run(*command).stdout
    monkeypatch.setenv("AIENG_COLOR", "maybe")
    assert "AIENG_COLOR='maybe' is not true or false" in run(*command, code=2).stderr
