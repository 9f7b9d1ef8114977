"""Every Python block in the interview bank runs: a coding answer is a working solution that checks
its own result. Each block runs in a fresh interpreter, as a reader would paste it."""

import re
import subprocess
import sys
from pathlib import Path

import pytest

from aieng_cli.store.knowledge_files import load_knowledge

BLOCK = re.compile(r"```python\n(.*?)```", re.S)


def blocks() -> list[tuple[str, int, str]]:
    kb, problems = load_knowledge()
    assert problems == []
    found = []
    for question in kb.questions.values():
        texts = [question.answer, *(follow.answer for follow in question.follow_ups)]
        for number, block in enumerate(block for text in texts for block in BLOCK.findall(text)):
            found.append((question.id, number, block))
    return found


BLOCKS = blocks()


def test_every_coding_answer_has_a_block_that_checks_itself():
    kb, _ = load_knowledge()
    coding = [q for q in kb.questions.values() if q.type == "coding"]
    assert len(coding) >= 25
    bare = [q.id for q in coding if not any("assert" in block for block in BLOCK.findall(q.answer))]
    assert bare == []


@pytest.mark.parametrize(("question_id", "number", "code"), BLOCKS, ids=[f"{q}-{n}" for q, n, _ in BLOCKS])
def test_the_block_runs(question_id, number, code, tmp_path: Path):
    script = tmp_path / f"{question_id}-{number}.py"
    script.write_text(code, encoding="utf-8")
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=60, cwd=tmp_path)
    assert done.returncode == 0, done.stderr[-2000:]
