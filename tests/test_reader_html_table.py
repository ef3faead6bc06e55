"""The "html-table" reader: seed and real pages, cell cleaning, spans, malformed pages."""

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
from tests.writers.html_table import write

FORMAT = "html-table"


def read(text: str, path: str = "page.md") -> list[Row]:
    return read_text(text, path, FORMAT)


def page(body: str) -> str:
    return "# Error codes\n\n" + textwrap.dedent(body).strip() + "\n"


def fields(row: Row) -> tuple[str, int | None, str, str, str, int]:
    return (row.code, row.http_status, row.message, row.description, row.solution, row.line)


# --- the seed page ---------------------------------------------------------------------------


def test_lts_seed_has_fifteen_rows_in_order(seed: dict[str, Path]) -> None:
    rows = read_document(seed["lts"], FORMAT)
    assert len(rows) == 15
    assert [row.code for row in rows[:3]] == ["LTS.0101", "LTS.0104", "LTS.0105"]
    assert all(row.path == str(seed["lts"]) for row in rows)


def test_lts_seed_first_row_exact(seed: dict[str, Path]) -> None:
    # The code cell also holds an empty <p>: it must vanish, not add a space.
    first = read_document(seed["lts"], FORMAT)[0]
    assert fields(first) == (
        "LTS.0101",
        400,
        "Failed to create log group, the group name has been existed",
        "Failed to create the log group because a log group with the same name already exists.",
        "Check the log group name.",
        28,
    )


def test_lts_seed_last_row_exact(seed: dict[str, Path]) -> None:
    last = read_document(seed["lts"], FORMAT)[-1]
    assert fields(last) == (
        "LTS.0011",
        400,
        "The resource id is invalid or missing",
        "Invalid resource ID.",
        "Check whether the resource ID in the request is correct.",
        185,
    )


def test_lts_seed_unauthenticated_row(seed: dict[str, Path]) -> None:
    rows = {row.code: row for row in read_document(seed["lts"], FORMAT)}
    assert fields(rows["LTS.0002"]) == (
        "LTS.0002",
        401,
        "Current user is not authenticated correctly, check your token",
        "Invalid user token.",
        "Check the token information of the current user.",
        174,
    )


# --- the real-world corpus page --------------------------------------------------------------


def test_ecs_page_matches_truth() -> None:
    path = corpus_path("docs", "huaweicloud-zh-ecs.md")
    truth = json.loads(corpus_path("docs", "truth", "huaweicloud-zh-ecs.json").read_text("utf-8"))
    rows = read_document(path, FORMAT)
    assert len(rows) == len(truth) == 200
    for row, expected in zip(rows, truth, strict=True):
        assert "".join(row.code.split()) == "".join(expected["code"].split())
        if isinstance(expected["http_status"], list):
            assert row.http_status in [*expected["http_status"], None]
        else:
            assert row.http_status == expected["http_status"]


def test_ecs_page_list_cells_read_as_one_line() -> None:
    rows = {
        row.code: row for row in read_document(corpus_path("docs", "huaweicloud-zh-ecs.md"), FORMAT)
    }
    # <ol><li> items with nested <span>s in the description column.
    assert rows["Ecs.0016"].description == (
        "创建云服务器时，没有对应Flavor的公测权限。 变更云服务器规格时，没有对应Flavor的公测权限。"
    )
    # A <div> holding text and a <ul> of links in the handling column.
    assert rows["Ecs.0812"].solution == (
        "请执行驱动检查脚本 详细操作，请参见： KVM实例变更为QingTian实例（Linux） "
        "KVM实例变更为QingTian实例（Windows）"
    )
    assert rows["Ecs.0000"].line == 27


# --- cell text -------------------------------------------------------------------------------


def test_table_without_thead_uses_first_row_as_header() -> None:
    rows = read(page("""
            <table>
            <tr><td>Error Code</td><td>Status Code</td><td>Error Message</td></tr>
            <tr><td>E1</td><td>404</td><td>missing</td></tr>
            </table>
            """))
    assert [fields(row) for row in rows] == [("E1", 404, "missing", "", "", 5)]


@pytest.mark.parametrize("cell", ["th", "td"])
def test_title_row_above_the_header_is_not_the_header(cell: str) -> None:
    # Some pages title the table inside it: one cell across the columns, above their names.
    rows = read(page(f"""
            <table>
            <thead>
            <tr><{cell} colspan="3">API Gateway errors</{cell}></tr>
            <tr><{cell}>Status Code</{cell}><{cell}>Error Code</{cell}><{cell}>Message</{cell}></tr>
            </thead>
            <tbody><tr><td>404</td><td>APIGW.0102</td><td>missing</td></tr></tbody>
            </table>
            """))
    assert [fields(row) for row in rows] == [("APIGW.0102", 404, "missing", "", "", 8)]


@pytest.mark.parametrize("thead", [True, False])
def test_rows_naming_themselves_with_th_under_a_header_of_td(thead: bool) -> None:
    # Huawei's pages put each row's status in a <th class="firstcol">; under a header row of
    # <td> cells, that row is not the header.
    head = "<tr><td>Status Code</td><td>Error Code</td><td>Error Message</td></tr>"
    head = f"<thead>{head}</thead>" if thead else head
    rows = read(page(f"""
            <table>
            {head}
            <tr><th class="firstcol">400</th><td>FSS.0400</td><td>Invalid parameter.</td></tr>
            <tr><th class="firstcol">401</th><td>FSS.0401</td><td>Unauthorized.</td></tr>
            </table>
            """))
    assert [(row.code, row.http_status, row.message) for row in rows] == [
        ("FSS.0400", 400, "Invalid parameter."),
        ("FSS.0401", 401, "Unauthorized."),
    ]


def test_a_table_inside_a_cell_is_part_of_its_text() -> None:
    rows = read(page("""
            <table>
            <tr><th>Status Code</th><th>Error Code</th><th>Solution</th></tr>
            <tr><td>400</td><td>E1</td><td>Check:<table><tr><td>name</td><td>4 to 64 chars</td>
            </tr></table>then retry.</td></tr>
            <tr><td>404</td><td>E2</td><td>gone</td></tr>
            </table>
            """))
    assert [(row.code, row.solution) for row in rows] == [
        ("E1", "Check: name 4 to 64 chars then retry."),
        ("E2", "gone"),
    ]


def test_cell_markup_reduced_to_text() -> None:
    rows = read(page(r"""
            <table><thead><tr><th>Status Code</th><th>Error Code</th><th>Error Message</th>
            <th>Description</th><th>Solution</th></tr></thead>
            <tbody>
            <tr><td><p>400</p></td>
            <td><p>APP.0001</p><p></p><p>  </p></td>
            <td><strong>Bad</strong> <a href="x">request</a>: <code>error\_code</code></td>
            <td>first line<br>second<br/>third</td>
            <td><span>Use &lt;id&gt; &amp; retry, cost &yen;5\.</span> path \a\b</td></tr>
            </tbody></table>
            """))
    assert [fields(row) for row in rows] == [
        (
            "APP.0001",
            400,
            "Bad request: error_code",
            "first line second third",
            r"Use <id> & retry, cost ¥5. path \a\b",
            6,
        )
    ]


def test_inline_tags_do_not_split_words() -> None:
    rows = read(page("""
            <table><tr><th>Error Code</th><th>Error Message</th></tr>
            <tr><td>Ab<strong>C</strong>d</td><td>x<span>y</span><em>z</em></td></tr></table>
            """))
    assert (rows[0].code, rows[0].message) == ("AbCd", "xyz")


def test_omitted_end_tags_close_cells_and_rows() -> None:
    rows = read(page("""
            <table>
            <tr><th>Error Code<th>Status
            <tr><td>E1<td>400
            <tr><td>E2<td>500
            </table>
            """))
    assert [(row.code, row.http_status, row.line) for row in rows] == [
        ("E1", 400, 5),
        ("E2", 500, 6),
    ]


def test_rowspan_fills_the_rows_below() -> None:
    rows = read(page("""
            <table>
            <tr><th>Status Code</th><th>Error Code</th><th>Error Message</th></tr>
            <tr><td rowspan="3">400</td><td>E1</td><td>one</td></tr>
            <tr><td>E2</td><td rowspan="2">shared</td></tr>
            <tr><td>E3</td></tr>
            <tr><td>500</td><td>E4</td><td>four</td></tr>
            </table>
            """))
    assert [(row.code, row.http_status, row.message, row.line) for row in rows] == [
        ("E1", 400, "one", 5),
        ("E2", 400, "shared", 6),
        ("E3", 400, "shared", 7),
        ("E4", 500, "four", 8),
    ]


def test_colspan_covers_several_columns() -> None:
    rows = read(page("""
            <table>
            <tr><th>Status Code</th><th>Error Code</th><th>Description</th><th>Solution</th></tr>
            <tr><td>400</td><td>E1</td><td colspan="2">see the manual</td></tr>
            <tr><td colspan="4">Common errors</td></tr>
            <tr><td>500</td><td>E2</td><td>broken</td><td>retry</td></tr>
            </table>
            """))
    # A single cell across the whole table captions a group of rows; it is not a code.
    assert [(row.code, row.description, row.solution) for row in rows] == [
        ("E1", "see the manual", "see the manual"),
        ("E2", "broken", "retry"),
    ]


def test_rows_of_every_error_table_in_document_order() -> None:
    rows = read(page("""
            <table><tr><th>Parameter</th><th>Type</th></tr><tr><td>name</td><td>str</td></tr>
            </table>

            <table><tr><th>错误码</th><th>状态码</th><th>错误信息</th></tr>
            <tr><td>A.1</td><td>400</td><td>坏请求</td></tr></table>

            <table><tr><th>Error Code</th><th>HTTP Status</th></tr>
            <tr><td>B.1</td><td>404</td></tr></table>
            """))
    assert [(row.code, row.http_status, row.message, row.line) for row in rows] == [
        ("A.1", 400, "坏请求", 7),
        ("B.1", 404, "", 10),
    ]


# --- malformed pages -------------------------------------------------------------------------

HEADER = "<tr><th>Status Code</th><th>Error Code</th><th>Error Message</th></tr>"


def error_of(text: str, path: str = "bad.md") -> str:
    with pytest.raises(DocumentError) as caught:
        read(text, path)
    return str(caught.value)


def test_row_with_too_few_cells() -> None:
    rows = "<tr><td>400</td><td>E1</td><td>m</td></tr>\n<tr><td>400</td><td>E2</td></tr>"
    text = page(f"<table>\n{HEADER}\n{rows}\n</table>")
    assert error_of(text) == "bad.md:6: row has 2 cells, header has 3"


def test_row_with_too_many_cells_after_a_rowspan() -> None:
    text = page(f"""
        <table>
        {HEADER}
        <tr><td rowspan="2">400</td><td>E1</td><td>m</td></tr>
        <tr><td>401</td><td>E2</td><td>m</td></tr>
        </table>
        """)
    assert error_of(text) == "bad.md:6: row has 4 cells, header has 3"


def test_row_with_a_hole_left_of_a_rowspan() -> None:
    text = page(f"""
        <table>
        {HEADER}
        <tr><td>400</td><td>E1</td><td rowspan="2">m</td></tr>
        <tr><td>401</td></tr>
        </table>
        """)
    assert error_of(text) == "bad.md:6: row has 2 cells, header has 3"


def test_malformed_declaration_is_skipped_like_a_browser_does() -> None:
    # html.parser raises AssertionError on `<![` not followed by a name; we must not.
    text = page(
        f"<![ broken >\n<table>\n{HEADER}\n<tr><td>400</td><td>E1</td><td>m</td></tr>\n</table>"
    )
    assert [(row.code, row.line) for row in read(text)] == [("E1", 6)]


def test_code_cell_spanning_two_columns() -> None:
    text = page(f"<table>\n{HEADER}\n<tr><td>400</td><td colspan='2'>E1</td></tr>\n</table>")
    assert error_of(text) == (
        "bad.md:5: row has 2 cells for 3 columns: its code cell spans several columns"
    )


def test_status_that_is_not_a_number() -> None:
    text = page(f"<table>\n{HEADER}\n<tr><td>Bad</td><td>E1</td><td>m</td></tr>\n</table>")
    assert error_of(text) == "bad.md:5: status 'Bad' is not an HTTP status code"


def test_empty_code_cell() -> None:
    text = page(f"<table>\n{HEADER}\n<tr><td>400</td><td> </td><td>m</td></tr>\n</table>")
    assert error_of(text) == "bad.md:5: row has an empty error-code cell"


def test_truncated_table_names_its_start() -> None:
    text = page(
        f"intro\n\n<table>\n{HEADER}\n<tr><td>400</td><td>E1</td><td>m</td></tr>\n<tr><td>4"
    )
    assert error_of(text).startswith("bad.md:5: <table> is never closed")


def test_page_without_error_table() -> None:
    text = page("<table><tr><th>Parameter</th><th>Type</th></tr></table>\n\nJust prose.")
    assert error_of(text).startswith("bad.md:1: no HTML <table>")


def test_cli_reports_one_line_and_exits_2(tmp_path: Path) -> None:
    bad = tmp_path / "bad.md"
    bad.write_text(page(f"<table>\n{HEADER}\n<tr><td>4xx</td><td>E</td><td>m</td></tr>\n</table>"))
    result = run_codegen("parse", str(bad), "--format", FORMAT)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr == f"{bad}:5: status '4xx' is not an HTTP status code\n"


def test_cli_prints_seed_rows_as_json(seed: dict[str, Path]) -> None:
    result = run_codegen("parse", str(seed["lts"]), "--format", FORMAT)
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    assert len(rows) == 15
    assert rows[-1]["code"] == "LTS.0011"


# --- round trip through the writer -----------------------------------------------------------

AWKWARD = [
    "|", "\\", "\\_", "\\\\", "`", "<", ">", "&", "&amp;", "&lt;", "&#124;", "&yen", "<br>",
    "</td>", "</table>", "<!--", "*", "_", "[x](y)", '"', "'", "\n", "\r\n", " ", "\t", "\xa0",
    "错误码", "处理措施", "😀", "-", "---", ":", "#",
]  # fmt: skip
pieces = st.one_of(st.sampled_from(AWKWARD), st.characters(exclude_categories=("Cs",)))
awkward_text = st.one_of(
    st.lists(pieces, max_size=30).map("".join),
    st.text(min_size=200, max_size=600),
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
        (row.code, row.http_status, row.message, row.description, row.solution) for row in read_back
    ] == [
        (
            collapse(str(row["code"])),
            row["http_status"],
            collapse(str(row["message"])),
            collapse(str(row["description"])),
            collapse(str(row["solution"])),
        )
        for row in rows
    ]
    lines = [row.line for row in read_back]
    assert lines == sorted(lines)


def test_auto_detection_reads_the_same_rows(seed: dict[str, Path]) -> None:
    ecs = corpus_path("docs", "huaweicloud-zh-ecs.md")
    for path in (seed["lts"], ecs):
        assert read_document(path) == read_document(path, FORMAT)
    written = write([{"code": "E|1", "http_status": 400, "message": "a <b> & `c`"}])
    assert read_text(written, "page.md", "auto") == read(written)


def test_row_without_code_and_status_continues_the_row_above() -> None:
    text = page(
        f"<table>\n{HEADER}\n<tr><td>403</td><td>AccessDenied</td><td>Access denied.</td></tr>\n"
        "<tr><td></td><td> </td><td>Check the bucket ACL.</td></tr>\n"
        "<tr><td>404</td><td>NoSuchKey</td><td>No such key.</td></tr>\n</table>"
    )
    assert [(row.code, row.http_status, row.message) for row in read(text)] == [
        ("AccessDenied", 403, "Access denied. Check the bucket ACL."),
        ("NoSuchKey", 404, "No such key."),
    ]
