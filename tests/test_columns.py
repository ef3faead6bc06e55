"""Header variants of real pages map to the Row field they stand for (columns.column_meaning)."""

from __future__ import annotations

import pytest

from codegen.readers import read_text
from codegen.readers.columns import column_meaning, is_error_table_header

HEADERS = {
    # HTTP status
    "HTTP Status Code": "status",
    "Status code": "status",
    "Status Code": "status",
    "Response Code": "status",
    "HTTP状态码": "status",
    "HTTP 状态码": "status",
    "状态码": "status",
    "HTTP返回码": "status",
    # Error code. Tencent and WeChat pages call the body's `code` / `errcode` 返回码 ("返回码
    # 4000 请求参数非法"), the HTTP status there is 状态码: 返回码 alone is the error code.
    "Error Code": "code",
    "Error Codes": "code",
    "错误码": "code",
    "错误代码": "code",
    "返回码": "code",
    "Return Code": "code",
    "ErrorCode": "code",
    # Message: what the server says (error_msg), or the error type of API 2.0 pages.
    "Error Message": "message",
    "错误信息": "message",
    "Error Type": "message",
    "错误类型": "message",
    # Description. 错误描述 ("error description") is a column describing the error; on pages
    # that have it, it stands beside 错误码 the way 描述/说明 do, so it is the description.
    "Description": "description",
    "Error Description": "description",
    "错误描述": "description",
    "描述": "description",
    "说明": "description",
    "含义": "description",
    "Possible Cause": "description",
    "原因": "description",
    "Reason": "description",
    "Error Details": "description",
    "释义": "description",
    "详情": "description",
    # Handling measure
    "Solution": "solution",
    "Handling Measure": "solution",
    "Handling Suggestion": "solution",
    "Measure": "solution",
    "处理措施": "solution",
    "处理建议": "solution",
    "解决方案": "solution",
    "解决办法": "solution",
    # Open Telekom Cloud's CCE page (api-ref/source/appendix/error_codes.rst) calls it so.
    "Troubleshooting": "solution",
    "Workaround": "solution",
    "故障排除": "solution",
    "排查方法": "solution",
    "应对方法": "solution",
}


@pytest.mark.parametrize(("header", "meaning"), sorted(HEADERS.items()))
def test_header_variants(header, meaning):
    assert column_meaning(header) == meaning


@pytest.mark.parametrize("header", ["Module", "模块", "Type", "Remarks", ""])
def test_columns_we_do_not_keep(header):
    assert column_meaning(header) is None


def test_tencent_return_code_table_is_an_error_table():
    assert is_error_table_header(["返回码", "说明"])
    assert is_error_table_header(["Error Code", "Possible Cause"])
    assert not is_error_table_header(["状态码", "说明"])


@pytest.mark.parametrize(
    ("cell", "status"),
    [
        ("404", 404),
        ("301 Moved Permanently", 301),
        ("404/500", 404),
        ("HTTP 404", 404),
        ("http 429 Too Many Requests", 429),
        ("HTTP/1.1 409 Conflict", 409),
        ("", None),
        ("-", None),
    ],
)
def test_status_cells_as_pages_write_them(cell: str, status: int | None) -> None:
    page = f"| Status Code | Error Code | Error Message |\n|---|---|---|\n| {cell} | E.1 | x |\n"
    (row,) = read_text(page, "page.md", "md-pipe")
    assert row.http_status == status


# Tencent Cloud's international pages in Japanese, Korean and Russian.
INTERNATIONAL = {
    "エラーコード": "code",
    "エラー説明": "description",
    "エラーメッセージ": "message",
    "HTTPステータスコード": "status",
    "解決方法": "solution",
    "오류 코드": "code",
    "설명": "description",
    "오류 메시지": "message",
    "HTTP 상태 코드": "status",
    "해결 방법": "solution",
    "Код ошибки": "code",
    "Описание ошибки": "description",
    "Сообщение об ошибке": "message",
    "Решение": "solution",
}


@pytest.mark.parametrize(("header", "meaning"), sorted(INTERNATIONAL.items()))
def test_international_header_variants(header: str, meaning: str) -> None:
    assert column_meaning(header) == meaning


def test_a_korean_page_is_read() -> None:
    page = (
        "## 공통 오류 코드\n\n| 오류 코드 | 설명 |\n|--------|------|\n"
        "| AuthFailure.MFAFailure | MFA 오류. |\n| FailedOperation | 작업 실패. |\n"
    )
    rows = read_text(page, "page.md", "auto")
    assert [(row.code, row.description) for row in rows] == [
        ("AuthFailure.MFAFailure", "MFA 오류."),
        ("FailedOperation", "작업 실패."),
    ]
