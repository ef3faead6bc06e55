"""Reading an error body off the wire is bounded in time (clouderrors.limits.ERROR_BODY_SECONDS):
a server on 127.0.0.1 that trickles its body holds raise_for_error no longer than the bound,
and the error keeps what arrived (its class from the status, or from the code where the code
arrived, as in an XML body read in part)."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator

import httpx
import pytest
import requests

import clouderrors
from clouderrors import HuaweiCloudError, InvalidRequestError, NotFoundError, raise_for_error

# The bound the tests set, and what the trickle would take in all: the gap between them is what
# the tests tell apart, with room for a loaded machine.
BOUND = 0.4
TRICKLE_SECONDS = 60.0
WITHIN = 8.0
OBS_HOST = "examplebucket.obs.cn-north-4.myhuaweicloud.com"


class TricklingServer:
    """An HTTP server on 127.0.0.1 that sends the status line, the headers and `head` at once,
    then `tail` a byte at a time over TRICKLE_SECONDS; also acts as an HTTP proxy (it answers
    any request line the same way)."""

    def __init__(self, status: str, head: bytes, tail: bytes, chunked: bool = False) -> None:
        self.status, self.head, self.tail, self.chunked = status, head, tail, chunked
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.listener.getsockname()[1]}"

    def _serve(self) -> None:
        self.listener.settimeout(0.1)
        while not self.stop.is_set():
            try:
                conn, _ = self.listener.accept()
            except OSError:
                continue
            threading.Thread(target=self._answer, args=(conn,), daemon=True).start()

    def _answer(self, conn: socket.socket) -> None:
        with conn:
            request = b""
            while b"\r\n\r\n" not in request:
                data = conn.recv(4096)
                if not data:
                    return
                request += data
            size = len(self.head) + len(self.tail)
            framing = (
                b"Transfer-Encoding: chunked\r\n"
                if self.chunked
                else f"Content-Length: {size}\r\n".encode()
            )
            try:
                conn.sendall(
                    f"HTTP/1.1 {self.status}\r\n".encode()
                    + b"Content-Type: application/octet-stream\r\n"
                    + framing
                    + b"\r\n"
                    + self._framed(self.head)
                )
                gap = TRICKLE_SECONDS / max(1, len(self.tail))
                for byte in self.tail:
                    if self.stop.wait(gap):
                        return
                    conn.sendall(self._framed(bytes([byte])))
                if self.chunked:
                    conn.sendall(b"0\r\n\r\n")
            except OSError:  # the client gave up: as it should
                return

    def _framed(self, data: bytes) -> bytes:
        if not self.chunked or not data:
            return data
        return f"{len(data):x}\r\n".encode() + data + b"\r\n"

    def close(self) -> None:
        self.stop.set()
        self.listener.close()
        self.thread.join(5)


@pytest.fixture
def bound(monkeypatch: pytest.MonkeyPatch) -> Iterator[float]:
    monkeypatch.setattr(clouderrors.limits, "ERROR_BODY_SECONDS", BOUND)
    yield BOUND


def serve(status: str, head: bytes, tail: bytes, chunked: bool = False) -> TricklingServer:
    return TricklingServer(status, head, tail, chunked)


def test_the_bound_is_documented_and_settable():
    assert clouderrors.limits.ERROR_BODY_SECONDS == 10.0
    assert "ERROR_BODY_SECONDS" in (clouderrors.limits.__doc__ or "")
    assert "limits" in dir(clouderrors)
    assert [name for name in dir(clouderrors.limits) if not name.startswith("__")] == [
        "ERROR_BODY_SECONDS"
    ]


@pytest.mark.parametrize("chunked", [False, True])
def test_requests_stream_of_a_trickled_json_error(bound, chunked):
    head = b'{"error_code": "LTS.0101", "error_msg": "Failed to create'
    server = serve("400 Bad Request", head, b" log group, it exists already" * 4 + b'"}', chunked)
    try:
        started = time.monotonic()
        with requests.get(server.url + "/v2/groups", stream=True, timeout=5) as response:
            with pytest.raises(InvalidRequestError) as caught:
                raise_for_error(response)
        took = time.monotonic() - started
    finally:
        server.close()
    assert took < WITHIN, f"held {took:.1f} s"
    error = caught.value
    # Cut short: no JSON, so the class comes from the status; the message is what arrived.
    assert error.status_code == 400 and error.code is None
    assert error.message is not None and error.message.startswith(head.decode())


def test_a_trickled_xml_error_keeps_the_code_that_arrived(bound):
    head = b"<Error><Code>NoSuchBucket</Code><Message>The specified bucket"
    server = serve("404 Not Found", head, b" does not exist</Message></Error>" * 3)
    try:
        started = time.monotonic()
        with requests.Session() as session:
            session.trust_env = False
            response = session.get(
                f"http://{OBS_HOST}/object.txt",
                proxies={"http": server.url},
                stream=True,
                timeout=5,
            )
            with pytest.raises(HuaweiCloudError) as caught:
                raise_for_error(response)
        took = time.monotonic() - started
    finally:
        server.close()
    assert took < WITHIN, f"held {took:.1f} s"
    error = caught.value
    assert isinstance(error, NotFoundError)
    assert error.code == "NoSuchBucket"


def test_a_session_hook_is_bounded_too(bound):
    server = serve("404 Not Found", b'{"error_code": "LTS.0201", ', b'"error_msg": "gone"}' * 3)
    try:
        started = time.monotonic()
        with requests.Session() as session:
            session.hooks["response"].append(clouderrors.response_hook)
            with pytest.raises(NotFoundError):
                session.get(server.url + "/v2/groups", timeout=5)
        took = time.monotonic() - started
    finally:
        server.close()
    assert took < WITHIN, f"held {took:.1f} s"


def test_httpx_stream_of_a_trickled_error(bound):
    server = serve("503 Service Unavailable", b"upstream is", b" overloaded, try later" * 3)
    try:
        started = time.monotonic()
        with httpx.Client(trust_env=False, timeout=5) as client:
            with client.stream("GET", server.url + "/v1/things") as response:
                with pytest.raises(clouderrors.ServerError) as caught:
                    raise_for_error(response)
        took = time.monotonic() - started
    finally:
        server.close()
    assert took < WITHIN, f"held {took:.1f} s"
    assert caught.value.message is not None and caught.value.message.startswith("upstream is")


def test_a_body_within_the_bound_is_read_whole_and_stays_readable(bound):
    server = serve("404 Not Found", b'{"error_code": "LTS.0201", "error_msg": "gone"}', b"")
    try:
        with requests.get(server.url + "/v2/groups", stream=True, timeout=5) as response:
            with pytest.raises(NotFoundError) as caught:
                raise_for_error(response)
            assert response.content.startswith(b'{"error_code"')
            assert b"".join(response.iter_content(16)) == response.content
    finally:
        server.close()
    assert caught.value.code == "LTS.0201" and caught.value.message == "gone"
