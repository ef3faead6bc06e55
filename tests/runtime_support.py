"""Helpers of the runtime tests: stand-in responses, and the generated package to test against.

Until the generated modules exist in src/clouderrors, `use_generated()` makes the hand-written
stand-ins in tests/fixtures/generated importable as `clouderrors.<...>` instead.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from typing import Any

import clouderrors

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "generated"


def generated_present() -> bool:
    return (Path(clouderrors.__file__).parent / "_index.py").exists()


def use_generated() -> None:
    """Make `clouderrors._index` and the service modules importable (real or stand-in)."""
    if generated_present() or str(FIXTURES) in clouderrors.__path__:
        return
    clouderrors.__path__.append(str(FIXTURES))
    assert importlib.util.find_spec("clouderrors._index") is not None


class FakeResponse:
    """The duck-typed response: status_code, headers, content, url (what httpx/requests have)."""

    def __init__(
        self,
        status_code: int,
        body: Any = b"",
        headers: dict[str, str] | None = None,
        url: str = "http://127.0.0.1/api",
    ) -> None:
        self.status_code = status_code
        if isinstance(body, bytes):
            self.content = body
        elif isinstance(body, str):
            self.content = body.encode("utf-8", "surrogatepass")
        else:
            self.content = json.dumps(body).encode()
        self.headers = headers if headers is not None else {}
        self.url = url
