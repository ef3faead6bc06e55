"""Only the generated classes register: a user's subclass (a test double) that restates a
documented code, a dotted prefix or a service takes over no path of the lookup: lookup(), the
`service=` path, the code-prefix and URL paths, and the cached path all keep the generated
class."""

from __future__ import annotations

import json

import pytest

import clouderrors
from clouderrors import error_from_response, lookup, raise_for_error
from tests.runtime_support import FakeResponse

LTS_URL = "http://lts.cn-north-4.myhuaweicloud.com/v2/0123456789abcdef/groups"
CLS_URL = "http://cls.tencentcloudapi.com/"


def lts():
    return clouderrors.huaweicloud.lts


def cls_module():
    return clouderrors.tencentcloud.cls


def raised(response, **kwargs) -> type:
    """The class raise_for_error raises, checked twice (the second time from the cache)."""
    found = []
    for _ in range(2):
        with pytest.raises(clouderrors.CloudAPIError) as caught:
            raise_for_error(response, **kwargs)
        found.append(type(caught.value))
        assert type(error_from_response(response, **kwargs)) is found[-1]
    assert found[0] is found[1]
    return found[0]


def huawei_answer(status: int, code: str, url: str = LTS_URL) -> FakeResponse:
    return FakeResponse(
        status, json.dumps({"error_code": code, "error_msg": "m"}).encode(), url=url
    )


def test_a_double_restating_a_documented_code_takes_over_nothing():
    generated = lts().LogGroupAlreadyExists

    class FakeAlreadyExists(generated):  # what a user's test suite writes
        code = "LTS.0101"

    assert lookup("LTS.0101") is generated
    assert lookup("LTS.0101", service="huaweicloud.lts") is generated
    # Statuses no other test uses, so that nothing is cached for them yet.
    assert raised(huawei_answer(461, "LTS.0101")) is generated  # URL, code prefix
    elsewhere = "http://127.0.0.1/"  # no host to name the service
    assert raised(huawei_answer(462, "LTS.0101", elsewhere), service="huaweicloud.lts") is generated
    assert raised(huawei_answer(463, "LTS.0101", elsewhere)) is generated
    assert generated in clouderrors.error_classes(service="huaweicloud.lts")
    assert FakeAlreadyExists not in clouderrors.error_classes()
    # The double is still an ordinary exception of its class.
    with pytest.raises(generated) as caught:
        raise FakeAlreadyExists("made in a test")
    assert caught.value.code == "LTS.0101" and str(caught.value).startswith("LTS.0101")


def test_a_double_restating_a_dotted_prefix_takes_over_nothing():
    generated = cls_module().AuthFailure

    class FakeAuthFailure(generated):
        code = "AuthFailure"

    assert lookup("AuthFailure", service="tencentcloud.cls") is generated
    body = {"Response": {"Error": {"Code": "AuthFailure.NewKind", "Message": "m"}}}
    response = FakeResponse(464, json.dumps(body).encode(), url=CLS_URL)
    assert raised(response) is generated
    assert raised(response, service="tencentcloud.cls") is generated


def test_a_double_restating_a_numeric_code_takes_over_nothing():
    generated = lookup(4000)

    class FakeInvalidParameter(generated):
        code = "4000"

    assert lookup(4000) is generated and lookup("4000") is generated
    body = {"code": 4000, "message": "(100004) incorrect projectId", "codeDesc": "x"}
    response = FakeResponse(465, json.dumps(body).encode(), url="http://cvm.api.qcloud.com/v2/")
    assert raised(response) is generated


def test_a_double_restating_a_service_takes_over_nothing():
    class FakeLTSError(clouderrors.HuaweiCloudError):
        service = "huaweicloud.lts"

    for kwargs in ({}, {"service": "huaweicloud.lts"}):
        kind = raised(huawei_answer(466, "LTS.9999"), **kwargs)
        assert issubclass(kind, lts().LTSError) and issubclass(
            kind, clouderrors.InvalidRequestError
        )
        assert not issubclass(kind, FakeLTSError)
    with pytest.raises(KeyError):
        lookup("LTS.9999")
