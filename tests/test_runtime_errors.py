"""The exception classes themselves: construction by hand, str/repr, pickling and copying."""

from __future__ import annotations

import copy
import pickle
import subprocess
import sys
from pathlib import Path

import pytest
import requests

import clouderrors
from clouderrors import CloudAPIError, NotFoundError, ServerError, error_from_response
from tests.runtime_support import FakeResponse

ROOT = Path(__file__).resolve().parent.parent


def lts():  # the generated module, imported lazily through the package attribute
    return clouderrors.huaweicloud.lts


def test_root_is_a_requests_http_error():
    assert issubclass(CloudAPIError, requests.HTTPError)
    response = FakeResponse(404, {"error_code": "LTS.0201", "error_msg": "gone"})
    error = error_from_response(response)
    with pytest.raises(requests.HTTPError) as caught:
        raise error
    assert caught.value.response is response


def test_constructed_by_hand_defaults_to_the_documentation():
    error = lts().LogGroupAlreadyExists()
    assert error.code == "LTS.0101"
    assert error.status_code == 400
    assert error.message == lts().LogGroupAlreadyExists.documented_message
    assert error.request_id is None and error.response is None and error.body is None


def test_constructed_by_hand_with_keywords():
    error = lts().LogGroupAlreadyExists("exists", request_id="r-1", status_code=409)
    assert (error.message, error.request_id, error.status_code) == ("exists", "r-1", 409)
    assert str(error) == "LTS.0101 (HTTP 409): exists [request_id=r-1]"
    assert isinstance(error, clouderrors.AlreadyExistsError)
    assert error.args == ("exists",)


def test_str_is_one_bounded_line_and_repr_names_the_class():
    error = NotFoundError("line one\nline two " + "x" * 5000, code="A.1", status_code=404)
    text = str(error)
    assert "\n" not in text and len(text) < 1100
    assert text.startswith("A.1 (HTTP 404): line one line two")
    assert repr(error).startswith("NotFoundError(code='A.1', status_code=404, message='line one")


def test_str_without_code_names_the_class():
    assert str(ServerError("bad gateway", status_code=502)) == "ServerError (HTTP 502): bad gateway"


def _roundtrips(error: CloudAPIError) -> None:
    for clone in (
        pickle.loads(pickle.dumps(error)),
        copy.copy(error),
        copy.deepcopy(error),
    ):
        assert type(clone) is type(error)
        for name in (
            "code",
            "message",
            "status_code",
            "request_id",
            "module_code",
            "retry_after",
            "body",
        ):
            assert getattr(clone, name) == getattr(error, name), name
        assert str(clone) == str(error)


def test_every_generated_class_pickles_and_copies():
    from clouderrors import _codes

    classes = {
        clouderrors.lookup(code, service) for code, ids in _codes.CODES.items() for service in ids
    }
    assert classes
    for cls in classes:
        _roundtrips(cls("said", request_id="r-9", body={"k": [1]}))


def test_error_from_a_response_pickles_without_its_response():
    response = FakeResponse(
        400, {"error_code": "LTS.0101", "error_msg": "exists"}, {"X-Request-Id": "rid"}
    )
    error = error_from_response(response)
    _roundtrips(error)
    assert pickle.loads(pickle.dumps(error)).response is None
    assert copy.copy(error).response is response


def test_undocumented_code_class_is_made_once_and_pickles_across_processes():
    response = FakeResponse(404, {"error_code": "LTS.9999", "error_msg": "nope"})
    first, second = error_from_response(response), error_from_response(response)
    assert type(first) is type(second)
    assert isinstance(first, lts().LTSError) and isinstance(first, NotFoundError)
    assert getattr(lts(), type(first).__qualname__) is type(first)
    _roundtrips(first)
    data = pickle.dumps(first)
    script = (
        "import pickle, sys\n"
        "e = pickle.loads(sys.stdin.buffer.read())\n"
        "import clouderrors\n"
        "assert isinstance(e, clouderrors.huaweicloud.lts.LTSError)\n"
        "assert isinstance(e, clouderrors.NotFoundError)\n"
        "print(e.code, e.status_code)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], input=data, capture_output=True, check=False, cwd=ROOT
    )
    assert done.returncode == 0, done.stderr.decode()
    assert done.stdout.decode().split() == ["LTS.9999", "404"]


def test_undocumented_code_of_unknown_service_gets_vendor_and_category():
    error = error_from_response(FakeResponse(409, {"error_code": "ZZZ.0001", "error_msg": "x"}))
    assert isinstance(error, clouderrors.HuaweiCloudError)
    assert isinstance(error, clouderrors.ConflictError)
    _roundtrips(error)


def test_retryable_follows_the_category_of_undocumented_codes():
    error = error_from_response(FakeResponse(503, {"error_code": "LTS.9998", "error_msg": "x"}))
    assert isinstance(error, ServerError) and error.retryable is True
