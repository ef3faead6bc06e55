"""Reader for format "text-numeric": numeric codes, error type and description run together."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from codegen.readers import read_document, read_text
from codegen.readers.text_numeric import read, split_type_and_description
from codegen.rows import DocumentError, Row
from tests.writers import text_numeric as writer

# (code, line, error type, description) of every row of the seed page, split by hand.
SEED_ROWS = [
    (
        "4000",
        10,
        "Invalid request parameter",
        "Required parameters are missing, or parameter valuesare not in the correct format. "
        'Refer to the error description in "message" field for detailed error message.',
    ),
    (
        "4100",
        11,
        "Authentication failed",
        "Signature authentication failed. Please refer to the Authentication section in the "
        "document.",
    ),
    (
        "4200",
        12,
        "Request expired",
        "The request has expired. Please refer to the Request Validity Period section in the "
        "document.",
    ),
    ("4300", 13, "Access denied", "Account is suspended or not within the user range of the API."),
    (
        "4400",
        14,
        "Quota exceed",
        "The number of requests exceeds the quota. Please refer to the Request Quota section in "
        "the document.",
    ),
    (
        "4500",
        15,
        "Replay attack",
        "The Nonce and Timestamp parameters can ensure that each request will be executed only "
        "once on the server. Therefore, the Nonce value cannot be the same as last one, and the "
        "difference between Timestamp and Tencent server time cannot be greater than 2 hours.",
    ),
    (
        "4600",
        16,
        "Protocol is not supported",
        "The protocol is not supported. Please refer to the relevant document.",
    ),
    (
        "5000",
        17,
        "Resource does not exist",
        "The instance corresponding to resource ID does not exist, or the instance has been "
        "returned, or another user's resource is accessed.",
    ),
    (
        "5100",
        18,
        "Resource operation failed",
        "The operation performed on the resource failed. For specific error message, see the "
        "message field in error description. Try again later or contact customer service "
        "personnel for help.",
    ),
    (
        "5200",
        19,
        "Failed to purchase resource",
        "Resource purchase failed. This may be caused by unsupported instance configuration or "
        "insufficient resource.",
    ),
    (
        "5300",
        20,
        "Failed to purchase resource",
        "Resource purchase failed because of insufficient balance.",
    ),
    (
        "5400",
        21,
        "Part of operations performed successfully",
        "Part of the batch operations have been performed successfully. For more information, "
        "refer to the returned value of method.",
    ),
    (
        "5500",
        22,
        "User failed to pass identity verification",
        "Resource purchase failed because the user failed to pass identity verification.",
    ),
    (
        "6000",
        23,
        "Internal server error",
        "An internal error occurred on the server. Try again later or contact customer service "
        "personnel for help.",
    ),
    (
        "6100",
        24,
        "Not supported by the version",
        "This API is not supported in this version or the API is under maintenance. Note: When "
        "this error occurs, first check whether the domain of the API is correct. Different "
        "modules may have different domains.",
    ),
    (
        "6200",
        25,
        "API is temporarily unavailable",
        "The API is under maintenance and is unavailable. Please try again later.",
    ),
]


def test_seed_rows_are_split_exactly(seed):
    path = str(seed["common"])
    rows = read_document(path, "text-numeric")
    assert rows == [
        Row(code, None, message, description, "", path, line)
        for code, line, message, description in SEED_ROWS
    ]


def test_seed_is_detected(seed):
    assert read_document(seed["common"]) == read_document(seed["common"], "text-numeric")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Acronyms inside a type, description starting with a title-case word.
        ("Invalid API key The API key is invalid or has been deleted.", 3),
        ("Invalid resource ID The resource ID does not exist.", 3),
        ("CAM authentication failed The sub-account has no CAM policy.", 3),
        # Description starting with an acronym.
        ("Request timed out API call timed out. Try again later.", 3),
        ("Invalid API key API key is invalid.", 3),
        ("CAM authorization failed CAM denied the request. Check the policy.", 3),
        ("Invalid resource ID ID 12 does not exist.", 3),
        # Ordinary sentence-case types of other lengths.
        ("Insufficient account balance Your account balance is not enough to pay the order.", 3),
        ("Unauthorized You are not allowed to call this API.", 1),
        ("Too many requests from the same account Requests are limited to 20 a second.", 7),
        ("Instance is locked A task is running on the instance.", 3),
        ("Region not supported Region ap-mars is not available, choose another one.", 3),
        ('Invalid parameter "Limit" must be between 1 and 100.', 2),
    ],
)
def test_english_split_rule(text, expected):
    words = text.split(" ")
    assert split_type_and_description(text) == (
        " ".join(words[:expected]),
        " ".join(words[expected:]),
    )


def test_no_description_start_keeps_the_whole_text_as_type():
    # No title-case word or acronym can start a description here: the whole text is the type.
    assert split_type_and_description("Invalid parameter limit") == ("Invalid parameter limit", "")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "请求参数非法 缺少必需参数，或者参数值格式不正确。具体错误信息请查看 message 字段。",
            (
                "请求参数非法",
                "缺少必需参数，或者参数值格式不正确。具体错误信息请查看 message 字段。",
            ),
        ),
        (
            "鉴权失败 签名鉴权失败，请参考文档中鉴权部分。",
            ("鉴权失败", "签名鉴权失败，请参考文档中鉴权部分。"),
        ),
        (
            "重放攻击 Nonce 与 Timestamp 参数不可重复。",
            ("重放攻击", "Nonce 与 Timestamp 参数不可重复。"),
        ),
        (
            "API 暂时不可用 接口正在维护，请稍后重试。",
            ("API 暂时不可用", "接口正在维护，请稍后重试。"),
        ),
        ("账户余额不足 购买资源失败。", ("账户余额不足", "购买资源失败。")),
        ("内部错误", ("内部错误", "")),
    ],
)
def test_chinese_split_rule(text, expected):
    assert split_type_and_description(text) == expected


def test_chinese_page():
    page = "\n".join(
        [
            "错误码",
            "",
            "错误代码 错误类型 描述",
            "4000 请求参数非法 缺少必需参数，或者参数值格式不正确。",
            "4100 鉴权失败 签名鉴权失败，请参考文档中鉴权部分。",
        ]
    )
    assert read(page, "zh.txt") == [
        Row("4000", None, "请求参数非法", "缺少必需参数，或者参数值格式不正确。", "", "zh.txt", 4),
        Row("4100", None, "鉴权失败", "签名鉴权失败，请参考文档中鉴权部分。", "", "zh.txt", 5),
    ]


def test_lines_after_the_table_are_not_rows():
    page = "Error Code Error Type Description\n4000 Bad request The request is bad.\n\n4100 Later\n"
    assert [row.code for row in read(page, "p.txt")] == ["4000"]


def test_every_table_is_read_with_crlf_line_numbers():
    page = (
        "Error Code Error Type Description\r\n4000 Bad request The request is bad.\r\n\r\n"
        "Error Code Error Type Description\r\n9001 Module busy The module is busy.\r\n"
    )
    rows = read(page, "p.txt")
    assert [(row.code, row.line) for row in rows] == [("4000", 2), ("9001", 5)]


def _problem(text: str) -> tuple[int, str]:
    with pytest.raises(DocumentError) as info:
        read_text(text, "bad.txt", "text-numeric")
    return info.value.line, str(info.value)


def test_code_that_is_not_a_number():
    page = (
        "Error Code Error Type Description\n4000 Bad request The request is bad.\n4x00 Oops The.\n"
    )
    line, message = _problem(page)
    assert line == 3
    assert message.startswith("bad.txt:3: error code '4x00' is not a number")


def test_row_with_too_few_columns():
    page = "Error Code Error Type Description\n4000 Bad request The request is bad.\n4100\n"
    line, message = _problem(page)
    assert (line, message.split(": ")[1]) == (
        3,
        "row has too few columns (Error Code | Error Type | Description)",
    )


def test_no_table():
    line, message = _problem("Error Codes\n\nSome prose about codes.\n")
    assert line == 1
    assert "no error-code table found" in message


def test_header_without_rows_is_no_table():
    line, message = _problem("Error Code Error Type Description\n")
    assert (line, "no error-code table found" in message) == (1, True)


_LOWER_WORD = st.text("abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=8)
_TITLE_WORD = st.builds(
    lambda first, rest: first + rest, st.sampled_from("ABCDEFGHIJKLMNOPRSTUVWY"), _LOWER_WORD
)
_ACRONYM = st.sampled_from(["API", "CAM", "ID", "IDs", "SSL", "VPC"])
_TYPE_WORD = st.one_of(_LOWER_WORD, _ACRONYM)
_ENGLISH_TYPE = st.builds(
    lambda first, rest: " ".join([first, *rest]),
    st.one_of(_TITLE_WORD, _ACRONYM),
    st.lists(_TYPE_WORD, max_size=5),
)
_SENTENCE_WORD = st.one_of(_LOWER_WORD, _ACRONYM, _TITLE_WORD, st.integers(0, 999).map(str))
_ENGLISH_DESCRIPTION = st.builds(
    lambda first, rest, end: " ".join([first, *rest]) + end,
    _TITLE_WORD,
    st.lists(_SENTENCE_WORD, max_size=12),
    st.sampled_from([".", "", "!"]),
)
_HAN = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5)
_CHINESE_TYPE = st.text(_HAN, min_size=1, max_size=8)
_CHINESE_DESCRIPTION = st.builds(
    lambda parts: " ".join(parts),
    st.lists(
        st.text(st.one_of(_HAN, st.sampled_from("，。、")), min_size=1, max_size=10),
        min_size=1,
        max_size=3,
    ),
)
_ROW = st.one_of(
    st.fixed_dictionaries(
        {
            "code": st.integers(0, 99999),
            "message": _ENGLISH_TYPE,
            "description": _ENGLISH_DESCRIPTION,
        }
    ),
    st.fixed_dictionaries(
        {
            "code": st.integers(0, 99999),
            "message": _CHINESE_TYPE,
            "description": _CHINESE_DESCRIPTION,
        }
    ),
)


@settings(max_examples=200, deadline=None)
@given(st.lists(_ROW, min_size=1, max_size=8))
def test_round_trip(rows):
    page = writer.write(rows)
    read_rows = read_text(page, "gen.txt")
    assert [(r.code, r.http_status, r.message, r.description, r.solution) for r in read_rows] == [
        (str(row["code"]), None, row["message"], row["description"], "") for row in rows
    ]
    first_line = page.split("\n").index("    " + writer.HEADER) + 2
    assert [r.line for r in read_rows] == list(range(first_line, first_line + len(rows)))
