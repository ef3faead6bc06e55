"""Reader for format "text-rows": a plain-text table, one row a line, columns split by spaces.

    HTTP Status Code Error Code Error Message
    400 InvalidAuthorization Invalid signature string format
    404 TopicNotExist The specified log topic does not exist

The header line names the columns (found by meaning, see `text_header`); it must name an
error-code column and a status column. Rule of the format: every column but the last holds one
word, the last column takes the rest of the line. A table is the header line and the non-blank
lines after it, up to a blank line or the end of the file; every line in it must be a row.
A line counts as a header only when the line after it is a row whose status is a number, so
prose that happens to read like column names is not taken for a table. Every table of the page
is read, rows in document order.
"""

from __future__ import annotations

import re

from codegen.readers.columns import CODE, DESCRIPTION, MESSAGE, SOLUTION, STATUS, parse_status
from codegen.readers.text import collapse
from codegen.readers.text_header import Column, header_columns, split_lines
from codegen.rows import DocumentError, Row

_STATUS_WORD = re.compile(r"[1-5]\d\d")


def _cells(line: str, columns: list[Column]) -> list[str] | None:
    words = line.split(maxsplit=len(columns) - 1)
    if len(words) < len(columns):
        return None
    return words


def _header_at(lines: list[str], index: int) -> list[Column] | None:
    columns = header_columns(lines[index])
    if columns is None or index + 1 >= len(lines):
        return None
    meanings = [column.meaning for column in columns]
    if STATUS not in meanings or CODE not in meanings:
        return None
    first_row = _cells(lines[index + 1], columns)
    if first_row is None or not _STATUS_WORD.fullmatch(first_row[meanings.index(STATUS)]):
        return None
    return columns


def table_headers(lines: list[str]) -> list[tuple[int, list[Column]]]:
    """(index, columns) of every text-rows table header among `lines`, in order."""
    found: list[tuple[int, list[Column]]] = []
    index = 0
    while index < len(lines):
        columns = _header_at(lines, index)
        if columns is None:
            index += 1
            continue
        found.append((index, columns))
        index += 1
        while index < len(lines) and lines[index].strip():
            index += 1
    return found


def _row(line: str, number: int, columns: list[Column], path: str) -> Row:
    cells = _cells(line, columns)
    if cells is None:
        names = " | ".join(column.name for column in columns)
        raise DocumentError(
            path,
            number,
            f"row has {len(line.split())} of {len(columns)} columns ({names}): {line.strip()!r}",
        )
    values: dict[str, str] = {}
    for column, cell in zip(columns, cells, strict=True):
        values.setdefault(column.meaning, collapse(cell))
    return Row(
        code=values[CODE],
        http_status=parse_status(values[STATUS], path, number),
        message=values.get(MESSAGE, ""),
        description=values.get(DESCRIPTION, ""),
        solution=values.get(SOLUTION, ""),
        path=path,
        line=number,
    )


def read(text: str, path: str) -> list[Row]:
    lines = split_lines(text)
    headers = table_headers(lines)
    if not headers:
        raise DocumentError(
            path,
            1,
            "no error-code table found (looked for a plain-text header line naming a status "
            "and an error-code column, followed by rows)",
        )
    rows: list[Row] = []
    for header_index, columns in headers:
        index = header_index + 1
        while index < len(lines) and lines[index].strip():
            rows.append(_row(lines[index], index + 1, columns, path))
            index += 1
    return rows
