"""What the generator prints quotes the pages (a header, a code, a name): every unprintable
character a page holds is shown escaped, so a page cannot send escape sequences to the terminal
or CI log, nor split an error's one line (codegen/console.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from codegen.cli import main

# ESC [2J clears the screen, ESC ] 0; sets the window title, BEL rings, U+202E reverses text.
HOSTILE = "\x1b[2J\x1b]0;owned\x07\u202e"


def assert_terminal_safe(text: str) -> None:
    unprintable = {char for line in text.splitlines() for char in line if not char.isprintable()}
    assert unprintable == set()


def test_a_document_error_quoting_a_header_is_one_escaped_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page = tmp_path / "page.rst"
    name = "Name" + HOSTILE
    border, rule = (
        "+" + "-" * (len(name) + 2) + "+------+",
        "+" + "=" * (len(name) + 2) + "+======+",
    )
    rows = [f"| {name} | Note |", rule, f"| {'x'.ljust(len(name))} | y    |"]
    page.write_text(
        "\n".join(["Errors", "======", "", border, *rows, border, ""]), encoding="utf-8"
    )
    assert main(["parse", str(page)]) == 2
    err = capsys.readouterr().err
    assert len(err.splitlines()) == 1
    assert_terminal_safe(err)
    assert "Name\\x1b[2J\\x1b]0;owned\\x07\\u202e | Note" in err


def test_a_run_prints_the_codes_of_a_page_escaped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page = tmp_path / "page.md"
    page.write_text(
        "| Status Code | Error Code | Error Message |\n|---|---|---|\n"
        f"| 400 | X.0001{HOSTILE} | bad |\n| 404 | X.0002 | gone{HOSTILE} |\n",
        encoding="utf-8",
    )
    manifest = tmp_path / "sources.toml"
    manifest.write_text(
        '[[document]]\npath = "page.md"\nvendor = "huaweicloud"\n'
        'service = "huaweicloud.xsvc"\nformat = "auto"\n',
        encoding="utf-8",
    )
    out = tmp_path / "out"
    assert main(["generate", "--manifest", str(manifest), "--out", str(out), "--jobs", "1"]) == 0
    captured = capsys.readouterr()
    assert_terminal_safe(captured.out + captured.err)
    # The code as generated: its invisible bidi override dropped, ESC and BEL shown escaped.
    assert "X.0001\\x1b[2J\\x1b]0;owned\\x07," in captured.out
