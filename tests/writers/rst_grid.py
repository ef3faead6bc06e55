"""Writer for format "rst-grid": rows as a reStructuredText page with one grid table.

Each cell's text comes back from docutils as exactly `collapse(text)`:

- every character that is neither a letter/digit nor a space is backslash-escaped, so nothing
  can start inline markup (`*`, backticks, `_`, `|`) or a structure at a line's start (`- `,
  `1. `, `.. `, `|`, `>>>`, `::`, `• `); docutils drops the backslash of an escaped character;
- a line made only of backslashes (escaped backslashes) could read as a section underline or a
  transition, so it starts with an escaped space, which docutils removes;
- long cells wrap at spaces over several lines, all starting in the same column (an indented
  line would start a block quote or definition);
- widths count wide East Asian characters as two columns, as docutils' grid parser does.

Combining characters cannot be written: docutils' grid parser counts them as a column.
"""

from __future__ import annotations

import unicodedata

from codegen.readers.text import collapse

HEADERS = ("Status Code", "Error Code", "Error Message", "Description", "Solution")
FIELDS = ("http_status", "code", "message", "description", "solution")
WRAP_AT = 30  # display columns of a cell line before wrapping (longer words stay whole)

PREAMBLE = """\
:original_name: error-codes.html

.. _error-codes:

Error Codes
===========

If an API call fails, the response body holds one of the error codes below.

.. code-block::

   {"error_code": "SVC.0001", "error_msg": "..."}

"""


def write(rows: list[dict[str, object]]) -> str:
    """A page whose grid table lists `rows` (keys of codegen.rows.Row; None status -> empty)."""
    table = [[[header] for header in HEADERS]]
    for row in rows:
        table.append([_wrap(_escape(_cell_value(row, field))) for field in FIELDS])
    widths = [
        max(1, *(_width(line) for cells in table for line in cells[column]))
        for column in range(len(HEADERS))
    ]
    border = "+" + "+".join("-" * (width + 2) for width in widths) + "+"
    header_rule = border.replace("-", "=")
    out = [border]
    for index, cells in enumerate(table):
        height = max(len(lines) for lines in cells)
        for line_no in range(height):
            parts = []
            for lines, width in zip(cells, widths, strict=True):
                text = lines[line_no] if line_no < len(lines) else ""
                parts.append(" " + text + " " * (width - _width(text)) + " ")
            out.append("|" + "|".join(parts) + "|")
        out.append(header_rule if index == 0 else border)
    return PREAMBLE + "\n".join(out) + "\n\nSee the API reference for details.\n"


def _cell_value(row: dict[str, object], field: str) -> str:
    value = row.get(field)
    return "" if value is None else str(value)


def _escape(text: str) -> str:
    return "".join(
        char if char.isalnum() or char == " " else "\\" + char for char in collapse(text)
    )


def _wrap(text: str) -> list[str]:
    lines: list[str] = []
    for word in text.split(" "):
        if lines and _width(lines[-1]) + 1 + _width(word) <= WRAP_AT:
            lines[-1] += " " + word
        else:
            lines.append(word)
    # "\ " is an escaped space: docutils removes it, and the line is no longer all punctuation.
    return [("\\ " + line if line and set(line) == {"\\"} else line) for line in lines] or [""]


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)
