"""Rows redrawn in place as the user types (the quiz's typed answer, the interview's editor)."""

from typing import Any


class LiveRows:
    """Each `draw` replaces the rows the last one drew: the cursor goes back up to their first
    row, clears to the end of the screen and writes the new rows, none as wide as the terminal
    (so none wraps by itself and the count of rows to go back up stays right)."""

    def __init__(self, stream: Any) -> None:
        self.stream = stream
        self.rows = 0

    def draw(self, rows: list[str]) -> None:
        up = f"\x1b[{self.rows - 1}A" if self.rows > 1 else ""
        self.stream.write(up + "\r\x1b[J" + "\n".join(rows))
        self.stream.flush()
        self.rows = len(rows)

    def done(self) -> None:
        """Leave the rows on screen and move below them."""
        self.stream.write("\n")
        self.stream.flush()
        self.rows = 0
