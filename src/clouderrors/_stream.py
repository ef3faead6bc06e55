"""Reading the start of an error body that is still on the wire: at most a number of bytes and
within `limits.ERROR_BODY_SECONDS` in all, so that a server trickling its body cannot hold the
caller. The time is checked after every read; each read returns as soon as any bytes arrive
(requests over urllib3 2, httpx), so one read waits at most the client's own read timeout."""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator
from typing import Any

from clouderrors import limits

# Where the client only offers reads that wait for a whole chunk (requests over urllib3 1.x, a
# stand-in with iter_content), chunks are this small, so the time is checked often.
_WAITING_CHUNK = 8192


class StreamedBody:
    """What read_error_body read, and why it stopped."""

    __slots__ = ("data", "ended", "failure", "timed_out")

    def __init__(
        self, data: bytes, ended: bool, timed_out: bool, failure: Exception | None = None
    ) -> None:
        self.data = data
        self.ended = ended  # the stream ended within the size and the time: data is the body
        self.timed_out = timed_out  # cut short by ERROR_BODY_SECONDS
        self.failure = failure  # what broke the stream (a dropped connection), if anything


def read_error_body(response: Any, limit: int) -> StreamedBody | None:
    """The first `limit` bytes of a response's unread body (decoded as its Content-Encoding
    says), or what arrived within the time; None when the response offers no stream."""
    chunks = _chunks(response, limit)
    if chunks is None:
        return None
    deadline = time.monotonic() + limits.ERROR_BODY_SECONDS
    parts: list[bytes] = []
    size = 0
    ended = timed_out = False
    failure: Exception | None = None
    try:
        for chunk in chunks:
            parts.append(chunk)
            size += len(chunk)
            if size >= limit:
                break
            if time.monotonic() >= deadline:
                timed_out = True
                break
        else:
            ended = True
    except Exception as error:  # a broken stream, a body that does not decode: what was read
        failure = error
    return StreamedBody(b"".join(parts), ended, timed_out, failure)


def _chunks(response: Any, limit: int) -> Iterator[bytes] | None:
    raw = getattr(response, "raw", None)
    urllib3 = sys.modules.get("urllib3")
    base = getattr(urllib3, "BaseHTTPResponse", None)  # urllib3 2 (requests' transport)
    if base is not None and isinstance(raw, base) and hasattr(response, "iter_content"):
        return _urllib3_reads(raw, limit)
    iter_bytes = getattr(response, "iter_bytes", None)
    if iter_bytes is not None:  # httpx: each chunk is what one read of the network gave
        chunks: Iterator[bytes] = iter_bytes()
        return chunks
    iter_content = getattr(response, "iter_content", None)
    if iter_content is not None:
        chunks = iter_content(_WAITING_CHUNK)
        return chunks
    return None


def _urllib3_reads(raw: Any, limit: int) -> Iterator[bytes]:
    # read1: what one read of the socket gives (urllib3's read() and stream() wait for a whole
    # chunk), decoded as requests' own iter_content decodes it.
    while True:
        chunk: bytes = raw.read1(limit, decode_content=True)
        if not chunk:
            return
        yield chunk


def give_back(response: Any, body: StreamedBody, gave_up: bool = False) -> None:
    """Leave a requests response whose body was read only in part (the size, a broken stream)
    with a `raw` that gives that part first: the caller reads the whole body (or meets the
    failure) as if nobody had looked, never the rest passed off as the body. `gave_up`: the
    read was cut by the time bound and the connection closed: after that part the caller
    meets a broken body (requests' ChunkedEncodingError) saying so."""
    raw = getattr(response, "raw", None)
    if raw is None or getattr(response, "_content", None) is not False:
        return
    failure = body.failure
    if gave_up:
        from urllib3.exceptions import ProtocolError  # requests' transport: loaded already

        failure = ProtocolError(
            f"clouderrors stopped reading this error body after {len(body.data)} bytes and"
            f" {limits.ERROR_BODY_SECONDS} s (clouderrors.limits.ERROR_BODY_SECONDS) and closed"
            " the connection"
        )
    response.raw = ReplayedRaw(raw, body.data, failure)


class ReplayedRaw:
    """`response.raw` of a requests response whose body clouderrors began to read: the bytes it
    read (decoded, as requests reads a body), then the rest of the original stream, or the
    failure that stopped the read (requests turns it into its own error, as it would have).
    Everything else is the original's."""

    def __init__(self, raw: Any, head: bytes, failure: Exception | None) -> None:
        self._raw = raw
        self._head = head
        self._failure = failure

    def _take(self, amt: int | None) -> bytes:
        head = self._head
        if amt is None or amt >= len(head):
            self._head = b""
            return head
        self._head = head[amt:]
        return head[:amt]

    def _raise_failure(self) -> None:
        failure, self._failure = self._failure, None
        if failure is not None:
            raise failure

    def stream(
        self, amt: int | None = 2**16, decode_content: bool | None = None
    ) -> Iterator[bytes]:
        """What requests' iter_content (and so `content`) reads."""
        while self._head:
            yield self._take(amt)
        self._raise_failure()
        stream = getattr(self._raw, "stream", None)
        if stream is not None:
            yield from stream(amt, decode_content=decode_content)
            return
        while chunk := self._raw.read(amt):  # a stand-in's file object
            yield chunk

    def read(self, amt: int | None = None, *args: Any, **kwargs: Any) -> bytes:
        if self._head:
            head = self._take(amt)
            if amt is not None:
                return head
            self._raise_failure()
            rest: bytes = self._raw.read(None, *args, **kwargs)
            return head + rest
        self._raise_failure()
        data: bytes = self._raw.read(amt, *args, **kwargs)
        return data

    def __getattr__(self, name: str) -> Any:
        return getattr(self._raw, name)
