"""Parsed YAML that remembers where each value stood, so every problem can name its line."""

from typing import Any


class LineDict(dict[str, Any]):
    """A mapping with `line` (1-based, of the mapping) and `key_lines` (the line of each key)."""

    line: int
    key_lines: dict[str, int]


class LineList(list[Any]):
    """A sequence with `line` and `item_lines` (the line of each item)."""

    line: int
    item_lines: list[int]
