"""Render rows as a Markdown page holding one pipe table (format "md-pipe")."""

from __future__ import annotations

import re

from codegen.readers.text import collapse

HEADERS = ("Status Code", "Error Code", "Error Message", "Description", "Handling Measure")
FIELDS = ("http_status", "code", "message", "description", "solution")

# CommonMark can backslash-escape every ASCII punctuation character; escaping all of them keeps
# `|`, backticks, `<`, `&` (entity-looking text), `*`, `_`, `[`, `\` ... literal.
_ASCII_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")


def escape_cell(value: object) -> str:
    """Cell source that the reader turns back into exactly collapse(str(value))."""
    text = "" if value is None else str(value)
    # A row is one line, so whitespace (newlines included) is collapsed before writing;
    # the reader collapses it the same way.
    return _ASCII_PUNCTUATION.sub(r"\\\1", collapse(text))


def write(rows: list[dict[str, object]]) -> str:
    lines = [
        "# Error Codes",
        "",
        "The table below lists the error codes.",
        "",
        "| " + " | ".join(HEADERS) + " |",
        "|" + "|".join("---" for _ in HEADERS) + "|",
    ]
    for row in rows:
        lines.append("| " + " | ".join(escape_cell(row.get(name)) for name in FIELDS) + " |")
    lines.append("")
    return "\n".join(lines)
