"""The plain records that readers return, and the error they raise on unreadable input."""

from __future__ import annotations

from dataclasses import dataclass

from codegen.console import for_terminal


@dataclass(frozen=True)
class Row:
    """One documented error code, exactly as a page lists it (cleaned text, no policy)."""

    code: str
    http_status: int | None
    message: str
    description: str
    solution: str
    path: str
    line: int

    def to_json(self) -> dict[str, object]:
        return {
            "code": self.code,
            "http_status": self.http_status,
            "message": self.message,
            "description": self.description,
            "solution": self.solution,
            "path": self.path,
            "line": self.line,
        }


class DocumentError(Exception):
    """A document (or the manifest) that cannot be read; str() is `PATH:LINE: what is wrong`."""

    def __init__(self, path: str, line: int, problem: str) -> None:
        super().__init__(path, line, problem)
        self.path = path
        self.line = line
        self.problem = problem

    def __str__(self) -> str:
        # One line, whatever the page put in the problem (a header cell, a status cell).
        return f"{for_terminal(self.path)}:{self.line}: {for_terminal(self.problem)}"


class DocumentErrors(DocumentError):
    """Every problem of a run, in manifest order; str() is one `PATH:LINE: ...` line each.

    A DocumentError itself (its path, line and problem are the first one's), so a caller that
    handles one problem handles all of them.
    """

    def __init__(self, errors: list[DocumentError]) -> None:
        first = errors[0]
        super().__init__(first.path, first.line, first.problem)
        self.errors: list[DocumentError] = [
            single
            for error in errors
            for single in (error.errors if isinstance(error, DocumentErrors) else [error])
        ]

    def __str__(self) -> str:
        return "\n".join(str(error) for error in self.errors)


def require_rows(rows: list[Row], path: str) -> list[Row]:
    """`rows`, unless a page's table lists no code (a header without rows: a page cut short or
    emptied), which would generate its service without a class."""
    if not rows:
        raise DocumentError(path, 1, "its error-code table lists no code (a header, no rows)")
    return rows


def raise_all(errors: list[DocumentError]) -> None:
    """Raise the one error, or all of them together; nothing when the list is empty."""
    if len(errors) == 1:
        raise errors[0]
    if errors:
        raise DocumentErrors(errors)
