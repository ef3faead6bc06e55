"""Malformed documents and manifests: one `PATH:LINE: what is wrong` line, exit 2, and the
output package byte-identical (nothing written, no temp file left).

Each case writes a good page with tests/writers/<format>, breaks it in one place, and runs the
generator on the seed manifest plus that page into a copy of the committed package. Every
document is read and checked before anything is written, so the good seed pages listed first
change nothing either.

Cases that a format cannot have, and why:
- text-rows, text-numeric: no "extra column": the last column takes the rest of the line.
- text-numeric: no status column (a non-numeric code stands in for "not a number"), and no
  conflicting duplicate: with no status, a repeated code is only a warning (first row kept).
"""

from __future__ import annotations

import importlib
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from codegen.cli import main
from tests.conftest import ROOT, SOURCES
from tests.test_generate import MANIFEST, sample_package, tree_digest

PYTHON = sys.executable

ROWS: dict[str, list[dict[str, object]]] = {
    "table": [
        {
            "code": "GoodOne",
            "http_status": 400,
            "message": "First problem",
            "description": "The first row.",
            "solution": "Fix the first.",
        },
        {
            "code": "GoodTwo",
            "http_status": 404,
            "message": "Second problem",
            "description": "The second row.",
            "solution": "Fix the second.",
        },
        {
            "code": "GoodThree",
            "http_status": 409,
            "message": "Third problem",
            "description": "The third row.",
            "solution": "Fix the third.",
        },
    ],
    "numeric": [
        {"code": 1001, "message": "First problem", "description": "The first row."},
        {"code": 1002, "message": "Second problem", "description": "The second row."},
        {"code": 1003, "message": "Third problem", "description": "The third row."},
    ],
}

# A broken page: its bytes, and text on the line the error must name (None: line 1).
Breakage = Callable[[str], tuple[bytes, str | None]]


def on_row(needle: str, change: Callable[[str], str]) -> Breakage:
    """Change the (first) line holding `needle`; the error names that line."""

    def breakage(text: str) -> tuple[bytes, str | None]:
        lines = text.split("\n")
        index = next(n for n, line in enumerate(lines) if needle in line)
        lines[index] = change(lines[index])
        return "\n".join(lines).encode("utf-8"), lines[index]

    return breakage


def truncated_after(needle: str, blamed: str | None = None) -> Breakage:
    """The page cut off right after `needle` (mid-row, mid-table); the error names the cut
    line, or the line holding `blamed` (an HTML table is blamed where it opens)."""

    def breakage(text: str) -> tuple[bytes, str | None]:
        cut = text[: text.index(needle) + len(needle)]
        return cut.encode("utf-8"), blamed or cut.split("\n")[-1]

    return breakage


def not_utf8(text: str) -> tuple[bytes, str | None]:
    data = text.encode("utf-8").replace(b"Second", b"Sec\xffond", 1)
    return data, "Sec\ufffdond"


def empty(text: str) -> tuple[bytes, str | None]:
    return b"", None


def blank(text: str) -> tuple[bytes, str | None]:
    return b"\n  \n\t\n", None


def no_rows(format_name: str) -> Breakage:
    """The page's table with its header and not one row (a page cut short, a table emptied):
    generated, its service would lose every class."""

    def breakage(text: str) -> tuple[bytes, str | None]:
        writer = importlib.import_module(f"tests.writers.{format_name.replace('-', '_')}")
        page: str = writer.write([])
        return page.encode("utf-8"), None

    return breakage


def duplicate(text: str) -> tuple[bytes, str | None]:
    """GoodThree (409) renamed GoodOne (400): the same code with a conflicting status (padded
    to the same width, so a grid table stays aligned)."""
    return text.replace("GoodThree", "GoodOne  ").encode("utf-8"), "Third"


def rst_cell(old: str, new: str) -> Callable[[str], str]:
    """Replace a cell's text on a grid line keeping the line's width."""
    return lambda line: line.replace(old, new.ljust(len(old)), 1)


CASES: list[tuple[str, str, Breakage]] = [
    # html-table
    ("html-table", "truncated", truncated_after("<td><p>Good", "<table>")),
    (
        "html-table",
        "missing column",
        on_row("GoodTwo", lambda r: r.replace("<td><p>404</p></td>", "")),
    ),
    (
        "html-table",
        "extra column",
        on_row("GoodTwo", lambda r: r.replace("</tr>", "<td>x</td></tr>")),
    ),
    (
        "html-table",
        "status not a number",
        on_row("GoodTwo", lambda r: r.replace(">404<", ">four<")),
    ),
    ("html-table", "duplicate code", duplicate),
    ("html-table", "not utf-8", not_utf8),
    ("html-table", "empty", empty),
    ("html-table", "blank", blank),
    ("html-table", "no rows", no_rows("html-table")),
    # md-pipe
    ("md-pipe", "truncated", truncated_after("| 404 | GoodTwo")),
    ("md-pipe", "missing column", on_row("GoodTwo", lambda r: r.replace("| 404 ", "", 1))),
    ("md-pipe", "status not a number", on_row("GoodTwo", lambda r: r.replace("404", "four"))),
    ("md-pipe", "duplicate code", duplicate),
    ("md-pipe", "not utf-8", not_utf8),
    ("md-pipe", "empty", empty),
    ("md-pipe", "blank", blank),
    ("md-pipe", "no rows", no_rows("md-pipe")),
    # rst-grid
    ("rst-grid", "truncated", truncated_after("| 404")),
    (
        "rst-grid",
        "missing column",
        on_row("GoodTwo", lambda r: r.replace("| GoodTwo", "  GoodTwo")),
    ),
    ("rst-grid", "extra column", on_row("GoodTwo", lambda r: r + " x |")),
    ("rst-grid", "status not a number", on_row("GoodTwo", rst_cell("404", "4o4"))),
    ("rst-grid", "duplicate code", duplicate),
    ("rst-grid", "not utf-8", not_utf8),
    ("rst-grid", "empty", empty),
    ("rst-grid", "blank", blank),
    ("rst-grid", "line too long", on_row("GoodTwo", lambda r: r + " " + "x" * 100_001)),
    # text-rows
    ("text-rows", "truncated", truncated_after("404 GoodTwo")),
    ("text-rows", "missing column", on_row("GoodTwo", lambda r: r.replace("404 ", ""))),
    ("text-rows", "status not a number", on_row("GoodTwo", lambda r: r.replace("404", "4o4"))),
    ("text-rows", "duplicate code", duplicate),
    ("text-rows", "not utf-8", not_utf8),
    ("text-rows", "empty", empty),
    ("text-rows", "blank", blank),
    # text-numeric
    ("text-numeric", "truncated", truncated_after("1002")),
    ("text-numeric", "missing column", on_row("1002", lambda r: r.replace("1002 ", ""))),
    ("text-numeric", "code not a number", on_row("1002", lambda r: r.replace("1002", "10x2"))),
    ("text-numeric", "not utf-8", not_utf8),
    ("text-numeric", "empty", empty),
    ("text-numeric", "blank", blank),
]


def blamed_line(data: bytes, needle: str | None) -> int:
    if needle is None:
        return 1
    lines = data.decode("utf-8", "replace").split("\n")
    return next(number for number, text in enumerate(lines, 1) if needle in text)


# What the one line must say, by case.
PROBLEMS = {
    "truncated": r"never closed|cells|columns|border",
    "missing column": r"cells|columns|not an HTTP status|not a number",
    "extra column": r"cells|columns|border",
    "status not a number": r"'4?(four|4o4)' is not an HTTP status code",
    "code not a number": r"'10x2' is not a number",
    "duplicate code": r"code GoodOne listed again with status 409",
    "not utf-8": r"not UTF-8 text \(byte 0xff\)",
    "empty": r"empty document",
    "blank": r"empty document",
    "line too long": r"longer than",
    "no rows": r"its error-code table lists no code",
}


def good_page(format_name: str) -> str:
    writer = importlib.import_module(f"tests.writers.{format_name.replace('-', '_')}")
    text: str = writer.write(ROWS["numeric" if format_name == "text-numeric" else "table"])
    return text


def seed_entries() -> str:
    """The seed manifest with absolute document paths: same entries, usable from anywhere."""
    text = MANIFEST.read_text(encoding="utf-8")
    return text.replace('"sources/', f'"{SOURCES.as_posix()}/')


def bad_page_entry(path: Path, format_name: str) -> str:
    return (
        f'\n[[document]]\npath = "{path.as_posix()}"\nvendor = "tencentcloud"\n'
        f'service = "tencentcloud.bad"\nformat = "{format_name}"\nduplicates = "error"\n'
    )


@pytest.fixture
def committed_copy(tmp_path: Path) -> Path:
    """A copy of the committed package (generated files and the hand-written core)."""
    out = tmp_path / "pkg" / "clouderrors"
    shutil.copytree(sample_package(), out, ignore=shutil.ignore_patterns("__pycache__"))
    return out


def every_path(folder: Path) -> list[str]:
    """Every file and folder under `folder`, hidden ones too (temp files would show)."""
    return sorted(
        path.relative_to(folder).as_posix()
        for path in folder.rglob("*")
        if "__pycache__" not in path.parts
    )


def assert_rejected(
    out: Path, manifest: Path, capsys: pytest.CaptureFixture[str], path: Path, line: int
) -> str:
    """Exit 2 with one `PATH:LINE: ` line on stderr, and `out` exactly as it was."""
    before, paths = tree_digest(out), every_path(out)
    capsys.readouterr()
    status = main(["generate", "--manifest", str(manifest), "--out", str(out)])
    error = capsys.readouterr().err
    assert status == 2, error
    assert error.endswith("\n") and error.count("\n") == 1, error
    assert re.match(rf"{re.escape(os.path.relpath(path))}:{line}: \S", error), error
    assert "Traceback" not in error
    assert tree_digest(out) == before
    assert every_path(out) == paths
    return error


@pytest.mark.parametrize(
    ("format_name", "case", "breakage"),
    [pytest.param(fmt, case, breakage, id=f"{fmt}-{case}") for fmt, case, breakage in CASES],
)
def test_a_broken_page_is_one_line_and_the_package_stays_byte_identical(
    tmp_path: Path,
    committed_copy: Path,
    capsys: pytest.CaptureFixture[str],
    format_name: str,
    case: str,
    breakage: Breakage,
) -> None:
    text = good_page(format_name)
    data, needle = breakage(text)
    assert data != text.encode("utf-8")
    page = tmp_path / "bad-page.txt"
    page.write_bytes(data)
    line = blamed_line(data, needle)
    manifest = tmp_path / "sources.toml"
    manifest.write_text(seed_entries() + bad_page_entry(page, format_name), encoding="utf-8")
    error = assert_rejected(committed_copy, manifest, capsys, page, line)
    assert re.search(PROBLEMS[case], error), error


@pytest.mark.parametrize("format_name", ["html-table", "md-pipe", "rst-grid", "text-rows"])
def test_the_unbroken_pages_generate(
    tmp_path: Path, committed_copy: Path, format_name: str
) -> None:
    """The control: each good page generates, so the cases above fail for their breakage."""
    page = tmp_path / "good-page.txt"
    page.write_text(good_page(format_name), encoding="utf-8")
    manifest = tmp_path / "sources.toml"
    manifest.write_text(seed_entries() + bad_page_entry(page, format_name), encoding="utf-8")
    assert main(["generate", "--manifest", str(manifest), "--out", str(committed_copy)]) == 0
    assert (committed_copy / "tencentcloud" / "bad.py").is_file()


def test_the_unbroken_numeric_page_generates(tmp_path: Path, committed_copy: Path) -> None:
    page = tmp_path / "good-page.txt"
    page.write_text(good_page("text-numeric"), encoding="utf-8")
    manifest = tmp_path / "sources.toml"
    manifest.write_text(seed_entries() + bad_page_entry(page, "text-numeric"), encoding="utf-8")
    assert main(["generate", "--manifest", str(manifest), "--out", str(committed_copy)]) == 0


@pytest.mark.parametrize(
    ("key", "value", "problem"),
    [
        ("path", "missing-page.md", "document not found: missing-page.md"),
        ("format", "pdf", "unknown format 'pdf'"),
    ],
)
def test_a_bad_manifest_entry_names_its_manifest_line(
    tmp_path: Path,
    committed_copy: Path,
    capsys: pytest.CaptureFixture[str],
    key: str,
    value: str,
    problem: str,
) -> None:
    page = tmp_path / "good-page.txt"
    page.write_text(good_page("md-pipe"), encoding="utf-8")
    entry = bad_page_entry(page, "md-pipe")
    entry = re.sub(rf'(?m)^{key} = ".*"$', f'{key} = "{value}"', entry)
    text = seed_entries() + entry
    manifest = tmp_path / "sources.toml"
    manifest.write_text(text, encoding="utf-8")
    line = text.split("\n").index(f'{key} = "{value}"') + 1
    error = assert_rejected(committed_copy, manifest, capsys, manifest, line)
    assert problem in error


def test_a_report_that_cannot_be_written_leaves_the_package_as_it_was(
    tmp_path: Path, committed_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The run stops after every service was rendered and staged: no staged file stays."""
    page = tmp_path / "good-page.txt"
    page.write_text(good_page("md-pipe"), encoding="utf-8")
    manifest = tmp_path / "sources.toml"
    manifest.write_text(seed_entries() + bad_page_entry(page, "md-pipe"), encoding="utf-8")
    report = tmp_path / "no-such-folder" / "names.json"
    before, paths = tree_digest(committed_copy), every_path(committed_copy)
    capsys.readouterr()
    command = ["generate", "--manifest", str(manifest), "--out", str(committed_copy)]
    status = main([*command, "--report", str(report)])
    error = capsys.readouterr().err
    assert status == 2 and error.count("\n") == 1 and "cannot write report" in error, error
    assert tree_digest(committed_copy) == before
    assert every_path(committed_copy) == paths


@pytest.mark.parametrize(
    "breakage", [not_utf8, on_row("GoodTwo", lambda r: r.replace("404", "four"))]
)
def test_the_command_line_exits_2_with_one_line_and_no_traceback(
    tmp_path: Path, committed_copy: Path, breakage: Breakage
) -> None:
    data, needle = breakage(good_page("md-pipe"))
    page = tmp_path / "bad-page.md"
    page.write_bytes(data)
    manifest = tmp_path / "sources.toml"
    manifest.write_text(seed_entries() + bad_page_entry(page, "md-pipe"), encoding="utf-8")
    before = tree_digest(committed_copy)
    command = [PYTHON, "-m", "codegen", "generate", "--manifest", str(manifest)]
    result = subprocess.run(
        [*command, "--out", str(committed_copy)],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), str(ROOT / "src")])},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2
    assert needle is not None and result.stdout == ""
    line = blamed_line(data, needle)
    assert re.fullmatch(rf"bad-page\.md:{line}: [^\n]+\n", result.stderr), result.stderr
    assert tree_digest(committed_copy) == before
