"""`aieng quiz` driven in a real pseudo-terminal, the way a person uses it: single key presses."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pexpect = pytest.importorskip("pexpect")


def aieng_command() -> list[str]:
    script = shutil.which("aieng", path=str(Path(sys.executable).parent))
    return [script] if script else [sys.executable, "-m", "aieng_cli"]


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    return {
        **os.environ,
        "AIENG_PROGRESS_FILE": str(tmp_path / "progress.json"),
        "NO_COLOR": "1",
        "COLUMNS": "100",
        "LINES": "40",
        "TERM": "xterm",
    }


def spawn(env: dict[str, str], *args: str):
    command = aieng_command()
    return pexpect.spawn(command[0], [*command[1:], *args], env=env, encoding="utf-8", timeout=20, dimensions=(40, 100))


def test_quiz_in_a_terminal_then_progress(env):
    child = spawn(env, "quiz", "--new", "5")
    child.expect(r"1/\d+")
    child.send(" ")  # Space reveals, no Enter needed
    child.expect("3 Good")
    child.send("3")
    child.expect(r"2/\d+")
    child.send("\r")  # Enter reveals too
    child.expect("1 Again")
    child.send("1")
    child.expect(r"3/\d+")
    child.send("?")
    child.expect("u undo")
    child.send("q")
    child.expect("Session over: 2 answers")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    result = subprocess.run(
        [*aieng_command(), "progress", "--json"], env=env, capture_output=True, text=True, check=True
    )
    figures = json.loads(result.stdout)
    assert figures["reviews"]["total"] == 2
    assert figures["cards"]["learning"] + figures["cards"]["relearning"] == 2


def test_undo_and_ctrl_c_in_a_terminal(env):
    child = spawn(env, "quiz", "--new", "5")
    child.expect(r"1/\d+")
    child.send(" ")
    child.expect("3 Good")
    child.send("4")
    child.expect(r"2/\d+")
    child.send("u")
    child.expect("Undone")
    child.send(" ")
    child.expect("3 Good")
    child.send("3")
    child.expect(r"2/\d+")
    child.sendcontrol("c")
    child.expect("Session over: 1 answer")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    assert "Traceback" not in (child.before or "")
    data = json.loads(Path(env["AIENG_PROGRESS_FILE"]).read_text())
    assert data["reviews"]["rating"] == [3]


def test_reverse_card_reads_a_typed_line_in_a_terminal(env):
    env = {**env, "AIENG_NOW": "2026-03-02T09:00:00+00:00"}
    first = spawn(env, "quiz", "--kind", "terms", "--new", "1")
    first.expect(r"1/1")
    first.send(" ")
    first.expect("4 Easy")
    first.send("4")
    first.expect("Session over")
    first.expect(pexpect.EOF)
    card = json.loads(Path(env["AIENG_PROGRESS_FILE"]).read_text())["cards"]["id"][0]
    name = json.loads(
        subprocess.run(
            [*aieng_command(), "define", card.split(":")[1], "--json"],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    )["term"]
    later = {**env, "AIENG_NOW": "2026-03-04T09:00:00+00:00"}
    child = spawn(later, "quiz", "--kind", "terms", "--new", "1", "--max-reviews", "0")
    child.expect("Name the term")
    child.expect("Your answer")
    child.sendline(name[:-1] + ("x" if name[-1] != "x" else "y"))  # one typo
    child.expect("Nearly")
    child.expect("2 Hard")
    child.send("\r")  # Enter takes the suggestion (Hard)
    child.expect(r"1/1 \+1 back .*Name the term")  # a Hard card comes back within 20 minutes; the total stays
    child.expect("Your answer")
    child.sendline("q")
    child.expect("Session over: 1 answer")
    child.expect(pexpect.EOF)
    data = json.loads(Path(env["AIENG_PROGRESS_FILE"]).read_text())
    assert data["reviews"]["rating"] == [4, 2]


def progress_data(env) -> dict:
    return json.loads(Path(env["AIENG_PROGRESS_FILE"]).read_text())


@pytest.mark.parametrize("answer", ["quantization shrinks weights", "supervised needs labels", "using unlabeled text"])
def test_a_typed_interview_answer_starting_with_a_command_letter_is_graded_and_saved(env, answer):
    child = spawn(env, "quiz", "--kind", "questions", "--new", "1")
    child.expect("Interview question")
    child.expect("Your answer: ")
    for key in answer:  # key by key, as a person types
        child.send(key)
    child.expect(answer[-8:])  # the whole answer is on screen as it is typed
    child.send("\r")  # one Enter submits
    child.expect("Key points")
    child.expect(r"suggested: \d \w+ \(\d of \d key points\)")
    child.send("4")  # Easy: the card does not come back in this session
    child.expect("Session over: 1 answer on 1 card")
    child.expect(pexpect.EOF)
    assert progress_data(env)["reviews"]["rating"] == [4]


def test_a_long_typed_answer_stays_visible_and_editable(env):
    child = spawn(env, "quiz", "--kind", "questions", "--new", "1")
    child.expect("Your answer: ")
    words = "supervised learning needs labelled examples while unsupervised learning finds structure " * 2
    child.send(words + "typo")
    for _ in range(4):
        child.send("\x7f")  # Backspace
    child.send("labels")
    child.expect(r"structure\s+labels")  # the end of a three-line answer, edited, is shown (wrapped at a word)
    child.send("\r")
    child.expect("Key points")
    child.send("q")
    child.expect("Session over")
    child.expect(pexpect.EOF)


def test_a_line_of_its_own_is_a_command_on_a_question_card(env):
    child = spawn(env, "quiz", "--kind", "questions", "--new", "2")
    child.expect("Your answer: ")
    child.send("s\r")  # skip
    child.expect("2/2")
    child.expect("Your answer: ")
    child.send("q\r")
    child.expect("Session over: 0 answers")
    child.expect(pexpect.EOF)
    assert child.wait() == 0


def test_at_suspends_the_card_in_a_terminal(env):
    child = spawn(env, "quiz", "--new", "2")
    child.expect("1/2")
    child.send("@")
    child.expect("Suspended")
    child.expect("2/2")
    child.send("q")
    child.expect(pexpect.EOF)
    out = subprocess.run(
        [*aieng_command(), "cards", "list", "--suspended"], env=env, capture_output=True, text=True, check=True
    ).stdout
    assert out.startswith("term:artificial-intelligence:recall\t")


def test_ctrl_d_ends_the_session_with_its_summary(env):
    child = spawn(env, "quiz", "--new", "5")
    child.expect("1/5")
    child.send(" ")
    child.expect("3 Good")
    child.send("3")
    child.expect("2/5")
    child.sendcontrol("d")
    child.expect("Session over: 1 answer on 1 card")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert "Interrupted" not in (child.before or "")


def test_quiz_piped_through_tee_reads_lines_and_does_not_staircase(env, tmp_path):
    log = tmp_path / "log"
    command = " ".join(aieng_command())
    child = pexpect.spawn(
        "/bin/sh", ["-c", f"{command} quiz --new 2 | tee {log}"], env=env, encoding="utf-8", timeout=20
    )
    child.expect("1/2")
    child.send("\r")  # with output piped, each action is a line, edited by the terminal itself
    child.expect("suggested: 3 Good")
    child.send("4\r")
    child.expect("2/2")
    child.send("q\r")
    child.expect("Session over: 1 answer")
    child.expect(pexpect.EOF)
    shown = child.before or ""
    assert "\n" not in shown.replace("\r\n", "")  # every line starts at the left margin
    assert "Session over: 1 answer" in log.read_text()


def test_interview_in_a_terminal_with_timer_and_multi_line_editor(env):
    env = {**env, "AIENG_NOW": "2026-03-02T09:00:00+00:00"}
    child = spawn(env, "interview", "--questions", "1", "--seed", "5", "--minutes", "0.25")
    child.expect("Question 1/1")
    child.expect(r"0:1\d left")  # the timer runs while you think
    for key in "quick first line":
        child.send(key)
    child.send("\r")  # Enter adds a line
    for key in "second linx":
        child.send(key)
    child.send("\x7f")  # Backspace edits the visible answer
    child.send("e")
    child.expect("> second line")
    child.expect(r"0:0\d over", timeout=30)  # running over is allowed and shown
    child.send("\r")  # ends the second line
    child.send("\r")  # an empty line submits
    child.expect(r"Score \d+%")
    child.expect("Follow-up")
    child.sendcontrol("d")  # Ctrl-D submits too
    child.expect("m: the model answer")
    child.send("m")
    child.expect("Enter: next question")
    child.send("\r")
    child.expect("Interview report")
    child.expect("Saved in your history")
    child.expect(pexpect.EOF)
    data = progress_data(env)
    assert len(data["interviews"]) == 1 and data["interviews"][0]["questions"][0]["seconds"] >= 15


def test_ctrl_c_in_an_interview_keeps_the_answers_given(env):
    env = {**env, "AIENG_NOW": "2026-03-02T09:00:00+00:00"}
    child = spawn(env, "interview", "--questions", "3", "--seed", "5", "--no-follow-ups")
    child.expect("Question 1/3")
    child.send("an answer\r\r")
    child.expect("Enter: next question")
    child.send("\r")
    child.expect("Question 2/3")
    child.send("half typed")
    child.sendcontrol("c")
    child.expect("Interview stopped. 1 answered question")
    child.expect("Interview report")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    assert len(progress_data(env)["interviews"][0]["questions"]) == 1
