"""One reader per documented table format; each turns a page's text into plain rows.

A reader is a module with `read(text: str, path: str) -> list[Row]`. Readers only read:
naming, merging and every other policy belong to the catalogue.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from pathlib import Path

from codegen.rows import DocumentError, Row

Reader = Callable[[str, str], list[Row]]

# Format name -> module under codegen.readers. Imported on first use, so reading a Markdown
# page does not load docutils.
FORMATS: dict[str, str] = {
    "html-table": "html_table",
    "rst-grid": "rst_grid",
    "md-pipe": "md_pipe",
    "text-rows": "text_rows",
    "text-numeric": "text_numeric",
    # Not a page: an error-code module of the Tencent Cloud SDK, read as Python source.
    "tencentcloud-sdk": "tencentcloud_sdk",
}


def get_reader(format_name: str) -> Reader:
    module = importlib.import_module(f"codegen.readers.{FORMATS[format_name]}")
    reader: Reader = module.read
    return reader


def decode(data: bytes, path: str) -> str:
    """UTF-8 text of a document (a BOM is dropped); bad bytes are a DocumentError at their line."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise DocumentError(path, line, f"not UTF-8 text (byte {data[exc.start]:#04x})") from None
    if not text.strip():
        raise DocumentError(path, 1, "empty document")
    return text


def read_text(text: str, path: str, format_name: str = "auto") -> list[Row]:
    """Rows of a document already in memory; `format_name` "auto" detects it from the content."""
    if format_name == "auto":
        # Imported only when asked for, so an explicit format never depends on detection.
        from codegen.readers.detect import detect_format

        format_name = detect_format(text, path)
    elif format_name not in FORMATS:
        known = ", ".join(sorted(FORMATS))
        raise DocumentError(path, 1, f"unknown format {format_name!r} (known: auto, {known})")
    return get_reader(format_name)(text, path)


def read_document(path: str | Path, format_name: str = "auto") -> list[Row]:
    """Rows of the document at `path`; every failure is a DocumentError naming file and line."""
    shown = str(path)
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise DocumentError(shown, 1, f"cannot read document: {exc.strerror or exc}") from None
    return read_text(decode(data, shown), shown, format_name)
