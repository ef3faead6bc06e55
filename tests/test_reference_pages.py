"""The Markdown reference pages (docs/reference): one table per service that says what the
classes say, an index, covered by --check, stale pages removed, and every cell shown exactly as
its text whatever the document held (pipes, newlines, markup)."""

from __future__ import annotations

import shutil

import pytest
from hypothesis import given
from hypothesis import strategies as st
from markdown_it import MarkdownIt

import clouderrors
from clouderrors._errors import CATEGORIES
from codegen.cli import main
from codegen.docs import cell
from codegen.manifest import load_manifest
from tests.conftest import ROOT, run_codegen
from tests.test_generate import (
    MANIFEST,
    OLD_CLS,
    cls_manifest,
    copy_of_sample_package,
    hand_written_core,
)

PAGES = ROOT / "docs" / "reference"
MARKDOWN = MarkdownIt("commonmark").enable("table")


def table(text: str) -> list[list[str]]:
    """The rows of the first table of a Markdown page, each cell as the text it shows."""
    tokens = MARKDOWN.parse(text)
    rows: list[list[str]] = []
    current: list[str] | None = None
    inside = False
    for token in tokens:
        if token.type == "tr_open":
            current = []
        elif token.type in ("th_open", "td_open"):
            inside = True
        elif token.type in ("th_close", "td_close"):
            inside = False
        elif token.type == "inline" and inside and current is not None:
            current.append(shown(token))
        elif token.type == "tr_close" and current is not None:
            rows.append(current)
        elif token.type == "table_close":
            break
    return rows


def shown(inline) -> str:
    parts = []
    for child in inline.children or []:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append("\n")
        elif child.type in ("html_inline",):
            parts.append(child.content)
    return "".join(parts)


@pytest.mark.parametrize("service", clouderrors.services())
def test_each_service_page_is_its_classes(service):
    vendor, _, module = service.partition(".")
    rows = table((PAGES / vendor / f"{module}.md").read_text(encoding="utf-8"))
    assert rows[0] == [
        "Code",
        "Class",
        "Documented status",
        "Categories",
        "Retryable",
        "Message",
    ]
    classes = clouderrors.error_classes(service=service)
    assert len(rows) - 1 == len(classes)
    for row, cls in zip(rows[1:], classes, strict=True):
        code, path, status, categories, retryable, message = row
        assert code == cls.code
        assert path.startswith(f"clouderrors.{service}.{cls.__name__}")
        assert ("(deprecated)" in path) is cls.deprecated
        assert status == ("-" if cls.http_status is None else str(cls.http_status))
        expected = [category.__name__ for category in CATEGORIES if issubclass(cls, category)]
        assert categories == (", ".join(expected) or "-")
        assert retryable == ("yes" if cls.retryable else "no")
        assert message == (" ".join(cls.documented_message.split()) or "-")


def test_the_index_links_every_service_page():
    rows = table((PAGES / "README.md").read_text(encoding="utf-8"))
    assert len(rows) - 1 == len(clouderrors.services())
    text = (PAGES / "README.md").read_text(encoding="utf-8")
    for service in clouderrors.services():
        vendor, _, module = service.partition(".")
        assert f"]({vendor}/{module}.md)" in text
        assert (PAGES / vendor / f"{module}.md").is_file()


@given(st.text(max_size=200))
def test_a_cell_shows_exactly_its_text(text):
    rows = table(f"| a |\n|---|\n| {cell(text)} |\n")
    expected = " ".join(text.split()) or "-"
    # CommonMark replaces NUL with U+FFFD and reads entities; the cell is escaped for the rest
    assert rows == [["a"], [expected.replace("\x00", "\ufffd")]]


def test_check_covers_the_pages_and_generate_restores_them(tmp_path):
    """The pages of the sample manifest's services (both seed-page vendors and SDK services)
    come out byte for byte as committed, and the index lists each of them exactly as the
    committed index does; --check sees an edited page, a stale page and a leftover temp file,
    and generate restores the edited page, removes the other two and leaves a hand-written file
    alone. The whole SDK's pages are `make check`'s to compare (a minute of generation). The
    package is a copy of the sample package: its modules are up to date, so only pages are made."""
    out = copy_of_sample_package(tmp_path)
    pages = tmp_path / "docs" / "reference"
    args = ["generate", "--manifest", str(MANIFEST), "--out", str(out), "--pages", str(pages)]
    assert main(args) == 0
    services = {f"{spec.vendor}/{spec.module}.md" for spec in load_manifest(MANIFEST)}
    assert sorted(p.relative_to(pages).as_posix() for p in pages.rglob("*.md")) == sorted(
        services | {"README.md"}
    )
    for relative in sorted(services):
        assert (pages / relative).read_bytes() == (PAGES / relative).read_bytes(), relative
    # The index: its text around the table and the sample services' rows as committed (the
    # committed index has every SDK service's row besides, and its own generation key).
    index, committed = (
        (folder / "README.md").read_text(encoding="utf-8").splitlines()[2:]
        for folder in (pages, PAGES)
    )
    rows = [line for line in index if line.startswith("| ") and "](" in line]
    assert sorted(row.split("](", 1)[1].split(")", 1)[0] for row in rows) == sorted(services)
    assert set(rows) <= set(committed)
    assert [line for line in index if line not in rows] == [
        line for line in committed if not line.startswith("| ") or "](" not in line
    ]
    lts = pages / "huaweicloud" / "lts.md"
    lts.write_text(lts.read_text(encoding="utf-8").replace("LTS.0101", "LTS.9999"))
    stale = pages / "huaweicloud" / "gone.md"
    shutil.copy2(pages / "huaweicloud" / "cts.md", stale)
    leftover = pages / "tencentcloud" / ".cls.md.a1b2c3d4.tmp"  # what a killed run leaves
    leftover.write_text("half a page", encoding="utf-8")
    mine = pages / "huaweicloud" / "notes.md"  # not generated: left alone
    mine.write_text("# my notes\n", encoding="utf-8")
    assert main([*args, "--check"]) == 1
    assert main(args) == 0
    assert lts.read_bytes() == (PAGES / "huaweicloud" / "lts.md").read_bytes()
    assert not stale.exists() and not leftover.exists()
    assert mine.read_text(encoding="utf-8") == "# my notes\n"
    assert main([*args, "--check"]) == 0


def test_a_hand_written_file_in_the_way_is_refused(tmp_path):
    out = tmp_path / "pkg" / "clouderrors"
    pages = tmp_path / "pages"
    hand_written_core(out)
    (pages / "huaweicloud").mkdir(parents=True)
    mine = pages / "huaweicloud" / "lts.md"
    mine.write_text("# my notes\n", encoding="utf-8")
    done = run_codegen("generate", "--out", str(out), "--pages", str(pages))
    assert done.returncode == 2, done.stdout + done.stderr
    assert "lts.md: exists and is not generated" in done.stderr
    assert mine.read_text(encoding="utf-8") == "# my notes\n"


def test_pages_only_beside_the_package_in_place(tmp_path):
    """With --out elsewhere and no --pages, no page is written (one seed page is enough to
    show it: a manifest of every service would only cost time)."""
    out = tmp_path / "pkg" / "clouderrors"
    hand_written_core(out)
    manifest = cls_manifest(tmp_path, OLD_CLS)
    assert main(["generate", "--manifest", str(manifest), "--out", str(out)]) == 0
    assert (out / "tencentcloud" / "cls.py").is_file()
    assert not (tmp_path / "docs").exists() and not (tmp_path / "pkg" / "docs").exists()
