"""Errors travel whole: a deeply nested body pickles and copies, notes and a user's own
attributes go along, and a kept body costs about its size, not many times over."""

from __future__ import annotations

import copy
import gc
import json
import pickle
import subprocess
import sys
import tracemalloc
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import clouderrors
from clouderrors import CloudAPIError, _errors, error_from_response
from tests.runtime_support import FakeResponse, through_local_server

ROOT = Path(__file__).resolve().parent.parent
LTS_URL = "http://lts.cn-north-4.myhuaweicloud.com/v2/0123456789abcdef/groups"
OBS_URL = "http://examplebucket.obs.cn-north-4.myhuaweicloud.com/object.txt"


def nested(depth: int) -> bytes:
    """A Huawei error whose body holds a list nested `depth` levels."""
    return (
        b'{"error_code": "LTS.0101", "error_msg": "exists", "request_id": "r-1", "detail": '
        + b"[" * depth
        + b"7"
        + b"]" * depth
        + b"}"
    )


def depth_of(value: object) -> int:
    """How deep a nest of one-element lists goes (walked without recursion)."""
    depth = 0
    while isinstance(value, list):
        (value,) = value
        depth += 1
    assert value == 7
    return depth


def add_note(error: BaseException, text: str) -> None:
    """BaseException.add_note (Python 3.11+), or what it does, on 3.10."""
    if hasattr(error, "add_note"):
        error.add_note(text)
    else:
        error.__notes__ = [*getattr(error, "__notes__", ()), text]


def clones(error: CloudAPIError) -> list[CloudAPIError]:
    return [
        *(pickle.loads(pickle.dumps(error, protocol)) for protocol in (0, 2, 5)),
        copy.copy(error),
        copy.deepcopy(error),
    ]


@pytest.mark.parametrize("depth", [300, 600, 800])
@pytest.mark.parametrize("body_seen", [False, True])
def test_a_deeply_nested_body_pickles_and_copies(depth, body_seen):
    error = error_from_response(FakeResponse(400, nested(depth), url=LTS_URL))
    assert type(error) is clouderrors.huaweicloud.lts.LogGroupAlreadyExists
    if body_seen:
        assert depth_of(error.body["detail"]) == depth
    for clone in clones(error):
        assert type(clone) is type(error)
        assert (clone.code, clone.message, clone.request_id, clone.status_code) == (
            "LTS.0101",
            "exists",
            "r-1",
            400,
        )
        assert depth_of(clone.body["detail"]) == depth
        assert str(clone) == str(error)


# The raise path decodes JSON as deep as the interpreter's recursion limit lets it (about 950
# levels under pytest on CPython 3.11); a deeper body is no JSON to it, and its error has no body.
@given(depth=st.integers(min_value=1, max_value=700), seen=st.booleans())
def test_property_any_nesting_the_raise_path_reads_travels(depth, seen):
    error = error_from_response(FakeResponse(400, nested(depth), url=LTS_URL))
    if seen:
        error.body  # noqa: B018 - decoded before the copy
    for clone in (pickle.loads(pickle.dumps(error)), copy.deepcopy(error)):
        assert depth_of(clone.body["detail"]) == depth


def test_a_deep_body_from_a_real_server_crosses_into_another_process(httpserver):
    httpserver.expect_request("/v2/0123456789abcdef/groups").respond_with_data(
        nested(800), status=400, content_type="application/json"
    )
    response = through_local_server(httpserver, LTS_URL)
    error = error_from_response(response)
    assert error is not None
    add_note(error, "while creating the group 'app-logs'")
    error.attempt = 3
    script = (
        "import pickle, sys\n"
        "e = pickle.loads(sys.stdin.buffer.read())\n"
        "value, depth = e.body['detail'], 0\n"
        "while isinstance(value, list):\n"
        "    (value,) = value\n"
        "    depth += 1\n"
        "print(type(e).__name__, e.code, depth, e.attempt, e.__notes__[0])\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        input=pickle.dumps(error),
        capture_output=True,
        check=False,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stderr.decode()[-2000:]
    assert done.stdout.decode().split(" ", 4) == [
        "LogGroupAlreadyExists",
        "LTS.0101",
        "800",
        "3",
        "while creating the group 'app-logs'\n",
    ]


def test_notes_and_a_users_attributes_survive_pickle_and_copy():
    for error in (
        error_from_response(FakeResponse(400, nested(3), url=LTS_URL)),
        clouderrors.lookup("LTS.0101")("made by hand", request_id="r-2"),
    ):
        assert error is not None
        add_note(error, "note one")
        add_note(error, "note two")
        error.attempt = 2
        error.context = {"group": "app-logs"}
        for clone in clones(error):
            assert clone.__notes__ == ["note one", "note two"]
            assert (clone.attempt, clone.context) == (2, {"group": "app-logs"})
            assert clone.message == error.message and clone.request_id == error.request_id
        deep = copy.deepcopy(error)
        assert deep.context is not error.context and deep.__notes__ is not error.__notes__


def test_a_body_the_user_replaced_travels_as_replaced():
    error = error_from_response(FakeResponse(400, nested(2), url=LTS_URL))
    error.body = {"mine": True}
    for clone in clones(error):
        assert clone.body == {"mine": True}


def test_xml_and_list_bodies_travel_as_their_dialect_reads_them():
    obs = (
        b"<Error><Code>NoSuchBucket</Code><Message>gone</Message>"
        b"<RequestId>rid</RequestId><BucketName>b</BucketName></Error>"
    )
    errors = [
        error_from_response(FakeResponse(404, obs, url=OBS_URL)),
        error_from_response(FakeResponse(400, b'[{"error_code": "LTS.0101", "error_msg": "x"}]')),
        error_from_response(FakeResponse(502, b"<html>bad gateway</html>")),
    ]
    expected = [
        {
            "Error": {
                "Code": "NoSuchBucket",
                "Message": "gone",
                "RequestId": "rid",
                "BucketName": "b",
            }
        },
        [{"error_code": "LTS.0101", "error_msg": "x"}],
        None,
    ]
    for error, body in zip(errors, expected, strict=True):
        assert error is not None and error.body == body
        for clone in clones(error):
            assert clone.body == body and clone.code == error.code
    assert errors[0].request_id == "rid"


def test_a_kept_error_costs_about_its_body_not_many_times_over():
    # A megabyte of small JSON objects: decoded, hundreds of thousands of dicts (tens of MB).
    content = (
        b'{"error_code": "LTS.0101", "error_msg": "exists", "items": [' + b"{}," * 300_000 + b"{}]}"
    )
    response = FakeResponse(400, content, url=LTS_URL)
    gc.collect()
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        error = error_from_response(response)
        str(error), repr(error), error.request_id  # what logging an error reads
        gc.collect()
        kept = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    assert error is not None
    assert kept < len(content) // 4, f"{kept} bytes kept for a {len(content)} byte body"
    assert len(pickle.dumps(error)) < 2 * len(content)
    assert len(error.body["items"]) == 300_001  # still there when asked for


@pytest.mark.parametrize("key", _errors._REQUEST_ID_KEYS)
@pytest.mark.parametrize("spelling", ["plain", "escaped", "utf-16"])
def test_the_request_id_is_read_from_the_kept_bytes_in_any_spelling(key, spelling):
    body = json.dumps({"error_code": "LTS.0101", "error_msg": "m", key: "rid-7"})
    if spelling == "escaped":
        body = body.replace(key, "".join(f"\\u{ord(c):04x}" for c in key))
    content = body.encode("utf-16" if spelling == "utf-16" else "utf-8")
    error = error_from_response(FakeResponse(400, content, url=LTS_URL))
    assert error is not None and error.request_id == "rid-7"
    assert error.body[key] == "rid-7"
    for clone in clones(error):
        assert clone.request_id == "rid-7" and clone.body == error.body
