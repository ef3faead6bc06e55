"""Format detection from a page's content: seeds, real pages and small pages of each format."""

from __future__ import annotations

import csv

import pytest

from codegen.readers import read_text
from codegen.readers.detect import detect_format
from codegen.rows import DocumentError
from tests.conftest import corpus_path

SEED_FORMATS = {
    "lts": "html-table",
    "cts": "rst-grid",
    "cls-2019": "text-rows",
    "cls": "md-pipe",
    "common": "text-numeric",
}


@pytest.mark.parametrize(("name", "expected"), sorted(SEED_FORMATS.items()))
def test_seeds(seed, name, expected):
    text = seed[name].read_text(encoding="utf-8")
    assert detect_format(text, str(seed[name])) == expected


CORPUS_PAGES = [
    "api-gateway.rst",
    "identity-access-management.rst",
    "log-tank-service.rst",
    "object-storage-service.rst",
    "relational-database-service.rst",
    "virtual-private-cloud.rst",
    "huaweicloud-zh-ecs.md",
    "huaweicloud-zh-swr.md",
]


def _corpus_formats() -> dict[str, str]:
    with corpus_path("docs", "SOURCES.tsv").open(encoding="utf-8") as sources:
        named = {row["file"]: row["format"] for row in csv.DictReader(sources, delimiter="\t")}
    # The corpus names a Markdown page holding an HTML table "md-html-table".
    return {file: "html-table" if fmt == "md-html-table" else fmt for file, fmt in named.items()}


@pytest.mark.parametrize("name", CORPUS_PAGES)
def test_corpus_pages(name):
    expected = _corpus_formats()[name]
    text = corpus_path("docs", name).read_text(encoding="utf-8")
    assert detect_format(text, name) == expected


def test_corpus_list_is_complete():
    assert sorted(_corpus_formats()) == sorted(CORPUS_PAGES)


HTML_PAGE = """# Error Codes

| Parameter | Type | Description |
| --- | --- | --- |
| project_id | String | Project ID |

<table><thead><tr><th><p>Status Code</p></th><th>Error Code</th><th>Error Message</th></tr>
</thead><tbody><tr><td>400</td><td>LTS.0001</td><td>Bad request</td></tr></tbody></table>
"""

RST_PAGE = """Error Codes
===========

Example of an error body::

   {
       "error_code": "CTS.0001",
       "error_msg": "|---|---| 400 CTS.0001 Bad"
   }

+-------------+------------+---------------+
| Status Code | Error Code | Error Message |
+=============+============+===============+
| 400         | CTS.0001   | Bad request   |
+-------------+------------+---------------+
"""

MD_QUOTING_CODE = """# Error Codes

```
+-------------+------------+
| Status Code | Error Code |
+=============+============+
| 400         | X.1        |
+-------------+------------+
HTTP Status Code Error Code Error Message
400 InvalidParam Parameter invalid
<table><tr><th>Error Code</th><th>Status</th></tr></table>
```

| HTTP Status Code | Error Code | Error Message |
| ---------------- | ---------- | ------------- |
| 400 | InvalidParam | Parameter invalid |
"""

TEXT_ROWS_PAGE = """Error Codes

The body is {"errorcode": "<ErrorCode>"}.

HTTP Status Code Error Code Error Message
400 InvalidParam Parameter invalid
"""

TEXT_NUMERIC_PAGE = """    Error Code Error Type Description
    4000 Invalid request parameter Required parameters are missing.
"""


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (HTML_PAGE, "html-table"),
        (RST_PAGE, "rst-grid"),
        (RST_PAGE.replace("\n", "\r\n"), "rst-grid"),
        (MD_QUOTING_CODE, "md-pipe"),
        (TEXT_ROWS_PAGE, "text-rows"),
        (TEXT_NUMERIC_PAGE, "text-numeric"),
        ("状态码 错误码 错误信息\n404 TopicNotExist 日志主题不存在\n", "text-rows"),
        ("错误代码 错误类型 描述\n4000 请求参数非法 缺少必需参数。\n", "text-numeric"),
    ],
    ids=[
        "html",
        "rst",
        "rst-crlf",
        "md-quoting-code",
        "text-rows",
        "text-numeric",
        "zh-rows",
        "zh-numeric",
    ],
)
def test_small_pages(text, expected):
    # The file name never decides: every page is given a misleading one.
    assert detect_format(text, "page.rst") == expected


@pytest.mark.parametrize(
    "delimiter",
    ["| --- | --- |", "|--|--|", "--- | ---", "|:---|---:|", "| :-: | :-- |", "-|-"],
)
def test_markdown_delimiter_rows(delimiter):
    page = f"Intro\n\nError Code | Error Message\n{delimiter}\nA.1 | Bad\n"
    assert detect_format(page, "page.txt") == "md-pipe"


def test_first_error_table_decides():
    text_then_md = TEXT_ROWS_PAGE + "\n" + MD_QUOTING_CODE.split("```\n\n")[1]
    assert detect_format(text_then_md, "p") == "md-pipe"  # structured tables come first
    assert detect_format(HTML_PAGE + "\n" + RST_PAGE, "p") == "html-table"
    assert detect_format(RST_PAGE + "\n" + HTML_PAGE, "p") == "rst-grid"


def test_table_without_error_header_still_names_its_format():
    page = "| Parameter | Type |\n|---|---|\n| id | String |\n"
    assert detect_format(page, "p") == "md-pipe"


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   \n\n",
        "Error Codes\n\nThis page lists no table. 400 means bad request.\n",
        "```\nHTTP Status Code Error Code Error Message\n400 A b\n```\n",
        "HTTP Status Code Error Code Error Message\n\n400 A b\n",
    ],
    ids=["empty", "blank", "prose", "only-in-code-fence", "header-apart-from-rows"],
)
def test_nothing_recognisable(text):
    with pytest.raises(DocumentError) as info:
        detect_format(text, "page.md")
    assert str(info.value).startswith("page.md:1: no error-code table found (looked for ")


# reStructuredText pages whose error table is no grid: docutils reads simple tables and the
# list-table and csv-table directives as tables too (the rst-grid reader reads them all).
RST_OTHER_TABLES = {
    "simple": (
        "Error Codes\n===========\n\n=========== ========== ===============\n"
        "Status Code Error Code Error Message\n=========== ========== ===============\n"
        "500         DMS.0003   Internal error.\n=========== ========== ===============\n"
    ),
    "list-table": (
        "Error Codes\n===========\n\n.. list-table:: Error codes\n   :header-rows: 1\n\n"
        "   * - Status Code\n     - Error Code\n     - Error Message\n"
        "   * - 500\n     - DMS.0003\n     - Internal error.\n"
    ),
    "csv-table": (
        "Error Codes\n===========\n\n.. csv-table:: Error codes\n"
        '   :header: "Status Code", "Error Code", "Error Message"\n\n'
        "   500, DMS.0003, Internal error.\n"
    ),
}


@pytest.mark.parametrize("kind", sorted(RST_OTHER_TABLES))
def test_rst_tables_other_than_grids(kind: str) -> None:
    text = RST_OTHER_TABLES[kind]
    assert detect_format(text, "page.rst") == "rst-grid"
    (row,) = read_text(text, "page.rst", "auto")
    assert (row.code, row.http_status, row.message) == ("DMS.0003", 500, "Internal error.")
