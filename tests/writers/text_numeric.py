"""Render rows as a plain-text page of format "text-numeric" (numeric code, type, description).

What the format carries: `code` (an integer, written in decimal), `message` (the error type)
and `description`, as one indented line per row in which type and description run together.
What it cannot carry:
- `http_status` and `solution`: the page has no such columns (the reader gives None and "");
- a code that is not an integer;
- a type and description that the reader's language rule cannot pull apart again (see
  codegen/readers/text_numeric.py): in English the type must be a phrase in sentence case with
  no punctuation and no title-case word after its first, and the description must start with a
  title-case word; in Chinese the type must hold no space at all;
- an empty type; line breaks or runs of whitespace in either text (a row is one line; they come
  back as single spaces).
"""

from __future__ import annotations

from codegen.readers.text import collapse

HEADER = "Error Code Error Type Description"


def write(rows: list[dict[str, object]]) -> str:
    lines = [
        "Error Codes",
        "",
        "    1. Common Error Code",
        "",
        "    A code of 0 means the call succeeded; other values mean it failed.",
        "",
        f"    {HEADER}",
    ]
    for row in rows:
        text = collapse(f"{row['message']} {row['description']}")
        lines.append(f"    {row['code']} {text}")
    lines += ["", "    2. Module Error Code", "", "    Was this page helpful?", ""]
    return "\n".join(lines)
