"""Where aieng keeps things: the shipped knowledge base and the user's data, config and cache."""

from pathlib import Path
from typing import Literal

from aieng_cli.store.environment import variable

Kind = Literal["data", "config", "cache"]
# Each kind's override: AIENG_DATA_DIR, AIENG_CONFIG_DIR, AIENG_CACHE_DIR (tests point them at a temp dir).
OVERRIDES: dict[Kind, str] = {"data": "AIENG_DATA_DIR", "config": "AIENG_CONFIG_DIR", "cache": "AIENG_CACHE_DIR"}
PROGRESS_ENV = "AIENG_PROGRESS_FILE"


def user_path(kind: Kind) -> Path:
    """The user's directory for `kind`: its AIENG_*_DIR override, else the platform's standard place."""
    override = variable(OVERRIDES[kind])
    if override:
        return Path(override).expanduser()
    import platformdirs

    finder = {
        "data": platformdirs.user_data_path,
        "config": platformdirs.user_config_path,
        "cache": platformdirs.user_cache_path,
    }[kind]
    return finder("aieng", appauthor=False)


def default_progress_path() -> Path:
    """`AIENG_PROGRESS_FILE`, else `progress.json` in the user data directory."""
    override = variable(PROGRESS_ENV)
    return Path(override).expanduser() if override else user_path("data") / "progress.json"


def config_path() -> Path:
    return user_path("config") / "config.toml"


def decks_dir() -> Path:
    return user_path("config") / "decks"


def shipped_data_dir() -> Path:
    """The knowledge base shipped with the package (or, in a source checkout, the repo's data/)."""
    packaged = Path(__file__).resolve().parents[1] / "data"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[3] / "data"
