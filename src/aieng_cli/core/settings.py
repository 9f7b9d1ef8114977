"""Effective settings and where each came from: default, config file, environment, or flag."""

from collections.abc import Mapping
from typing import Any, NamedTuple

from aieng_cli.errors import UsageError, shown


class Key(NamedTuple):
    kind: type
    default: Any
    env: str
    help: str


KEYS: dict[str, Key] = {
    "desired_retention": Key(float, 0.9, "AIENG_RETENTION", "share of cards you want to recall when they fall due"),
    "new_per_day": Key(int, 10, "AIENG_NEW_PER_DAY", "new cards per study day"),
    "max_reviews_per_day": Key(int, 200, "AIENG_MAX_REVIEWS", "reviews per study day"),
    "day_starts_at": Key(int, 4, "AIENG_DAY_STARTS_AT", "local hour (0-23) a study day starts, like Anki's 4 a.m."),
    "leech_threshold": Key(int, 8, "AIENG_LEECH_THRESHOLD", "lapses that make a card a leech"),
    "leech_action": Key(str, "suspend", "AIENG_LEECH_ACTION", 'what happens to a leech: "suspend" or "tag"'),
    "progress_file": Key(str, None, "AIENG_PROGRESS_FILE", "path of the progress file"),
    "color": Key(bool, None, "AIENG_COLOR", "colour on (true) or off (false); unset: automatic"),
}


LEECH_ACTIONS = ("suspend", "tag")


class Setting(NamedTuple):
    value: Any
    source: str  # "default", "file", "environment" or "flag"


_KIND_NAMES = {bool: "true or false", int: "a whole number", float: "a number", str: "text"}


def _parse_env(name: str, key: Key, raw: str) -> Any:
    try:
        if key.kind is bool:
            lowered = raw.strip().lower()
            if lowered not in ("1", "0", "true", "false", "yes", "no", "on", "off"):
                raise ValueError(raw)
            return lowered in ("1", "true", "yes", "on")
        return key.kind(raw)
    except ValueError:
        raise UsageError(f"{key.env}={raw!r} is not {_KIND_NAMES[key.kind]} (for {name}).") from None


def _check(name: str, value: Any, where: str) -> Any:
    key = KEYS[name]
    if key.kind is float and isinstance(value, int) and not isinstance(value, bool):
        value = float(value)
    if not isinstance(value, key.kind) or (key.kind is int and isinstance(value, bool)):
        raise UsageError(f"{where}: {name} must be {_KIND_NAMES[key.kind]}, not {shown(value)}.")
    if isinstance(value, str) and "\0" in value:
        raise UsageError(f"{where}: {name} must not contain a NUL character.")
    checked: Any = value
    if name == "desired_retention" and not 0.7 <= checked <= 0.99:
        raise UsageError(f"{where}: desired_retention must be between 0.7 and 0.99, not {shown(value)}.")
    if key.kind is int and checked < 0:
        raise UsageError(f"{where}: {name} must not be negative.")
    if name == "day_starts_at" and checked > 23:
        raise UsageError(f"{where}: day_starts_at must be an hour from 0 to 23, not {shown(value)}.")
    if name == "leech_threshold" and checked < 1:
        raise UsageError(f"{where}: leech_threshold must be at least 1.")
    if name == "leech_action" and checked not in LEECH_ACTIONS:
        raise UsageError(f'{where}: leech_action must be "suspend" or "tag", not {shown(value)}.')
    return value


def resolve(
    file_values: Mapping[str, Any],
    file_name: str,
    env: Mapping[str, str],
    flags: Mapping[str, Any],
    warnings: list[str] | None = None,
) -> dict[str, Setting]:
    """Each setting's value and source; later sources win: default, file, environment, flag.

    A bad value in the config file is a usage error, unless `warnings` is given: then the
    setting keeps its default and the problem is added there (one broken line in a file should
    not stop every command). A bad environment variable or flag is always an error.
    """
    for name in file_values:
        if name not in KEYS:
            problem = UsageError(f"{file_name}: unknown setting {name!r} (known: {', '.join(KEYS)}).")
            if warnings is None:
                raise problem
            warnings.append(problem.message)
    settings: dict[str, Setting] = {}
    for name, key in KEYS.items():
        setting = Setting(key.default, "default")
        if name in file_values:
            try:
                setting = Setting(_check(name, file_values[name], file_name), "file")
            except UsageError as problem:
                if warnings is None:
                    raise
                warnings.append(f"{problem.message} Using the default.")
        if env.get(key.env):
            setting = Setting(_check(name, _parse_env(name, key, env[key.env]), key.env), "environment")
        if flags.get(name) is not None:
            setting = Setting(_check(name, flags[name], "option"), "flag")
        settings[name] = setting
    return settings
