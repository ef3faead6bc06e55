"""Render rows as a Markdown page holding one HTML `<table>` (format "html-table")."""

from __future__ import annotations

import html

HEADERS = ("Status Code", "Error Code", "Error Message", "Description", "Handling Measure")
FIELDS = ("http_status", "code", "message", "description", "solution")


def escape_cell(value: object) -> str:
    """Cell markup that the reader turns back into exactly collapse(str(value))."""
    text = "" if value is None else str(value)
    # The reader undoes Markdown backslash escapes after decoding entities, so a literal
    # backslash is written doubled; html.escape then covers `<`, `>`, `&` and quotes.
    return html.escape(text.replace("\\", "\\\\"))


def write(rows: list[dict[str, object]]) -> str:
    lines = [
        "# Error Codes",
        "",
        "The table below lists the error codes.",
        "",
        "<table><thead>",
        "<tr>" + "".join(f"<th><p>{name}</p></th>" for name in HEADERS) + "</tr>",
        "</thead>",
        "<tbody>",
    ]
    for row in rows:
        cells = "".join(f"<td><p>{escape_cell(row.get(name))}</p></td>" for name in FIELDS)
        lines.append(f"<tr>{cells}</tr>")
    lines += ["</tbody>", "</table>", ""]
    return "\n".join(lines)
