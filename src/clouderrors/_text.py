"""Text a server sent, made fit for a terminal or a log line: one line, bounded, and every
character that is not printable (ANSI/OSC sequences' ESC, BEL, backspace, NUL, C1 controls, bidi
overrides, lone surrogates...) shown as a Python escape (`\\x1b`, `\\u202e`, `\\ud800`)."""

from __future__ import annotations

# How much of a server's text str() and repr() show, so that a huge body stays one readable line.
SHOWN_LENGTH = 1000
_CUT = "..."


def escaped(char: str) -> str:
    """The Python escape of one character: \\xNN, \\uNNNN or \\UNNNNNNNN."""
    point = ord(char)
    if point < 0x100:
        return f"\\x{point:02x}"
    if point < 0x10000:
        return f"\\u{point:04x}"
    return f"\\U{point:08x}"


def one_line(text: str, limit: int = SHOWN_LENGTH) -> str:
    """`text` with runs of whitespace (line breaks included) made one space, cut to `limit`
    characters (ending in "..." when cut). Unprintable characters stay as they are."""
    line = " ".join(text.split())
    if len(line) > limit:
        line = line[: limit - len(_CUT)] + _CUT
    return line


def printable(text: str, limit: int = SHOWN_LENGTH) -> str:
    """`text` on one line, every unprintable character escaped, at most `limit` characters
    (ending in "..." when cut; an escape is never cut in two)."""
    line = " ".join(text.split())
    if line.isprintable():  # almost every message: no per-character work
        return line if len(line) <= limit else line[: limit - len(_CUT)] + _CUT
    pieces: list[str] = []
    size = 0
    for char in line:  # at most limit + 1 characters are looked at
        piece = char if char.isprintable() else escaped(char)
        pieces.append(piece)
        size += len(piece)
        if size > limit:
            break
    else:
        return "".join(pieces)
    while size > limit - len(_CUT):
        size -= len(pieces.pop())
    return "".join(pieces) + _CUT
