"""Reading the body of an unread httpx response without taking it from its owner.

httpx calls event hooks before the body is read, and `client.stream(...)` hands the body to the
caller unread. clouderrors reads what it needs off the response's raw stream (bounded), then
puts the stream back as one that first replays those raw bytes and then carries on with the
rest: the caller reads, streams and decodes the body exactly as if nobody had looked.

Imported only once a program holds an httpx response (so httpx is imported already):
`import clouderrors` never imports httpx.
"""

from __future__ import annotations

import time
from collections.abc import AsyncIterator, Iterator

import httpx

from clouderrors import limits

# Raw bytes are fed to the decoder in pieces of at most this size, so a compressed body cannot
# expand past the limit by much before the read stops (zlib expands at most ~1000 times).
_DECODE_PIECE = 4096


class Body:
    """What was read: the decoded body, or its first `limit` bytes and a few more, or what
    arrived within limits.ERROR_BODY_SECONDS."""

    __slots__ = ("complete", "data", "timed_out")

    def __init__(self, data: bytes, complete: bool, timed_out: bool) -> None:
        self.data = data
        # True when `data` is the whole body: the stream ended within the limit and decoded.
        self.complete = complete
        # True when the server sent too slowly: cut short at ERROR_BODY_SECONDS.
        self.timed_out = timed_out


class _Replay(httpx.SyncByteStream):
    """The raw bytes read already, then the rest of the original stream (or its failure)."""

    def __init__(
        self,
        head: list[bytes],
        rest: Iterator[bytes],
        failure: Exception | None,
        source: httpx.SyncByteStream,
    ) -> None:
        self._head = head
        self._rest = rest
        self._failure = failure
        self._source = source

    def __iter__(self) -> Iterator[bytes]:
        head, self._head = self._head, []
        yield from head
        if self._failure is not None:
            raise self._failure
        yield from self._rest

    def close(self) -> None:
        self._source.close()


class _AsyncReplay(httpx.AsyncByteStream):
    """_Replay for an httpx.AsyncClient's response."""

    def __init__(
        self,
        head: list[bytes],
        rest: AsyncIterator[bytes],
        failure: Exception | None,
        source: httpx.AsyncByteStream,
    ) -> None:
        self._head = head
        self._rest = rest
        self._failure = failure
        self._source = source

    async def __aiter__(self) -> AsyncIterator[bytes]:
        head, self._head = self._head, []
        for chunk in head:
            yield chunk
        if self._failure is not None:
            raise self._failure
        while True:
            try:
                chunk = await self._rest.__anext__()
            except StopAsyncIteration:
                return
            yield chunk

    async def aclose(self) -> None:
        await self._source.aclose()


class _Pieces(httpx.SyncByteStream):
    def __init__(self, raw: list[bytes]) -> None:
        self._raw = raw

    def __iter__(self) -> Iterator[bytes]:
        for chunk in self._raw:
            for start in range(0, len(chunk), _DECODE_PIECE):
                yield chunk[start : start + _DECODE_PIECE]


def is_async(response: httpx.Response) -> bool:
    return isinstance(response.stream, httpx.AsyncByteStream) and not isinstance(
        response.stream, httpx.SyncByteStream
    )


def _decoded(response: httpx.Response, raw: list[bytes], limit: int) -> tuple[bytes, bool]:
    """The raw bytes decoded as the response's Content-Encoding says (by httpx's own decoders),
    up to `limit` bytes and a piece more; False when they do not decode."""
    probe = httpx.Response(response.status_code, headers=response.headers, stream=_Pieces(raw))
    parts: list[bytes] = []
    size = 0
    try:
        for part in probe.iter_bytes():
            parts.append(part)
            size += len(part)
            if size > limit:
                break
    except httpx.DecodingError:
        return b"".join(parts), False
    return b"".join(parts), True


def read(response: httpx.Response, limit: int) -> Body:
    """Read at most `limit` raw bytes (and one chunk more) of an unread response with a sync
    stream; the response keeps a stream that gives the caller the whole body."""
    source = response.stream
    assert isinstance(source, httpx.SyncByteStream)
    chunks = iter(source)
    head: list[bytes] = []
    size = 0
    failure: Exception | None = None
    ended = timed_out = False
    # Each chunk is what one read of the socket gave, so the time is checked as bytes arrive.
    deadline = time.monotonic() + limits.ERROR_BODY_SECONDS
    try:
        while size <= limit:
            chunk = next(chunks)
            head.append(chunk)
            size += len(chunk)
            if time.monotonic() >= deadline:
                timed_out = True
                break
    except StopIteration:
        ended = True
    except Exception as error:  # a broken connection: the caller meets it when reading on
        failure = error
    response.stream = _Replay(head, chunks, failure, source)
    return _body(response, head, limit, ended and failure is None, timed_out)


async def aread(response: httpx.Response, limit: int) -> Body:
    """`read` for a response with an async stream (httpx.AsyncClient)."""
    source = response.stream
    assert isinstance(source, httpx.AsyncByteStream)
    chunks = source.__aiter__()
    head: list[bytes] = []
    size = 0
    failure: Exception | None = None
    ended = timed_out = False
    deadline = time.monotonic() + limits.ERROR_BODY_SECONDS
    try:
        while size <= limit:
            chunk = await chunks.__anext__()
            head.append(chunk)
            size += len(chunk)
            if time.monotonic() >= deadline:
                timed_out = True
                break
    except StopAsyncIteration:
        ended = True
    except Exception as error:
        failure = error
    response.stream = _AsyncReplay(head, chunks, failure, source)
    return _body(response, head, limit, ended and failure is None, timed_out)


def _body(
    response: httpx.Response, head: list[bytes], limit: int, ended: bool, timed_out: bool
) -> Body:
    data, decodes = _decoded(response, head, limit)
    return Body(data, ended and decodes and len(data) <= limit, timed_out)


def keep(response: httpx.Response, body: Body) -> None:
    """Hold a whole body on the response as httpx does after `read()` (so `.content`, `.text`
    and `.json()` work on the error's response after httpx closes it), and release the
    connection: the stream has ended."""
    response._content = body.data
    response.close()


async def akeep(response: httpx.Response, body: Body) -> None:
    response._content = body.data
    await response.aclose()


# An error body cut short by the time bound: the rest would take as long again for the caller,
# so the connection is given up (as for requests' streams, see _response._body_for_error).
def give_up(response: httpx.Response) -> None:
    response.close()


async def agive_up(response: httpx.Response) -> None:
    await response.aclose()
