"""Render rows as a plain-text page of format "text-rows" (one row a line, split by spaces).

What the format carries: `http_status` (an int from 100 to 599), `code` and `message`.
What it cannot carry:
- `description` and `solution`: the page has no such columns, they are dropped;
- a status of None or outside 100..599: the first row must show a three-digit status for the
  header to be found, and the format has no agreed spelling for "no status";
- a `code` that is empty or holds whitespace: the code column is one word;
- an empty `message` (after whitespace is collapsed): the row would have too few columns;
- line breaks or runs of whitespace in `message`: a row is one line, and the reader collapses
  whitespace, so they come back as single spaces.
"""

from __future__ import annotations

from codegen.readers.text import collapse

HEADER = "HTTP Status Code Error Code Error Message"


def write(rows: list[dict[str, object]]) -> str:
    lines = [
        "Error Codes",
        "",
        "This document lists the error codes returned when an API request fails.",
        "",
        HEADER,
    ]
    for row in rows:
        lines.append(f"{row['http_status']} {row['code']} {collapse(str(row['message']))}")
    lines += ["", "Was this page helpful?", ""]
    return "\n".join(lines)
