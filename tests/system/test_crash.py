"""Kill `aieng quiz` at random moments (SIGKILL, even mid-save) and check no acknowledged answer is lost.

An answer is acknowledged once the quiz shows the next card. The normal suite runs a few seeded
trials per mode; `AIENG_CRASH_TRIALS=50 python -m pytest tests/system/test_crash.py` runs the full harness.
"""

import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from aieng_cli.store.progress_file import ProgressFile

TRIALS = int(os.environ.get("AIENG_CRASH_TRIALS", "5"))
PROMPT = re.compile(r"(\d+)/\d+ ")


def aieng() -> list[str]:
    script = shutil.which("aieng", path=str(Path(sys.executable).parent))
    return [script] if script else [sys.executable, "-m", "aieng_cli"]


def environment(tmp_path: Path) -> dict[str, str]:
    return {
        **os.environ,
        "AIENG_PROGRESS_FILE": str(tmp_path / "progress.json"),
        "NO_COLOR": "1",
        "AIENG_CACHE_DIR": str(tmp_path / "cache"),
        "AIENG_CONFIG_DIR": str(tmp_path / "config"),
        "COLUMNS": "100",
    }


def reviews_on_disk(tmp_path: Path) -> int:
    return len(ProgressFile(tmp_path / "progress.json").load().reviews)


def _as_from_a_terminal() -> None:
    """Ctrl-C as a user's shell delivers it: a test run started in the background (`pytest &`)
    inherits SIGINT ignored, and Python then installs no KeyboardInterrupt handler."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


class PipedQuiz:
    """Drives the piped quiz: writes one line per action and watches stdout for the next card."""

    def __init__(self, env: dict[str, str]) -> None:
        self.process = subprocess.Popen(
            [*aieng(), "quiz", "--new", "30"],
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            preexec_fn=_as_from_a_terminal,
        )
        self.shown = 0
        self.lines: list[bytes] = []
        self.lock = threading.Condition()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for raw in iter(self.process.stdout.readline, b""):
            self.lines.append(raw)
            match = PROMPT.match(raw.decode("utf-8", "replace"))
            if match:
                with self.lock:
                    self.shown = int(match.group(1))
                    self.lock.notify_all()

    def wait_for_card(self, number: int) -> None:
        with self.lock:
            ok = self.lock.wait_for(lambda: self.shown >= number, timeout=20)
        if not ok:
            self.process.kill()
            raise AssertionError(f"card {number} never shown: {self.lines!r} {self.process.stderr.read()!r}")

    def send(self, text: str) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write(text.encode())
        self.process.stdin.flush()


def piped_trial(seed: int, tmp_path: Path) -> tuple[int, int]:
    rng = random.Random(seed)
    env = environment(tmp_path)
    before = reviews_on_disk(tmp_path)
    quiz = PipedQuiz(env)
    answers = rng.randint(0, 6)
    quiz.wait_for_card(1)
    for number in range(1, answers + 1):
        quiz.send(f"\n{rng.randint(1, 4)}\n")
        if number < answers:
            quiz.wait_for_card(number + 1)
    acknowledged = max(0, quiz.shown - 1)
    time.sleep(rng.random() * 0.03)  # the kill may land in the middle of saving the last answer
    quiz.process.send_signal(signal.SIGKILL)
    quiz.process.wait()
    return before + acknowledged, reviews_on_disk(tmp_path)


def pty_trial(seed: int, tmp_path: Path) -> tuple[int, int]:
    pexpect = pytest.importorskip("pexpect")
    rng = random.Random(seed)
    env = environment(tmp_path)
    before = reviews_on_disk(tmp_path)
    command = aieng()
    child = pexpect.spawn(
        command[0], [*command[1:], "quiz", "--new", "30"], env=env, encoding="utf-8", timeout=20, dimensions=(40, 100)
    )
    child.expect(r"1/\d+")
    acknowledged = 0
    for number in range(1, rng.randint(0, 6) + 1):
        child.send(" ")
        child.expect("4 Easy")
        child.send(str(rng.randint(1, 4)))
        if rng.random() < 0.2:
            break  # killed right after the key press, before the next card shows
        child.expect(rf"{number + 1}/\d+")
        acknowledged = number
    time.sleep(rng.random() * 0.03)
    child.kill(signal.SIGKILL)
    child.close(force=True)
    return before + acknowledged, reviews_on_disk(tmp_path)


@pytest.mark.parametrize("seed", range(TRIALS))
@pytest.mark.parametrize("trial", [piped_trial, pty_trial], ids=["piped", "pty"])
def test_sigkill_never_loses_an_acknowledged_answer(tmp_path, seed, trial):
    for round_ in range(2):  # the second round starts from what the first crash left behind
        acknowledged, on_disk = trial(seed * 10 + round_, tmp_path)
        assert on_disk >= acknowledged, f"lost answers: {acknowledged} acknowledged, {on_disk} on disk"
        assert on_disk <= acknowledged + 1, "at most the unacknowledged last answer may also be there"


@pytest.mark.parametrize("signal_number", [signal.SIGINT, signal.SIGTERM])
def test_sigint_and_sigterm_end_with_the_summary(tmp_path, signal_number):
    quiz = PipedQuiz(environment(tmp_path))
    quiz.wait_for_card(1)
    quiz.send("\n3\n")
    quiz.wait_for_card(2)
    quiz.process.send_signal(signal_number)
    out, err = quiz.process.communicate(timeout=20)
    assert quiz.process.returncode == 130, (quiz.lines[-4:], err[-400:])
    assert b"Traceback" not in err
    assert reviews_on_disk(tmp_path) == 1
    assert not (tmp_path / "progress.json.journal").exists(), "the journal was folded in on the way out"


def test_second_quiz_on_the_same_file_is_refused(tmp_path):
    env = environment(tmp_path)
    first = PipedQuiz(env)
    first.wait_for_card(1)
    second = subprocess.run([*aieng(), "quiz"], env=env, input=b"\n3\n", capture_output=True, timeout=30)
    assert second.returncode == 2 and b"in use by another aieng quiz" in second.stderr
    first.send("\n3\nq\n")
    first.process.communicate(timeout=20)
    assert reviews_on_disk(tmp_path) == 1


def test_a_killed_quiz_leaves_no_stale_lock(tmp_path):
    env = environment(tmp_path)
    first = PipedQuiz(env)
    first.wait_for_card(1)
    first.process.send_signal(signal.SIGKILL)
    first.process.wait()
    result = subprocess.run(
        [*aieng(), "quiz", "--limit", "1"], env=env, input=b"\n3\n", capture_output=True, timeout=30
    )
    assert result.returncode == 0, result.stderr


def test_readers_never_see_a_half_written_file(tmp_path):
    env = environment(tmp_path)
    subprocess.run(
        [*aieng(), "quiz", "--new", "30", "--limit", "3"], env=env, input=b"\n3\n" * 3, check=True, capture_output=True
    )
    stop = threading.Event()
    failures: list[bytes] = []

    def read_repeatedly() -> None:
        while not stop.is_set():
            result = subprocess.run([*aieng(), "progress", "--json"], env=env, capture_output=True)
            if result.returncode != 0:
                failures.append(result.stderr)
            else:
                json.loads(result.stdout)

    reader = threading.Thread(target=read_repeatedly)
    reader.start()
    for _ in range(3):
        subprocess.run(
            [*aieng(), "quiz", "--new", "30", "--limit", "4"],
            env=env,
            input=b"\n3\n" * 4,
            check=True,
            capture_output=True,
        )
    stop.set()
    reader.join()
    assert failures == []


def _history(path: Path, minute: int, answers: int, *, leave_journal: bool) -> None:
    """`answers` reviews in `path`, starting at `minute` past 09:00; the last few still in the
    journal when `leave_journal` (as a killed quiz leaves them)."""
    from datetime import UTC, datetime, timedelta

    from aieng_cli.core.progress import Progress
    from aieng_cli.core.records import Review
    from aieng_cli.core.schedule import Reviewer

    file = ProgressFile(path)
    progress = file.load() if path.exists() else Progress()
    reviewer = Reviewer(progress.settings)
    start = datetime(2026, 3, 2, 9, tzinfo=UTC) + timedelta(minutes=minute)
    for number in range(answers):
        card = f"term:crash-{minute}-{number}:recall"
        moment = start + timedelta(seconds=number)
        state = reviewer.review(None, card, 3, moment)
        progress.cards[card] = state
        progress.reviews.append(Review(card, moment, 3, 100))
        file.record(progress, progress.reviews[-1], state)
        if number == answers // 2 or not leave_journal and number == answers - 1:
            file.compact(progress)


def _kill_at_random(command: list[str], env: dict[str, str], rng: random.Random) -> None:
    process = subprocess.Popen(
        command, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    time.sleep(rng.random() * 0.4)  # anywhere from start-up to after the end
    process.send_signal(signal.SIGKILL)
    process.wait()


def _reviews(path: Path) -> int:
    return (
        len(ProgressFile(path).load().reviews)
        if path.exists() or path.with_name(path.name + ".journal").exists()
        else 0
    )


@pytest.mark.parametrize("seed", range(TRIALS))
def test_a_killed_reset_loses_nothing(tmp_path, seed):
    path = tmp_path / "progress.json"
    _history(path, 0, 8, leave_journal=True)
    _kill_at_random([*aieng(), "progress", "--reset", "--yes"], environment(tmp_path), random.Random(seed))
    backups = [len(ProgressFile(backup).load().reviews) for backup in tmp_path.glob("progress.json.*.bak")]
    assert _reviews(path) == 8 or 8 in backups, "every answer is in the live history or in one backup"
    assert _reviews(path) in (0, 5, 8), "the live history is the old one, an empty one, or its snapshot alone"


@pytest.mark.parametrize("seed", range(TRIALS))
def test_a_killed_import_leaves_the_old_history_or_the_merged_one(tmp_path, seed):
    path, incoming = tmp_path / "progress.json", tmp_path / "other.json"
    _history(path, 0, 6, leave_journal=True)
    _history(incoming, 30, 5, leave_journal=False)
    _kill_at_random([*aieng(), "progress", "import", str(incoming)], environment(tmp_path), random.Random(seed))
    assert _reviews(path) in (6, 11), "never a half-merged or unreadable file"
