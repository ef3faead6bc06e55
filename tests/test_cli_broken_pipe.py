"""`python -m codegen parse PAGE | head`: a reader that goes away ends the command quietly."""

from __future__ import annotations

import os
import subprocess
import sys

from tests.conftest import ROOT


def test_closed_stdout_is_a_quiet_exit(seed):
    read_end, write_end = os.pipe()
    # With the reading end closed before the command writes, every write fails with EPIPE,
    # which is what `head` leaves behind once it has read its lines.
    os.close(read_end)
    try:
        result = subprocess.run(
            [sys.executable, "-m", "codegen", "parse", str(seed["cts"])],
            cwd=ROOT,
            stdout=write_end,
            stderr=subprocess.PIPE,
            check=False,
        )
    finally:
        os.close(write_end)
    assert result.stderr.decode() == ""
    assert result.returncode == 1
