"""What a table's header cells mean, in English and Chinese, shared by every table reader.

Pages name their columns differently ("Status Code", "Response Code", "HTTP Status Code",
"状态码"; "Handling Measure", "Measure", "Solution", "处理措施"; ...) and put them in any order,
so readers find columns by meaning, never by position.
"""

from __future__ import annotations

import re

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
# "返回码" (return code) is the error code: Tencent and WeChat pages use it for the `code` /
# `errcode` of the body ("返回码 4000"); an HTTP status is "HTTP 返回码" or "状态码".
_RULES: tuple[tuple[str, tuple[str, ...]], ...] = (
    (STATUS, ("status", "response code", "http", "状态码", "状态")),
    (CODE, ("code", "错误码", "错误代码", "返回码", "代码", "编码")),
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
        ),
    ),
    (
        DESCRIPTION,
        ("description", "meaning", "explanation", "cause", "描述", "说明", "含义", "原因"),
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
            "处理",
            "解决",
            "措施",
            "方案",
            "建议",
        ),
    ),
)

_NON_WORD = re.compile(r"[^\w\s]+")


def column_meaning(header: str) -> str | None:
    """Which Row field a header cell stands for, or None for columns we do not keep ("Module")."""
    text = " ".join(_NON_WORD.sub(" ", header.casefold()).split())
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


_STATUS = re.compile(r"\s*([1-5]\d\d)(?!\d)")
_NO_STATUS = {"", "-", "--", "—", "n/a", "na", "none", "无", "/"}


def parse_status(text: str, path: str, line: int) -> int | None:
    """HTTP status of a cell: "404", "301 Moved Permanently", "404/500" (the first listed)."""
    if text.strip().casefold() in _NO_STATUS:
        return None
    # A cell that lists several statuses ("404/500", "400 or 404") documents the first as the
    # main one; we keep that rather than None so the class still gets a category.
    match = _STATUS.match(text)
    if match is None:
        raise DocumentError(path, line, f"status {text.strip()!r} is not an HTTP status code")
    return int(match.group(1))
