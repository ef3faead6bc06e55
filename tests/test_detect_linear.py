"""Format detection takes time linear in the page: no regular expression backtracks over a long
blank run or a long run of unclosed tags (the figures are in benchmarks/detection.py; here a
subprocess under a generous limit catches the quadratic cases, which took minutes)."""

from __future__ import annotations

import re
import subprocess
import sys
import textwrap

from hypothesis import given
from hypothesis import strategies as st

from codegen.readers import detect
from tests.conftest import ROOT

# The delimiter-row rule as one regular expression (the form that backtracked): the linear check
# must accept exactly what it accepted.
_OLD_DELIMITER = re.compile(r"\s*\|?\s*:?-+:?\s*(?:\|\s*:?-+:?\s*)*\|?\s*")


@given(st.text(alphabet=st.sampled_from(list("|-: \t:x")), max_size=14))
def test_delimiter_rows_are_recognised_as_before(line: str) -> None:
    if "|" in line:
        assert detect._is_pipe_delimiter(line) == bool(_OLD_DELIMITER.fullmatch(line))


def test_hostile_pages_are_detected_quickly() -> None:
    script = textwrap.dedent("""
        from codegen.readers.detect import detect_format
        from codegen.rows import DocumentError

        pages = [
            "| a | b |\\n" + " " * 50_000 + "|\\n",       # a blank run before a pipe
            "<table><tr>" + "<td " * 100_000,            # unclosed cell tags
            "<table><tr><th>Error Code</th><th>" + "<a " * 100_000 + "</th></tr></table>",
            "| Error Code | Message |\\n|" + " -" * 100_000 + "|\\n",
        ]
        for page in pages:
            try:
                detect_format(page, "page.md")
            except DocumentError:
                pass
        """)
    # Each page takes milliseconds; quadratic detection took from seconds to minutes.
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, timeout=60, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
