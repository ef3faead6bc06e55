"""The manifest: each bad entry is a DocumentError at the line of that entry or key."""

from __future__ import annotations

from pathlib import Path

import pytest

from codegen.cli import main
from codegen.manifest import load_manifest
from codegen.rows import DocumentError

GOOD = """\
# comment

[[document]]
path = "page.md"
vendor = "tencentcloud"
service = "tencentcloud.cls"
format = "auto"
"""


def write_manifest(tmp_path: Path, text: str) -> Path:
    (tmp_path / "page.md").write_text("| a | b |\n", encoding="utf-8")
    manifest = tmp_path / "sources.toml"
    manifest.write_text(text, encoding="utf-8")
    return manifest


def error_of(manifest: Path) -> DocumentError:
    with pytest.raises(DocumentError) as caught:
        load_manifest(manifest)
    return caught.value


def test_a_good_manifest_lists_its_documents(tmp_path: Path) -> None:
    manifest = write_manifest(tmp_path, GOOD + GOOD.replace("# comment", ""))
    with pytest.raises(DocumentError, match="listed twice"):
        load_manifest(manifest)
    specs = load_manifest(write_manifest(tmp_path, GOOD))
    assert [(s.service, s.module, s.format, s.duplicates, s.line) for s in specs] == [
        ("tencentcloud.cls", "cls", "auto", "all", 3)
    ]
    assert specs[0].path == (tmp_path / "page.md").resolve()


@pytest.mark.parametrize(
    ("change", "line", "problem"),
    [
        (('path = "page.md"', 'path = "missing.md"'), 4, "document not found: missing.md"),
        (('path = "page.md"', 'path = "."'), 4, "document is not a file: ."),
        (('format = "auto"', 'format = "pdf"'), 7, "unknown format 'pdf'"),
        (('vendor = "tencentcloud"', 'vendor = "acme"'), 5, "unknown vendor 'acme'"),
        (('"tencentcloud.cls"', '"tencentcloud.Cls"'), 6, "bad service id"),
        (('"tencentcloud.cls"', '"tencentcloud.class"'), 6, "bad service id"),
        (('"tencentcloud.cls"', '"huaweicloud.cls"'), 6, "bad service id"),
        (('vendor = "tencentcloud"\n', ""), 3, "no 'vendor'"),
        (('format = "auto"', 'format = "auto"\nduplicates = "last"'), 8, "duplicates must be"),
        (('format = "auto"', 'format = "auto"\ncolour = "red"'), 8, "unknown key 'colour'"),
        (('format = "auto"', 'format = "auto"\ncolumns = "Value"'), 8, "must be a table"),
        (('format = "auto"', 'format = "auto"\ncolumns = {kode = "V"}'), 8, "unknown field 'kode'"),
        (('format = "auto"', 'format = "auto"\ncolumns = {code = 1}'), 8, "must name a header"),
    ],
)
def test_bad_entries_name_their_manifest_line(
    tmp_path: Path, change: tuple[str, str], line: int, problem: str
) -> None:
    manifest = write_manifest(tmp_path, GOOD.replace(*change))
    error = error_of(manifest)
    assert error.line == line
    assert problem in error.problem
    assert str(error).startswith(f"{error.path}:{line}: ")


def test_second_entry_errors_point_at_the_second_entry(tmp_path: Path) -> None:
    second = GOOD.replace("# comment\n\n", "").replace('"page.md"', '"other.md"')
    manifest = write_manifest(tmp_path, GOOD + "\n" + second)
    error = error_of(manifest)
    assert (error.line, error.problem) == (10, "document not found: other.md")


def test_not_toml_and_no_entries(tmp_path: Path) -> None:
    assert error_of(write_manifest(tmp_path, "[[document]]\npath = \n")).line == 2
    assert "no [[document]]" in error_of(write_manifest(tmp_path, "# empty\n")).problem
    missing = error_of(tmp_path / "nope.toml")
    assert missing.line == 1 and "cannot read manifest" in missing.problem


def test_every_bad_entry_is_reported_in_one_run(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Three independent bad entries (and one listed twice): one run names each at its line,
    exits 2, and writes nothing."""
    second = GOOD.replace("# comment\n\n", "").replace('"page.md"', '"other.md"')
    third = GOOD.replace("# comment\n\n", "").replace('vendor = "tencentcloud"', 'vendor = "x"')
    fourth = GOOD.replace("# comment\n\n", "")
    manifest = write_manifest(tmp_path, "\n".join((GOOD, second, third, fourth)))
    out = tmp_path / "out" / "clouderrors"
    assert main(["generate", "--manifest", str(manifest), "--out", str(out)]) == 2
    lines = capsys.readouterr().err.strip().splitlines()
    shown = str(error_of(manifest).path)
    assert lines == [
        f"{shown}:10: document not found: other.md",
        f"{shown}:17: unknown vendor 'x' (known: huaweicloud, tencentcloud)",
        f"{shown}:21: document page.md listed twice (line 3)",
    ]
    assert not out.exists()
