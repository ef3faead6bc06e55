"""Reader for format "html-table": a Markdown (or any text) page holding HTML `<table>`s.

Every table whose header row names an error-code column is read; rows of all such tables come
back in document order. Cells may hold several `<p>`, `<br>`, lists, inline tags and a table of
their own (its text is the cell's too, as a browser shows it); the text is entity-decoded,
Markdown backslash escapes are undone (the vendors' doc tooling escapes `_` and friends even
inside the HTML), and whitespace collapsed. `rowspan` repeats a cell's text in the
rows it covers, `colspan` in each column it covers, as a browser would lay the grid out.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from itertools import chain, islice

from codegen.readers.columns import (
    CODE,
    STATUS,
    add_row,
    table_columns,
)
from codegen.readers.fences import blank_fenced_code
from codegen.readers.text import collapse, split_lines
from codegen.rows import DocumentError, Row

# Tags that start a new line of text when rendered: their boundaries become a space, so
# `<p>a</p><p>b</p>` reads "a b" while `a<strong>b</strong>` stays "ab".
_BREAKING_TAGS = frozenset(
    {
        "address",
        "blockquote",
        "br",
        "caption",
        "dd",
        "div",
        "dl",
        "dt",
        "figcaption",
        "figure",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "hr",
        "li",
        "ol",
        "p",
        "pre",
        "section",
        "ul",
    }
)
_SECTION_TAGS = frozenset({"thead", "tbody", "tfoot"})
_NESTED_BREAKS = frozenset({"tr", "td", "th"})

# CommonMark lets a backslash escape any ASCII punctuation character, and only those.
_MARKDOWN_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
_LEADING_NUMBER = re.compile(r"\s*(\d+)")
# HTML's own limits on spans; they also keep a hostile page from building a huge grid.
_MAX_COLSPAN = 1000
_MAX_ROWSPAN = 65534
# No error table is this wide; a wider header is not read as one (and costs nothing).
_MAX_COLUMNS = 1000
# How many rows of how narrow a table are read to find a code column by its content.
_CONTENT_ROWS = 200
_MAX_CONTENT_COLUMNS = 20


@dataclass
class _Cell:
    is_header: bool
    rowspan: int
    colspan: int
    parts: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return collapse("".join(self.parts))


@dataclass
class _TableRow:
    line: int
    cells: list[_Cell] = field(default_factory=list)


@dataclass
class _Table:
    line: int
    rows: list[_TableRow] = field(default_factory=list)
    open_row: _TableRow | None = None
    open_cell: _Cell | None = None

    def close_cell(self) -> None:
        if self.open_cell is not None and self.open_row is not None:
            self.open_row.cells.append(self.open_cell)
        self.open_cell = None

    def close_row(self) -> None:
        self.close_cell()
        if self.open_row is not None:
            self.rows.append(self.open_row)
        self.open_row = None


def _span(attrs: list[tuple[str, str | None]], name: str, limit: int) -> int:
    """A rowspan/colspan value read as browsers do (leading digits); 0 means "to the end"."""
    for key, value in attrs:
        if key == name and value is not None:
            match = _LEADING_NUMBER.match(value)
            if match is None:
                return 1
            number = int(match.group(1))
            return limit if number == 0 and name == "rowspan" else max(1, min(number, limit))
    return 1


class _TableCollector(HTMLParser):
    """Collects every `<table>` of a page as rows of cells, with the line of each tag."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[_Table] = []
        self.open_tables: list[_Table] = []

    def _host_break(self) -> None:
        """A nested table's cell and row boundaries separate its words in the cell around it."""
        if len(self.open_tables) > 1:
            host = self.open_tables[-2].open_cell
            if host is not None:
                host.parts.append(" ")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        line = self.getpos()[0]
        if tag == "table":
            table = _Table(line)
            self.tables.append(table)
            self.open_tables.append(table)
            self._host_break()
            return
        if not self.open_tables:
            return
        if tag in _NESTED_BREAKS:
            self._host_break()
        table = self.open_tables[-1]
        if tag == "tr":
            # HTML lets `</tr>` and `</td>` be left out; a new row or cell closes the open one.
            table.close_row()
            table.open_row = _TableRow(line)
        elif tag in ("td", "th"):
            table.close_cell()
            if table.open_row is None:
                table.open_row = _TableRow(line)
            table.open_cell = _Cell(
                is_header=tag == "th",
                rowspan=_span(attrs, "rowspan", _MAX_ROWSPAN),
                colspan=_span(attrs, "colspan", _MAX_COLSPAN),
            )
        elif tag in _SECTION_TAGS:
            table.close_row()
        elif tag in _BREAKING_TAGS and table.open_cell is not None:
            table.open_cell.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if not self.open_tables:
            return
        if tag in _NESTED_BREAKS or tag == "table":
            self._host_break()
        table = self.open_tables[-1]
        if tag == "table":
            table.close_row()
            self.open_tables.pop()
        elif tag == "tr" or tag in _SECTION_TAGS:
            table.close_row()
        elif tag in ("td", "th"):
            table.close_cell()
        elif tag in _BREAKING_TAGS and table.open_cell is not None:
            table.open_cell.parts.append(" ")

    def parse_html_declaration(self, i: int) -> int:
        # The standard parser raises AssertionError on a malformed `<!...` / `<![...`;
        # browsers read one as a bogus comment up to the next `>`, and so do we.
        try:
            return super().parse_html_declaration(i)
        except AssertionError:
            return self.parse_bogus_comment(i)

    def handle_data(self, data: str) -> None:
        # A table inside a cell is part of what the cell shows: its text goes to the cell
        # around it too (one level up only, so deep nesting costs linear time).
        text = _MARKDOWN_ESCAPE.sub(r"\1", data)
        for table in self.open_tables[-2:]:
            if table.open_cell is not None:
                table.open_cell.parts.append(text)


@dataclass(frozen=True)
class _Run:
    """A cell's text over the columns [start, start + span) of one grid row."""

    start: int
    span: int
    text: str

    @property
    def end(self) -> int:
        return self.start + self.span


@dataclass
class _GridRow:
    """One `<tr>` laid out on the table grid, rowspans from above included."""

    line: int
    runs: list[_Run]  # sorted by start column
    own_cells: list[_Cell]

    @property
    def width(self) -> int:
        return max((run.end for run in self.runs), default=0)

    def cell_count(self, header_width: int) -> int | None:
        """How many cells the row has, or None when it fits the header exactly."""
        filled = sum(run.span for run in self.runs)
        width = self.width
        if width == header_width and filled == header_width:
            return None
        # With the right width but a hole (left of a rowspan reaching further right) or an
        # overlap, the number of filled columns is the telling one.
        return filled if width == header_width else width

    def run_at(self, column: int) -> _Run | None:
        for run in self.runs:
            if run.start <= column < run.end:
                return run
        return None

    def text_at(self, column: int) -> str:
        run = self.run_at(column)
        return "" if run is None else run.text


def _lay_out(rows: list[_TableRow]) -> Iterator[_GridRow]:
    """Place each row's cells on the grid, carrying rowspans down and colspans across.

    Rows are kept as runs of columns rather than one slot per column, and yielded one at a
    time so a reader can stop at the first bad row: huge spans stay cheap.
    """
    carried: list[tuple[_Run, int]] = []  # a run from a row above, rows it still covers
    for row in rows:
        taken = sorted((run for run, _ in carried), key=lambda run: run.start)
        runs = list(taken)
        carried = [(run, left - 1) for run, left in carried if left > 1]
        column = 0
        next_taken = 0
        for cell in row.cells:
            # Skip the columns that rowspans from above already fill.
            while next_taken < len(taken) and taken[next_taken].start <= column:
                column = max(column, taken[next_taken].end)
                next_taken += 1
            run = _Run(column, cell.colspan, cell.text)
            runs.append(run)
            if cell.rowspan > 1:
                carried.append((run, cell.rowspan - 1))
            column = run.end
        runs.sort(key=lambda run: run.start)
        yield _GridRow(row.line, runs, row.cells)


def _header_index(rows: list[_TableRow]) -> int:
    """The header is the first row of `<th>` cells only, or the first row when there is none
    (a body row may start with a `<th>` naming it: `<th>400</th><td>FSS.0400</td>`, under a
    header of `<td>` cells); title rows above it (one cell, "API Gateway errors" across the
    table) are passed over."""
    start = next(
        (index for index, row in enumerate(rows) if all(cell.is_header for cell in row.cells)), 0
    )
    # A header names at least two columns, so a row of one cell only titles the table.
    while start + 1 < len(rows) and len(rows[start].cells) == 1:
        start += 1
    return start


def _is_caption_row(row: _GridRow, header_width: int) -> bool:
    """A single cell spanning the whole table names a group of rows; it is not an error code."""
    return (
        header_width > 1
        and len(row.own_cells) == 1
        and len(row.runs) == 1
        and row.runs[0].span == header_width
    )


def _read_table(table: _Table, path: str) -> list[Row] | None:
    """Rows of one table, or None when its header does not describe error codes."""
    rows = [row for row in table.rows if row.cells]  # `<tr></tr>` shows nothing
    if not rows:
        return None
    # Rows above the header (a caption row, say) are not part of the error table.
    grid = _lay_out(rows[_header_index(rows) :])
    header = next(grid)
    width = header.width
    if width > _MAX_COLUMNS:
        return None
    headers = [header.text_at(column) for column in range(width)]
    # Without a header naming the code column, the first rows' content may show it; the grid
    # stays lazy for the rest, so huge spans stay cheap.
    sample = [] if width > _MAX_CONTENT_COLUMNS else list(islice(grid, _CONTENT_ROWS))
    sampled = [[row.text_at(index) for index in range(width)] for row in sample]
    columns = table_columns(headers, sampled, path, header.line)
    if columns is None:
        return None
    body = chain(sample, grid)

    result: list[Row] = []
    for row in body:
        if _is_caption_row(row, width):
            continue
        count = row.cell_count(width)
        if count is not None:
            raise DocumentError(path, row.line, f"row has {count} cells, header has {width}")
        if not any(run.text for run in row.runs):
            continue  # a spacer row
        # A code or status cell running into a neighbour is a cell short, not one value for
        # two columns (a description may span; it is the same text in both).
        for meaning in (CODE, STATUS):
            run = row.run_at(columns[meaning]) if meaning in columns else None
            if run is not None and run.span > 1:
                raise DocumentError(
                    path,
                    row.line,
                    f"row has {len(row.runs)} cells for {width} columns: "
                    f"its {meaning} cell spans several columns",
                )
        cells = {meaning: row.text_at(index) for meaning, index in columns.items()}
        add_row(result, cells, path, row.line)
    return result


def read(text: str, path: str) -> list[Row]:
    """Rows of every error-code HTML table in `text`, in document order.

    Tables inside Markdown fenced code are examples, not the page's own: they are skipped, as
    format detection skips them.
    """
    collector = _TableCollector()
    try:
        collector.feed("\n".join(blank_fenced_code(split_lines(text))))
        collector.close()
    except AssertionError as exc:  # how html.parser reports markup it cannot scan
        raise DocumentError(path, collector.getpos()[0], f"malformed HTML: {exc}") from None
    if collector.open_tables:
        line = collector.open_tables[0].line
        raise DocumentError(path, line, "<table> is never closed (is the document truncated?)")

    rows: list[Row] = []
    found = False
    for table in collector.tables:
        table_rows = _read_table(table, path)
        if table_rows is not None:
            found = True
            rows.extend(table_rows)
    if not found:
        raise DocumentError(
            path, 1, "no HTML <table> whose header names an error-code column was found"
        )
    return rows
