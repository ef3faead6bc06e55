"""Reader for format "text-rows": a plain-text table, one row a line, columns split by spaces.

    HTTP Status Code Error Code Error Message
    400 InvalidAuthorization Invalid signature string format
    404 TopicNotExist The specified log topic does not exist

    Error Code Description
    AuthFailure.SecretIdNotFound The key does not exist.

The header line names the columns (found by meaning, see `text_header`); it must name an
error-code column. A status column is optional: pages of API 3.0 codes have none, and their
rows get `http_status` None. Columns the reader does not know ("Module") are allowed as single
words and skipped. Rule of the format: every column but the last holds one word, the last
column takes the rest of the line; when the last two columns are both text ("Error Message
Solution"), they share the rest, split where the second starts as "text-numeric" splits an
error type from its description ("Invalid parameter Check the parameter" ->
"Invalid parameter" | "Check the parameter"). A table is the header line and the non-blank
lines after it, up to a blank line or the end of the file; every line in it must be a row.

A line counts as a header only when the line after it is a row with a cell for every column
and, with a status column, a number for status; without one, a code shaped like an identifier
(`AuthFailure.SecretIdNotFound`, `LTS.0002`, `InternalError`, `INVALID_PARAM`), so prose that
happens to read like column names is not taken for a table. Tables of numeric codes without a
status column are the "text-numeric" format (its rows split type and description), not this
one. Every table of the page is read, rows in document order.
"""

from __future__ import annotations

import re

from codegen.readers.columns import CODE, DESCRIPTION, MESSAGE, SOLUTION, STATUS, make_row
from codegen.readers.fences import blank_fenced_code
from codegen.readers.text import split_lines
from codegen.readers.text_header import (
    Column,
    cells_by_meaning,
    find_tables,
    table_rows,
)
from codegen.readers.text_numeric import split_type_and_description
from codegen.rows import DocumentError, Row

_STATUS_WORD = re.compile(r"[1-5]\d\d")
# An error code word: letters and digits in parts joined by `.`, `_`, `:` or `-`, starting with
# a letter, and marked as a code by a joint, a digit, an inner capital or all capitals (a plain
# word such as "This" is prose).
_CODE_WORD = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:[._:-][A-Za-z0-9]+)*")
_CODE_MARK = re.compile(r"[._:\d-]|[a-z][A-Z]|\A[A-Z][A-Z_]+\Z")


_TEXT = frozenset({MESSAGE, DESCRIPTION, SOLUTION})


def _cells(line: str, columns: list[Column]) -> list[str] | None:
    shared = len(columns) > 2 and {column.meaning for column in columns[-2:]} <= _TEXT
    words = line.split(maxsplit=len(columns) - 1 - shared)
    if len(words) < len(columns) - shared:
        return None
    if shared:
        return [*words[:-1], *split_type_and_description(words[-1])]
    return words


def _confirms(columns: list[Column], first_row: list[str] | None) -> bool:
    if first_row is None:
        return False
    meanings = [column.meaning for column in columns]
    if STATUS in meanings:
        return bool(_STATUS_WORD.fullmatch(first_row[meanings.index(STATUS)]))
    code = first_row[meanings.index(CODE)]
    return bool(_CODE_WORD.fullmatch(code) and _CODE_MARK.search(code))


def _accepts(columns: list[Column], next_line: str) -> bool:
    return _confirms(columns, _cells(next_line, columns))


def table_headers(lines: list[str]) -> list[tuple[int, list[Column]]]:
    """(index, columns) of every text-rows table header among `lines`, in order."""
    return find_tables(lines, _accepts)


def _row(line: str, number: int, columns: list[Column], path: str) -> Row:
    cells = _cells(line, columns)
    if cells is None:
        names = " | ".join(column.name for column in columns)
        raise DocumentError(
            path,
            number,
            f"row has {len(line.split())} of {len(columns)} columns ({names}): {line.strip()!r}",
        )
    values = cells_by_meaning(columns, cells)
    return make_row(values, path, number)


def read(text: str, path: str) -> list[Row]:
    # Tables quoted in fenced code are examples; detection skips them too.
    lines = blank_fenced_code(split_lines(text))
    headers = table_headers(lines)
    if not headers:
        raise DocumentError(
            path,
            1,
            "no error-code table found (looked for a plain-text header line naming an "
            "error-code column, followed by rows)",
        )
    return table_rows(lines, headers, _row, path)
