"""`aieng interview` piped, as a script drives it: the JSON report, the history, the quiz link."""

import json

NOW = "2026-03-02T09:00:00+00:00"


def planned(run, seed: int, count: int = 2) -> list[dict]:
    """The questions a seed asks (from a dry interview with no answers, in a scratch file)."""
    report = json.loads(
        run("interview", "--questions", str(count), "--seed", str(seed), "--json", input="\n" * 9).stdout
    )
    return report["questions"]


def good_answer(run, question_id: str) -> str:
    answer = json.loads(run("answer", question_id, "--json").stdout)
    return " ".join(answer["answer"].split())


def test_a_piped_interview_scores_real_answers_well_and_nonsense_poorly(run, progress_path, tmp_path, monkeypatch):
    monkeypatch.setenv("AIENG_PROGRESS_FILE", str(tmp_path / "scratch.json"))
    first, second = planned(run, 11)
    monkeypatch.setenv("AIENG_PROGRESS_FILE", str(progress_path))
    lines = [good_answer(run, first["id"]), "", "I like turtles and the weather is nice", ""]
    result = run("interview", "--questions", "2", "--seed", "11", "--json", input="\n".join(lines) + "\n")
    report = json.loads(result.stdout)
    assert set(report) == {"id", "started", "seed", "score", "questions", "topics"}
    assert report["seed"] == 11 and report["started"] == NOW
    one, two = report["questions"]
    assert [one["id"], two["id"]] == [first["id"], second["id"]]
    assert set(one) == {"id", "question", "topic", "score", "covered", "missed", "seconds", "follow_up"}
    assert one["score"] >= 0.8 and two["score"] <= 0.2
    assert one["follow_up"] is not None and set(one["follow_up"]) == {
        "question",
        "score",
        "covered",
        "missed",
        "seconds",
    }
    assert all(set(topic) == {"id", "score"} for topic in report["topics"])
    assert "Question 1/2" in result.stderr  # the questions go to stderr when stdout carries JSON


def test_missed_questions_become_due_in_the_quiz(run, progress_path):
    run("interview", "--questions", "1", "--seed", "4", "--no-follow-ups", input="nothing useful\n")
    data = json.loads(progress_path.read_text())
    assert data["reviews"]["rating"] == [1]
    card = data["reviews"]["card_ids"][0]
    assert card.startswith("question:")
    shown = json.loads(run("cards", "show", card, "--json").stdout)
    assert shown["reviews"][0]["rating"] == 1 and shown["state"] == "learning"


def test_history_lists_interviews_newest_first_with_trends(run, progress_path, monkeypatch):
    run("interview", "--questions", "1", "--seed", "1", "--no-follow-ups", input="x\n")
    monkeypatch.setenv("AIENG_NOW", "2026-03-05T09:00:00+00:00")
    run("interview", "--questions", "1", "--seed", "2", "--no-follow-ups", input="y\n")
    history = json.loads(run("interview", "--history", "--json").stdout)
    assert [item["seed"] for item in history["interviews"]] == [2, 1]
    assert all(set(trend) == {"id", "scores"} for trend in history["trends"])
    text = run("interview", "--history").stdout
    assert text.index("2026-03-05") < text.index("2026-03-02") and "Trend per topic" in text


def test_interviews_travel_with_export_and_import(run, progress_path, tmp_path):
    run("interview", "--questions", "1", "--seed", "3", "--no-follow-ups", input="x\n")
    exported = tmp_path / "copy.json"
    run("progress", "export", str(exported))
    run("progress", "import", str(exported))  # merging the same history twice keeps each interview once
    assert len(json.loads(run("interview", "--history", "--json").stdout)["interviews"]) == 1


def test_same_seed_same_questions_and_no_match_is_one_line(run, progress_path, tmp_path, monkeypatch):
    monkeypatch.setenv("AIENG_PROGRESS_FILE", str(tmp_path / "a.json"))
    one = [q["id"] for q in planned(run, 77, 3)]
    monkeypatch.setenv("AIENG_PROGRESS_FILE", str(tmp_path / "b.json"))
    assert one == [q["id"] for q in planned(run, 77, 3)]
    result = run("interview", "--topic", "inference", "--type", "behavioural", "--difficulty", "easy", code=2)
    assert "No interview question matches these filters" in result.stderr and "Traceback" not in result.stderr


def test_nothing_answered_saves_nothing(run, progress_path):
    out = run("interview", input="").stdout
    assert "nothing was saved" in out and not progress_path.exists()
