"""The shortcuts of the raise path give the same results as the long way: JSON read by orjson or
the C scanner is what json.loads reads, the success screen skips only bodies that hold no
envelope, and the caches stay bounded."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import clouderrors
from clouderrors import _lookup, _response, error_from_response, raise_for_error
from tests.runtime_support import FakeResponse
from tests.test_hostile_responses import HOSTILE_BODIES, hosts, json_bytes, json_values, statuses

ROOT = Path(__file__).resolve().parent.parent


def reference(content: bytes) -> str:
    """What json.loads makes of a body, as text that tells int from float and keeps NaN."""
    try:
        return repr(json.loads(content))
    except (ValueError, RecursionError):
        return "not JSON"


def decoded(content: bytes, fast: bool) -> str:
    _response.use_orjson(fast)
    try:
        value = _response._decode(content)
    finally:
        _response.use_orjson(True)
    return "not JSON" if value is _response._MISSING else repr(value)


EDGES = [
    b'{"a": 18446744073709551616}',  # orjson: a float
    b'{"a": -9223372036854775809}',
    b'{"a": 9223372036854775807, "b": -9223372036854775808}',
    b'{"a": 1e400, "b": -0.0, "c": 1.5e-320, "d": 0.1}',
    b'{"a": "\\ud800", "b": "\\udfff\\ud800"}',
    b'\xef\xbb\xbf{"a": 1}',
    b' \n{"a": 1}\r\n ',
    b'{"a": 1} x',
    b'{"a": 1}{"b": 2}',
    b'{"a": 1, "a": 2}',
    b'"\\u0000"',
    b"0\x00",  # UTF-16-LE "0" to json.loads, not "0" and a NUL
    b"[" * 5000 + b"]" * 5000,
    *HOSTILE_BODIES.values(),
]


@pytest.mark.parametrize("fast", [True, False], ids=["orjson", "stdlib"])
@pytest.mark.parametrize("content", EDGES, ids=range(len(EDGES)))
def test_decoding_reads_what_json_loads_reads(content, fast):
    assert decoded(content, fast) == reference(content)


# 1,000: a JSON value takes hypothesis about 3 ms to make; `make fuzz` runs the long runs.
@settings(max_examples=1000, deadline=None)
@given(json_values | st.integers() | st.floats())
def test_decoding_random_json_either_way(value):
    content = json_bytes(value)
    assert decoded(content, True) == decoded(content, False) == reference(content)


@settings(max_examples=2000, deadline=None)
@given(st.binary(max_size=200))
def test_decoding_random_bytes_either_way(content):
    assert decoded(content, True) == decoded(content, False) == reference(content)


def outcome_either_way(status: int, content: bytes, url: str) -> list[object]:
    """What error_from_response makes of a body with orjson and with the standard library."""
    seen = []
    for fast in (True, False):
        _response.use_orjson(fast)
        try:
            error = error_from_response(FakeResponse(status, content, url=url))
        finally:
            _response.use_orjson(True)
        seen.append(
            None if error is None else (type(error), error.code, error.message, error.status_code)
        )
    return seen


BIG = 18446744073709551616  # orjson reads it as a float, json as an int
QCLOUD = "https://cvm.api.qcloud.com/v2/index.php"


@pytest.mark.parametrize(
    ("status", "body", "url"),
    [
        (400, {"error_code": BIG, "error_msg": "m"}, "http://127.0.0.1/"),
        (400, {"error_code": "LTS.0101", "error_msg": -BIG}, "http://127.0.0.1/"),
        (200, {"code": BIG, "message": "m"}, QCLOUD),  # API 2.0 takes only an int code
        (400, {"code": BIG, "message": "m", "errorCode": "X"}, "http://127.0.0.1/"),
        (200, {"Response": {"Error": {"Code": BIG, "Message": "m"}}}, QCLOUD),
        (404, [{"code": "X", "message": BIG}], "http://127.0.0.1/"),
    ],
)
def test_the_raise_path_reads_big_integers_as_json_loads_does(status, body, url):
    with_orjson, with_stdlib = outcome_either_way(status, json.dumps(body).encode(), url)
    assert with_orjson == with_stdlib
    assert with_stdlib is not None and str(BIG) in f"{with_stdlib[1]} {with_stdlib[2]}"


@settings(max_examples=1500, deadline=None)
@given(statuses, json_values, hosts)
def test_the_raise_path_decides_alike_with_orjson_or_not(status, value, url):
    with_orjson, with_stdlib = outcome_either_way(status, json_bytes(value), url)
    assert with_orjson == with_stdlib


def test_orjson_is_installed_for_the_tests():
    assert _response.use_orjson(True) and orjson.loads(b"1") == 1


def _run(script: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, check=False
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_orjson_is_imported_only_when_errors_are_many():
    script = (
        "import sys, clouderrors\n"
        "from clouderrors import _response\n"
        "from tests.runtime_support import FakeResponse\n"
        "r = FakeResponse(400, {'error_code': 'LTS.0101', 'error_msg': 'm'})\n"
        "seen = []\n"
        "for n in range(100):\n"
        "    clouderrors.error_from_response(r)\n"
        "    seen.append('orjson' in sys.modules)\n"
        "print(seen.index(True))\n"
    )
    # The 64th body imports it (and is still read by the stdlib); the 65th is read by orjson.
    assert int(_run(script)) == _response._ORJSON_AFTER - 1
    # A program that imported orjson itself gets it from the first error on.
    script = (
        "import orjson, clouderrors\nfrom clouderrors import _response as r\nprint(r._orjson_loads)"
    )
    assert _run(script) != "None"


@pytest.mark.parametrize(
    "body",
    [
        {"Response": {"RegionSet": [{"RegionCode": "gz", "ZoneCode": "1"}], "RequestId": "r"}},
        {"Response": {"ProductCode": "p", "ErrorCode": "none", "RequestId": "r"}},
        {"items": [{"errorcode": 0}], "ErrorCode": "x", "Error": None, "Message": "ok"},
    ],
)
def test_success_screen_does_not_parse_bodies_without_an_envelope_key(body, monkeypatch):
    def no_parsing(*args, **kwargs):
        raise AssertionError("a success body without an envelope key was parsed")

    monkeypatch.setattr(_response, "_decode", no_parsing)
    monkeypatch.setattr(_response, "_orjson_loads", no_parsing)  # the raise path calls it
    assert raise_for_error(FakeResponse(200, body)) is None
    assert error_from_response(FakeResponse(200, body)) is None


def test_caches_stay_bounded_whatever_the_codes_and_urls():
    for number in range(3 * _lookup.CACHE_SIZE):
        body = {"error_code": f"LTS.X{number}", "error_msg": "m"}
        url = f"https://h{number}.example.com/{number}"
        error = error_from_response(FakeResponse(404, body, url=url))
        assert error.code == f"LTS.X{number}"
        assert isinstance(error, clouderrors.huaweicloud.lts.LTSError)
    for cache in (_lookup.URL_ORIGINS, _lookup._hosts):
        assert 0 < len(cache) <= _lookup.CACHE_SIZE
    assert 0 < _lookup.cached_classes() <= _lookup.CACHE_SIZE


def test_cached_class_is_the_class_computed_the_long_way():
    cases = [
        (400, {"error_code": "LTS.0101", "error_msg": "m"}, "http://127.0.0.1/"),
        (404, {"error_code": "LTS.9999", "error_msg": "m"}, "https://lts.myhuaweicloud.com/"),
        (
            200,
            {"Response": {"Error": {"Code": "AuthFailure.New"}}},
            "https://cls.tencentcloudapi.com/",
        ),
        (200, {"code": 4000, "message": "(1) m"}, "https://cvm.api.qcloud.com/v2/index.php"),
        (503, {"code": "X"}, "https://cvm.tencentcloudapi.com/"),
    ]
    for status, body, url in cases:
        first = error_from_response(FakeResponse(status, body, url=url))
        _lookup.CLASSES.clear()
        _lookup.URL_ORIGINS.clear()
        _lookup._hosts.clear()
        fresh = error_from_response(FakeResponse(status, body, url=url))
        again = error_from_response(FakeResponse(status, body, url=url))
        assert type(first) is type(fresh) is type(again)
