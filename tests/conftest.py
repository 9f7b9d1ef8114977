from pathlib import Path

import pytest
from typer.testing import CliRunner

from aieng_cli.app import app

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="session")
def shared_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One compiled-knowledge cache for the whole run: the shipped YAML is parsed once, not per test.
    Tests about the cache itself point AIENG_CACHE_DIR at their own directory."""
    return tmp_path_factory.mktemp("kb-cache")


@pytest.fixture(autouse=True)
def quiet_terminal(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, shared_cache: Path) -> None:
    """A predictable, isolated environment: no colour, fixed width, a temporary home."""
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "100")
    monkeypatch.setenv("TZ", "UTC")  # local days as on the machine the expectations were written on
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "home" / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "home" / "config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "home" / "cache"))
    monkeypatch.setenv("AIENG_CACHE_DIR", str(shared_cache))
    monkeypatch.setenv("AIENG_CONFIG_DIR", str(tmp_path / "home" / "config" / "aieng"))
    for name in (
        "AIENG_KB_PATH",
        "AIENG_PROGRESS_FILE",
        "AIENG_NOW",
        "AIENG_RETENTION",
        "AIENG_NEW_PER_DAY",
        "AIENG_MAX_REVIEWS",
        "AIENG_COLOR",
        "AIENG_DATA_DIR",
        "AIENG_DAY_STARTS_AT",
        "AIENG_LEECH_THRESHOLD",
        "AIENG_LEECH_ACTION",
        "VISUAL",
        "EDITOR",
    ):
        monkeypatch.delenv(name, raising=False)


class Run:
    """Runs the CLI in-process and checks that no exception escaped."""

    def __init__(self) -> None:
        self.runner = CliRunner()

    def __call__(self, *args: str, code: int | None = 0, input: str | None = None):  # noqa: A002
        """Run `aieng ARGS`; check the exit code (unless `code` is None) and that no exception escaped."""
        result = self.runner.invoke(app, list(args), input=input, prog_name="aieng")
        assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
        if code is not None:
            assert result.exit_code == code, (result.exit_code, result.stdout, result.stderr)
        return result


@pytest.fixture
def run() -> Run:
    return Run()
