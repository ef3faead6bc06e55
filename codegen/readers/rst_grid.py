"""Reader for format "rst-grid": reStructuredText pages holding error-code tables.

The page is parsed by docutils, the reference parser, so cell text is what a renderer would
show: inline markup removed, escapes undone, paragraphs, lists and wrapped lines joined with one
space. Every table whose header names an error-code column is read (grid tables chiefly, but
simple tables and `.. list-table::` come out of docutils as the same nodes); rows of all such
tables are returned in document order.

Parsing is locked down because pages come from outside: no configuration files, nothing
written to stderr, and parsing never halts. Every directive that would put text on the page
that the page itself does not hold (another file or URL: `include`, `csv-table :file:/:url:`;
raw output: `raw`, a role based on `raw`; a character by its code: `unicode`; the date:
`date`; generated numbers or notes: `sectnum`, `target-notes`) is refused at its line, so a page
reads the same on every machine and every day. Roles and directives docutils does not know
(Sphinx's `:ref:`, `:original_name:` ...) are harmless: an unknown role is shown as its text
and docutils' own complaints are kept out of the cells.

docutils records no line for table rows, so each row's line is found by parsing the table's
text block again with docutils' grid-table parser, which gives every cell's line offset.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from docutils import nodes, utils
from docutils.core import publish_doctree
from docutils.parsers.rst import Directive, Parser, directives, roles
from docutils.parsers.rst.directives.misc import Role
from docutils.parsers.rst.directives.tables import CSVTable
from docutils.parsers.rst.states import Inliner
from docutils.parsers.rst.tableparser import GridTableParser, TableMarkupError
from docutils.statemachine import StringList, string2lines

from codegen.readers.columns import (
    CODE,
    STATUS,
    add_row,
    is_error_table_header,
    table_columns,
)
from codegen.readers.text import collapse
from codegen.rows import DocumentError, Row

_QUIET = 5  # above docutils' highest level (SEVERE = 4): report nothing, halt on nothing
# docutils silently drops a whole page with a line longer than its limit (10 000 by default),
# which a table row holding a long cell exceeds; longer lines than ours are a DocumentError.
_MAX_LINE = 100_000

_SETTINGS: dict[str, Any] = {
    # A docutils.conf (cwd, home, /etc, $DOCUTILSCONFIG) would override everything below.
    "_disable_config": True,
    "file_insertion_enabled": False,
    "raw_enabled": False,
    "report_level": _QUIET,
    "halt_level": _QUIET,
    "exit_status_level": _QUIET,
    # Let exceptions reach us instead of docutils printing them and exiting.
    "traceback": True,
    "smart_quotes": False,
    "syntax_highlight": "none",
    "pep_references": False,
    "rfc_references": False,
    "tab_width": 8,
    "line_length_limit": _MAX_LINE,
}

# Lines other tools count as one but Python's splitlines() (used by docutils) breaks: they are
# replaced so docutils' line numbers are the file's line numbers.
_EXTRA_LINE_BREAKS = re.compile("[\v\f\x1c\x1d\x1e\x85\u2028\u2029]")
_GRID_BORDER = re.compile(r"\+([-=]+\+)+")
_TABLE_DIRECTIVE_PROBLEM = re.compile(r'"[\w-]*table" directive')
_EXPLICIT_TITLE = re.compile(r"(?s)(.*?\S)\s+<[^<>]*>")
_LOOK_AHEAD = 40  # lines between a `.. table::` directive line and its grid's top border


class _PlainRoleInliner(Inliner):
    """An inliner that shows an unknown role's text (`:ref:`Table 2 <x>`` reads "Table 2")."""

    def interpreted(
        self, rawsource: str, text: str, role: str, lineno: int
    ) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        probe = utils.Reporter("", _QUIET, _QUIET, stream=io.StringIO())
        role_function, _ = roles.role(role, self.language, lineno, probe)
        if role_function is not None:
            return super().interpreted(rawsource, text, role, lineno)
        shown = utils.unescape(text)
        titled = _EXPLICIT_TITLE.fullmatch(shown)
        return [nodes.inline(rawsource, titled.group(1) if titled else shown)], []


# Directives that inject text the page does not hold, by every name docutils' English knows them.
_INJECTING = {
    "include": "it inserts another file",
    "raw": "it inserts raw output",
    "unicode": "it inserts characters by their codes",
    "date": "it inserts the date of the run",
    "sectnum": "it inserts section numbers",
    "section-numbering": "it inserts section numbers",
    "target-notes": "it inserts generated notes",
    "restructuredtext-test-directive": "it inserts a test report",
}
_RAW_ROLE = re.compile(r"\(\s*raw\s*\)")


class _AnyOption(dict[str, Callable[[str], Any]]):
    """An option_spec accepting every option, so a refused directive reaches run() (and its
    refusal) whatever options it was written with."""

    def __missing__(self, key: str) -> Callable[[str], Any]:
        return directives.unchanged


class _Refused(Directive):
    path = ""
    required_arguments = 0
    optional_arguments = 1_000
    final_argument_whitespace = True
    has_content = True
    option_spec = _AnyOption()

    def run(self) -> list[nodes.Node]:
        reason = _INJECTING.get(self.name, "it inserts text the page does not hold")
        raise DocumentError(self.path, self.lineno, f'"{self.name}" directive refused: {reason}')


class _LocalCSVTable(CSVTable):
    """`csv-table` with its rows in the page; `:file:` and `:url:` are refused."""

    path = ""

    def run(self) -> Sequence[nodes.table | nodes.system_message]:
        for option in ("file", "url"):
            if option in self.options:
                raise DocumentError(
                    self.path,
                    self.lineno,
                    f'"csv-table" directive with :{option}: refused: it inserts another file',
                )
        return super().run()


class _LocalRole(Role):
    """`role`, refused when the new role is based on `raw`."""

    path = ""

    def run(self) -> Sequence[nodes.Node]:
        # docutils' role directive reads its "name(base)" from the first content line.
        if self.content and _RAW_ROLE.search(self.content[0]):
            raise DocumentError(
                self.path, self.lineno, '"role" directive refused: a role based on raw'
            )
        return super().run()


@contextmanager
def _refusing_injection(path: str) -> Iterator[None]:
    """docutils' directive table with the injecting directives replaced, for one parse."""
    table: dict[str, Any] = directives._directives  # type: ignore[attr-defined]
    saved = dict(table)
    replacements: dict[str, Any] = {
        name: type("Refused", (_Refused,), {"path": path}) for name in _INJECTING
    }
    replacements["csv-table"] = type("LocalCSVTable", (_LocalCSVTable,), {"path": path})
    replacements["role"] = type("LocalRole", (_LocalRole,), {"path": path})
    table.update(replacements)
    try:
        yield
    finally:
        table.clear()
        table.update(saved)


# docutils builds its inline patterns from vars(type(inliner)), which misses inherited
# attributes, so the subclass carries its base class's pattern pieces itself.
for _name, _value in vars(Inliner).items():
    if isinstance(_value, str) and not _name.startswith("__"):
        setattr(_PlainRoleInliner, _name, _value)


@dataclass(frozen=True)
class _Cell:
    text: str
    entry_id: int  # the same for every grid position one spanning entry covers


def read(text: str, path: str) -> list[Row]:
    """Rows of every error-code table of a reStructuredText page, in document order."""
    text = _EXTRA_LINE_BREAKS.sub(" ", text.replace("\r\n", "\n").replace("\r", "\n"))
    lines = string2lines(text, tab_width=8, convert_whitespace=True)
    for number, line in enumerate(lines, 1):
        if len(line) > _MAX_LINE:
            raise DocumentError(path, number, f"line longer than {_MAX_LINE} characters")
    document = _parse(text, path)
    _raise_table_problems(document, lines, path)
    tables = [table for table in document.findall(nodes.table)]
    if not tables:
        raise DocumentError(path, 1, "no table found (expected a reStructuredText grid table)")
    rows: list[Row] = []
    found = False
    for table in tables:
        table_rows = _read_table(table, lines, path)
        if table_rows is not None:
            found = True
            rows.extend(table_rows)
    if not found:
        first = tables[0]
        header = _first_row_text(first)
        raise DocumentError(
            path,
            _row_lines(first, lines, path)[0] if any(_table_rows(first)) else first.line or 1,
            f"no error-code table: no table header names an error-code column "
            f"(first table: {header})",
        )
    return rows


def _parse(text: str, path: str) -> nodes.document:
    settings = dict(_SETTINGS, warning_stream=io.StringIO())
    try:
        with _refusing_injection(path):
            document = publish_doctree(
                text,
                source_path=path,
                parser=Parser(inliner=_PlainRoleInliner()),
                settings_overrides=settings,
            )
    except DocumentError:
        raise
    except (Exception, SystemExit) as exc:  # docutils must never end the run or show a trace
        problem = collapse(str(exc)) or type(exc).__name__
        raise DocumentError(path, 1, f"docutils could not parse the page: {problem}") from None
    return document


# --- table problems docutils reports as system messages ----------------------------------------


def _raise_table_problems(document: nodes.document, lines: list[str], path: str) -> None:
    """A table docutils could not read is a DocumentError at the line that breaks it."""
    for message in document.findall(nodes.system_message):
        if message["level"] < 3:
            continue
        detail = collapse(message.children[0].astext()) if message.children else ""
        malformed = detail.startswith("Malformed table")
        if not (malformed or _TABLE_DIRECTIVE_PROBLEM.search(detail)):
            continue
        # The attribute, not .line: docutils leaves .line unset on some of these messages.
        line = int(message.get("line") or 1)
        # docutils' line for a malformed grid can be one off, and for a broken grid inside
        # `.. table::` it names only the directive: find the grid and repeat its checks.
        top = _quoted_grid_top(message, lines) if malformed else _next_border(lines, line - 1)
        fault = None if top is None else _grid_fault(_grid_lines(lines, top))
        if top is not None and fault is not None:
            index, reason = fault
            raise DocumentError(path, top + index + 1, f"malformed grid table: {reason}")
        raise DocumentError(path, line, detail)


def _quoted_grid_top(message: nodes.system_message, lines: list[str]) -> int | None:
    """0-based index of the top line of the grid block a "Malformed table" message quotes."""
    quoted = [child for child in message.children if isinstance(child, nodes.literal_block)]
    line = message.get("line")
    if not quoted or not line:
        return None
    block = quoted[0].astext().split("\n")
    if not block[0].startswith("+"):
        return None  # a simple table: docutils' own line stands
    near = int(line) - 1
    starts = range(max(0, near - len(block) - 2), min(len(lines), near + 2))
    for start in sorted(starts, key=lambda index: abs(index + len(block) - 1 - near)):
        if [text.strip() for text in lines[start : start + len(block)]] == block:
            return start
    return None


def _next_border(lines: list[str], start: int) -> int | None:
    """Index of the first grid border line at or after `start` (a directive's content)."""
    for index in range(max(0, start), min(len(lines), start + _LOOK_AHEAD)):
        if _GRID_BORDER.fullmatch(lines[index].strip()):
            return index
    return None


def _grid_lines(lines: list[str], top: int) -> list[str]:
    """The stripped lines of the grid table whose top border is at index `top`."""
    block: list[str] = []
    for line in lines[top:]:
        stripped = line.strip()
        if not stripped or stripped[0] not in "+|":
            break
        block.append(stripped)
    return block


def _grid_fault(block: list[str]) -> tuple[int, str] | None:
    """Index in `block` of the first line that breaks the grid, and why (docutils' checks)."""
    if not block:
        return None
    if not _GRID_BORDER.fullmatch(block[-1]):
        borders = [i for i, line in enumerate(block) if _GRID_BORDER.fullmatch(line)]
        last_border = borders[-1] if borders else -1
        return last_border + 1, "row not closed by a border line (bottom border missing)"
    padded = _padded(block)
    width = len(utils.strip_combining_chars(padded[0]))
    for index, line in enumerate(padded):
        if len(utils.strip_combining_chars(line)) != width or line[-1] not in "+|":
            return index, "right border not aligned or missing"
    try:
        GridTableParser().parse(padded)
    except TableMarkupError as exc:
        offset = int(getattr(exc, "offset", 0) or 0)
        return offset, collapse(" ".join(str(arg) for arg in exc.args)) or "cells do not line up"
    return None


def _padded(block: list[str]) -> StringList:
    """The block as docutils' grid parser sees it: wide East Asian characters take two columns."""
    padded = StringList(list(block))
    padded.pad_double_width(GridTableParser.double_width_pad_char)
    return padded


# --- reading one table --------------------------------------------------------------------------


def _read_table(table: nodes.table, lines: list[str], path: str) -> list[Row] | None:
    """Rows of an error-code table, or None when the table is about something else."""
    tgroups = _children(table, nodes.tgroup)
    if not tgroups:
        return None
    columns = int(tgroups[0].get("cols", 0))
    head_rows, body_rows = _table_rows(table)
    row_lines = _row_lines(table, lines, path)
    grid = _layout(head_rows + body_rows, columns, row_lines, path)
    head = grid[: len(head_rows)]
    body = list(zip(grid[len(head_rows) :], row_lines[len(head_rows) :], strict=True))
    if not head and body and is_error_table_header(_texts(body[0][0])):
        head = [body[0][0]]
        head_line = body[0][1]
        body = body[1:]
    elif head:
        head_line = row_lines[0]
    else:
        return None
    headers = _header_texts(head, columns)
    mapping = table_columns(headers, [_texts(cells) for cells, _ in body], path, head_line)
    if mapping is None:
        return None
    rows: list[Row] = []
    for cells, line in body:
        _add_row(rows, cells, line, mapping, path)
    return rows


def _children(node: nodes.Element, kind: type[nodes.Element]) -> list[nodes.Element]:
    return [child for child in node.children if isinstance(child, kind)]


def _table_rows(table: nodes.table) -> tuple[list[nodes.Element], list[nodes.Element]]:
    """Header and body rows of a table itself (not of tables nested in its cells)."""
    head: list[nodes.Element] = []
    body: list[nodes.Element] = []
    for tgroup in _children(table, nodes.tgroup)[:1]:
        for part in _children(tgroup, nodes.thead):
            head.extend(_children(part, nodes.row))
        for part in _children(tgroup, nodes.tbody):
            body.extend(_children(part, nodes.row))
    return head, body


def _layout(
    rows: list[nodes.Element], columns: int, row_lines: list[int], path: str
) -> list[list[_Cell]]:
    """Each row's cells by grid column: a spanning entry fills every position it covers."""
    grid: list[list[_Cell]] = []
    carried: dict[int, tuple[int, _Cell]] = {}  # column -> (rows still covered, cell) of row spans
    for row, line in zip(rows, row_lines, strict=True):
        cells: list[_Cell | None] = [None] * columns
        for column, (_, cell) in carried.items():
            cells[column] = cell
        carried = {column: (left - 1, cell) for column, (left, cell) in carried.items() if left > 1}
        column = 0
        for entry in _children(row, nodes.entry):
            while column < columns and cells[column] is not None:
                column += 1
            width = 1 + int(entry.get("morecols", 0))
            if column + width > columns:
                raise DocumentError(path, line, f"row has more cells than the {columns} columns")
            cell = _Cell(_cell_text(entry), id(entry))
            below = int(entry.get("morerows", 0))
            for covered in range(column, column + width):
                cells[covered] = cell
                if below:
                    carried[covered] = (below, cell)
            column += width
        missing = sum(1 for cell in cells if cell is None)
        if missing:
            raise DocumentError(path, line, f"row has {columns - missing} of {columns} cells")
        grid.append([cell for cell in cells if cell is not None])
    return grid


def _texts(cells: list[_Cell]) -> list[str]:
    return [cell.text for cell in cells]


def _header_texts(head: list[list[_Cell]], columns: int) -> list[str]:
    """One header per column; stacked header rows are joined ("Error" over "Code")."""
    headers = []
    for column in range(columns):
        seen: list[int] = []
        parts = []
        for cells in head:
            cell = cells[column]
            if cell.entry_id not in seen and cell.text:
                seen.append(cell.entry_id)
                parts.append(cell.text)
        headers.append(" ".join(parts))
    return headers


def _add_row(
    rows: list[Row], cells: list[_Cell], line: int, mapping: dict[str, int], path: str
) -> None:
    if all(not cell.text for cell in cells):
        return  # an empty spacer row
    if len({cell.entry_id for cell in cells}) == 1 and len(cells) > 1:
        return  # one entry across the whole table: a group caption, not an error code

    # A code or status cell running into a neighbour is a missing column separator (or a
    # cell short), not a value for both columns.
    for field in (CODE, STATUS):
        if field in mapping:
            entry_id = cells[mapping[field]].entry_id
            if sum(1 for cell in cells if cell.entry_id == entry_id) > 1:
                count = len({cell.entry_id for cell in cells})
                raise DocumentError(
                    path,
                    line,
                    f"row has {count} cells for {len(cells)} columns: "
                    f"its {field} cell spans several columns",
                )

    add_row(rows, {field: cells[index].text for field, index in mapping.items()}, path, line)


def _first_row_text(table: nodes.table) -> str:
    head, body = _table_rows(table)
    if not head + body:
        return "(empty)"
    return " | ".join(_cell_text(entry) for entry in _children((head + body)[0], nodes.entry))


# --- cell text ----------------------------------------------------------------------------------


def _cell_text(entry: nodes.Element) -> str:
    return collapse(" ".join(_pieces(entry)))


def _pieces(node: nodes.Element) -> Iterator[str]:
    """Text of each block inside a node; docutils' messages and invisible nodes left out."""
    for child in node.children:
        if isinstance(child, (nodes.system_message, nodes.Invisible)):
            continue
        if isinstance(child, (nodes.TextElement, nodes.Text)):
            yield child.astext()
        elif isinstance(child, nodes.Element):
            yield from _pieces(child)


# --- line numbers -------------------------------------------------------------------------------


def _row_lines(table: nodes.table, lines: list[str], path: str) -> list[int]:
    """1-based line of each row's first text line (header rows first), in docutils' row order."""
    head, body = _table_rows(table)
    rows = head + body
    from_grid = _grid_row_lines(table, lines, rows, path)
    if from_grid is not None:
        return from_grid
    # Not a grid table we can find again (simple or list table): take the first line docutils
    # recorded inside the row, else the table's own line.
    fallback = table.line or _line_before(table)
    result = []
    for row in rows:
        # Lines docutils gives before the table are relative to inline data (csv-table).
        recorded = (node.line for node in row.findall(nodes.Element))
        known = [line for line in recorded if line is not None and line >= fallback]
        result.append(min(known) if known else fallback)
    return result


def _line_before(table: nodes.table) -> int:
    """The last line docutils recorded before a table that has none (`.. csv-table::`)."""
    line = 1
    for node in table.document.findall(nodes.Element) if table.document else ():
        if node is table:
            break
        line = node.line or line
    return line


def _grid_row_lines(
    table: nodes.table, lines: list[str], rows: list[nodes.Element], path: str
) -> list[int] | None:
    top = _top_border(table, lines)
    if top is None:
        return None
    block = _grid_lines(lines, top)
    if len(block) < 2:
        return None
    if not _GRID_BORDER.fullmatch(block[-1]):
        # docutils quietly ends such a table at its last border and reads the rest as text;
        # the rows after that border would be lost.
        fault = _grid_fault(block)
        index, reason = fault if fault is not None else (len(block) - 1, "no bottom border")
        raise DocumentError(path, top + index + 1, f"malformed grid table: {reason}")
    try:
        _, head, body = GridTableParser().parse(_padded(block))
    except TableMarkupError:
        return None
    parsed = head + body
    if len(parsed) != len(rows):
        return None
    result = []
    for cells, row in zip(parsed, rows, strict=True):
        starts = [cell for cell in cells if cell is not None]
        if not starts or len(starts) != len(_children(row, nodes.entry)):
            return None
        result.append(top + starts[0][2] + 1)
    return result


def _top_border(table: nodes.table, lines: list[str]) -> int | None:
    """Index of the grid's top border: the table's own line, or after a `.. table::` line."""
    return _next_border(lines, table.line - 1) if table.line else None
