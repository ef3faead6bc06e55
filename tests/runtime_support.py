"""Helpers of the runtime tests: a stand-in response with only what the runtime reads."""

from __future__ import annotations

import json
from typing import Any


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
