"""Key presses from the terminal, for the quiz.

The terminal stays in cbreak mode for the whole session (no line buffering, no echo; output still
gets its usual line endings, and Ctrl-C still interrupts). Reading key by key in and out of raw
mode, as `click.getchar` does, lets keys typed between two reads go through the terminal's line
editing and echo, so a fast typist or a paste could lose or double characters.
"""

import codecs
import os
from types import TracebackType
from typing import Any, TextIO


class Keyboard:
    """`with Keyboard(stream) as keyboard: keyboard.read()` gives what was typed, as it comes."""

    def __init__(self, stream: TextIO) -> None:
        self.fd = stream.fileno()
        self._saved: list[Any] | None = None
        self._decoder = codecs.getincrementaldecoder("utf-8")("replace")

    def __enter__(self) -> "Keyboard":
        import termios
        import tty

        self._saved = termios.tcgetattr(self.fd)
        tty.setcbreak(self.fd)
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        import termios

        if self._saved is not None:
            termios.tcsetattr(self.fd, termios.TCSADRAIN, self._saved)
            self._saved = None

    def read(self, timeout: float | None = None) -> str:
        """The next keys typed (one, or several when pasted or typed fast); EOFError at the end;
        "" when `timeout` seconds pass with no key (a timer on screen can then tick)."""
        import select

        while True:
            if timeout is not None and not select.select([self.fd], [], [], timeout)[0]:
                return ""
            data = os.read(self.fd, 256)
            if not data:
                raise EOFError
            text = self._decoder.decode(data)
            if text:
                return text
