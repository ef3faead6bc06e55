"""A requests response whose error body clouderrors began to read (over 1 MiB, or a stream that
broke) stays the caller's: `response.content`, `iter_content()` and `raw.read()` give the whole
body, or the client's own error for a broken one, never the rest of it passed off as the body.
Real requests calls (stream=True, and a Session's response hook) against a 127.0.0.1 server."""

from __future__ import annotations

import gzip
import socket
import threading
import zlib
from collections.abc import Callable, Iterator

import pytest
import requests
from werkzeug import Response

import clouderrors
from clouderrors._response import MAX_ERROR_BODY
from clouderrors.huaweicloud import lts

LARGE = (
    b'{"error_code": "LTS.0101", "error_msg": "exists", "detail": "'
    + bytes(range(97, 123)) * (3 * MAX_ERROR_BODY // 26)
    + b'"}'
)


def error_of(response: requests.Response) -> clouderrors.CloudAPIError:
    with pytest.raises(clouderrors.CloudAPIError) as caught:
        clouderrors.raise_for_error(response)
    return caught.value


def streamed(url: str) -> requests.Response:
    return requests.get(url, stream=True, timeout=5)


def through_hook(url: str) -> requests.Response:
    with requests.Session() as session:
        session.hooks["response"].append(clouderrors.response_hook)
        with pytest.raises(clouderrors.CloudAPIError) as caught:
            session.get(url, timeout=5)
    response = caught.value.response
    assert isinstance(response, requests.Response)
    return response


# How a caller reads a body, and the Content-Encodings each reading decodes. `raw.read()` gives
# what clouderrors read decoded: it is the same as the bytes sent only for an unencoded body.
READERS: dict[str, tuple[Callable[[requests.Response], bytes], tuple[str, ...]]] = {
    "content": (lambda response: response.content, ("identity", "gzip", "deflate")),
    "iter_content": (
        lambda response: b"".join(response.iter_content(1000)),
        ("identity", "gzip", "deflate"),
    ),
    "raw.read": (lambda response: response.raw.read(), ("identity",)),
    "raw.read-in-pieces": (
        lambda response: b"".join(iter(lambda: response.raw.read(70_000), b"")),
        ("identity",),
    ),
}
ENCODED = {"identity": lambda body: body, "gzip": gzip.compress, "deflate": zlib.compress}


@pytest.mark.parametrize(
    "reader, encoding",
    [
        (reader, encoding)
        for reader, (_, encodings) in sorted(READERS.items())
        for encoding in encodings
    ],
)
def test_a_large_streamed_error_body_stays_whole(httpserver, reader, encoding):
    httpserver.expect_request("/groups").respond_with_response(
        Response(
            ENCODED[encoding](LARGE),
            400,
            headers={"Content-Encoding": encoding},
            content_type="application/json",
        )
    )
    response = streamed(httpserver.url_for("/groups"))
    error = error_of(response)
    assert type(error) is lts.LogGroupAlreadyExists and error.message == "exists"
    assert READERS[reader][0](response) == LARGE


def test_a_large_error_body_read_by_the_hook_stays_whole(httpserver):
    httpserver.expect_request("/groups").respond_with_data(
        LARGE, 400, content_type="application/json"
    )
    response = through_hook(httpserver.url_for("/groups"))
    assert response.content == LARGE and response.json()["error_code"] == "LTS.0101"


def test_a_second_look_reads_the_same_error(httpserver):
    httpserver.expect_request("/groups").respond_with_data(
        LARGE, 400, content_type="application/json"
    )
    response = streamed(httpserver.url_for("/groups"))
    assert type(error_of(response)) is type(error_of(response)) is lts.LogGroupAlreadyExists
    assert response.content == LARGE


class BreakingServer:
    """Answers every connection with a Content-Length larger than the body it sends, then closes
    the connection: a body broken off mid-way."""

    def __init__(self, body: bytes) -> None:
        self.body = body
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.listener.getsockname()[1]}/groups"

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self.listener.accept()
            except OSError:
                return
            with conn:
                request = b""
                while b"\r\n\r\n" not in request:
                    data = conn.recv(4096)
                    if not data:
                        break
                    request += data
                conn.sendall(
                    b"HTTP/1.1 400 Bad Request\r\nContent-Type: application/json\r\n"
                    + f"Content-Length: {len(self.body) + 1000}\r\n\r\n".encode()
                    + self.body
                )


@pytest.fixture
def breaking() -> Iterator[BreakingServer]:
    server = BreakingServer(b'{"error_code": "LTS.0101", "error_msg": "exists", "detail": "abc')
    yield server
    server.listener.close()


@pytest.mark.parametrize("get", [streamed, through_hook], ids=["stream", "hook"])
def test_a_broken_error_body_fails_for_the_caller_as_requests_fails(breaking, get):
    response = get(breaking.url)
    if get is streamed:
        assert type(error_of(response)) is lts.LogGroupAlreadyExists
    with pytest.raises(requests.exceptions.ChunkedEncodingError):
        response.content  # noqa: B018
