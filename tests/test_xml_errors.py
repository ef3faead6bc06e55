"""XML error bodies of object storage (Huawei OBS, Tencent COS: S3-compatible APIs) give code,
message and request id; the class comes from the status, the vendor from the host. Hostile XML
(entity expansion, external entities, deep nesting, huge or broken documents) still gives a
clouderrors error by status, at a cost bounded by the body's size, and fetches nothing."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clouderrors import (
    CloudAPIError,
    HuaweiCloudError,
    InvalidRequestError,
    NotFoundError,
    PermissionDeniedError,
    TencentCloudError,
    error_from_response,
    raise_for_error,
)
from clouderrors._errors import category_for_status
from tests.runtime_support import FakeResponse, through_local_server

# Shaped as the OBS and COS API references document their error responses.
OBS_BODY = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b"<Error>\n  <Code>NoSuchBucket</Code>\n"
    b"  <Message>The specified bucket does not exist</Message>\n"
    b"  <RequestId>0000018A2B3C4D5E6F7A8B9C</RequestId>\n"
    b"  <HostId>obs-host-id</HostId>\n  <BucketName>examplebucket</BucketName>\n</Error>"
)
COS_BODY = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n<Error>\n\t<Code>AccessDenied</Code>\n'
    b"\t<Message>Access Denied.</Message>\n"
    b"\t<Resource>examplebucket-1250000000.cos.ap-guangzhou.myqcloud.com/a.txt</Resource>\n"
    b"\t<RequestId>NjQ2ZjRiYjFfNjFiMDJhMDlfNTk4Zl8x****</RequestId>\n"
    b"\t<TraceId>OGVmYzZiMmQ3YjI5****</TraceId>\n</Error>"
)
OBS_URL = "http://examplebucket.obs.cn-north-4.myhuaweicloud.com/object.txt"
COS_URL = "http://examplebucket-1250000000.cos.ap-guangzhou.myqcloud.com/a.txt"


@pytest.mark.parametrize("client", ["requests", "httpx"])
def test_obs_error_from_its_host(httpserver, client):
    httpserver.expect_request("/object.txt").respond_with_data(
        OBS_BODY, status=404, content_type="application/xml"
    )
    response = through_local_server(httpserver, OBS_URL, client=client)
    with pytest.raises(HuaweiCloudError) as caught:
        raise_for_error(response)
    error = caught.value
    assert isinstance(error, NotFoundError) and not isinstance(error, TencentCloudError)
    assert error.code == "NoSuchBucket"
    assert error.message == "The specified bucket does not exist"
    assert error.request_id == "0000018A2B3C4D5E6F7A8B9C"
    assert error.status_code == 404
    assert error.body["Error"]["BucketName"] == "examplebucket"
    assert "NoSuchBucket" in str(error)


def test_cos_error_from_its_host(httpserver):
    httpserver.expect_request("/a.txt").respond_with_data(
        COS_BODY, status=403, content_type="application/xml"
    )
    error = error_from_response(through_local_server(httpserver, COS_URL))
    assert isinstance(error, TencentCloudError) and isinstance(error, PermissionDeniedError)
    assert error.code == "AccessDenied" and error.message == "Access Denied."
    assert error.request_id == "NjQ2ZjRiYjFfNjFiMDJhMDlfNTk4Zl8x****"


def test_request_id_header_when_the_body_has_none():
    body = b"<Error><Code>NoSuchKey</Code><Message>m</Message></Error>"
    obs = FakeResponse(404, body, {"x-obs-request-id": "obs-rid"}, url=OBS_URL)
    cos = FakeResponse(404, body, {"x-cos-request-id": "cos-rid"}, url=COS_URL)
    assert error_from_response(obs).request_id == "obs-rid"
    assert error_from_response(cos).request_id == "cos-rid"


def test_s3_error_from_an_unknown_host_is_the_status_category():
    error = error_from_response(FakeResponse(404, COS_BODY, url="http://127.0.0.1/b"))
    assert type(error) is NotFoundError and error.code == "AccessDenied"


def test_xml_below_400_is_no_error():
    assert error_from_response(FakeResponse(200, OBS_BODY, url=OBS_URL)) is None


@pytest.mark.parametrize("encoding", ["utf-16", "utf-8-sig"])
def test_xml_in_other_encodings(encoding):
    text = OBS_BODY.decode().replace('encoding="UTF-8"', f'encoding="{encoding[:6].upper()}"')
    error = error_from_response(FakeResponse(404, text.encode(encoding), url=OBS_URL))
    assert error.code == "NoSuchBucket"


def test_xml_escapes_and_character_references_are_text():
    body = b"<Error><Code>A&amp;B</Code><Message>&lt;x&gt; &#233;&#x4e2d;</Message></Error>"
    error = error_from_response(FakeResponse(400, body))
    assert error.code == "A&B" and error.message == "<x> \u00e9\u4e2d"


def test_body_cut_short_keeps_the_fields_that_arrived():
    error = error_from_response(FakeResponse(404, OBS_BODY[:-60], url=OBS_URL))
    assert error.code == "NoSuchBucket" and isinstance(error, HuaweiCloudError)


HOSTILE_XML = {
    "billion-laughs": (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        + b"".join(
            b'<!ENTITY lol%d "%s">' % (n, (b"&lol%d;" % (n - 1) if n > 1 else b"&lol;") * 10)
            for n in range(1, 10)
        )
        + b"]><Error><Code>&lol9;</Code></Error>"
    ),
    "quadratic-blowup": (
        b'<!DOCTYPE e [<!ENTITY a "'
        + b"x" * 50_000
        + b'">]><Error><Code>'
        + b"&a;" * 20_000
        + b"</Code></Error>"
    ),
    "parameter-entity": (
        b"<!DOCTYPE e [<!ENTITY % p \"<!ENTITY q 'x'>\"> %p;]><Error><Code>&q;</Code></Error>"
    ),
    "undeclared-entity": b"<Error><Code>&secret;</Code></Error>",
    "deep-nesting": b"<Error>" + b"<a>" * 100_000 + b"</a>" * 100_000 + b"</Error>",
    "deep-unclosed": b"<Error>" + b"<a>" * 500_000,
    "many-children": b"<Error>" + b"<Code>x</Code>" * 60_000 + b"</Error>",
    "huge-text": b"<Error><Code>C</Code><Message>" + b"y" * 900_000 + b"</Message></Error>",
    "not-error-root": b"<html><body><Error><Code>X</Code></Error></body></html>",
    "processing-instruction": b'<?xml-stylesheet href="http://127.0.0.1:9/x.xsl"?><Error/>',
    "malformed": b"<Error><Code>X</Message></Error>",
    "lone-lt": b"<",
    "nul": b"<Error>\x00</Error>",
    "unknown-encoding": b'<?xml version="1.0" encoding="x-nonsense"?><Error/>',
}


@pytest.mark.parametrize("name", sorted(HOSTILE_XML))
@pytest.mark.parametrize("status", [400, 404, 503])
def test_hostile_xml_gives_a_clouderrors_error_by_status(name, status):
    error = error_from_response(FakeResponse(status, HOSTILE_XML[name], url=OBS_URL))
    assert isinstance(error, CloudAPIError) and isinstance(error, HuaweiCloudError)
    assert error.status_code == status
    if error.code is None:
        assert isinstance(error, category_for_status(status))
    # No entity was expanded into what the error carries.
    assert "lol" not in (error.code or "") and len(error.code or "") < 1000
    assert str(error) and repr(error)


def test_external_entities_are_never_fetched(httpserver, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOPSECRET")
    httpserver.expect_request("/dtd").respond_with_data("<!ENTITY leak 'LEAKED'>")
    for body in (
        f'<!DOCTYPE e [<!ENTITY x SYSTEM "file://{secret}">]><Error><Code>&x;</Code></Error>',
        f'<!DOCTYPE e [<!ENTITY x SYSTEM "{httpserver.url_for("/x")}">]>'
        "<Error><Code>&x;</Code></Error>",
        f'<!DOCTYPE Error SYSTEM "{httpserver.url_for("/dtd")}"><Error><Code>&leak;</Code></Error>',
        f'<!DOCTYPE e [<!ENTITY % d SYSTEM "{httpserver.url_for("/dtd")}"> %d;]>'
        "<Error><Code>&leak;</Code></Error>",
    ):
        error = error_from_response(FakeResponse(400, body.encode()))
        assert type(error) is InvalidRequestError
        assert "TOPSECRET" not in str(error.code) and "LEAKED" not in str(error.code)
    assert httpserver.log == []  # nothing was fetched


XML_PIECES = [
    *("<Error>", "</Error>", "<Code>", "</Code>", "<Message>", "</Message>", "<a>", "</a>"),
    *("<!DOCTYPE x>", "&amp;", "&x;", "<![CDATA[", "]]>", "<?pi?>", "<!--", "-->"),
    *('<?xml version="1.0"?>', "text", " ", "\x00", "\ud800", "&#0;", "&#xD800;"),
]


@settings(max_examples=500, deadline=None)
@given(
    st.lists(
        st.sampled_from(XML_PIECES),
        max_size=30,
    ),
    st.sampled_from([400, 404, 500]),
)
def test_random_xml_gives_only_clouderrors(parts, status):
    body = "".join(parts).encode("utf-8", "surrogatepass")
    error = error_from_response(FakeResponse(status, body, url=COS_URL))
    assert isinstance(error, TencentCloudError) and error.status_code == status
    assert error.code is None or isinstance(error.code, str)
    assert str(error) and repr(error)
