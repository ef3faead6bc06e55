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

    __slots__ = ("data", "ended", "timed_out")

    def __init__(self, data: bytes, ended: bool, timed_out: bool) -> None:
        self.data = data
        self.ended = ended  # the stream ended within the size and the time: data is the body
        self.timed_out = timed_out  # cut short by ERROR_BODY_SECONDS


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
    except Exception:  # a broken stream, a body that does not decode: what was read
        pass
    return StreamedBody(b"".join(parts), ended, timed_out)


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
