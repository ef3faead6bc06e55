"""The "md-pipe" reader: seed and real pages, cell cleaning, cell counts, malformed pages."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from codegen.readers import read_document, read_text
from codegen.readers.text import collapse
from codegen.rows import DocumentError, Row
from tests.conftest import corpus_path, run_codegen
from tests.writers.md_pipe import write

FORMAT = "md-pipe"


def read(text: str, path: str = "page.md") -> list[Row]:
    return read_text(text, path, FORMAT)


def page(body: str) -> str:
    return "# Error codes\n\n" + textwrap.dedent(body).strip() + "\n"


def fields(row: Row) -> tuple[str, int | None, str, str, str, int]:
    return (row.code, row.http_status, row.message, row.description, row.solution, row.line)


# --- the seed page ---------------------------------------------------------------------------


@pytest.fixture
def cls_rows(seed: dict[str, Path]) -> list[Row]:
    return read_document(seed["cls"], FORMAT)


def test_cls_seed_has_49_rows(cls_rows: list[Row], seed: dict[str, Path]) -> None:
    assert len(cls_rows) == 49
    assert all(row.path == str(seed["cls"]) for row in cls_rows)
    assert "Unauthorized" not in {row.code for row in cls_rows}


def test_cls_seed_first_and_last_rows_exact(cls_rows: list[Row]) -> None:
    assert fields(cls_rows[0]) == (
        "InvalidAuthorization",
        400,
        "Invalid signature string format",
        "",
        "",
        16,
    )
    assert fields(cls_rows[-1]) == ("InternalError", 500, "Internal error", "", "", 64)


def test_cls_seed_br_joins_with_one_space(cls_rows: list[Row]) -> None:
    row = next(row for row in cls_rows if row.code == "AuthFailure.SecretIdNotFound")
    assert fields(row) == (
        "AuthFailure.SecretIdNotFound",
        401,
        "Key does not exist. Check if the key has been deleted or disabled in the console, and "
        "if not, check if the key is correctly entered. Note that there should be no space "
        "before or after the key.",
        "",
        "",
        31,
    )
    signature = next(row for row in cls_rows if row.code == "AuthFailure.SignatureFailure")
    assert signature.message == (
        "Incorrect signature due to errors in signature calculation. "
        "Check the signature calculation process against the calling method documentation"
    )


def test_cls_seed_backticks_and_links_reduced_to_text(cls_rows: list[Row]) -> None:
    by_code = {row.code: row for row in cls_rows}
    assert by_code["InvalidCompressType"].message == (
        "The specified x-cls-compress-type is not supported"
    )
    assert by_code["InvalidContentType"].message == "The specified Content-Type is not supported"
    assert fields(by_code["AuthFailure.UnauthorizedOperation"]) == (
        "AuthFailure.UnauthorizedOperation",
        401,
        "Unauthorized request. For more information about the authentication, see the CAM "
        "documentation",
        "",
        "",
        35,
    )
    assert fields(by_code["SyntaxError"]) == ("SyntaxError", 400, "Search syntax error", "", "", 29)


# --- the real-world corpus page --------------------------------------------------------------


def test_swr_page_matches_truth() -> None:
    path = corpus_path("docs", "huaweicloud-zh-swr.md")
    truth = json.loads(corpus_path("docs", "truth", "huaweicloud-zh-swr.json").read_text("utf-8"))
    rows = read_document(path, FORMAT)
    assert len(rows) == len(truth) == 189
    for row, expected in zip(rows, truth, strict=True):
        assert "".join(row.code.split()) == "".join(expected["code"].split())
        if isinstance(expected["http_status"], list):
            assert row.http_status in [*expected["http_status"], None]
        else:
            assert row.http_status == expected["http_status"]


def test_swr_page_first_row_exact() -> None:
    rows = read_document(corpus_path("docs", "huaweicloud-zh-swr.md"), FORMAT)
    # The page's third column is 描述 (description); it has no message column.
    assert fields(rows[0]) == (
        "SVCSTG.SWR.4010000",
        401,
        "",
        "鉴权失败，可能因为Token过期，请重新获取Token后重试。",
        "",
        27,
    )


# --- cell text -------------------------------------------------------------------------------


def test_inline_markup_reduced_to_text() -> None:
    rows = read(page(r"""
            | Status Code | Error Code | Error Message | Description | Solution |
            |:--|:-:|--:|---|---|
            | 400 | APP\_0001 | **Bad** _request_: `error_code` | a<br>b<br/>c<BR />d | <span>x</span> &amp; &lt;y&gt; ![alt text](i.png) \a |
            """))  # noqa: E501
    assert [fields(row) for row in rows] == [
        ("APP_0001", 400, "Bad request: error_code", "a b c d", r"x & <y> alt text \a", 5)
    ]


def test_escaped_pipes_stay_in_the_cell() -> None:
    rows = read(page(r"""
            | Error Code | Error Message |
            | --- | --- |
            | E1 | a \| b and `c \| d` |
            """))
    assert [(row.code, row.message) for row in rows] == [("E1", "a | b and c | d")]


def test_table_without_outer_pipes() -> None:
    rows = read(page("""
            Error Code | HTTP Status Code | Error Message
            --- | --- | ---
            E1 | 404 | gone
            E2 | | no status
            """))
    assert [(row.code, row.http_status, row.message, row.line) for row in rows] == [
        ("E1", 404, "gone", 5),
        ("E2", None, "no status", 6),
    ]


def test_rows_of_every_error_table_in_document_order() -> None:
    rows = read(page("""
            | Parameter | Type |
            |--|--|
            | name | str |

            |错误码|状态码|错误信息|
            |--|--|--|
            |A.1|400|坏请求|

            > | Error Code | HTTP Status |
            > | --- | --- |
            > | B.1 | 404 |
            """))
    assert [(row.code, row.http_status, row.message, row.line) for row in rows] == [
        ("A.1", 400, "坏请求", 9),
        ("B.1", 404, "", 13),
    ]


# --- malformed pages -------------------------------------------------------------------------

TABLE = "| Status Code | Error Code | Error Message |\n|---|---|---|\n| 400 | E1 | one |\n"


def error_of(text: str, path: str = "bad.md") -> str:
    with pytest.raises(DocumentError) as caught:
        read(text, path)
    return str(caught.value)


def test_row_with_too_few_cells() -> None:
    assert error_of(page(TABLE + "| 400 | E2 |")) == "bad.md:6: row has 2 cells, header has 3"


def test_cells_beyond_the_header_are_ignored_as_gfm_says() -> None:
    rows = read(page(TABLE + "| 400 | E2 | two | extra |\n| 500 | E3 | three | x | - |"), "p.md")
    assert [(r.code, r.message, r.line) for r in rows] == [
        ("E1", "one", 5),
        ("E2", "two", 6),
        ("E3", "three", 7),
    ]


def test_unescaped_pipe_in_code_span_is_a_separator() -> None:
    # GFM (and markdown-it) split on `|` even inside backticks; the cell ends at the pipe.
    rows = read(page(TABLE + "| 400 | E2 | use `a|b` |"), "p.md")
    assert rows[-1].message == "use `a"


def test_wrong_cell_count_inside_a_blockquote() -> None:
    text = page("> " + TABLE.replace("\n", "\n> ") + "| 400 |")
    assert error_of(text) == "bad.md:6: row has 1 cells, header has 3"


def test_truncated_row() -> None:
    assert error_of(page(TABLE + "| 500 | E2")) == "bad.md:6: row has 2 cells, header has 3"


def test_status_that_is_not_a_number() -> None:
    text = page(TABLE + "| Bad | E2 | two |")
    assert error_of(text) == "bad.md:6: status 'Bad' is not an HTTP status code"


def test_empty_code_cell() -> None:
    text = page(TABLE + "| 400 |  | two |")
    assert error_of(text) == "bad.md:6: row has an empty error-code cell"


def test_page_without_error_table() -> None:
    text = page("| Parameter | Type |\n|---|---|\n| name | str |\n\nJust prose.")
    assert error_of(text).startswith("bad.md:1: no Markdown pipe table")


def test_header_without_delimiter_row_is_no_table() -> None:
    text = page("| Status Code | Error Code |\n| 400 | E1 |")
    assert error_of(text).startswith("bad.md:1: no Markdown pipe table")


def test_cli_reports_one_line_and_exits_2(tmp_path: Path) -> None:
    bad = tmp_path / "bad.md"
    bad.write_text(page(TABLE + "| 400 | E2 |"), encoding="utf-8")
    result = run_codegen("parse", str(bad), "--format", FORMAT)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr == f"{bad}:6: row has 2 cells, header has 3\n"


def test_cli_prints_seed_rows_as_json(seed: dict[str, Path]) -> None:
    result = run_codegen("parse", str(seed["cls"]), "--format", FORMAT)
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    assert len(rows) == 49
    assert rows[0]["code"] == "InvalidAuthorization"


# --- round trip through the writer -----------------------------------------------------------

AWKWARD = [
    "|", "\\", "\\|", "\\\\", "`", "``", "<", ">", "&", "&amp;", "&lt;", "&#124;", "&copy",
    "<br>", "<span>", "<!--", "*", "**", "_", "~", "[x](y)", "[x]: y", "![a](b)", "<http://x>",
    '"', "'", "\n", " ", "  ", "\t", "\xa0", "错误码", "处理措施", "😀", "-", "---", ":", "#",
    "1.", "+", "=",
]  # fmt: skip
# U+0000 cannot be written in CommonMark (parsers replace it), so it is left out.
pieces = st.one_of(
    st.sampled_from(AWKWARD),
    st.characters(exclude_categories=("Cs",), exclude_characters="\x00"),
)
awkward_text = st.one_of(
    st.lists(pieces, max_size=30).map("".join),
    st.text(st.characters(exclude_categories=("Cs",), exclude_characters="\x00"), min_size=200),
)
row_strategy = st.fixed_dictionaries(
    {
        "code": awkward_text.filter(lambda text: collapse(text) != ""),
        "http_status": st.none() | st.integers(100, 599),
        "message": awkward_text,
        "description": awkward_text,
        "solution": awkward_text,
    }
)


@settings(max_examples=200, deadline=None)
@given(st.lists(row_strategy, min_size=1, max_size=5))
def test_written_rows_read_back_unchanged(rows: list[dict[str, object]]) -> None:
    read_back = read(write(rows))
    assert [
        (row.code, row.http_status, row.message, row.description, row.solution, row.line)
        for row in read_back
    ] == [
        (
            collapse(str(row["code"])),
            row["http_status"],
            collapse(str(row["message"])),
            collapse(str(row["description"])),
            collapse(str(row["solution"])),
            7 + index,  # the writer's first row is on line 7
        )
        for index, row in enumerate(rows)
    ]


def test_auto_detection_reads_the_same_rows(seed: dict[str, Path]) -> None:
    swr = corpus_path("docs", "huaweicloud-zh-swr.md")
    for path in (seed["cls"], swr):
        assert read_document(path) == read_document(path, FORMAT)
    written = write([{"code": "E|1", "http_status": 400, "message": "a <b> & `c`"}])
    assert read_text(written, "page.md", "auto") == read(written)


def test_row_without_code_and_status_continues_the_row_above() -> None:
    # Tencent's pages keep merged cells as empty ones on the lines after the first.
    text = page(
        "| Status | Error Code | Error Message | Solution |\n|---|---|---|---|\n"
        "| 403 | AccessDenied | Access denied. | Check the bucket ACL. |\n"
        "| | | | Or check the policy. |\n"
        "| | | Signature expired. | |\n"
        "| 404 | NoSuchKey | No such key. | |\n"
    )
    rows = read(text)
    assert [fields(row) for row in rows] == [
        (
            "AccessDenied",
            403,
            "Access denied. Signature expired.",
            "",
            "Check the bucket ACL. Or check the policy.",
            5,
        ),
        ("NoSuchKey", 404, "No such key.", "", "", 8),
    ]


def test_row_without_code_and_status_under_the_header_is_an_error() -> None:
    text = page("| Status | Error Code | Error Message |\n|---|---|---|\n| | | text |\n")
    assert error_of(text) == "bad.md:5: row has an empty error-code cell"
