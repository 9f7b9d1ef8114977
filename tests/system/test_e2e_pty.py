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
    child.expect(r"1/1 \+1 again .*Name the term")  # a Hard card comes back within 20 minutes; the total stays
    child.expect("Your answer")
    child.sendline("q")
    child.expect("Session over: 1 answer")
    child.expect(pexpect.EOF)
    data = json.loads(Path(env["AIENG_PROGRESS_FILE"]).read_text())
    assert data["reviews"]["rating"] == [4, 2]
