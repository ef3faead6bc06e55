"""A progress line for people watching a long run: one line per phase, rewritten in place.

Shown only on a terminal (stderr), and only once the run has taken a couple of seconds, so
quick runs and logs stay as they were.
"""

from __future__ import annotations

import sys
import time
from typing import TextIO

# A run shorter than this shows no progress at all.
DELAY = 2.0


class Progress:
    def __init__(self, stream: TextIO | None = None, enabled: bool | None = None) -> None:
        self._stream = stream if stream is not None else sys.stderr
        self._enabled = self._stream.isatty() if enabled is None else enabled
        self._start = time.monotonic()
        self._shown = False

    def step(self, phase: str) -> None:
        """Say that the run is now at `phase` (shown once the run is slow enough)."""
        if not self._enabled or time.monotonic() - self._start < DELAY:
            return
        elapsed = time.monotonic() - self._start
        self._stream.write(f"\r\x1b[K{phase} ({elapsed:.0f} s)")
        self._stream.flush()
        self._shown = True

    def done(self) -> None:
        """Clear the line, so what the run prints next starts on a clean one."""
        if self._shown:
            self._stream.write("\r\x1b[K")
            self._stream.flush()
            self._shown = False
