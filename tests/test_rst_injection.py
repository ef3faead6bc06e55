"""reStructuredText features that put text on the page the page itself does not hold (another
file, raw output, a character by its code, the date, generated numbers or notes) are refused
at their line: one `PATH:LINE: ...` line, exit 2, no traceback, the same answer every run."""

from __future__ import annotations

from pathlib import Path

import pytest

from codegen.readers import read_document
from tests.conftest import run_codegen

TABLE = """
+------------+-------------+---------+
| Error Code | HTTP Status | Message |
+============+=============+=========+
| A.0001     | 400         | Bad {x} |
+------------+-------------+---------+
"""

# (directive lines placed at line 4, what the refusal names). Each has a real effect in docutils:
# it would insert a file, raw output, characters by code, the date, numbers or notes.
INJECTING = [
    (".. |x| unicode:: U+D800", '"unicode" directive refused'),
    (".. |x| unicode:: 0x41 0x42", '"unicode" directive refused'),
    (".. |x| date::", '"date" directive refused'),
    (".. |x| date:: %H:%M:%S", '"date" directive refused'),
    (".. include:: /etc/hostname", '"include" directive refused'),
    (".. include:: <isonum.txt>", '"include" directive refused'),
    (".. raw:: html\n\n   <b>x</b>", '"raw" directive refused'),
    (".. raw:: html\n   :file: /etc/hostname", '"raw" directive refused'),
    (".. |x| raw:: html\n\n   <b>x</b>", '"raw" directive refused'),
    (".. sectnum::", '"sectnum" directive refused'),
    (".. section-numbering::", '"section-numbering" directive refused'),
    (".. target-notes::", '"target-notes" directive refused'),
    (".. csv-table:: t\n   :file: /etc/hostname", '"csv-table" directive with :file: refused'),
    (".. csv-table:: t\n   :url: http://127.0.0.1:9/x", '"csv-table" directive with :url: refused'),
    (".. role:: html(raw)\n   :format: html", '"role" directive refused'),
]


def page(tmp_path: Path, directive: str) -> Path:
    path = tmp_path / "page.rst"
    text = "Error codes\n===========\n\n" + directive + "\n" + TABLE.format(x="|x|")
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(("directive", "refusal"), INJECTING)
def test_injecting_directives_are_refused_at_their_line(
    tmp_path: Path, directive: str, refusal: str
) -> None:
    path = page(tmp_path, directive)
    result = run_codegen("parse", str(path))
    assert result.returncode == 2, result.stdout
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert result.stderr.startswith(f"{path}:4: {refusal}")


def test_directives_that_keep_to_the_page_still_read(tmp_path: Path) -> None:
    directives = (
        ".. |x| replace:: request\n\n.. note:: A note.\n\n.. contents::\n\n"
        ".. csv-table:: other\n   :header: a, b\n\n   1, 2\n\n.. role:: custom"
    )
    rows = read_document(page(tmp_path, directives))
    assert [(row.code, row.message) for row in rows] == [("A.0001", "Bad request")]
