"""The "rst-grid" reader: seed and real pages, spans, cell cleaning, lines, malformed and hostile
pages, and a round trip through the grid-table writer."""

from __future__ import annotations

import json
import subprocess
import textwrap
import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from codegen.readers import read_document, read_text
from codegen.readers.text import collapse
from codegen.rows import DocumentError, Row
from tests.conftest import corpus_path, run_codegen
from tests.writers.rst_grid import write

FORMAT = "rst-grid"


def read(text: str, path: str = "page.rst") -> list[Row]:
    return read_text(text, path, FORMAT)


def page(body: str) -> str:
    """A page whose body starts at line 6 (after title, underline, blank, prose, blank)."""
    return "Error Codes\n===========\n\nSome prose.\n\n" + textwrap.dedent(body).strip() + "\n"


def fields(row: Row) -> tuple[str, int | None, str, str, str, int]:
    return (row.code, row.http_status, row.message, row.description, row.solution, row.line)


def error_of(text: str) -> str:
    with pytest.raises(DocumentError) as caught:
        read(text)
    return str(caught.value)


TABLE = """\
+------+--------+---------+
| Code | Status | Message |
+======+========+=========+
| A.1  | 400    | first   |
+------+--------+---------+
| A.2  | 404    | second  |
+------+--------+---------+
"""  # on a page(): header at line 7, A.1 at line 9, A.2 at line 11


# --- the seed page ------------------------------------------------------------------------------


def test_cts_seed_has_42_rows_from_first_to_last(seed: dict[str, Path]) -> None:
    rows = read_document(seed["cts"], FORMAT)
    assert len(rows) == 42
    assert (rows[0].code, rows[0].http_status) == ("CTS.0001", 400)
    assert (rows[-1].code, rows[-1].http_status) == ("CTS.0411", 400)
    assert all(row.path == str(seed["cts"]) for row in rows)


def test_cts_seed_first_row_exact(seed: dict[str, Path]) -> None:
    first = read_document(seed["cts"], FORMAT)[0]
    assert fields(first) == (
        "CTS.0001",
        400,
        "IAM or OBS exception, please check.",
        "The IAM or OBS service is abnormal.",
        "Contact technical support.",
        32,
    )


def test_cts_seed_bold_markup_is_removed(seed: dict[str, Path]) -> None:
    rows = {row.code: row for row in read_document(seed["cts"], FORMAT)}
    assert fields(rows["CTS.0202"]) == (
        "CTS.0202",
        400,
        "Invalid message body. Tracker tracker_type must be either system or data.",
        "The value of tracker_type is invalid.",
        "Change its value to system or data.",
        52,
    )


def test_cts_seed_last_row_exact(seed: dict[str, Path]) -> None:
    last = read_document(seed["cts"], FORMAT)[-1]
    assert fields(last) == (
        "CTS.0411",
        400,
        "The notification_name invalid.",
        "The notification name is invalid.",
        "Check whether the notification name is correct.",
        114,
    )


# --- real pages of other services -----------------------------------------------------------------

CORPUS_PAGES = [
    ("api-gateway", 293),
    ("identity-access-management", 115),
    ("log-tank-service", 21),
    ("object-storage-service", 96),
    ("relational-database-service", 230),
    ("virtual-private-cloud", 201),
]


def status_matches(got: int | None, expected: object) -> bool:
    # A cell listing several statuses ("404/500"): the reader keeps the first; any is accepted.
    if isinstance(expected, list):
        return got is None or got in expected
    return got == expected


@pytest.mark.parametrize(("name", "count"), CORPUS_PAGES)
def test_corpus_page_equals_its_truth(name: str, count: int) -> None:
    rows = read_document(corpus_path("docs", f"{name}.rst"), FORMAT)
    truth = json.loads(corpus_path("docs", "truth", f"{name}.json").read_text(encoding="utf-8"))
    assert len(rows) == len(truth) == count
    for row, expected in zip(rows, truth, strict=True):
        assert "".join(row.code.split()) == "".join(expected["code"].split())
        assert status_matches(row.http_status, expected["http_status"]), (row, expected)


def test_corpus_wrapped_cells_are_one_row_at_their_first_line() -> None:
    rows = read_document(corpus_path("docs", "object-storage-service.rst"), FORMAT)
    by_code = {row.code: row for row in rows}
    # The code cell holds a space; statuses carry their reason phrase.
    assert by_code["IncorrectNumberOfFilesInPost Request"].line == 100
    skewed = by_code["RequestTimeTooSkewed"]
    assert (skewed.http_status, skewed.line) == (403, 196)
    assert skewed.message.startswith("There was a large time offset between the OBS server time")
    assert " For security purposes, OBS verifies" in skewed.message
    # A bullet list in a cell: the items joined with one space, the bullets gone.
    large = by_code["EntityTooLarge"]
    assert large.line == 86
    assert large.message.startswith(
        "The size of the file uploaded using the PUT, POST, or Append methods"
    )
    assert "5 GB. The part uploaded is larger than 5 GB in size. The size" in large.message


def test_corpus_table_directive_and_code_first_columns() -> None:
    rows = read_document(corpus_path("docs", "relational-database-service.rst"), FORMAT)
    assert fields(rows[0]) == ("DBS.108000", 500, "", "Server failure.", "", 15)
    # The third table ("Error Type" column, no code column) is not an error-code table.
    assert rows[-1].code == "RDS.5045"
    assert rows[-1].line == 481


def test_corpus_several_statuses_keep_the_first() -> None:
    rows = read_document(corpus_path("docs", "virtual-private-cloud.rst"), FORMAT)
    # Written "404/500", "500", "404/500", "404/500" on the page.
    assert [row.http_status for row in rows if row.code == "VPC.0105"] == [404, 500, 404, 404]
    deleting = [row for row in rows if row.code == "VPC.9907"]
    assert [row.line for row in deleting] == [405]
    assert deleting[0].description == (
        "The IP address group is used by a security group rule. "
        "The IP address group is used by a network ACL rule."
    )


# --- tables: spans, headers, several tables -------------------------------------------------------


def test_row_span_fills_the_column_in_the_rows_it_covers() -> None:
    rows = read(page("""
            +--------+------+--------+---------+
            | Module | Code | Status | Message |
            +========+======+========+=========+
            | Public | A.1  | 400    | first   |
            |        +------+        +---------+
            |        | A.2  |        | second  |
            +--------+------+--------+---------+
            | VPC    | A.3  | 500    | third   |
            |        |      |        | wrapped |
            +--------+------+--------+---------+
            """))
    assert [(row.code, row.http_status, row.message, row.line) for row in rows] == [
        ("A.1", 400, "first", 9),
        ("A.2", 400, "second", 11),
        ("A.3", 500, "third wrapped", 13),
    ]


def test_cell_spanning_two_text_columns_fills_both() -> None:
    rows = read(page("""
            +------+--------+-------------+----------+
            | Code | Status | Description | Solution |
            +======+========+=============+==========+
            | A.1  | 400    | Retry later.           |
            +------+--------+-------------+----------+
            """))
    assert (rows[0].description, rows[0].solution) == ("Retry later.", "Retry later.")


def test_caption_row_across_the_table_is_not_a_code() -> None:
    rows = read(page("""
            +------+--------+---------+
            | Code | Status | Message |
            +======+========+=========+
            | Object storage          |
            +------+--------+---------+
            | A.2  | 404    | second  |
            +------+--------+---------+
            """))
    assert [(row.code, row.line) for row in rows] == [("A.2", 11)]


def test_table_without_header_rule_uses_its_first_row_as_header() -> None:
    rows = read(page(TABLE.replace("+======+========+=========+", "+------+--------+---------+")))
    assert [(row.code, row.http_status, row.line) for row in rows] == [
        ("A.1", 400, 9),
        ("A.2", 404, 11),
    ]


def test_stacked_header_rows_are_joined_per_column() -> None:
    rows = read(page("""
            +------------------+--------+
            | Error            | HTTP   |
            +-------+----------+        |
            | Code  | Message  |        |
            +=======+==========+========+
            | A.1   | first    | 409    |
            +-------+----------+--------+
            """))
    assert [fields(row) for row in rows] == [("A.1", 409, "first", "", "", 11)]


def test_rows_of_every_error_table_in_order_other_tables_ignored() -> None:
    other = """
        +---------+-------------+
        | Element | Description |
        +=========+=============+
        | Code    | The code.   |
        +---------+-------------+
    """
    second = """
        .. table:: **Table 2** More codes
           :widths: 10 10 10

           +------+--------+---------+
           | Code | Status | Message |
           +======+========+=========+
           | B.1  | 500    | third   |
           +------+--------+---------+
    """
    text = page(textwrap.dedent(other) + "\n" + TABLE + "\n" + textwrap.dedent(second))
    rows = read(text)
    assert [(row.code, row.line) for row in rows] == [("A.1", 15), ("A.2", 17), ("B.1", 27)]
    assert text.splitlines()[26].strip().startswith("| B.1")


def test_indented_table_and_wide_characters_keep_their_lines() -> None:
    rows = read(page("""
            .. table:: 错误码

               +----------+--------+----------------+
               | 错误码   | 状态码 | 错误信息       |
               +==========+========+================+
               | SWR.0001 | 400    | 参数错误。     |
               +----------+--------+----------------+
            """))
    assert [fields(row) for row in rows] == [("SWR.0001", 400, "参数错误。", "", "", 11)]


def test_simple_table_is_read_too() -> None:
    rows = read(page("""
            ====  ======  =======
            Code  Status  Message
            ====  ======  =======
            A.1   400     first
            A.2   404     second
            ====  ======  =======
            """))
    assert [(row.code, row.http_status, row.line) for row in rows] == [
        ("A.1", 400, 9),
        ("A.2", 404, 10),
    ]


def test_list_and_csv_tables_are_read_at_their_lines() -> None:
    rows = read(page("""
            .. list-table:: Codes
               :header-rows: 1

               * - Code
                 - Status
               * - A.1
                 - 400

            .. csv-table:: More codes
               :header: "Code", "Status"

               "B.1", "500"
            """))
    # docutils records no lines inside inline CSV data: its rows take the directive's line.
    assert [(row.code, row.http_status, row.line) for row in rows] == [
        ("A.1", 400, 11),
        ("B.1", 500, 14),
    ]


# --- cell text ------------------------------------------------------------------------------------


def test_markup_roles_and_unknown_directives_are_reduced_to_text(
    capfd: pytest.CaptureFixture[str],
) -> None:
    rows = read(page("""
            .. code-block:: json

               {"code": "X"}

            .. unknown-directive:: argument

            +------------+--------+--------------------------------------------+
            | Code       | Status | Message                                    |
            +============+========+============================================+
            | ``A.1``    | 400    | See :ref:`Table 2 <obs__t2>` and *more*,   |
            |            |        | :guilabel:`OK`, `title`, **bold** and      |
            |            |        | ``literal_text``; 3\\ *xx* statuses.        |
            +------------+--------+--------------------------------------------+
            | A_2\\_      | 404    | - first item                               |
            |            |        | - second item                              |
            |            |        |                                            |
            |            |        | .. note:: A note.                          |
            +------------+--------+--------------------------------------------+
            """))
    assert [(row.code, row.message) for row in rows] == [
        (
            "A.1",
            "See Table 2 and more, OK, title, bold and literal_text; 3xx statuses.",
        ),
        ("A_2_", "first item second item A note."),
    ]
    captured = capfd.readouterr()
    assert (captured.out, captured.err) == ("", "")


def test_unknown_directive_inside_a_cell_leaves_no_message_text() -> None:
    rows = read(page("""
            +------+--------+----------------------------+
            | Code | Status | Message                    |
            +======+========+============================+
            | A.1  | 400    | Before.                    |
            |      |        |                            |
            |      |        | .. sphinx-only:: whatever  |
            |      |        |                            |
            |      |        | After.                     |
            +------+--------+----------------------------+
            """))
    assert rows[0].message == "Before. After."


# --- round trip through the writer ----------------------------------------------------------------

AWKWARD = [
    "*", "**", "`", "``", "|", "|x|", "_", "a_", "__", "\\", "\\\\\\\\", "- ", "* ", "+ ", "1. ",
    "#. ", "(a) ", "i. ", ".. ", ".. _t:", ">>> ", "::", "+", "+--+", "[1]_", ":ref:`x`",
    "http://example.com/a_b", "a@b.example", "'", '"', "中文", "錯誤碼", "😀", "👍🏽", "• ",
    "----", "====", "\n", "\t", "\u00a0", "\u200b", "é", "ß",
]  # fmt: skip


def writable(char: str) -> bool:
    # docutils' grid parser counts a combining character as a column: no grid can hold one.
    return unicodedata.combining(char) == 0


any_text = st.lists(
    st.one_of(
        st.sampled_from(AWKWARD),
        st.text(
            st.characters(blacklist_categories=("Cc", "Cs", "Co", "Cn")).filter(writable),
            max_size=12,
        ),
        st.text("abc xyz.-_*|`\\", max_size=60),
    ),
    max_size=12,
).map("".join)

written_rows = st.lists(
    st.fixed_dictionaries(
        {
            "code": any_text.filter(lambda text: collapse(text) != ""),
            "http_status": st.one_of(st.none(), st.integers(100, 599)),
            "message": any_text,
            "description": any_text,
            "solution": any_text,
        }
    ),
    min_size=1,
    max_size=4,
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(written_rows)
def test_written_page_reads_back_unchanged(rows: list[dict[str, object]]) -> None:
    text = write(rows)
    got = read(text)
    expected = [
        (
            collapse(str(row["code"])),
            row["http_status"],
            collapse(str(row["message"])),
            collapse(str(row["description"])),
            collapse(str(row["solution"])),
        )
        for row in rows
    ]
    assert [fields(row)[:5] for row in got] == expected
    # Each row starts on the line after its top border.
    lines = text.splitlines()
    starts = [
        number + 1
        for number, line in enumerate(lines)
        if line.startswith("|") and lines[number - 1].startswith("+")
    ]
    assert [row.line for row in got] == starts[1:]


def test_writer_wraps_long_cells_and_reader_joins_them() -> None:
    message = "a long message " * 8
    text = write([{"code": "A.1", "http_status": 400, "message": message}])
    assert sum(1 for line in text.splitlines() if line.startswith("|")) > 3
    assert read(text)[0].message == collapse(message)


def test_writer_keeps_grid_characters_inside_cells() -> None:
    text = "+--+ | a | b + c |+ ++ ||"
    written = write([{"code": "A|1+", "http_status": 400, "message": text, "solution": "|"}])
    assert [fields(row)[:5] for row in read(written)] == [("A|1+", 400, text, "", "|")]


# --- malformed pages ---------------------------------------------------------------------------


def test_misaligned_right_border_is_reported_at_its_line() -> None:
    text = page(TABLE.replace("| A.2  | 404    | second  |", "| A.2  | 404    | second  |x"))
    assert (
        error_of(text) == "page.rst:11: malformed grid table: right border not aligned or missing"
    )


def test_short_row_line_is_reported_at_its_line() -> None:
    text = page(TABLE.replace("| A.1  | 400    | first   |", "| A.1  | 400  | first   |"))
    assert error_of(text) == "page.rst:9: malformed grid table: right border not aligned or missing"


def test_broken_grid_inside_table_directive_is_reported_at_its_line() -> None:
    broken = TABLE.replace("| A.2  | 404    | second  |", "| A.2  | 404    | second   |")
    text = page(".. table:: Codes\n\n" + textwrap.indent(broken, "   "))
    assert (
        error_of(text) == "page.rst:13: malformed grid table: right border not aligned or missing"
    )


def test_row_missing_a_cell_separator_is_a_wrong_cell_count() -> None:
    text = page(TABLE.replace("| A.2  | 404    | second  |", "| A.2  | 404      second  |"))
    assert error_of(text) == (
        "page.rst:11: row has 2 cells for 3 columns: its status cell spans several columns"
    )


def test_non_numeric_status_is_reported_at_its_row() -> None:
    assert error_of(page(TABLE.replace("404", "abc"))) == (
        "page.rst:11: status 'abc' is not an HTTP status code"
    )


@pytest.mark.parametrize(
    "after",
    ["", "\nMore prose.\n", "| A.3  | 500    | third   |\n"],
    ids=["end-of-file", "prose-follows", "extra-row"],
)
def test_truncated_table_is_reported_at_the_unclosed_row(after: str) -> None:
    rows_without_bottom = TABLE.rsplit("+", 2)[0].rsplit("\n", 1)[0] + "\n"
    text = page(rows_without_bottom) + after
    line = 11
    if after.startswith("| A.3"):
        text = page(TABLE) + after
        line = 13
    assert error_of(text) == (
        f"page.rst:{line}: malformed grid table: row not closed by a border line "
        "(bottom border missing)"
    )


def test_table_docutils_would_cut_short_is_reported() -> None:
    # docutils ends this table at its last full border and reads the rest as other text.
    text = page(TABLE + "| A.3  | 500    | third   |\n| A.4  | 501    | four    |\n")
    assert error_of(text).startswith("page.rst:13: malformed grid table: row not closed")


def test_empty_code_cell_is_reported() -> None:
    text = page(TABLE.replace("| A.2  |", "|      |"))
    assert error_of(text) == "page.rst:11: row has an empty error-code cell"


def test_page_without_table() -> None:
    assert error_of(page("Only prose here.")) == (
        "page.rst:1: no table found (expected a reStructuredText grid table)"
    )


def test_page_with_only_other_tables() -> None:
    text = page("+---+---+\n| a | b |\n+===+===+\n| 1 | 2 |\n+---+---+\n")
    assert error_of(text) == (
        "page.rst:7: no error-code table: no table header names an error-code column "
        "(first table: a | b)"
    )


def run_cli(path: Path) -> subprocess.CompletedProcess[str]:
    return run_codegen("parse", str(path), "--format", FORMAT)


@pytest.mark.parametrize(
    ("body", "line"),
    [
        (TABLE.replace("| A.2  | 404    | second  |", "| A.2  | 404    | second  |x"), 11),
        (TABLE.replace("404", "abc"), 11),
        (TABLE.rsplit("+", 2)[0].rsplit("\n", 1)[0] + "\n", 11),
        ("No table.", 1),
    ],
    ids=["broken-grid", "bad-status", "truncated", "no-table"],
)
def test_cli_reports_one_line_and_exits_2(tmp_path: Path, body: str, line: int) -> None:
    path = tmp_path / "bad.rst"
    path.write_text(page(body), encoding="utf-8")
    result = run_cli(path)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith(f"{path}:{line}: ")
    assert "Traceback" not in result.stderr


def test_cli_prints_rows(tmp_path: Path) -> None:
    path = tmp_path / "good.rst"
    path.write_text(page(TABLE), encoding="utf-8")
    result = run_cli(path)
    assert (result.returncode, result.stderr) == (0, "")
    assert [(row["code"], row["line"]) for row in json.loads(result.stdout)] == [
        ("A.1", 9),
        ("A.2", 11),
    ]


# --- hostile pages -----------------------------------------------------------------------------


def test_include_raw_and_csv_file_directives_are_refused_and_read_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]
) -> None:
    secret = tmp_path / "secret.rst"
    secret.write_text(page(TABLE.replace("A.1", "LEAK.1").replace("A.2", "LEAK.2")), "utf-8")
    secret_csv = tmp_path / "secret.csv"
    secret_csv.write_text("Code,Status\nLEAK.3,400\n", encoding="utf-8")
    # A docutils.conf where the page is read, and one named by DOCUTILSCONFIG, both asking for
    # file insertion and raw: they must not be read.
    config = "[general]\nfile_insertion_enabled: yes\nraw_enabled: yes\n"
    (tmp_path / "docutils.conf").write_text(config, encoding="utf-8")
    monkeypatch.setenv("DOCUTILSCONFIG", str(tmp_path / "docutils.conf"))
    monkeypatch.chdir(tmp_path)
    text = page(f"""
        .. include:: {secret}

        .. include:: /etc/passwd
           :literal:

        .. raw:: html
           :file: {secret}

        .. raw:: html

           <script>alert(1)</script>

        .. csv-table:: Codes
           :file: {secret_csv}
           :header-rows: 1

        +------+--------+------------------------+
        | Code | Status | Message                |
        +======+========+========================+
        | A.1  | 400    | :raw-html:`<b>x</b>`   |
        +------+--------+------------------------+
        """)
    # Refused at the first such directive (issue 10 item 12), whatever the configuration says.
    with pytest.raises(DocumentError) as refused:
        read(text, str(tmp_path / "page.rst"))
    first = text.splitlines().index(f".. include:: {secret}") + 1
    assert (refused.value.line, refused.value.problem) == (
        first,
        '"include" directive refused: it inserts another file',
    )
    # Without them, the table reads, an unknown role shown as text, never passed through.
    table = text[text.index("+------") :]
    rows = read(table, str(tmp_path / "page.rst"))
    assert [row.code for row in rows] == ["A.1"]
    assert rows[0].message == "<b>x</b>"
    captured = capfd.readouterr()
    assert (captured.out, captured.err) == ("", "")


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "+---+---+", "+===+===+", "| a | b |", "| Code | Status |", "| A.1 | 4x |",
                "+------+--------+", "| Code | Status |", "+======+========+", "| A.1  | 400    |",
                "", "   ", ".. table:: t", ".. include:: /etc/passwd", ".. raw:: html",
                ".. |s| replace:: x", "- item", "Title", "=====", "| x", "::", "    code",
                ":ref:`x`", "====  ======", "Code  Status", "A.1   400", "`", "*", "\\",
            ]
        ),
        max_size=25,
    ).map("\n".join)
)  # fmt: skip
def test_any_page_gives_rows_or_a_document_error(text: str) -> None:
    try:
        rows = read(text)
    except DocumentError as exc:
        assert exc.path == "page.rst"
        assert exc.line >= 1
    else:
        assert all(row.code for row in rows)


def test_row_without_code_and_status_continues_the_row_above() -> None:
    text = page(TABLE.replace("| A.2  | 404    | second  |", "|      |        | more    |"))
    assert [(row.code, row.http_status, row.message, row.line) for row in read(text)] == [
        ("A.1", 400, "first more", 9)
    ]
