"""httpx: event hooks for `httpx.Client` and `httpx.AsyncClient`, and the async twins of
`raise_for_error` and `error_from_response`.

httpx calls response hooks before it reads the body (and `client.stream(...)` never reads it),
so the body is read here, and only what is needed: a >= 400 body up to MAX_ERROR_BODY; a < 400
body only when it can be a Tencent error envelope (a JSON or untyped body whose Content-Length
says at most MAX_ENVELOPE); either within limits.ERROR_BODY_SECONDS. What was read stays
readable by the caller (see _httpx_body).

httpx is never imported here: `import clouderrors` works, and stays light, without it.
"""

from __future__ import annotations

import sys
from collections.abc import Awaitable, Coroutine, Generator, Mapping
from typing import Any

from clouderrors._errors import CloudAPIError
from clouderrors._response import (
    MAX_ENVELOPE,
    MAX_ERROR_BODY,
    _error,
    _may_hold_envelope,
    _status_of,
    error_from_response,
)

# The media types a Tencent error envelope may come as (after "+json" types): JSON, and the
# text/plain some gateways label everything with. A body without Content-Type is looked at too.
_ENVELOPE_TYPES = frozenset({"application/json", "text/json", "text/plain"})
# Content-Length of at most MAX_ENVELOPE has at most this many digits.
_LENGTH_DIGITS = len(str(MAX_ENVELOPE))

_ASYNC_BODY = (
    "the httpx response's body is an unread async stream (httpx.AsyncClient): use"
    " `await clouderrors.araise_for_error(response)` / `aerror_from_response`, or the hook"
    " clouderrors.async_httpx_hook"
)


def is_httpx(response: object) -> bool:
    """True for an httpx.Response (httpx is looked for among loaded modules, never imported)."""
    httpx = sys.modules.get("httpx")
    return httpx is not None and isinstance(response, httpx.Response)


def unread_async(response: object) -> bool:
    """True for an httpx.AsyncClient's response whose body is not read yet."""
    if not is_httpx(response) or hasattr(response, "_content"):
        return False
    from clouderrors import _httpx_body

    return _httpx_body.is_async(response)  # type: ignore[arg-type]


def unread_sync(response: object) -> bool:
    """True for an httpx.Client's response whose body is not read yet (what a sync client hands
    its hooks)."""
    if not is_httpx(response) or hasattr(response, "_content"):
        return False
    from clouderrors import _httpx_body

    return not _httpx_body.is_async(response)  # type: ignore[arg-type]


def _may_be_envelope(headers: Mapping[str, str]) -> bool:
    """Whether the headers of a < 400 answer allow a Tencent error envelope: a known length of
    at most MAX_ENVELOPE, and a JSON, text/plain or no Content-Type."""
    length = headers.get("content-length")
    if length is None:
        return False
    length = length.strip()
    if not (length.isascii() and length.isdigit() and len(length) <= _LENGTH_DIGITS):
        return False
    if int(length) > MAX_ENVELOPE:
        return False
    kind = headers.get("content-type")
    if kind is None:
        return True
    media = kind.partition(";")[0].strip().lower()
    return media in _ENVELOPE_TYPES or media.endswith("+json")


def _may_hold(content: bytes) -> bool:
    return len(content) <= MAX_ENVELOPE and _may_hold_envelope(content)


def error_of_unread(response: Any, status: int, service: str | None) -> CloudAPIError | None:
    """error_from_response for an httpx response whose body is not read yet (sync stream)."""
    from clouderrors import _httpx_body

    if response.is_stream_consumed or response.is_closed:  # the body is gone: none to read
        return _error(response, status, b"", service) if status >= 400 else None
    if _httpx_body.is_async(response):
        raise TypeError(_ASYNC_BODY)
    if status >= 400:
        body = _httpx_body.read(response, MAX_ERROR_BODY)
    elif _may_be_envelope(response.headers):
        body = _httpx_body.read(response, MAX_ENVELOPE)
        if not body.complete or not _may_hold(body.data):
            return None
    else:
        return None
    # A body cut short (size, time, a broken stream) still gives the code that arrived whole.
    error = _error(response, status, body.data, service, not body.complete)
    if error is not None and body.complete:
        _httpx_body.keep(response, body)
    elif error is not None and body.timed_out:
        _httpx_body.give_up(response)
    return error


async def _aerror_of_unread(
    response: Any, status: int, service: str | None
) -> CloudAPIError | None:
    from clouderrors import _httpx_body

    if status >= 400:
        body = await _httpx_body.aread(response, MAX_ERROR_BODY)
    elif _may_be_envelope(response.headers):
        body = await _httpx_body.aread(response, MAX_ENVELOPE)
        if not body.complete or not _may_hold(body.data):
            return None
    else:
        return None
    # A body cut short (size, time, a broken stream) still gives the code that arrived whole.
    error = _error(response, status, body.data, service, not body.complete)
    if error is not None and body.complete:
        await _httpx_body.akeep(response, body)
    elif error is not None and body.timed_out:
        await _httpx_body.agive_up(response)
    return error


async def aerror_from_response(
    response: Any, *, service: str | None = None
) -> CloudAPIError | None:
    """`error_from_response` for an httpx.AsyncClient's response: reads what it needs of an
    unread body without blocking (any other response is handled as error_from_response does)."""
    if unread_async(response) and not (response.is_stream_consumed or response.is_closed):
        return await _aerror_of_unread(response, _status_of(response), service)
    return error_from_response(response, service=service)


async def araise_for_error(response: Any, *, service: str | None = None) -> None:
    """`raise_for_error` for an httpx.AsyncClient's response (see aerror_from_response)."""
    # Raised from a list, not a local variable (see raise_for_error).
    found = [await aerror_from_response(response, service=service)]
    if found[0] is not None:
        raise found.pop()  # type: ignore[misc]


def httpx_hook(response: Any, *, service: str | None = None) -> Coroutine[Any, Any, None] | None:
    """An event hook for httpx.Client:
    `httpx.Client(event_hooks={"response": [clouderrors.httpx_hook]})`.

    Given an httpx.AsyncClient's response it returns the awaitable of async_httpx_hook, so a
    mix-up still checks every answer."""
    if unread_async(response):
        return araise_for_error(response, service=service)
    found = [error_from_response(response, service=service)]
    if found[0] is not None:
        raise found.pop()  # type: ignore[misc]
    return None


def async_httpx_hook(response: Any, *, service: str | None = None) -> Awaitable[None]:
    """An event hook for httpx.AsyncClient:
    `httpx.AsyncClient(event_hooks={"response": [clouderrors.async_httpx_hook]})`; it returns
    the awaitable that httpx awaits.

    Given an httpx.Client's response (a sync client never awaits what a hook returns) it checks
    the response at once, as httpx_hook does, so a mix-up still checks every answer."""
    if unread_sync(response):
        httpx_hook(response, service=service)  # raises the error, if the response is one
        return _CHECKED
    return araise_for_error(response, service=service)


class _Checked:
    """An awaitable of nothing: what async_httpx_hook returns for a response it checked at once
    (no coroutine, so a sync client dropping it leaves no "never awaited" warning)."""

    __slots__ = ()

    def __await__(self) -> Generator[None, None, None]:
        yield from ()


_CHECKED = _Checked()
