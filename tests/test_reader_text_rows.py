"""Reader for format "text-rows": plain-text tables, one row a line, columns split by spaces."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from codegen.readers import read_document, read_text
from codegen.readers.text_rows import read
from codegen.rows import DocumentError, Row
from tests.writers import text_rows as writer


def test_seed_rows(seed):
    path = str(seed["cls-2019"])
    rows = read_document(path, "text-rows")
    assert len(rows) == 37
    assert rows[0] == Row(
        "InvalidAuthorization", 400, "Invalid signature string format", "", "", path, 13
    )
    assert rows[13] == Row(
        "Unauthorized",
        401,
        "Authentication failed, possibly due to ID error, repeated use of signature, or "
        "signature computing error.",
        "",
        "",
        path,
        26,
    )
    assert rows[2] == Row(
        "InvalidContent",
        400,
        "Message body error. Decompression or resolution failed.",
        "",
        "",
        path,
        15,
    )
    # The last row has no newline after it.
    assert rows[-1] == Row("InternalError", 500, "Internal error", "", "", path, 49)
    assert [row.line for row in rows] == list(range(13, 50))
    assert {row.http_status for row in rows} == {400, 401, 403, 404, 405, 409, 500}


def test_seed_is_detected(seed):
    assert read_document(seed["cls-2019"]) == read_document(seed["cls-2019"], "text-rows")


def test_chinese_header_and_columns_in_another_order():
    page = "\n".join(
        [
            "错误码",
            "",
            "错误码 HTTP状态码 错误信息",
            "InvalidParam 400 缺少必需参数 或参数不合法",
            "TopicNotExist 404 日志主题不存在",
        ]
    )
    assert read(page, "zh.txt") == [
        Row("InvalidParam", 400, "缺少必需参数 或参数不合法", "", "", "zh.txt", 4),
        Row("TopicNotExist", 404, "日志主题不存在", "", "", "zh.txt", 5),
    ]


def test_description_column_and_status_with_reason_phrase():
    page = "状态码 错误码 错误描述\n409 LogsetConflict 日志集已存在\n- Unknown 未记录状态\n"
    assert read(page, "p.txt") == [
        Row("LogsetConflict", 409, "", "日志集已存在", "", "p.txt", 2),
        Row("Unknown", None, "", "未记录状态", "", "p.txt", 3),
    ]


def test_two_text_columns_share_the_rest_of_the_line():
    # Not one word for the message and the rest for the handling measure.
    page = (
        "HTTP Status Code Error Code Error Message Solution\n"
        "400 InvalidParam Invalid parameter Check the parameter and try again.\n"
        "404 NotFound Not found Check the ID.\n"
        "409 Conflict 资源冲突 请稍后重试\n"
    )
    assert read(page, "p.txt") == [
        Row(
            "InvalidParam",
            400,
            "Invalid parameter",
            "",
            "Check the parameter and try again.",
            "p.txt",
            2,
        ),
        Row("NotFound", 404, "Not found", "", "Check the ID.", "p.txt", 3),
        Row("Conflict", 409, "资源冲突", "", "请稍后重试", "p.txt", 4),
    ]


def test_prose_around_and_several_tables():
    page = "\n".join(
        [
            "The Error Code and HTTP Status Code are in the response.",
            "",
            "HTTP Status Code Error Code Error Message",
            "400   InvalidParam   Parameter  is invalid",
            "",
            "Some text between the tables. 404 is a status.",
            "",
            "HTTP Status Code Error Code Error Message",
            "  500 InternalError Internal error",
            "",
            "Was this page helpful?",
        ]
    )
    rows = read(page, "p.txt")
    assert [(r.code, r.http_status, r.message, r.line) for r in rows] == [
        ("InvalidParam", 400, "Parameter is invalid", 4),
        ("InternalError", 500, "Internal error", 9),
    ]


def test_crlf_line_numbers():
    page = (
        "Intro\r\n\r\nHTTP Status Code Error Code Error Message\r\n403 NotAllowed Not allowed\r\n"
    )
    assert [(r.line, r.message) for r in read(page, "p.txt")] == [(4, "Not allowed")]


def _problem(text: str) -> DocumentError:
    with pytest.raises(DocumentError) as info:
        read_text(text, "bad.txt", "text-rows")
    return info.value


HEADER = "HTTP Status Code Error Code Error Message\n"


def test_status_that_is_not_a_number():
    error = _problem(HEADER + "400 A Bad a\n4O4 TopicNotExist Topic missing\n")
    assert str(error) == "bad.txt:3: status '4O4' is not an HTTP status code"


def test_row_with_too_few_columns():
    error = _problem("Intro\n\n" + HEADER + "400 A Bad a\n404 TopicNotExist\n500 B c\n")
    assert error.line == 5
    assert "row has 2 of 3 columns" in error.problem


def test_truncated_table_ends_mid_row():
    error = _problem(HEADER + "400 A Bad a\n404 TopicNotExist The topic\n409")
    assert (error.line, error.problem.startswith("row has 1 of 3 columns")) == (4, True)


def test_header_without_rows_is_no_table():
    error = _problem("Intro\n\n" + HEADER)
    assert error.line == 1
    assert error.problem.startswith("no error-code table found")


def test_numeric_page_is_not_a_text_rows_table(seed):
    with pytest.raises(DocumentError) as info:
        read_document(seed["common"], "text-rows")
    assert info.value.line == 1
    assert "no error-code table found" in info.value.problem


_CODE = st.text(st.characters(blacklist_categories=("Z", "C")), min_size=1, max_size=30)
_MESSAGE = st.text(st.characters(blacklist_categories=("Cs",)), max_size=60).filter(
    lambda text: text.split() != []
)
_ROW = st.fixed_dictionaries(
    {"http_status": st.integers(100, 599), "code": _CODE, "message": _MESSAGE}
)


@settings(max_examples=200, deadline=None)
@given(st.lists(_ROW, min_size=1, max_size=10))
def test_round_trip(rows):
    page = writer.write(rows)
    read_rows = read_text(page, "gen.txt")
    assert [(r.code, r.http_status, r.message, r.description, r.solution) for r in read_rows] == [
        (row["code"], row["http_status"], " ".join(str(row["message"]).split()), "", "")
        for row in rows
    ]
    first_line = page.split("\n").index(writer.HEADER) + 2
    assert [r.line for r in read_rows] == list(range(first_line, first_line + len(rows)))


def test_table_without_status_column():
    page = (
        "Error Code Description\nAuthFailure.TokenFailure Token error.\nInternalError Internal.\n"
    )
    assert read(page, "p.txt") == [
        Row("AuthFailure.TokenFailure", None, "", "Token error.", "", "p.txt", 2),
        Row("InternalError", None, "", "Internal.", "", "p.txt", 3),
    ]


@pytest.mark.parametrize(
    "page",
    [
        # prose under a line that reads like a header: "This" is not shaped like a code
        "Error Code Description\nThis page lists every code.\n",
        # numeric codes without a status column are the text-numeric format
        "Error Code Description\n4000 Invalid request parameter.\n",
        # a lowercase unknown word makes the line prose
        "Error Code and Description\nFoo.Bar Something.\n",
        # an unknown word cannot be the last column: that one holds the text we keep
        "Error Code Description Module\nFoo.Bar Something VPC\n",
    ],
)
def test_lines_that_are_not_headers(page):
    assert _problem(page).problem.startswith("no error-code table found")


def test_unknown_column_kept_only_where_the_row_shows_it():
    with_module = "Module Error Code Description\nQueue CMQ.QueueNotFound No such queue.\n"
    assert [(r.code, r.description) for r in read(with_module, "p.txt")] == [
        ("CMQ.QueueNotFound", "No such queue.")
    ]
    # The row has no cell for a "Module" column: the words are one name, "Module Error Code".
    without = "Module Error Code Description\nCMQ.QueueNotFound The queue does not exist.\n"
    assert [(r.code, r.description) for r in read(without, "p.txt")] == [
        ("CMQ.QueueNotFound", "The queue does not exist.")
    ]


def test_unknown_chinese_column_and_status():
    page = "模块 状态码 错误码 错误信息\n日志集 404 LogsetNotExist 日志集不存在\n"
    assert read(page, "p.txt") == [Row("LogsetNotExist", 404, "日志集不存在", "", "", "p.txt", 2)]


def test_row_short_of_a_cell_in_table_without_status():
    error = _problem("Module Error Code Description\nQueue CMQ.A Bad.\nCMQ.B\n")
    assert (error.line, error.problem.startswith("row has 1 of 3 columns")) == (3, True)


def test_table_in_fenced_code_is_an_example():
    page = (
        "```\nHTTP Status Code Error Code Error Message\n400 Example.Code Example\n```\n\n"
        + HEADER
        + "404 TopicNotExist Topic missing\n"
    )
    assert [(r.code, r.line) for r in read(page, "p.txt")] == [("TopicNotExist", 7)]
