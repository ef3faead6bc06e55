"""Markdown fenced code blocks, which hold examples, never a page's own error tables.

Detection and the readers that can meet fences in a page (HTML inside Markdown) skip the same
lines, so a table quoted in a fence neither decides a page's format nor adds rows to it.
"""

from __future__ import annotations

import re

# An opening or closing fence: up to three spaces, then three or more backticks or tildes.
_FENCE = re.compile(r" {0,3}(`{3,}|~{3,})")


def blank_fenced_code(lines: list[str]) -> list[str]:
    """The lines with those inside fences (and the fences) blanked, numbering kept.

    An unclosed fence runs to the end of the page, as in CommonMark.
    """
    visible: list[str] = []
    fence: str | None = None
    for line in lines:
        match = _FENCE.match(line)
        if fence is None and match:
            fence = match.group(1)
            visible.append("")
        elif fence is not None:
            if match and match.group(1)[0] == fence[0] and len(match.group(1)) >= len(fence):
                fence = None
            visible.append("")
        else:
            visible.append(line)
    return visible
