"""`aieng progress`: narrowed to a topic, study days, suspended cards, a fresh start, JSON with SVG."""

import json


def figures(run, *args: str) -> dict:
    return json.loads(run("progress", "--json", *args).stdout)


def test_a_fresh_history_points_at_the_quiz_instead_of_empty_charts(run, progress_path):
    out = run("progress").stdout
    assert "No answers yet: start with `aieng quiz`" in out and "Reviews, last 26 weeks" not in out
    assert "seen: cards answered at least once" in out and "mastered: " in out and "true retention: " in out


def test_topic_narrows_every_figure(run, progress_path):
    run("quiz", "--limit", "3", input="\n3\n\n3\n\n3\n")  # three foundations terms
    run("quiz", "--limit", "1", "--topic", "retrieval", input="\n3\n")
    whole, retrieval = figures(run), figures(run, "--topic", "retrieval")
    assert whole["reviews"]["total"] == 4 and retrieval["reviews"]["total"] == 1
    topics = {row["id"]: row for row in retrieval["topics"]}
    assert retrieval["cards"]["total"] == topics["retrieval"]["cards"] < whole["cards"]["total"]
    assert topics["foundations"]["cards"] == 0 and retrieval["cards"]["learning"] == 1
    assert "Retrieval & RAG" in run("progress", "--topic", "retr").stdout
    assert "--topic" in run("progress", "--reset", "--topic", "retrieval", code=2).stderr


def test_suspended_cards_are_not_due(run, progress_path, monkeypatch):
    run("quiz", "--limit", "2", input="\n4\n\n4\n")
    monkeypatch.setenv("AIENG_NOW", "2026-06-01T09:00:00+00:00")
    assert figures(run)["due"]["now"] == 2
    run("cards", "suspend", "term:artificial-intelligence:recall")
    assert figures(run)["due"]["now"] == 1


def test_today_is_the_study_day(run, progress_path, monkeypatch, tmp_path):
    monkeypatch.setenv("AIENG_NOW", "2026-03-02T23:30:00+00:00")
    run("quiz", "--limit", "1", input="\n4\n")
    monkeypatch.setenv("AIENG_NOW", "2026-03-03T03:00:00+00:00")  # before 4 a.m.: still the same study day
    assert figures(run)["reviews"]["today"] == 1
    monkeypatch.setenv("AIENG_DAY_STARTS_AT", "0")
    assert figures(run)["reviews"]["today"] == 0


def test_json_and_svg_together(run, progress_path, tmp_path):
    run("quiz", "--limit", "1", input="\n3\n")
    result = run("progress", "--json", "--svg", str(tmp_path / "view.svg"))
    assert json.loads(result.stdout)["reviews"]["total"] == 1
    assert (tmp_path / "view.svg").read_text().startswith("<svg")
