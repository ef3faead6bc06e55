"""A Tencent error envelope below 400 is an error however JSON lets the server write it: keys
with `\\u` escapes, the body in UTF-16 or UTF-32 with or without a byte-order mark (json reads
all of these, and so does the >= 400 path). The success screen stays one cheap look for plain
bodies."""

from __future__ import annotations

import json

import pytest
import requests
from hypothesis import given, settings
from hypothesis import strategies as st

from clouderrors import TencentCloudError, _response, error_from_response, raise_for_error
from tests.runtime_support import FakeResponse

TENCENT3 = {"Response": {"Error": {"Code": "AuthFailure.SecretIdNotFound", "Message": "m"}}}
TENCENT2 = {"code": 4000, "message": "(100004) m", "codeDesc": "InvalidParameter"}
API2_URL = "https://cvm.api.qcloud.com/v2/index.php"


def escaped(text: str, which: str) -> str:
    """`text` with the characters at the positions `which` marks ("1") written as \\uXXXX."""
    return "".join(
        f"\\u{ord(c):04{'x' if n % 2 else 'X'}}" if flag == "1" else c
        for n, (c, flag) in enumerate(zip(text, which.ljust(len(text), "0"), strict=True))
    )


SPELLINGS = {
    "escaped-Response": b'{"\\u0052esponse": {"Error": {"Code": "X.Y", "Message": "m"}}}',
    "escaped-Code": b'{"Response": {"Error": {"C\\u006fde": "X.Y", "Message": "m"}}}',
    "escaped-Error": b'{"Response": {"\\u0045rror": {"Code": "X.Y"}}}',
    "all-escaped": (
        "{" + '"\\u0052\\u0065\\u0073\\u0070\\u006F\\u006E\\u0073\\u0065": '
        '{"\\u0045\\u0072\\u0072\\u006f\\u0072": {"\\u0043\\u006f\\u0064\\u0065": "X.Y"}}}'
    ).encode(),
    "escaped-and-RegionCode-in-data": (
        b'{"Response": {"RegionSet": [{"RegionCode": "gz"}], "Error": {"\\u0043ode": "X.Y"}}}'
    ),
}
ENCODINGS = ["utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-32-be", "utf-8-sig"]


def check_is_error(content: bytes, code: str, url: str = "http://127.0.0.1/") -> None:
    assert json.loads(content)  # json reads it: so must the screen
    response = FakeResponse(200, content, url=url)
    error = error_from_response(response)
    assert isinstance(error, TencentCloudError) and error.code == code
    with pytest.raises(TencentCloudError):
        raise_for_error(response)


@pytest.mark.parametrize("name", sorted(SPELLINGS))
def test_escaped_keys_below_400_are_errors(name):
    check_is_error(SPELLINGS[name], "X.Y")


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_utf16_and_utf32_envelopes_below_400_are_errors(encoding):
    check_is_error(json.dumps(TENCENT3).encode(encoding), "AuthFailure.SecretIdNotFound")
    check_is_error(json.dumps(TENCENT2).encode(encoding), "4000", url=API2_URL)


def test_escaped_api2_code_key_from_a_tencent_host():
    check_is_error(b'{"c\\u006fde": 4000, "message": "m"}', "4000", url=API2_URL)


def test_escaped_envelope_through_a_real_server(httpserver):
    body = SPELLINGS["escaped-Code"]
    httpserver.expect_request("/a").respond_with_data(body, content_type="application/json")
    httpserver.expect_request("/b").respond_with_data(
        json.dumps(TENCENT3).encode("utf-16"), content_type="application/json; charset=utf-16"
    )
    for path in ("/a", "/b"):
        with pytest.raises(TencentCloudError):
            raise_for_error(requests.get(httpserver.url_for(path), timeout=10))


KEY_PATHS = ("Response", "Error", "Code")


@settings(max_examples=300, deadline=None)
@given(
    st.tuples(*(st.text("01", min_size=len(k), max_size=len(k)) for k in KEY_PATHS)),
    st.sampled_from([None, *ENCODINGS]),
    st.sampled_from(["", ' "RegionCode": "gz",', ' "Note": "C:\\\\users",']),
)
def test_any_spelling_of_the_envelope_is_an_error(flags, encoding, extra):
    response_key, error_key, code_key = (
        escaped(k, f) for k, f in zip(KEY_PATHS, flags, strict=True)
    )
    text = f'{{{extra} "{response_key}": {{"{error_key}": {{"{code_key}": "X.Y"}}}}}}'
    content = text.encode(encoding) if encoding else text.encode()
    check_is_error(content, "X.Y")


def test_plain_success_bodies_are_still_not_parsed(monkeypatch):
    def no_parsing(*args, **kwargs):
        raise AssertionError("a plain success body was parsed")

    monkeypatch.setattr(_response, "_decode", no_parsing)
    monkeypatch.setattr(_response, "_orjson_loads", no_parsing)  # the raise path calls it
    for body in (
        {"Response": {"RegionSet": [{"RegionCode": "gz", "ZoneCode": "1"}], "RequestId": "r"}},
        {"items": ["a\nb", 'quote " here', "slash / and \\ backslash"], "next": None},
        {"name": "app-logs", "ProductCode": "p"},
    ):
        content = json.dumps(body, ensure_ascii=False).encode()
        assert raise_for_error(FakeResponse(200, content)) is None


def test_escapes_that_spell_no_envelope_are_success():
    for body in (
        {"Response": {"Name": "\u6d4b\u8bd5", "RequestId": "r"}},  # written as \\uXXXX by json
        {"code": 0, "message": "\u6210\u529f"},
    ):
        content = json.dumps(body).encode()
        assert b"\\u" in content
        assert error_from_response(FakeResponse(200, content, url=API2_URL)) is None
