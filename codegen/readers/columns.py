"""What a table's header cells mean, in English and Chinese, shared by every table reader.

Pages name their columns differently ("Status Code", "Response Code", "HTTP Status Code",
"状态码"; "Handling Measure", "Measure", "Solution", "处理措施"; ...) and put them in any order,
so readers find columns by meaning, never by position.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from contextvars import ContextVar

from codegen.rows import DocumentError, Row

# Field names of codegen.rows.Row that a column can fill. "status" becomes Row.http_status.
STATUS, CODE, MESSAGE, DESCRIPTION, SOLUTION = (
    "status",
    "code",
    "message",
    "description",
    "solution",
)

# Checked in order; the first rule with a matching keyword names the column. Status comes
# before code because "Status Code" and "Response Code" are statuses, not error codes.
# Tencent Cloud's international pages come in Japanese, Korean and Russian too ("エラーコード",
# "오류 코드", "Код ошибки").
# "返回码" (return code) is the error code: Tencent and WeChat pages use it for the `code` /
# `errcode` of the body ("返回码 4000"); an HTTP status is "HTTP 返回码" or "状态码".
_RULES: tuple[tuple[str, tuple[str, ...]], ...] = (
    (STATUS, ("status", "response code", "http", "状态码", "状态", "ステータス", "상태", "статус")),
    (CODE, ("code", "错误码", "错误代码", "返回码", "代码", "编码", "コード", "코드", "код")),
    (
        MESSAGE,
        (
            "message",
            "msg",
            "error type",
            "error info",
            "错误信息",
            "错误类型",
            "错误消息",
            "错误提示",
            "信息",
            "消息",
            "メッセージ",
            "메시지",
            "сообщение",
        ),
    ),
    (
        DESCRIPTION,
        (
            "description",
            "meaning",
            "explanation",
            "cause",
            "reason",
            "detail",
            "描述",
            "说明",
            "含义",
            "释义",
            "原因",
            "详情",
            "説明",
            "설명",
            "описание",
        ),
    ),
    (
        SOLUTION,
        (
            "solution",
            "measure",
            "handling",
            "suggestion",
            "action",
            "remed",
            "resolution",
            "troubleshoot",
            "workaround",
            "处理",
            "解决",
            "措施",
            "方案",
            "建议",
            "排查",
            "排除",
            "应对",
            "対処",
            "解決",
            "해결",
            "решение",
        ),
    ),
)

_NON_WORD = re.compile(r"[^\w\s]+")
FIELDS = (STATUS, CODE, MESSAGE, DESCRIPTION, SOLUTION)

# Header text -> meaning, from a manifest entry's `columns` (what no keyword can tell), in force
# while that document is read (see named_columns).
_NAMED: ContextVar[tuple[tuple[str, str], ...]] = ContextVar("named_columns", default=())


def _normal(header: str) -> str:
    return " ".join(_NON_WORD.sub(" ", header.casefold()).split())


@contextmanager
def named_columns(names: Mapping[str, str]) -> Iterator[None]:
    """Within the block, a header cell reading names[field] means field (`code = "Returned
    Value"`), before any keyword rule."""
    token = _NAMED.set(tuple((_normal(header), field) for field, header in sorted(names.items())))
    try:
        yield
    finally:
        _NAMED.reset(token)


def named_columns_key() -> tuple[tuple[str, str], ...]:
    """The names in force, for caches of header meanings."""
    return _NAMED.get()


def column_meaning(header: str) -> str | None:
    """Which Row field a header cell stands for, or None for columns we do not keep ("Module")."""
    text = _normal(header)
    for named, field in _NAMED.get():
        if text == named:
            return field
    for field, keywords in _RULES:
        if any(keyword in text for keyword in keywords):
            return field
    return None


def map_columns(headers: list[str], path: str, line: int) -> dict[str, int]:
    """Map each known field to the index of its column; the first column of a meaning wins."""
    mapping: dict[str, int] = {}
    for index, header in enumerate(headers):
        field = column_meaning(header)
        if field is not None and field not in mapping:
            mapping[field] = index
    if CODE not in mapping:
        shown = " | ".join(h for h in headers) or "(empty)"
        raise DocumentError(path, line, f"table header has no error-code column: {shown}")
    return mapping


# What an error code looks like in a cell: a number (-113, 4000), letters and digits with a
# separator (LTS.0101, SVCSTG.SWR.4000016, Ecs.0030), or a CamelCase or dotted identifier
# (InvalidParameter, AuthFailure.SecretIdNotFound). snake_case or lowercase words are parameter
# names, not codes.
_CODE_SHAPED = re.compile(
    r"-?\d+|[A-Za-z][A-Za-z0-9]*(?:[._-][A-Za-z0-9]+)*[._-]?\d+"
    r"|(?:[A-Z][a-z0-9]*){2,}[A-Za-z0-9]*(?:\.[A-Za-z][A-Za-z0-9]*)*"
)
# Share of a column's non-empty cells that must look like codes for it to be the code column.
_CODE_SHARE = 0.8
_MIN_CODE_ROWS = 2


# A table of a request's or response's fields (Tencent's "参数名称 | 类型 | 描述", "Parameter |
# Type | Description") holds CamelCase names that look like codes: a column whose header names
# a field, or a table with a column of data types, holds no error codes.
_FIELD_WORDS = ("parameter", "param", "field", "attribute", "property", "参数", "字段", "属性")
_TYPE_HEADERS = frozenset({"type", "data type", "类型", "数据类型", "参数类型"})


def _is_field_table(headers: list[str]) -> bool:
    return any(_normal(header) in _TYPE_HEADERS for header in headers)


def _names_a_field(header: str) -> bool:
    text = _normal(header)
    return any(word in text for word in _FIELD_WORDS)


def code_column_by_content(headers: list[str], body: Sequence[Sequence[str]]) -> int | None:
    """The column that holds the error codes when no header names one: the first column without
    a meaning whose cells look like codes in most rows, in a table with another known column
    that is no table of fields (see _FIELD_WORDS)."""
    meanings = [column_meaning(header) for header in headers]
    if not any(meanings) or _is_field_table(headers):
        return None  # nothing says this table is about errors
    for index, meaning in enumerate(meanings):
        if meaning is not None or _names_a_field(headers[index]):
            continue
        cells = [row[index] for row in body if index < len(row) and row[index]]
        if len(cells) < _MIN_CODE_ROWS:
            continue
        shaped = sum(1 for cell in cells if _CODE_SHAPED.fullmatch(cell))
        if shaped >= _CODE_SHARE * len(cells):
            return index
    return None


def table_columns(
    headers: list[str], body: Sequence[Sequence[str]], path: str, line: int
) -> dict[str, int] | None:
    """Map each known field to its column, or None when the table holds no error codes. The code
    column is named by its header, else found by its content (see code_column_by_content)."""
    if is_error_table_header(headers):
        return map_columns(headers, path, line)
    index = code_column_by_content(headers, body)
    if index is None:
        return None
    mapping = {CODE: index}
    for column, header in enumerate(headers):
        field = column_meaning(header)
        if field is not None and field not in mapping:
            mapping[field] = column
    return mapping


def is_error_table_header(headers: list[str]) -> bool:
    """A header row that names an error-code column and at least one other known column."""
    meanings = {column_meaning(h) for h in headers} - {None}
    return CODE in meanings and len(meanings) >= 2


def make_row(cells: dict[str, str], path: str, line: int) -> Row:
    """The Row of one table row, given its cell text by column meaning (absent columns: "")."""
    code = cells.get(CODE, "")
    if not code:
        raise DocumentError(path, line, "row has an empty error-code cell")
    return Row(
        code=code,
        http_status=parse_status(cells.get(STATUS, ""), path, line),
        message=cells.get(MESSAGE, ""),
        description=cells.get(DESCRIPTION, ""),
        solution=cells.get(SOLUTION, ""),
        path=path,
        line=line,
    )


def add_row(rows: list[Row], cells: dict[str, str], path: str, line: int) -> None:
    """Append the Row of one table row to the rows of its table, read so far.

    A row with neither code nor status, below a row of the table, continues that row: pages
    whose table cells were merged in the source (Tencent's `| | | and also ... |` lines) leave
    those cells empty on the lines after the first, and their text belongs to the row above.
    Any other row without a code is an error (make_row)."""
    if rows and not cells.get(CODE) and not cells.get(STATUS):
        above = rows[-1]
        rows[-1] = dataclasses.replace(
            above,
            message=_joined(above.message, cells.get(MESSAGE, "")),
            description=_joined(above.description, cells.get(DESCRIPTION, "")),
            solution=_joined(above.solution, cells.get(SOLUTION, "")),
        )
        return
    rows.append(make_row(cells, path, line))


def _joined(text: str, more: str) -> str:
    return f"{text} {more}" if text and more else text or more


# "404", "301 Moved Permanently", "404/500", and the status line's own spelling: "HTTP 404",
# "HTTP/1.1 404 Not Found".
_STATUS = re.compile(r"\s*(?:HTTP(?:/\d+(?:\.\d+)?)?\s*)?([1-5]\d\d)(?!\d)", re.IGNORECASE)
_NO_STATUS = {"", "-", "--", "—", "n/a", "na", "none", "无", "/"}


def parse_status(text: str, path: str, line: int) -> int | None:
    """HTTP status of a cell: "404", "301 Moved Permanently", "HTTP 404", "404/500" (the first
    listed)."""
    if text.strip().casefold() in _NO_STATUS:
        return None
    # A cell that lists several statuses ("404/500", "400 or 404") documents the first as the
    # main one; we keep that rather than None so the class still gets a category.
    match = _STATUS.match(text)
    if match is None:
        raise DocumentError(path, line, f"status {text.strip()!r} is not an HTTP status code")
    return int(match.group(1))
