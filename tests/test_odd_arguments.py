"""Odd arguments give a clouderrors error, or one clear TypeError/ValueError naming the argument:
never an exception from deep inside (`'<' not supported...`, `'int' object has no attribute
'partition'`, the int-to-str digit limit)."""

from __future__ import annotations

import json
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import clouderrors
from clouderrors import CloudAPIError, error_from_response, lookup, raise_for_error
from tests.runtime_support import FakeResponse

BODY = {"error_code": "LTS.0101", "error_msg": "m"}
ENTRY_POINTS = [raise_for_error, error_from_response, clouderrors.response_hook]


def outcome(function, response, **kwargs):
    """The clouderrors error (raised or returned), None, or the TypeError/ValueError raised."""
    try:
        result = function(response, **kwargs)
    except CloudAPIError as error:
        return error
    except (TypeError, ValueError) as error:
        if isinstance(error, CloudAPIError):
            return error
        return error
    return result


def response_with_status(status):
    response = FakeResponse(400, BODY)
    response.status_code = status
    return response


@pytest.mark.parametrize("function", ENTRY_POINTS, ids=lambda f: f.__name__)
@pytest.mark.parametrize("status", [None, "404", b"404", 404.0, [404], True, object()])
def test_status_code_that_is_no_int_is_a_type_error_naming_it(function, status):
    with pytest.raises(TypeError, match=r"^response\.status_code must be an int HTTP status"):
        function(response_with_status(status))


@pytest.mark.parametrize("function", ENTRY_POINTS, ids=lambda f: f.__name__)
@pytest.mark.parametrize("status", [10**5000, 1000, -1], ids=["10**5000", "1000", "-1"])
def test_status_code_out_of_range_is_a_value_error_naming_it(function, status):
    with pytest.raises(ValueError, match=r"^response\.status_code must be an HTTP status"):
        function(response_with_status(status))


def test_int_like_status_code_is_its_int():
    class Int16:  # as numpy's integer types are
        def __index__(self):
            return 404

    response = response_with_status(Int16())
    response.content = b'{"error_code": "LTS.9999"}'
    error = error_from_response(response)
    assert error.status_code == 404 and isinstance(error, clouderrors.NotFoundError)


@pytest.mark.parametrize("function", ENTRY_POINTS[:2], ids=lambda f: f.__name__)
@pytest.mark.parametrize("response", [None, {"status_code": 400}, "HTTP/1.1 400", 400])
def test_something_that_is_no_response_is_a_type_error_naming_it(function, response):
    with pytest.raises(TypeError, match=r"^response must be an HTTP response with a status_code"):
        function(response)


class RaisingURL:
    def __str__(self):
        raise RuntimeError("no text for this URL")

    __hash__ = None  # unhashable as well


class URLPropertyRaises(FakeResponse):
    @property
    def url(self):
        raise RuntimeError("url is broken")

    @url.setter
    def url(self, value):
        pass


@pytest.mark.parametrize("status", [200, 404])
def test_url_whose_str_raises_is_no_origin(status):
    body = BODY if status >= 400 else {"Response": {"Error": {"Code": "X", "Message": "m"}}}
    for response in (FakeResponse(status, body, url=RaisingURL()), URLPropertyRaises(status, body)):
        error = error_from_response(response)
        assert isinstance(error, CloudAPIError)
        assert str(error) and repr(error)


@pytest.mark.parametrize("service", [123, b"huaweicloud.lts", ["huaweicloud.lts"], 1.5, object()])
def test_service_that_is_no_str_is_a_type_error_naming_it(service):
    with pytest.raises(TypeError, match=r"^service must be a service id"):
        error_from_response(FakeResponse(400, BODY), service=service)
    with pytest.raises(TypeError, match=r"^service must be a service id"):
        raise_for_error(FakeResponse(404, b"<html>not found</html>"), service=service)
    with pytest.raises(TypeError, match=r"^lookup\(\): service must be a str"):
        lookup("LTS.0101", service=service)


def test_lookup_of_an_int_beyond_the_digit_limit_is_a_key_error():
    # lookup's answer for a code no page documents; no int of 5000 digits is one.
    with pytest.raises(KeyError, match="no documented error code"):
        lookup(10**5000)
    with pytest.raises(KeyError, match="no documented error code"):
        lookup(-(10**5000))
    with pytest.raises(TypeError, match=r"^lookup\(\): code must be a str or an int"):
        lookup(None)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "wrap",
    [bytes, bytearray, memoryview, lambda data: data.decode("utf-8")],
    ids=["bytes", "bytearray", "memoryview", "str"],
)
@pytest.mark.parametrize("status", [200, 400])
def test_content_of_any_bytes_like_type_reads_the_same(wrap, status):
    body = (
        {"Response": {"Error": {"Code": "AuthFailure", "Message": "m"}}} if status < 400 else BODY
    )
    data = json.dumps(body).encode()
    response = FakeResponse(status, b"")
    response.content = wrap(data)
    error = error_from_response(response)
    assert error is not None and error.code == ("AuthFailure" if status < 400 else "LTS.0101")
    assert error.body == body


@pytest.mark.parametrize("content", [None, 42, object(), ["a"], False])
def test_content_of_another_type_is_an_empty_body(content):
    response = FakeResponse(400, b"")
    response.content = content
    error = error_from_response(response)
    assert type(error) is clouderrors.InvalidRequestError and error.code is None
    response.status_code = 200
    assert error_from_response(response) is None


# Property test: any mix of odd attributes and arguments.

ODD = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.integers(min_value=10**4000, max_value=10**4400)
    | st.floats(allow_nan=True)
    | st.text(max_size=10)
    | st.binary(max_size=40)
    | st.lists(st.integers(), max_size=2)
    | st.builds(RaisingURL)
)
STATUSES = st.sampled_from([200, 204, 301, 400, 404, 500]) | ODD
CONTENTS = (
    st.sampled_from(
        [
            json.dumps(BODY).encode(),
            b'{"Response": {"Error": {"Code": "X"}}}',
            b"<Error><Code>NoSuchKey</Code></Error>",
            b'{"code": 4000, "message": "m", "codeDesc": "d"}',
        ]
    ).flatmap(lambda b: st.sampled_from([b, bytearray(b), b.decode()]))
    | ODD
)
URLS = st.sampled_from(["http://127.0.0.1/", "https://cls.tencentcloudapi.com/"]) | ODD
SERVICES = st.sampled_from([None, "huaweicloud.lts", "tencentcloud.cls", "no.such"]) | ODD
NAMED = re.compile(r"^(response\.status_code|response|service) must be ")


@settings(max_examples=1500, deadline=None)
@given(STATUSES, CONTENTS, URLS, SERVICES)
def test_any_odd_argument_gives_a_clouderrors_error_or_one_named_error(
    status, content, url, service
):
    response = FakeResponse(200, b"")
    response.status_code = status
    response.content = content
    response.url = url
    for function in ENTRY_POINTS:
        result = outcome(function, response, service=service)
        if isinstance(result, CloudAPIError):
            assert str(result) and repr(result)
            for name in ("code", "message", "request_id", "module_code", "body", "status_code"):
                getattr(result, name)
        elif isinstance(result, (TypeError, ValueError)):
            assert NAMED.match(str(result)), repr(result)
            assert len(str(result).splitlines()) == 1
        else:
            assert result is None
