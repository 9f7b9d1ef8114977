from pathlib import Path

import pytest

NOW = "2026-03-02T09:00:00+00:00"  # a Monday morning: the pretend time of the quiz and interview tests


@pytest.fixture
def progress_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A progress file of the test's own, at the pretend time NOW."""
    path = tmp_path / "progress.json"
    monkeypatch.setenv("AIENG_PROGRESS_FILE", str(path))
    monkeypatch.setenv("AIENG_NOW", NOW)
    return path
