"""All output: Rich on a terminal, plain text when piped, JSON straight to stdout.

`Screen` holds the two consoles (results on stdout, messages on stderr); the modules beside it
draw each view on a Screen. Nothing here opens a file or reads the clock.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from rich.console import Console
from rich.text import Text

from aieng_cli.render.text import json_safe, printable

_WEB_FONT = re.compile(r""",\s*url\("https?://[^"]*"\)\s*format\("[^"]*"\)""")
PROGRESS_BAR_MIN = 300
BULLET = "  • "
PROSE_WIDTH = 100  # prose wraps here on a wide terminal: longer lines are hard to read


class _TrimmedLines:
    """A text stream that drops the spaces Rich leaves at the end of wrapped lines, for output to
    a pipe or a file (a terminal never shows them; `grep` and `diff` do)."""

    def __init__(self, stream: Any) -> None:
        self.stream = stream
        self.pending = ""

    def write(self, text: str) -> int:
        lines = (self.pending + text).split("\n")
        self.pending = lines.pop()
        if lines:
            self.stream.write("".join(line.rstrip(" ") + "\n" for line in lines))
        return len(text)

    def flush(self) -> None:
        if self.pending:
            self.stream.write(self.pending)
            self.pending = ""
        self.stream.flush()

    def isatty(self) -> bool:
        return False

    def fileno(self) -> int:
        return int(self.stream.fileno())


class Screen:
    """The two consoles: results on stdout, messages on stderr. Create once settings are known."""

    def __init__(self, *, color: bool | None = None, record: bool = False) -> None:
        no_color = None if color is None else not color
        options: dict[str, Any] = {"markup": False, "emoji": False, "highlight": False, "no_color": no_color}
        if record:
            import io

            self.out = Console(record=True, width=100, force_terminal=True, file=io.StringIO(), **options)
        elif sys.stdout.isatty():
            self.out = Console(force_terminal=True if color else None, **options)
        else:
            trimmed = _TrimmedLines(sys.stdout)
            self.out = Console(file=trimmed, force_terminal=True if color else None, **options)  # type: ignore[arg-type]
        self.err = Console(stderr=True, force_terminal=True if color else None, **options)

    def interactive(self) -> bool:
        """Whether standard output is a terminal a person watches (not a pipe, even with --color)."""
        return sys.stdout.isatty()

    def svg(self, title: str) -> str:
        """The recorded view as an SVG that needs no network: Rich's template would fetch its font
        from a CDN when the file is opened, so the web-font URLs are dropped (local fonts remain)."""
        return _WEB_FONT.sub("", self.out.export_svg(title=title))

    def error(self, message: str) -> None:
        self._message(Text(printable(message, one_line=True), style="red"))

    def note(self, message: str) -> None:
        self._message(Text(printable(message, one_line=True), style="dim"))

    def _message(self, text: Text) -> None:
        """A message on stderr: wrapped at words on a terminal, one whole line for a log or a script."""
        if self.err.is_terminal:
            self.err.print(text, width=min(self.err.width, PROSE_WIDTH))
        else:
            self.err.print(text, soft_wrap=True)

    def echo(self, text: str) -> None:
        """`text` on stdout exactly as it is (a path, the version, help): nothing wrapped or styled."""
        sys.stdout.write(text + "\n")
        sys.stdout.flush()

    def inline(self, text: str) -> None:
        """`text` on stdout with no line end (a prompt the user's typing continues)."""
        sys.stdout.write(text)
        sys.stdout.flush()

    def json(self, data: Any) -> None:
        import json  # only for --json output: not on every start

        sys.stdout.write(json_safe(json.dumps(data, ensure_ascii=False, indent=2)) + "\n")
        sys.stdout.flush()

    def prose_width(self) -> int:
        """The width prose wraps at: the terminal's, at most `PROSE_WIDTH`."""
        return min(self.out.width, PROSE_WIDTH)

    def line(self, text: str, style: str = "") -> None:
        """A paragraph of text, wrapped at word boundaries to `prose_width`."""
        self.out.print(Text(printable(text), style=style), width=self.prose_width())

    def bullet(self, text: Text, mark: str = "•") -> Text:
        """`text` as a list item whose wrapped lines stay indented under its first."""
        bullet = BULLET.replace("•", mark)
        lines = text.wrap(self.out, max(self.prose_width() - len(bullet), 20))
        item = Text()
        for index, line in enumerate(lines):
            item.append("\n" + " " * len(bullet) if index else bullet)
            line.rstrip()
            item.append_text(line)
        return item

    def plain_rows(self, rows: Sequence[Sequence[str]]) -> None:
        """Rows for a pipe: one tab-separated line each, nothing wrapped, cut or padded."""
        for row in rows:
            sys.stdout.write("\t".join(printable(cell, one_line=True) for cell in row) + "\n")
        sys.stdout.flush()

    @contextmanager
    def progress_bar(self, total: int, label: str) -> Iterator[Callable[[], None]]:
        """A progress bar on stderr for long jobs on a terminal; a no-op otherwise."""
        if total < PROGRESS_BAR_MIN or not self.err.is_terminal:
            yield lambda: None
            return
        from rich.progress import Progress

        with Progress(console=self.err, transient=True) as bar:
            task = bar.add_task(label, total=total)
            yield lambda: bar.advance(task)
