"""Reading an error body off the wire is bounded in time (clouderrors.limits.ERROR_BODY_SECONDS):
a server on 127.0.0.1 that trickles its body holds raise_for_error no longer than the bound,
and the error keeps what arrived (its class from the status, or from the code where the code
arrived, as in an XML body read in part)."""

from __future__ import annotations

import io
import json
import socket
import threading
import time
from collections.abc import Iterator

import httpx
import pytest
import requests
import urllib3
from hypothesis import given
from hypothesis import strategies as st

import clouderrors
from clouderrors import HuaweiCloudError, NotFoundError, raise_for_error

# The bound the tests set, and what the trickle would take in all: the gap between them is what
# the tests tell apart, with room for a loaded machine.
BOUND = 0.4
TRICKLE_SECONDS = 60.0
WITHIN = 8.0
OBS_HOST = "examplebucket.obs.cn-north-4.myhuaweicloud.com"
LTS_URL = "http://lts.cn-north-4.myhuaweicloud.com/v2/0123456789abcdef/groups"


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
            with pytest.raises(clouderrors.CloudAPIError) as caught:
                raise_for_error(response)
        took = time.monotonic() - started
    finally:
        server.close()
    assert took < WITHIN, f"held {took:.1f} s"
    error = caught.value
    # Cut short inside the message: the code had arrived, so its class.
    assert type(error) is clouderrors.huaweicloud.lts.LogGroupAlreadyExists
    assert error.status_code == 400 and error.code == "LTS.0101"


@pytest.mark.parametrize("hook", [False, True], ids=["stream", "hook"])
def test_a_requests_body_cut_by_the_bound_reads_as_broken_not_empty(bound, hook):
    head = b'{"error_code": "LTS.0101", "error_msg": "Failed'
    server = serve("400 Bad Request", head, b" to create" * 10 + b'"}')
    try:
        if hook:
            with requests.Session() as session:
                session.hooks["response"].append(clouderrors.response_hook)
                with pytest.raises(clouderrors.CloudAPIError) as caught:
                    session.get(server.url + "/v2/groups", timeout=5)
            response = caught.value.response
        else:
            response = requests.get(server.url + "/v2/groups", stream=True, timeout=5)
            with pytest.raises(clouderrors.CloudAPIError):
                raise_for_error(response)
        # What arrived, then requests' own error for a body broken off, saying why.
        chunks = response.iter_content(1 << 20)
        assert next(chunks).startswith(head)
        with pytest.raises(requests.exceptions.ChunkedEncodingError, match="ERROR_BODY_SECONDS"):
            next(chunks)
    finally:
        server.close()


def test_a_trickled_json_error_whose_code_did_not_arrive_is_classed_by_status(bound):
    server = serve("404 Not Found", b'{"error_co', b'de": "LTS.0201", "error_msg": "gone"}' * 2)
    try:
        with requests.get(server.url + "/v2/groups", stream=True, timeout=5) as response:
            with pytest.raises(NotFoundError) as caught:
                raise_for_error(response)
    finally:
        server.close()
    error = caught.value
    assert error.code is None and error.message.startswith('{"error_co')


def test_a_trickled_tencent_envelope_keeps_its_code(bound):
    head = b'{"Response": {"Error": {"Code": "AuthFailure.SignatureExpire", "Message": "expi'
    server = serve("401 Unauthorized", head, b"red, sign again" * 4 + b'"}}}')
    try:
        with requests.Session() as session:
            session.trust_env = False
            response = session.get(
                "http://cls.tencentcloudapi.com/", proxies={"http": server.url}, stream=True
            )
            with pytest.raises(clouderrors.CloudAPIError) as caught:
                raise_for_error(response)
    finally:
        server.close()
    assert type(caught.value) is clouderrors.tencentcloud.cls.AuthFailureSignatureExpire


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


@pytest.mark.parametrize("hook", [False, True])
def test_httpx_trickled_json_error_keeps_the_code_that_arrived(bound, hook):
    head = b'{"error_code": "LTS.0101", "error_msg": "Failed to create'
    server = serve("400 Bad Request", head, b" log group, it exists already" * 4 + b'"}')
    hooks = {"response": [clouderrors.httpx_hook]} if hook else {}
    try:
        started = time.monotonic()
        with httpx.Client(trust_env=False, timeout=5, event_hooks=hooks) as client:
            with pytest.raises(clouderrors.CloudAPIError) as caught:
                with client.stream("GET", server.url + "/v2/groups") as response:
                    raise_for_error(response)
        took = time.monotonic() - started
    finally:
        server.close()
    assert took < WITHIN, f"held {took:.1f} s"
    assert type(caught.value) is clouderrors.huaweicloud.lts.LogGroupAlreadyExists


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


# A connection that drops mid-body: urllib3 reads what came, then the stream breaks. Whatever
# the body and wherever the cut, a clouderrors error; its code when the code arrived whole.
ERROR_BODIES = st.fixed_dictionaries(
    {"error_code": st.sampled_from(["LTS.0101", "LTS.0201", "LTS.9999"])},
    optional={
        "error_msg": st.text(max_size=40),
        "request_id": st.text(max_size=10),
        "detail": st.recursive(
            st.none() | st.integers() | st.text(max_size=5),
            lambda inner: st.lists(inner, max_size=3)
            | st.dictionaries(st.text(max_size=3), inner, max_size=3),
            max_leaves=8,
        ),
    },
)


@given(body=ERROR_BODIES, cut=st.integers(min_value=0), indent=st.sampled_from([None, 1]))
def test_property_a_body_cut_anywhere_keeps_the_code_that_arrived(body, cut, indent):
    data = json.dumps(body, indent=indent).encode()
    cut %= len(data)
    raw = urllib3.HTTPResponse(
        body=io.BytesIO(data[:cut]),
        headers={"Content-Length": str(len(data))},
        status=404,
        preload_content=False,
    )
    response = requests.Response()
    response.status_code, response.raw, response.url = 404, raw, LTS_URL
    response._content = False
    error = clouderrors.error_from_response(response)
    assert isinstance(error, clouderrors.HuaweiCloudError)
    code_end = data.index(b'"error_code": ') + len(b'"error_code": ') + len(body["error_code"]) + 2
    if cut >= code_end:
        assert error.code == body["error_code"]
    else:
        assert error.code is None and isinstance(error, NotFoundError)
    str(error), repr(error), error.body, error.request_id
