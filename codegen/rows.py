"""The plain records that readers return, and the error they raise on unreadable input."""

from __future__ import annotations

from dataclasses import dataclass


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
        return f"{self.path}:{self.line}: {self.problem}"
