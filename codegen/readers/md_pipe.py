"""Reader for format "md-pipe": Markdown pipe tables (GFM), parsed by markdown-it-py.

Every table whose header names an error-code column is read; rows of all such tables come back
in document order. Cell text is what a reader of the rendered page sees: code spans and links
reduced to their text, `<br>` a space, other inline HTML tags dropped, entities and escapes
resolved by markdown-it.

GFM pads short rows and ignores the cells beyond the header's count. Vendors' pages do have
such excess cells (`| -113 | msg | fix | -`), so they are ignored as GFM says; a missing cell
would shift the columns' meanings, so each body row's cells are counted on its source line with
markdown-it's own cell splitter and a row short of cells is a DocumentError.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from markdown_it import MarkdownIt
from markdown_it.common.utils import mdTrim
from markdown_it.rules_block.table import escapedSplit
from markdown_it.token import Token

from codegen.readers.columns import add_row, table_columns
from codegen.readers.text import collapse
from codegen.rows import DocumentError, Row

_MARKDOWN = MarkdownIt("commonmark").enable("table")

# Inline HTML tags that end a line of text when rendered; they read as a space.
_BREAKING_TAG = re.compile(r"</?(?:br|p|div|li|ul|ol|hr)\b[^>]*>\Z", re.IGNORECASE)
# Blockquote markers and indentation in front of a row nested in a container block.
_CONTAINER_PREFIX = re.compile(r"^(?:[ \t]*>)*[ \t]*")
# markdown-it's own line normalisation, so token line numbers index the same lines.
_NEWLINE = re.compile(r"\r\n?|\n")


@dataclass
class _PipeRow:
    line: int
    cells: list[str] = field(default_factory=list)


@dataclass
class _PipeTable:
    header: _PipeRow | None = None
    body: list[_PipeRow] = field(default_factory=list)


def _inline_text(tokens: Sequence[Token]) -> str:
    parts: list[str] = []
    for token in tokens:
        if token.type in ("text", "text_special", "code_inline"):
            parts.append(token.content)
        elif token.type in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif token.type == "html_inline":
            if _BREAKING_TAG.match(token.content):
                parts.append(" ")
        elif token.type == "image":
            parts.append(_inline_text(token.children or []))
        # link_open/close, em/strong markers and other tags add no text of their own.
    return "".join(parts)


def _collect_tables(tokens: Sequence[Token]) -> list[_PipeTable]:
    tables: list[_PipeTable] = []
    table: _PipeTable | None = None
    row: _PipeRow | None = None
    in_head = False
    for token in tokens:
        if token.type == "table_open":
            table = _PipeTable()
            tables.append(table)
        elif token.type == "thead_open":
            in_head = True
        elif token.type == "thead_close":
            in_head = False
        elif token.type == "tr_open":
            row = _PipeRow(line=(token.map[0] + 1) if token.map else 1)
        elif token.type == "inline" and row is not None:
            row.cells.append(collapse(_inline_text(token.children or [])))
        elif token.type == "tr_close" and table is not None and row is not None:
            if in_head:
                table.header = row
            else:
                table.body.append(row)
            row = None
        elif token.type == "table_close":
            table = None
    return tables


def _source_cell_count(source_line: str) -> int:
    """Cells on a row's line, split exactly as markdown-it splits them (escaped `|` kept)."""
    text = mdTrim(_CONTAINER_PREFIX.sub("", source_line, count=1))
    cells = escapedSplit(text)
    if cells and cells[0] == "":
        cells.pop(0)
    if cells and cells[-1] == "":
        cells.pop()
    return len(cells)


def _read_table(table: _PipeTable, lines: list[str], path: str) -> list[Row] | None:
    """Rows of one table, or None when its header does not describe error codes."""
    header = table.header
    if header is None:
        return None
    columns = table_columns(header.cells, [row.cells for row in table.body], path, header.line)
    if columns is None:
        return None
    width = len(header.cells)

    result: list[Row] = []
    for row in table.body:
        count = _source_cell_count(lines[row.line - 1])
        if count < width:
            raise DocumentError(path, row.line, f"row has {count} cells, header has {width}")
        if not any(row.cells):
            continue  # a spacer row
        cells = {meaning: row.cells[index] for meaning, index in columns.items()}
        add_row(result, cells, path, row.line)
    return result


def read(text: str, path: str) -> list[Row]:
    """Rows of every error-code pipe table in `text`, in document order."""
    lines = _NEWLINE.sub("\n", text).split("\n")
    rows: list[Row] = []
    found = False
    for table in _collect_tables(_MARKDOWN.parse(text)):
        table_rows = _read_table(table, lines, path)
        if table_rows is not None:
            found = True
            rows.extend(table_rows)
    if not found:
        raise DocumentError(
            path, 1, "no Markdown pipe table whose header names an error-code column was found"
        )
    return rows
