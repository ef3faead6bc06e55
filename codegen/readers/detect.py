"""Which table format a page is written in, judged from its content (never its file name).

The first error-code table on the page decides. Looked for, outside Markdown fenced code blocks
(a page quoting an example in a fence is not written in the quoted format):

1. tables with a structure of their own whose header names an error-code column (see
   `columns.is_error_table_header`): an HTML `<table>` ("html-table"), an RST grid table with
   `+---+` borders ("rst-grid"), a Markdown pipe table with its `| --- |` delimiter row
   ("md-pipe"); the earliest on the page wins, so an error table after a small parameter table
   of another format still decides;
2. plain-text tables: a header line whose columns are known names followed by a row confirming
   it: with a status column, a row whose status is three digits ("text-rows"); without one, a
   row whose code is shaped like an identifier ("text-rows", e.g. API 3.0 "Error Code
   Description" pages) or a number ("text-numeric"); the earliest wins;
3. the earliest structured table of any header, so its reader reports what is wrong with it.

Plain text comes after the structured formats because their header lines also read as plain
text; a plain-text page has no `<table>`, border or delimiter lines to confuse it with them.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from itertools import pairwise

from codegen.readers import text_numeric, text_rows
from codegen.readers.columns import is_error_table_header
from codegen.readers.fences import blank_fenced_code
from codegen.readers.text import collapse, split_lines
from codegen.rows import DocumentError

# (index of the first table, index of the first error-code table) in a list of lines.
Found = tuple[int | None, int | None]

_HTML_TABLE = re.compile(r"<table\b.*?(?:</table\s*>|\Z)", re.IGNORECASE | re.DOTALL)
_HTML_ROW = re.compile(r"<tr\b.*?(?=<tr\b|</table\s*>|\Z)", re.IGNORECASE | re.DOTALL)
# Tags end at the first ">" and never hold a "<": a scan for a tag's end stops at the next tag,
# so a page of unclosed "<td " costs linear time, not a scan to the end per "<".
_HTML_CELL = re.compile(r"<t[hd]\b[^<>]*>(.*?)(?=<t[hd]\b|</tr\s*>|\Z)", re.IGNORECASE | re.DOTALL)
_HTML_TAG = re.compile(r"<[^<>]*>")
_GRID_BORDER = re.compile(r"(\s*)\+(?:-+\+)+\s*")
_GRID_HEADER_RULE = re.compile(r"\s*\+(?:=+\+)+\s*")
_SIMPLE_BORDER = re.compile(r"\s*=+(?: +=+)+\s*")
_TABLE_DIRECTIVE = re.compile(r"\s*\.\. +(?:list-table|csv-table)::")
# One cell of a pipe table's delimiter row, stripped: dashes, optionally colon-aligned.
_PIPE_DELIMITER_CELL = re.compile(r":?-+:?")
_UNESCAPED_PIPE = re.compile(r"(?<!\\)\|")


def _html_tables(lines: list[str]) -> Found:
    joined = "\n".join(lines)
    first: int | None = None
    for table in _HTML_TABLE.finditer(joined):
        row = _HTML_ROW.search(table.group(0))
        if row is None:
            continue
        cells = [
            collapse(html.unescape(_HTML_TAG.sub(" ", cell)).replace("\\", ""))
            for cell in _HTML_CELL.findall(row.group(0))
        ]
        if not cells:
            continue
        index = joined.count("\n", 0, table.start())
        first = index if first is None else first
        if is_error_table_header(cells):
            return first, index
    return first, None


def _grid_header(lines: list[str], border: int) -> list[str]:
    """Header cells of the grid table whose top border is lines[border] ([] if it has none)."""
    edges = [position for position, char in enumerate(lines[border]) if char == "+"]
    texts = [""] * (len(edges) - 1)
    for line in lines[border + 1 :]:
        if _GRID_HEADER_RULE.fullmatch(line):
            return [collapse(text) for text in texts]
        if not line.strip() or not line.lstrip().startswith(("|", "+")):
            return []
        for column, (left, right) in enumerate(pairwise(edges)):
            texts[column] += " " + line[left + 1 : right].strip("|+-")
    return []


def _simple_header(lines: list[str], border: int) -> list[str] | None:
    """Header cells of the RST simple table whose top border is lines[border] (`=====  ====`),
    or None when no header line and second border follow it."""
    if border + 2 >= len(lines) or not _SIMPLE_BORDER.fullmatch(lines[border + 2]):
        return None
    header = lines[border + 1]
    if not header.strip():
        return None
    spans = [match.span() for match in re.finditer(r"=+", lines[border])]
    # The last column takes the rest of the line, as docutils reads it.
    ends = [start for start, _ in spans[1:]] + [len(header)]
    return [collapse(header[start:end]) for (start, _), end in zip(spans, ends, strict=True)]


def _grid_tables(lines: list[str]) -> Found:
    """reStructuredText tables: grid tables, simple tables (by their header), and the
    `list-table` / `csv-table` directives (tables of unknown header)."""
    first: int | None = None
    for index, line in enumerate(lines[:-1]):
        border = _GRID_BORDER.fullmatch(line)
        if border is not None and lines[index + 1].startswith(border.group(1) + "|"):
            headers = _grid_header(lines, index)
        elif _SIMPLE_BORDER.fullmatch(line):
            simple = _simple_header(lines, index)
            if simple is None:
                continue
            headers = simple
        elif _TABLE_DIRECTIVE.match(line):
            headers = []
        else:
            continue
        first = index if first is None else first
        if is_error_table_header(headers):
            return first, index
    return first, None


def _pipe_cells(line: str) -> list[str]:
    inner = line.strip()
    inner = inner[1:] if inner.startswith("|") else inner
    inner = inner[:-1] if inner.endswith("|") and not inner.endswith("\\|") else inner
    return [cell.strip() for cell in _UNESCAPED_PIPE.split(inner)]


def _is_pipe_delimiter(line: str) -> bool:
    """Whether `line` is a delimiter row (`| --- | :-: |`): split on pipes, then one linear
    check per cell (a single regular expression over the row backtracks on long blank runs)."""
    inner = line.strip()
    inner = inner[1:] if inner.startswith("|") else inner
    inner = inner[:-1] if inner.endswith("|") else inner
    return all(_PIPE_DELIMITER_CELL.fullmatch(cell.strip()) for cell in inner.split("|"))


def _pipe_tables(lines: list[str]) -> Found:
    first: int | None = None
    for index in range(1, len(lines)):
        delimiter, header = lines[index], lines[index - 1]
        if "|" not in delimiter or not _is_pipe_delimiter(delimiter):
            continue
        if "|" not in header or len(_pipe_cells(header)) != len(_pipe_cells(delimiter)):
            continue
        first = index - 1 if first is None else first
        if is_error_table_header(_pipe_cells(header)):
            return first, index - 1
    return first, None


_STRUCTURED: dict[str, Callable[[list[str]], Found]] = {
    "html-table": _html_tables,
    "rst-grid": _grid_tables,
    "md-pipe": _pipe_tables,
}


def _earliest(candidates: dict[str, int | None]) -> str | None:
    present = [(index, name) for name, index in candidates.items() if index is not None]
    return min(present)[1] if present else None


def detect_format(text: str, path: str) -> str:
    """The format name (a key of codegen.readers.FORMATS) of the page `text`."""
    lines = blank_fenced_code(split_lines(text))
    structured = {name: find(lines) for name, find in _STRUCTURED.items()}

    error_table = _earliest({name: found[1] for name, found in structured.items()})
    if error_table is not None:
        return error_table

    plain = {
        "text-rows": next((index for index, _ in text_rows.table_headers(lines)), None),
        "text-numeric": next((index for index, _ in text_numeric.table_headers(lines)), None),
    }
    plain_table = _earliest(plain)
    if plain_table is not None:
        return plain_table

    any_table = _earliest({name: found[0] for name, found in structured.items()})
    if any_table is not None:
        return any_table

    raise DocumentError(
        path,
        1,
        "no error-code table found (looked for an HTML <table>, an RST grid table, a Markdown "
        "pipe table, and plain-text rows under a header line)",
    )
