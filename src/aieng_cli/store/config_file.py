"""The config file (TOML): reading it; aieng never writes it."""

from typing import Any

from aieng_cli.errors import UnreadableInput
from aieng_cli.store.paths import config_path


def read_config() -> dict[str, Any]:
    """The config file's table (empty when there is none); a broken file is a usage error."""
    path = config_path()
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return {}
    except OSError as error:
        raise UnreadableInput(f"Cannot read the config file {path}: {error.strerror}.") from None
    import tomllib

    try:
        return tomllib.loads(raw.decode("utf-8"))
    except ValueError as error:  # TOML errors, bad UTF-8, and integers too long to read
        raise UnreadableInput(f"The config file {path} is not valid TOML: {error}.", "Fix it or remove it.") from None


def config_exists() -> bool:
    return config_path().exists()
