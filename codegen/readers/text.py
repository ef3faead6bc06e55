"""Cleaning of cell text shared by the readers: one space between words, nothing around."""

from __future__ import annotations


def collapse(text: str) -> str:
    """Join wrapped lines and runs of whitespace (any Unicode whitespace) with one space."""
    return " ".join(text.split())
