"""Whatever a server (or a proxy, or an attacker) sends, raise_for_error and error_from_response
raise only clouderrors exceptions (or nothing, for a success), and str()/repr() of what they
raise work."""

from __future__ import annotations

import gzip
import json
import threading

import httpx
import pytest
import requests
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import clouderrors
from clouderrors import (
    CloudAPIError,
    NotFoundError,
    ServerError,
    _response,
    error_from_response,
    raise_for_error,
)
from clouderrors._errors import category_for_status
from tests.runtime_support import FakeResponse


def outcome(response, **kwargs) -> CloudAPIError | None:
    """What raise_for_error does, checked against error_from_response; any other exception
    fails the test. The error's text and every attribute must be usable."""
    try:
        raise_for_error(response, **kwargs)
    except CloudAPIError as raised:
        error = raised
    else:
        error = None
    again = error_from_response(response, **kwargs)
    assert type(again) is type(error)
    if error is not None:
        assert isinstance(str(error), str) and "\n" not in str(error)
        assert isinstance(repr(error), str)
        for name in ("code", "status_code", "message", "request_id", "module_code", "body"):
            getattr(error, name)
        assert error.retry_after is None or isinstance(error.retry_after, float)
        assert error.code is None or isinstance(error.code, str)
        assert error.message is None or isinstance(error.message, str)
        assert error.request_id is None or isinstance(error.request_id, str)
    return error


DEEP = b"[" * 200_000
DEEP_CLOSED = b"[" * 200_000 + b"]" * 200_000
HOSTILE_BODIES = {
    "list": b"[1, 2, 3]",
    "list-of-errors-wrong-type": b'[{"error_code": ["x"]}]',
    "string": b'"Service Unavailable"',
    "number": b"42",
    "null": b"null",
    "true": b"true",
    "error-is-a-string": b'{"Response": {"Error": "x", "RequestId": "r"}}',
    "code-is-a-list": b'{"Response": {"Error": {"Code": ["x"], "Message": "m"}}}',
    "message-is-an-object": b'{"Response": {"Error": {"Code": "X", "Message": {"a": 1}}}}',
    "request-id-is-a-number": b'{"Response": {"Error": {"Code": "X"}, "RequestId": 5}}',
    "request-id-is-an-object": b'{"error_code": "A.1", "request_id": {"a": 1}}',
    "int-code-for-str": b'{"error_code": 12, "error_msg": "m"}',
    "str-code-for-int": b'{"code": "4000", "message": "m"}',
    "numeric-string-code": b'{"error": {"code": "111400060", "message": "m"}}',
    "bool-code": b'{"error_code": true, "error_msg": false}',
    "float-code": b'{"error_code": 1.5, "error_msg": 2.5}',
    "nested-200000-open": DEEP,
    "nested-200000-closed": DEEP_CLOSED,
    "int-5000-digits-code": b'{"error_code": ' + b"7" * 5000 + b"}",
    "int-5000-digits-body": b"9" * 5000,
    "1e999999": b'{"error_code": 1e999999, "error_msg": 1e999999}',
    "nan-infinity": b'{"code": NaN, "message": Infinity, "errorCode": -Infinity}',
    "invalid-utf8": b'{"error_code": "\xff\xfe\xfd", "error_msg": "\xc3\x28"}',
    "bom": b'\xef\xbb\xbf{"error_code": "LTS.0101", "error_msg": "m"}',
    "utf16": '{"error_code": "LTS.0101", "error_msg": "m"}'.encode("utf-16"),
    "lone-surrogates": (
        b'{"error_code": "\\ud800X", "error_msg": "\\udfff", "request_id": "\\ud800"}'
    ),
    "empty": b"",
    "whitespace": b" \r\n\t ",
    "html": b"<html><body><h1>502 Bad Gateway</h1></body></html>",
    "binary": bytes(range(256)),
    "truncated-json": b'{"error_code": "LTS.0101", "error_msg": "cut',
    "two-documents": b'{"error_code": "A"}{"error_code": "B"}',
    "empty-object": b"{}",
    "wrapper-of-wrong-types": b'{"x": {"code": {"a": 1}, "message": [1]}}',
    "huge-key-count": json.dumps({f"k{i}": i for i in range(20_000)}).encode(),
    "message-object-of-lists": b'{"message": {"code": [], "details": {}}}',
    "tencent2-negative": b'{"code": -1, "message": "(-514)dup"}',
    "tencent2-zero-string": b'{"code": "000", "message": ""}',
}


@pytest.mark.parametrize("status", [200, 400, 404, 500, 503])
@pytest.mark.parametrize("name", sorted(HOSTILE_BODIES))
def test_hostile_body_gives_only_clouderrors(name, status):
    error = outcome(FakeResponse(status, HOSTILE_BODIES[name]))
    if status >= 400:
        assert error is not None and error.status_code == status
        if error.code is None:  # no code: the class comes from the status
            assert isinstance(error, category_for_status(status))


def test_hostile_envelopes_at_200_are_judged_by_their_code():
    assert outcome(FakeResponse(200, HOSTILE_BODIES["error-is-a-string"])) is None
    assert outcome(FakeResponse(200, HOSTILE_BODIES["code-is-a-list"])) is None
    assert outcome(FakeResponse(200, HOSTILE_BODIES["tencent2-zero-string"])) is None
    error = outcome(FakeResponse(200, HOSTILE_BODIES["message-is-an-object"]))
    assert error.code == "X" and error.message is None
    error = outcome(FakeResponse(200, HOSTILE_BODIES["request-id-is-a-number"]))
    assert error.request_id == "5"
    # An API 2.0 body without codeDesc is an error below 400 only with Tencent in view.
    assert outcome(FakeResponse(200, HOSTILE_BODIES["tencent2-negative"])) is None
    monitor = "https://monitor.api.qcloud.com/v2/index.php"
    error = outcome(FakeResponse(200, HOSTILE_BODIES["tencent2-negative"], url=monitor))
    assert error.code == "-1" and error.module_code == "-514"


def test_what_hostile_fields_become():
    def error(name):
        return outcome(FakeResponse(400, HOSTILE_BODIES[name]))

    assert error("int-code-for-str").code == "12"
    assert error("numeric-string-code").code == "111400060"
    assert error("bool-code").code is None
    assert error("float-code").code is None and error("float-code").message == "2.5"
    assert error("1e999999").code is None and error("1e999999").message == "inf"
    assert error("int-5000-digits-code").code is None  # beyond the int-to-str limit: not JSON
    assert error("bom").code == "LTS.0101"
    assert error("utf16").code == "LTS.0101"
    assert error("lone-surrogates").code == "\ud800X"
    assert error("request-id-is-an-object").request_id is None
    assert error("list").body is None and error("list").code is None
    assert error("string").message == "Service Unavailable"
    assert error("nested-200000-open").code is None
    assert error("truncated-json").message.startswith('{"error_code": "LTS.0101"')


def test_error_text_is_bounded_for_a_huge_message():
    body = json.dumps({"error_code": "A.1", "error_msg": "x" * 2_000_000}).encode()
    error = outcome(FakeResponse(400, body))
    assert len(str(error)) < 1100 and len(repr(error)) < 1200


def serve(httpserver, status, data, headers=None, content_type=None):
    httpserver.expect_request("/h").respond_with_data(
        data, status=status, headers=headers or {}, content_type=content_type
    )
    return httpserver.url_for("/h")


@pytest.mark.parametrize("content_type", [None, "text/plain", "application/xml", "image/png"])
def test_content_type_does_not_matter(httpserver, content_type):
    url = serve(
        httpserver, 404, b'{"error_code": "LTS.0201", "error_msg": "m"}', None, content_type
    )
    error = outcome(requests.get(url, timeout=10))
    assert error.code == "LTS.0201"


def test_gzip_declared_body_that_is_not_gzip(httpserver):
    url = serve(httpserver, 500, b"definitely not gzip", {"Content-Encoding": "gzip"})
    # requests itself fails reading such a body when it reads it (stream=False): that error is
    # requests' own, raised by requests.get before clouderrors sees a response.
    with pytest.raises(requests.exceptions.ContentDecodingError):
        requests.get(url, timeout=10)
    # Streamed, clouderrors reads the body: what escapes is a clouderrors error by status.
    error = outcome(requests.get(url, timeout=10, stream=True))
    assert type(error) is ServerError
    # Through the Session hook (which runs before requests reads the body), the same.
    session = requests.Session()
    session.hooks["response"].append(clouderrors.response_hook)
    with pytest.raises(ServerError):
        session.get(url, timeout=10)


def test_gzip_declared_success_body_that_is_not_gzip_is_left_to_requests(httpserver):
    url = serve(httpserver, 200, b"not gzip", {"Content-Encoding": "gzip"})
    assert outcome(requests.get(url, timeout=10, stream=True)) is None


def test_real_gzip_error_body_is_decoded(httpserver):
    data = gzip.compress(b'{"error_code": "LTS.0201", "error_msg": "m"}')
    url = serve(httpserver, 404, data, {"Content-Encoding": "gzip"})
    assert outcome(requests.get(url, timeout=10, stream=True)).code == "LTS.0201"


def test_huge_streamed_error_body_is_read_only_up_to_the_cap(httpserver):
    size = 8 * _response.MAX_ERROR_BODY
    url = serve(httpserver, 500, b"x" * size)
    response = requests.get(url, timeout=10, stream=True)
    error = outcome(response)
    assert type(error) is ServerError and len(error.message) <= 300
    assert response.raw.tell() < size  # the rest of the body was never read
    response.close()


def test_huge_read_error_body_is_read_as_far_as_a_streamed_one(monkeypatch):
    # Only the first MAX_ERROR_BODY bytes are looked at, as of a stream cut there: the code
    # that came first gives the class, whether the client read the body or streamed it.
    body = json.dumps({"error_code": "LTS.0201", "pad": "x" * (2 * _response.MAX_ERROR_BODY)})
    decode = _response._decode

    def bounded(content: bytes) -> object:
        assert len(content) <= _response.MAX_ERROR_BODY, "a body over the cap was parsed"
        return decode(content)

    monkeypatch.setattr(_response, "_decode", bounded)
    monkeypatch.setattr(_response, "_orjson_loads", None)
    error = outcome(FakeResponse(404, body.encode()))
    assert error.code == "LTS.0201" and isinstance(error, NotFoundError)


@pytest.mark.parametrize("client", ["requests", "requests-stream", "httpx"])
def test_a_huge_error_body_gives_the_same_error_read_or_streamed(httpserver, client):
    pad = "x" * (2 * _response.MAX_ERROR_BODY)
    body = json.dumps({"error_code": "LTS.0101", "error_msg": "exists", "pad": pad}).encode()
    url = serve(httpserver, 400, body, content_type="application/json")
    if client == "httpx":
        response = httpx.get(url, timeout=10)
    else:
        response = requests.get(url, timeout=10, stream=client == "requests-stream")
    error = outcome(response)
    assert type(error) is clouderrors.huaweicloud.lts.LogGroupAlreadyExists
    assert error.message == "exists"


def test_20_mb_success_body_is_never_parsed(monkeypatch):
    envelope = {"Response": {"Error": {"Code": "InternalError", "Message": "m"}}}
    body = json.dumps({**envelope, "pad": "x" * (20 * 1024 * 1024)}).encode()

    def no_parsing(*args, **kwargs):
        raise AssertionError("a large success body was parsed")

    monkeypatch.setattr(_response, "_decode", no_parsing)
    monkeypatch.setattr(_response, "_orjson_loads", no_parsing)  # the raise path calls it
    monkeypatch.setattr(_response.json, "loads", no_parsing)
    assert outcome(FakeResponse(200, body)) is None


def test_unread_httpx_success_stream_is_read_only_when_small_and_given_back(httpserver):
    # httpx hooks cannot tell a stream from a plain call: a small JSON body of known length is
    # looked at (and stays the caller's, see test_httpx_hooks.py); a large one is never read.
    import httpx

    small = b'{"Response": {"Error": {"Code": "X", "Message": "m"}}}'
    large = small[:-2] + b', "Data": "' + b"x" * (_response.MAX_ENVELOPE + 1) + b'"}}'
    url = serve(httpserver, 200, small)
    with httpx.stream("GET", url, timeout=10) as response:
        error = outcome(response)
        assert error is not None and error.code == "X"
        assert response.read() == small
    httpserver.clear()
    url = serve(httpserver, 200, large)
    with httpx.stream("GET", url, timeout=10) as response:
        assert outcome(response) is None
        assert not response.is_stream_consumed and response.num_bytes_downloaded == 0
        assert response.read() == large


def test_many_threads_get_the_same_results():
    bodies = [
        (404, {"error_code": "CTS.9999", "error_msg": "?"}),
        (429, {"error_code": "CTS.9998", "error_msg": "?"}),
        (400, {"error_code": "LTS.0101", "error_msg": "m"}),
        (200, {"Response": {"Error": {"Code": "AuthFailure.Nope", "Message": "m"}}}),
        (502, "<html>bad</html>"),
    ]
    expected = [(type(e), e.code) for e in (outcome(FakeResponse(s, b)) for s, b in bodies)]
    start = threading.Barrier(16)
    results: list[list] = []
    failures: list[BaseException] = []

    def work() -> None:
        try:
            start.wait()
            mine = []
            for _ in range(200):
                for status, body in bodies:
                    error = error_from_response(FakeResponse(status, body))
                    mine.append((type(error), error.code, str(error)))
            results.append(mine)
        except BaseException as failure:  # reported below, not lost in the thread
            failures.append(failure)

    threads = [threading.Thread(target=work) for _ in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not failures
    assert len(results) == 16
    for mine in results:
        assert [(cls, code) for cls, code, _ in mine[: len(bodies)]] == expected
        assert len({text for _, _, text in mine}) == len(bodies)


# Property tests: random bytes, and random JSON built from every dialect's keys.

DIALECT_KEYS = [
    "error_code",
    "error_msg",
    "error_message",
    "request_id",
    "encoded_authorization_message",
    "error",
    "code",
    "message",
    "errorCode",
    "errorMsg",
    "errorMessage",
    "errorcode",
    "errormessage",
    "errormsg",
    "errCode",
    "externalMessage",
    "Response",
    "Error",
    "Code",
    "Message",
    "RequestId",
    "requestId",
    "codeDesc",
    "errorList",
    "details",
    "http_code",
    "itemNotFound",
]
scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**30), max_value=10**30)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=20)
    | st.sampled_from(["LTS.0101", "AuthFailure", "AuthFailure.X", "4000", "0", " ", ""])
)
json_values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4)
    | st.dictionaries(st.sampled_from(DIALECT_KEYS) | st.text(max_size=5), inner, max_size=5),
    max_leaves=10,
)
statuses = st.sampled_from([200, 201, 202, 204, 301, 400, 401, 403, 404, 409, 429, 500, 502])
HOSTS = [
    "http://127.0.0.1/",
    "https://cls.tencentcloudapi.com/",
    "https://lts.cn-north-4.myhuaweicloud.com/v2",
    "https://[::1]:8080/",
    "not a url",
]
hosts = st.sampled_from(HOSTS)


def check(status: int, body: bytes, url: str) -> None:
    error = outcome(FakeResponse(status, body, url=url))
    if status >= 400:
        assert error is not None


def json_bytes(value) -> bytes:
    return json.dumps(value, allow_nan=True).encode("utf-8", "surrogatepass")


# The normal suite runs a fixed 2,000 fresh examples per run (about 3 ms each to make, most of
# it hypothesis's own); `make fuzz` runs the long 200,000 (-m fuzz, below).
PROPERTY = settings(max_examples=2_000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
FUZZ = settings(max_examples=200_000, deadline=None, suppress_health_check=list(HealthCheck))


@PROPERTY
@given(statuses, st.binary(max_size=300), hosts)
def test_random_bytes(status, body, url):
    check(status, body, url)


@PROPERTY
@given(statuses, json_values, hosts)
def test_random_json_of_dialect_keys(status, value, url):
    check(status, json_bytes(value), url)


# Every dialect key holding every kind of JSON value, alone and all at once, at the top and in
# every envelope the dialects read: what the random runs reach only now and then (a NaN code
# under "error_code" took about 10,000 random examples), each run, in a second.
EDGE_VALUES = [
    *(None, True, False, 0, -1, 4000, 10**30, -(10**30), 1.5, -0.0),
    *(float("nan"), float("inf"), float("-inf")),
    *("", " ", "4000", "-1", "\u0664\u0660\u0660\u0660", "LTS.0101", "AuthFailure.X", "\ud800"),
    *([], ["x"], {}, {"Code": "X"}),
]
ENVELOPES = {
    "top": lambda inner: inner,
    "tencent": lambda inner: {"Response": {"Error": inner, "RequestId": "r"}},
    "error": lambda inner: {"error": inner},
    "message": lambda inner: {"message": inner},
    "wrapper": lambda inner: {"wrapper": {"code": "X", **inner}},
    "api2": lambda inner: {"code": 4000, **inner},
}


@pytest.mark.parametrize("envelope", sorted(ENVELOPES))
def test_every_dialect_key_holding_every_kind_of_value(envelope):
    wrap = ENVELOPES[envelope]
    for value in EDGE_VALUES:
        inners = [{key: value} for key in DIALECT_KEYS] + [dict.fromkeys(DIALECT_KEYS, value)]
        for inner in inners:
            body = json_bytes(wrap(inner))
            for url in HOSTS:
                for status in (200, 400):
                    check(status, body, url)


@pytest.mark.fuzz
@FUZZ
@given(statuses, st.binary(max_size=2000), hosts)
def test_fuzz_random_bytes(status, body, url):
    check(status, body, url)


@pytest.mark.fuzz
@FUZZ
@given(statuses, json_values, hosts)
def test_fuzz_random_json_of_dialect_keys(status, value, url):
    check(status, json_bytes(value), url)
