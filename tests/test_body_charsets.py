"""Error bodies that are not UTF-8: the charset the Content-Type names (GBK, ISO-8859-1) decodes
them, and a charset that lies (Latin-1 bytes labelled UTF-8) still leaves the code, which is
ASCII, readable; the vendor SDKs read such bodies through `response.text` and keep the code too.
Real requests and httpx calls against a 127.0.0.1 server."""

from __future__ import annotations

import pytest
import requests
from hypothesis import given
from hypothesis import strategies as st
from werkzeug import Response

import clouderrors
from clouderrors._response import MAX_ERROR_BODY
from clouderrors.huaweicloud import lts
from tests.runtime_support import FakeResponse, through_local_server

LTS_URL = "http://lts.cn-north-4.myhuaweicloud.com/v2/0123456789abcdef/groups"
OBS_URL = "http://bucket.obs.cn-north-4.myhuaweicloud.com/key"


def huawei_body(message: str) -> str:
    return '{"error_code": "LTS.0101", "error_msg": "' + message + '", "request_id": "r-1"}'


def serve(httpserver, body: bytes, content_type: str, status: int = 400) -> None:
    httpserver.expect_request("/v2/0123456789abcdef/groups").respond_with_response(
        Response(body, status, headers={"Content-Type": content_type})
    )


def raised(httpserver, client: str, url: str = LTS_URL) -> clouderrors.CloudAPIError:
    response = through_local_server(httpserver, url, client)
    with pytest.raises(clouderrors.CloudAPIError) as caught:
        clouderrors.raise_for_error(response)
    return caught.value


@pytest.mark.parametrize("client", ["requests", "httpx"])
@pytest.mark.parametrize(
    "charset, message",
    [
        ("GBK", "日志组已存在"),
        ("gb18030", "日志组已存在"),
        ("ISO-8859-1", "déjà là"),
        ('"gbk"', "日志"),
    ],
)
def test_a_declared_charset_decodes_the_body(httpserver, client, charset, message):
    encoding = charset.strip('"')
    serve(httpserver, huawei_body(message).encode(encoding), f"application/json;charset={charset}")
    error = raised(httpserver, client)
    assert type(error) is lts.LogGroupAlreadyExists
    assert (error.code, error.message, error.request_id) == ("LTS.0101", message, "r-1")
    assert error.body == {"error_code": "LTS.0101", "error_msg": message, "request_id": "r-1"}


@pytest.mark.parametrize("client", ["requests", "httpx"])
@pytest.mark.parametrize("content_type", ["application/json; charset=utf-8", "application/json"])
def test_latin1_labelled_utf8_keeps_its_code(httpserver, client, content_type):
    serve(httpserver, huawei_body("café").encode("latin-1"), content_type)
    error = raised(httpserver, client)
    assert type(error) is lts.LogGroupAlreadyExists
    assert error.message == "caf\ufffd" and error.request_id == "r-1"


@pytest.mark.parametrize("charset", ["no-such-charset", "rot13", "hex", "x" * 300])
def test_a_charset_that_is_no_text_encoding_is_read_as_utf8(httpserver, charset):
    serve(httpserver, huawei_body("café").encode("latin-1"), f"application/json; charset={charset}")
    error = raised(httpserver, "requests")
    assert type(error) is lts.LogGroupAlreadyExists and error.message == "caf\ufffd"


def test_an_xml_error_in_latin1_keeps_every_field(httpserver):
    body = (
        '<?xml version="1.0" encoding="ISO-8859-1"?><Error><Code>NoSuchKey</Code>'
        "<Message>clé absente</Message><RequestId>r-2</RequestId></Error>"
    ).encode("latin-1")
    httpserver.expect_request("/key").respond_with_response(
        Response(body, 404, headers={"Content-Type": "application/xml; charset=ISO-8859-1"})
    )
    error = raised(httpserver, "requests", OBS_URL)
    assert isinstance(error, clouderrors.HuaweiCloudError) and error.code == "NoSuchKey"
    assert (error.message, error.request_id) == ("clé absente", "r-2")


@pytest.mark.parametrize("client", ["requests", "httpx"])
def test_a_proxy_page_in_gbk_shows_its_text(httpserver, client):
    page = "<html><body><h1>502 网关错误</h1></body></html>".encode("gbk")
    serve(httpserver, page, "text/html; charset=gbk", status=502)
    error = raised(httpserver, client)
    assert isinstance(error, clouderrors.ServerError) and "网关错误" in (error.message or "")


def test_a_streamed_gbk_body_cut_short_keeps_its_message(httpserver):
    body = '{"error_code": "LTS.0101", "error_msg": "日志组已存在", "pad": "%s"}' % ("填" * 600_000)
    serve(httpserver, body.encode("gbk"), "application/json; charset=gbk")
    assert len(body.encode("gbk")) > MAX_ERROR_BODY
    response = requests.get(
        httpserver.url_for("/v2/0123456789abcdef/groups"), stream=True, timeout=5
    )
    error = clouderrors.error_from_response(response, service="huaweicloud.lts")
    response.close()
    assert type(error) is lts.LogGroupAlreadyExists and error.message == "日志组已存在"


CHARSETS = ["gbk", "gb18030", "big5", "shift_jis", "euc-kr", "iso-8859-1", "cp1252", "koi8-r"]


def repertoire(charset: str) -> list[str]:
    """The non-ASCII characters of the Basic Multilingual Plane the charset writes and reads
    back, one in 7 (enough of each script, quick to make)."""
    found = []
    for point in range(0xA0, 0xFFFF, 7):
        char = chr(point)
        try:
            if char.encode(charset).decode(charset) == char:
                found.append(char)
        except (UnicodeEncodeError, UnicodeDecodeError):
            continue
    return found


REPERTOIRES = {charset: repertoire(charset) for charset in CHARSETS}


@given(data=st.data(), charset=st.sampled_from(CHARSETS))
def test_property_any_message_in_a_declared_charset_keeps_code_and_message(data, charset):
    letters = st.sampled_from(REPERTOIRES[charset]) | st.sampled_from("abc .:-")
    message = (
        "".join(data.draw(st.lists(letters, min_size=1, max_size=20))) + REPERTOIRES[charset][0]
    )
    body = huawei_body(message).encode(charset)
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        return  # the bytes happen to be UTF-8 too: read as UTF-8, as JSON says
    headers = {"Content-Type": f"application/json; charset={charset}"}
    error = clouderrors.error_from_response(FakeResponse(400, body, headers, url=LTS_URL))
    assert type(error) is lts.LogGroupAlreadyExists
    assert (error.message, error.request_id) == (message, "r-1")
