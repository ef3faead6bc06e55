"""httpx, sync and async: the event hooks and the async twins against a real server on
127.0.0.1 (as the client's proxy, so the clients see the vendors' real hosts), in every dialect,
at 4xx and at 200, streamed and not. The hooks read only what they need and leave the body
readable (and a large stream unread) for the caller."""

from __future__ import annotations

import asyncio
import gzip
import json
import subprocess
import sys
import threading
import time
from typing import Any

import httpx
import pytest
from werkzeug import Response

import clouderrors
from clouderrors import CloudAPIError, InvalidRequestError, ServerError
from tests.conftest import ROOT
from tests.runtime_support import vendor_url

# name -> (vendor, service, error status, body, code, message, request id). The body is served
# with the error status and with 200: at 200 only the Tencent envelopes are errors.
OBS_XML = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>NoSuchBucket</Code>'
    b"<Message>no bucket</Message><RequestId>r-obs</RequestId></Error>"
)
DIALECTS: dict[str, tuple[str, str, int, Any, str, str, str | None]] = {
    "huawei": (
        "huaweicloud",
        "lts",
        400,
        {"error_code": "LTS.0101", "error_msg": "exists", "request_id": "r-h"},
        "LTS.0101",
        "exists",
        "r-h",
    ),
    "huawei-nested": (
        "huaweicloud",
        "lts",
        404,
        {"error": {"code": "LTS.0201", "message": "missing"}},
        "LTS.0201",
        "missing",
        None,
    ),
    "huawei-camel": (
        "huaweicloud",
        "lts",
        400,
        {"errorCode": "LTS.0101", "errorMsg": "camel"},
        "LTS.0101",
        "camel",
        None,
    ),
    "huawei-message": (
        "huaweicloud",
        "lts",
        400,
        {"message": {"code": "LTS.0101", "details": "nested message"}},
        "LTS.0101",
        "nested message",
        None,
    ),
    "tencent-3.0": (
        "tencentcloud",
        "cls",
        400,
        {
            "Response": {
                "Error": {"Code": "AuthFailure.SecretIdNotFound", "Message": "no key"},
                "RequestId": "r-30",
            }
        },
        "AuthFailure.SecretIdNotFound",
        "no key",
        "r-30",
    ),
    "tencent-2.0": (
        "tencentcloud",
        "live",
        400,
        {"code": 4000, "message": "(100004) incorrect projectId", "codeDesc": "InvalidParameter"},
        "4000",
        "(100004) incorrect projectId",
        None,
    ),
    "tencent-cls": (
        "tencentcloud",
        "cls",
        401,
        {"errorcode": "AuthFailure.SecretIdNotFound", "errormessage": "no key"},
        "AuthFailure.SecretIdNotFound",
        "no key",
        None,
    ),
    "s3-xml": ("huaweicloud", "obs", 404, OBS_XML, "NoSuchBucket", "no bucket", "r-obs"),
}
ENVELOPES = {"tencent-3.0", "tencent-2.0"}  # errors even when answered with HTTP 200
VENDOR_ERRORS = {
    "huaweicloud": clouderrors.HuaweiCloudError,
    "tencentcloud": clouderrors.TencentCloudError,
}


def wire(body: Any) -> bytes:
    return body if isinstance(body, bytes) else json.dumps(body).encode()


def url_of(vendor: str, service: str, body: Any) -> str:
    if service == "obs":
        return "http://examplebucket.obs.cn-north-4.myhuaweicloud.com/object.txt"
    return vendor_url(vendor, service, body)


def serve(httpserver, url: str, status: int, data: bytes, **headers: str) -> None:
    path = "/" + url.split("/", 3)[3]
    kind = "application/xml" if data.startswith(b"<") else "application/json"
    httpserver.expect_request(path.partition("?")[0]).respond_with_data(
        data, status=status, content_type=kind, headers=headers
    )


def proxy(httpserver) -> str:
    return httpserver.url_for("/").rstrip("/")


def sync_get(httpserver, url: str, hook: Any, streamed: bool) -> tuple[bytes | None, Any]:
    """(the body the caller reads, None) or (None, the exception raised), with a sync Client."""
    with httpx.Client(
        proxy=proxy(httpserver), trust_env=False, timeout=10, event_hooks={"response": [hook]}
    ) as client:
        try:
            if streamed:
                with client.stream("GET", url) as response:
                    return b"".join(response.iter_bytes()), None
            return client.get(url).content, None
        except CloudAPIError as error:
            return None, error


def async_get(httpserver, url: str, hook: Any, streamed: bool) -> tuple[bytes | None, Any]:
    async def run() -> tuple[bytes | None, Any]:
        async with httpx.AsyncClient(
            proxy=proxy(httpserver), trust_env=False, timeout=10, event_hooks={"response": [hook]}
        ) as client:
            try:
                if streamed:
                    async with client.stream("GET", url) as response:
                        return b"".join([part async for part in response.aiter_bytes()]), None
                return (await client.get(url)).content, None
            except CloudAPIError as error:
                return None, error

    return asyncio.run(run())


async def own_async_hook(response: httpx.Response) -> None:
    await clouderrors.araise_for_error(response)


CLIENTS = {
    "sync": (sync_get, clouderrors.httpx_hook),
    "async": (async_get, clouderrors.async_httpx_hook),
    # a user's own hooks, calling the functions
    "sync-raise_for_error": (sync_get, clouderrors.raise_for_error),
    "async-araise_for_error": (async_get, own_async_hook),
    "sync-requests-hook": (sync_get, clouderrors.response_hook),
    "async-requests-hook": (async_get, clouderrors.response_hook),
    # a mix-up: the async hook in a sync client (which never awaits what a hook returns)
    "sync-async-hook": (sync_get, clouderrors.async_httpx_hook),
}


@pytest.mark.parametrize("streamed", [False, True], ids=["read", "streamed"])
@pytest.mark.parametrize("client", sorted(CLIENTS))
@pytest.mark.parametrize("at_200", [False, True], ids=["4xx", "200"])
@pytest.mark.parametrize("dialect", sorted(DIALECTS))
def test_every_dialect_through_the_hooks(httpserver, dialect, at_200, client, streamed):
    vendor, service, error_status, body, code, message, request_id = DIALECTS[dialect]
    status = 200 if at_200 else error_status
    url = url_of(vendor, service, body)
    data = wire(body)
    serve(httpserver, url, status, data, **{"X-Request-Id": "r-header"})
    get, hook = CLIENTS[client]
    read, error = get(httpserver, url, hook, streamed)
    if at_200 and dialect not in ENVELOPES:
        assert error is None and read == data  # no error, and the body is the caller's
        return
    assert read is None and error is not None, "no exception"
    assert error.code == code and error.message == message and error.status_code == status
    assert error.request_id == (request_id or "r-header")
    assert isinstance(error, VENDOR_ERRORS[vendor])
    # The body the hook read stays readable on the error's response after httpx closed it.
    assert error.response.content == data and error.response.is_closed


def test_a_service_for_the_hook(httpserver):
    httpserver.expect_request("/x").respond_with_json(
        {"errorcode": "AuthFailure", "errormessage": "m"}, status=401
    )
    for hook in (clouderrors.httpx_hook, clouderrors.async_httpx_hook):
        bound = lambda r, hook=hook: hook(r, service="tencentcloud.cls")  # noqa: E731
        get = sync_get if hook is clouderrors.httpx_hook else async_get
        _, error = get(httpserver, httpserver.url_for("/x"), bound, False)
        assert type(error) is clouderrors.lookup("AuthFailure", "tencentcloud.cls")


class Held:
    """A server answer whose body stops after its first `head` bytes until the test releases
    it: a client that reads past them waits, and `released_in_time` tells."""

    def __init__(self, status: int, total: int, head: int, length_known: bool) -> None:
        self.status, self.total, self.head, self.length_known = status, total, head, length_known
        self.released = threading.Event()
        self.released_in_time: list[bool] = []
        piece = b'{"Response": {"Error": {"Code": "InternalError"}, "Data": "'
        self.start = piece + b"x" * (head - len(piece))

    def handler(self, request: Any) -> Response:
        def body():
            yield self.start
            self.released_in_time.append(self.released.wait(timeout=10))
            left = self.total - self.head - 3
            while left > 0:
                size = min(left, 1 << 16)
                yield b"x" * size
                left -= size
            yield b'"}}'

        headers = {"Content-Length": str(self.total)} if self.length_known else {}
        return Response(
            body(), status=self.status, headers=headers, content_type="application/json"
        )


@pytest.mark.parametrize("length_known", [True, False], ids=["content-length", "chunked"])
@pytest.mark.parametrize("client", ["sync", "async"])
def test_a_streamed_large_success_body_stays_unread_and_streamable(
    httpserver, client, length_known
):
    held = Held(200, 8 << 20, 1 << 16, length_known)
    httpserver.expect_request("/download").respond_with_handler(held.handler)
    url = httpserver.url_for("/download")

    def check(first: bytes, rest: bytes) -> None:
        assert held.released_in_time == [True], "the hook read past the start of the body"
        body = first + rest
        assert len(body) == held.total and body.startswith(held.start) and body.endswith(b'"}}')

    if client == "sync":
        with (
            httpx.Client(timeout=10, event_hooks={"response": [clouderrors.httpx_hook]}) as session,
            session.stream("GET", url) as response,
        ):
            held.released.set()  # the hook has returned
            chunks = response.iter_raw()
            first = next(chunks)
            check(first, b"".join(chunks))
        return

    async def run() -> None:
        async with (
            httpx.AsyncClient(
                timeout=10, event_hooks={"response": [clouderrors.async_httpx_hook]}
            ) as session,
            session.stream("GET", url) as response,
        ):
            held.released.set()
            chunks = response.aiter_raw()
            first = await chunks.__anext__()
            check(first, b"".join([part async for part in chunks]))

    asyncio.run(run())


@pytest.mark.parametrize("client", ["sync", "async"])
def test_a_large_error_body_is_read_up_to_the_cap_and_the_rest_stays_with_the_caller(
    httpserver, client
):
    held = Held(500, 3 << 20, (1 << 20) + (256 << 10), length_known=True)
    httpserver.expect_request("/big").respond_with_handler(held.handler)
    url = httpserver.url_for("/big")

    def check(error: Any, body: bytes) -> None:
        assert held.released_in_time == [True], "the error body was read past the cap"
        # Cut at the cap, the body still gives the code that arrived before the cut.
        assert isinstance(error, ServerError) and error.code == "InternalError"
        assert len(body) == held.total and body.endswith(b'"}}')

    if client == "sync":
        with httpx.Client(timeout=10) as session, session.stream("GET", url) as response:
            error = clouderrors.error_from_response(response)
            held.released.set()
            check(error, response.read())
        return

    async def run() -> None:
        async with httpx.AsyncClient(timeout=10) as session, session.stream("GET", url) as response:
            error = await clouderrors.aerror_from_response(response)
            held.released.set()
            check(error, await response.aread())

    asyncio.run(run())


ENVELOPE = {"Response": {"Error": {"Code": "InternalError", "Message": "m"}, "RequestId": "r"}}
NO_ERROR = {"Response": {"Error": {"Code": "", "Message": ""}, "RequestId": "r", "Data": [1]}}


@pytest.mark.parametrize("client", ["sync", "async"])
def test_a_small_success_body_the_hook_read_is_whole_for_the_caller(httpserver, client):
    data = json.dumps(NO_ERROR).encode()
    httpserver.expect_request("/ok").respond_with_data(data, content_type="application/json")
    url = httpserver.url_for("/ok")
    if client == "sync":
        with httpx.Client(
            timeout=10, event_hooks={"response": [clouderrors.httpx_hook]}
        ) as session:
            with session.stream("GET", url) as response:
                assert b"".join(response.iter_raw()) == data
                assert response.num_bytes_downloaded == len(data)
            assert session.get(url).json() == NO_ERROR
        return

    async def run() -> None:
        async with httpx.AsyncClient(
            timeout=10, event_hooks={"response": [clouderrors.async_httpx_hook]}
        ) as session:
            async with session.stream("GET", url) as response:
                assert b"".join([part async for part in response.aiter_raw()]) == data
            assert (await session.get(url)).json() == NO_ERROR

    asyncio.run(run())


@pytest.mark.parametrize("status, body", [(200, ENVELOPE), (400, DIALECTS["huawei"][3])])
@pytest.mark.parametrize("client", ["sync", "async"])
def test_gzip_encoded_errors(httpserver, client, status, body):
    httpserver.expect_request("/gz").respond_with_data(
        gzip.compress(json.dumps(body).encode()),
        status=status,
        content_type="application/json",
        headers={"Content-Encoding": "gzip"},
    )
    get, hook = CLIENTS[client]
    for streamed in (False, True):
        _, error = get(httpserver, httpserver.url_for("/gz"), hook, streamed)
        assert error is not None and error.body == body
        assert error.response.json() == body


@pytest.mark.parametrize("client", ["sync", "async"])
def test_a_gzip_success_body_stays_the_callers(httpserver, client):
    data = json.dumps(NO_ERROR).encode()
    httpserver.expect_request("/gz").respond_with_data(
        gzip.compress(data), content_type="application/json", headers={"Content-Encoding": "gzip"}
    )
    get, hook = CLIENTS[client]
    for streamed in (False, True):
        assert get(httpserver, httpserver.url_for("/gz"), hook, streamed) == (data, None)


def test_a_body_without_a_known_length_is_left_to_the_caller(httpserver):
    # Below 400 the hook reads only bodies of known, small length; raise_for_error after the
    # call still sees an envelope sent without Content-Length.
    def chunked(request: Any) -> Response:
        return Response(iter([json.dumps(ENVELOPE).encode()]), content_type="application/json")

    httpserver.expect_request("/chunked").respond_with_handler(chunked)
    with httpx.Client(timeout=10, event_hooks={"response": [clouderrors.httpx_hook]}) as session:
        response = session.get(httpserver.url_for("/chunked"))
    assert "content-length" not in response.headers
    with pytest.raises(ServerError):
        clouderrors.raise_for_error(response)


def test_sync_functions_refuse_an_unread_async_body_in_one_line(httpserver):
    httpserver.expect_request("/e").respond_with_json({"error_code": "LTS.0101"}, status=400)

    async def run() -> None:
        async with (
            httpx.AsyncClient(timeout=10) as session,
            session.stream("GET", httpserver.url_for("/e")) as response,
        ):
            for check in (clouderrors.raise_for_error, clouderrors.error_from_response):
                with pytest.raises(TypeError, match="araise_for_error") as caught:
                    check(response)
                assert "\n" not in str(caught.value)
            # the body is still there for the async twin
            error = await clouderrors.aerror_from_response(response)
            assert error is not None and error.code == "LTS.0101"

    asyncio.run(run())


def test_twins_take_read_and_requests_responses(httpserver):
    import requests

    httpserver.expect_request("/e").respond_with_json(ENVELOPE)
    url = httpserver.url_for("/e")
    for response in (requests.get(url, timeout=10), httpx.get(url, timeout=10)):
        with pytest.raises(ServerError):
            asyncio.run(clouderrors.araise_for_error(response))
        assert asyncio.run(clouderrors.aerror_from_response(response)).request_id == "r"


def test_a_consumed_body_gives_the_status_class(httpserver):
    httpserver.expect_request("/e").respond_with_json({"error_code": "LTS.0101"}, status=400)
    with (
        httpx.Client(timeout=10) as session,
        session.stream("GET", httpserver.url_for("/e")) as response,
    ):
        for _ in response.iter_raw():
            pass
        error = clouderrors.error_from_response(response)
    assert type(error) is InvalidRequestError and error.code is None


def test_a_body_cut_short_reaches_the_caller_as_httpx_tells_it():
    # A server that promises 100 bytes of JSON and hangs up after 40: the hook sees no error,
    # and the caller meets httpx's own error when reading the body, as without the hook.
    import socket

    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)

    def answer() -> None:
        connection, _ = listener.accept()
        with connection:
            connection.recv(65536)
            connection.sendall(
                b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100\r\n"
                b"\r\n" + b'{"Response": {"Error": {"Code": "Inte'
            )

    server = threading.Thread(target=answer)
    server.start()
    url = f"http://127.0.0.1:{listener.getsockname()[1]}/"
    try:
        with (
            httpx.Client(timeout=10, event_hooks={"response": [clouderrors.httpx_hook]}) as session,
            pytest.raises(httpx.RemoteProtocolError),
        ):
            session.get(url)
    finally:
        server.join(timeout=10)
        listener.close()


def test_import_clouderrors_does_not_import_httpx():
    code = (
        "import sys, clouderrors\n"
        "from clouderrors import httpx_hook, async_httpx_hook, araise_for_error\n"
        "from tests.runtime_support import FakeResponse\n"
        "clouderrors.error_from_response(FakeResponse(400, {'error_code': 'LTS.0101'}))\n"
        "clouderrors.response_hook(FakeResponse(200, b'{}'))\n"
        "assert 'httpx' not in sys.modules, 'httpx imported'\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr


@pytest.mark.parametrize("client", ["sync", "async"])
def test_the_hooks_read_a_trickled_error_body_within_the_time_bound(monkeypatch, client):
    from tests.test_stream_deadline import TricklingServer

    monkeypatch.setattr(clouderrors.limits, "ERROR_BODY_SECONDS", 0.4)
    server = TricklingServer("503 Service Unavailable", b"upstream is", b" overloaded" * 3)
    started = time.monotonic()
    try:
        hook = CLIENTS[client][1]
        if client == "sync":
            with (
                httpx.Client(timeout=5, event_hooks={"response": [hook]}) as session,
                pytest.raises(ServerError) as caught,
            ):
                session.get(server.url + "/v1/things")
        else:

            async def run() -> None:
                async with httpx.AsyncClient(
                    timeout=5, event_hooks={"response": [hook]}
                ) as session:
                    await session.get(server.url + "/v1/things")

            with pytest.raises(ServerError) as caught:
                asyncio.run(run())
    finally:
        server.close()
    assert time.monotonic() - started < 8, "held past the bound"
    assert caught.value.message.startswith("upstream is")
