"""Text from the knowledge base and the user, made safe and styled for the terminal.

Knowledge-base and user text is always passed to Rich as `Text` (or Markdown on purpose), never as
markup, so `[bold]` in a definition is shown as written.
"""

import re

from rich.text import Text

# Invisible or layout-changing characters (controls, surrogates, bidirectional marks and
# overrides, Unicode line separators) are shown escaped; newlines and tabs are kept unless the
# text must stay on one line. One expression serves every use: compiling a class this wide costs
# about a millisecond, paid by every command.
_SPECIAL = "\x7f-\x9f\ud800-\udfff\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069"
_UNSAFE = re.compile(f"[\x00-\x1f{_SPECIAL}]")
_LAYOUT = frozenset("\n\t")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def _escape_but_layout(match: re.Match[str]) -> str:
    return match.group() if match.group() in _LAYOUT else _escape(match)


def printable(text: str, *, one_line: bool = False) -> str:
    """`text` with control and bidirectional-override characters shown as escapes (`\\x1b`)."""
    return _UNSAFE.sub(_escape if one_line else _escape_but_layout, text)


def markdown_source(text: str) -> str:
    """Knowledge-base text for a Markdown renderer: controls escaped, and `&` escaped too, since a
    renderer decodes entities after we escape (`&#x202e;` would become a live bidi override)."""
    return printable(text).replace("&", "&amp;")


def _json_escape(match: re.Match[str]) -> str:
    return match.group() if match.group() in _LAYOUT else f"\\u{ord(match.group()):04x}"


def json_safe(encoded: str) -> str:
    """JSON text (from `json.dumps(ensure_ascii=False)`, which already escapes C0 controls inside
    strings) with C1 controls, bidirectional marks and line separators escaped as `\\uXXXX` too:
    still the same JSON value, but nothing in it can steer a terminal that shows it. The newlines
    and indentation of the layout stay."""
    return _UNSAFE.sub(_json_escape, encoded)


def web_link(url: str) -> bool:
    """Whether `url` may become a live link: only http(s), never `file:` or `javascript:`."""
    return url.startswith(("https://", "http://"))


_INLINE = re.compile(r"(`[^`]+`|\*\*[^*]+\*\*|\*[^*\s][^*]*\*|_[^_\s][^_]*_|\[[^\]]+\]\([^)\s]+\))")


def markdown_text(source: str) -> Text:
    """The small Markdown our definitions use (paragraphs, bullets, code, bold, emphasis, links) as
    Rich Text, without importing a Markdown parser on the lookup path."""
    text = Text()
    for number, paragraph in enumerate(printable(source).split("\n\n")):
        if number:
            text.append("\n\n")
        lines = [line.strip() for line in paragraph.splitlines()]
        bullets = all(line.startswith(("- ", "* ")) for line in lines if line)
        for index, line in enumerate(lines):
            if bullets:
                text.append(("\n" if index else "") + "  • ")
                line = line[2:]
            elif index:
                text.append(" ")
            _inline(text, line)
    return text


def _inline(text: Text, line: str) -> None:
    for piece in _INLINE.split(line):
        if not piece:
            continue
        if piece.startswith("`") and piece.endswith("`") and len(piece) > 1:
            text.append(piece[1:-1], style="bold magenta")
        elif piece.startswith("**") and piece.endswith("**") and len(piece) > 4:
            text.append(piece[2:-2], style="bold")
        elif piece[0] in "*_" and piece[-1] == piece[0] and len(piece) > 2:
            text.append(piece[1:-1], style="italic")
        elif piece.startswith("[") and piece.endswith(")") and "](" in piece:
            label, url = piece[1:-1].split("](", 1)
            text.append(label, style=f"link {url}" if web_link(url) else "")
            text.append(f" ({url})", style="dim")
        else:
            text.append(piece)


def labelled(label: str, text: str) -> Text:
    line = Text(f"{label}: ", style="bold")
    line.append(printable(text))
    return line


def visible_rows(rows: list[str], height: int) -> list[str]:
    """The last rows that fit `height` lines, led by a note of how many are above: redrawing more
    rows than the screen holds would push copies into the scrollback."""
    if len(rows) <= height:
        return rows
    keep = max(height - 1, 1)
    return [f"… {len(rows) - keep} more line(s) above", *rows[-keep:]]


def wrap_words(text: str, width: int, first: str = "", rest: str = "") -> list[str]:
    """`text` as lines of at most `width` cells, broken at spaces (a word longer than a line is
    cut), the first line led by `first` and the others by `rest`; the spaces typed are kept, so
    the cursor after the last line is where the next key goes."""
    from rich.cells import cell_len, chop_cells

    lines: list[str] = []
    line = first
    lead = first
    for word in _pieces(text):
        if cell_len(line) + cell_len(word) <= width or (word.isspace() and cell_len(line) < width):
            line += word
            continue
        if word.isspace():
            lines.append(line)
            line = rest
            continue
        if cell_len(line) > cell_len(lead):
            lines.append(line)
            line = rest
        lead = rest
        while cell_len(line) + cell_len(word) > width:
            pieces = chop_cells(word, width - cell_len(line))
            lines.append(line + pieces[0])
            word = word[len(pieces[0]) :]
            line = rest
        line += word
    lines.append(line)
    return lines


def _pieces(text: str) -> list[str]:
    """`"a  b"` -> `["a", "  ", "b"]`."""
    return [part for part in re.split(r"(\s+)", text) if part]
