"""The benchmarks' generated inputs stay valid as the schema moves (B1 and B3 load them)."""

import json
import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parents[2] / "bench"


def test_a_generated_deck_validates(run, tmp_path):
    deck = tmp_path / "deck.yaml"
    command = [sys.executable, str(BENCH / "generate.py"), "deck", str(deck), "--terms", "40", "--questions", "8"]
    subprocess.run(command, check=True, capture_output=True)
    from aieng_cli.store.knowledge_files import load_knowledge

    shipped, _ = load_knowledge()
    result = run("validate", str(deck))
    assert result.stderr.strip() == (
        f"OK: 3 files, {len(shipped.terms) + 40} terms, {len(shipped.questions) + 8} questions, no problems."
    )


def test_a_generated_history_loads(run, tmp_path, monkeypatch):
    history = tmp_path / "history.json"
    command = [sys.executable, str(BENCH / "generate.py"), "history", str(history), "--cards", "30", "--reviews", "200"]
    subprocess.run(command, check=True, capture_output=True)
    monkeypatch.setenv("AIENG_PROGRESS_FILE", str(history))
    assert json.loads(run("progress", "--json").stdout)["reviews"]["total"] == 200
