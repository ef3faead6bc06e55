"""What an error shows a terminal or a log (str(), repr(), the traceback line) is printable text:
whatever the server put in code, message and request id, every unprintable character is shown
escaped; the attributes keep the exact text."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import traceback
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import clouderrors
from clouderrors import CloudAPIError, NotFoundError, error_from_response
from tests.runtime_support import FakeResponse, through_local_server

ROOT = Path(__file__).resolve().parent.parent
LTS_URL = "http://lts.cn-north-4.myhuaweicloud.com/v2/0123456789abcdef/groups"

# What a hostile server can put in a field, and how str() must show it.
HOSTILE = {
    "ansi colour": ("\x1b[31mred\x1b[0m", "\\x1b[31mred\\x1b[0m"),
    "osc title": ("\x1b]0;owned\x07", "\\x1b]0;owned\\x07"),
    "bel": ("ring\x07", "ring\\x07"),
    "backspace": ("abc\x08\x08\x08xyz", "abc\\x08\\x08\\x08xyz"),
    "nul": ("a\x00b", "a\\x00b"),
    "c1 csi": ("a\x9b31mb", "a\\x9b31mb"),
    "delete": ("a\x7fb", "a\\x7fb"),
    "bidi override": ("txt\u202egpj.exe", "txt\\u202egpj.exe"),
    "bidi isolate": ("a\u2066b\u2069", "a\\u2066b\\u2069"),
    "zero width": ("a\u200bb", "a\\u200bb"),
    "lone surrogate": ("bad\ud800text", "bad\\ud800text"),
    "low surrogate": ("\udcff", "\\udcff"),
    "tag character": ("a\U000e0041", "a\\U000e0041"),
}


def hostile_error(text: str) -> CloudAPIError:
    """The error a Huawei LTS answer carrying `text` in code, message and request id gives."""
    body = {"error_code": f"LTS.{text}", "error_msg": text, "request_id": text}
    response = FakeResponse(404, json.dumps(body).encode(), url=LTS_URL)
    error = error_from_response(response)
    assert error is not None
    return error


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_each_kind_of_unprintable_text_is_shown_escaped(name):
    sent, shown = HOSTILE[name]
    error = hostile_error(sent)
    assert (error.code, error.message, error.request_id) == (f"LTS.{sent}", sent, sent)
    text = str(error)
    assert text == f"LTS.{shown} (HTTP 404): {shown} [request_id={shown}]"
    assert text.isprintable() and text.isascii()
    line = traceback.format_exception_only(type(error), error)[-1]
    assert line.rstrip("\n").endswith(text) and line.rstrip("\n").isprintable()
    assert repr(error).isprintable() and repr(error).isascii()
    assert eval(repr(sent)) == sent  # repr's escapes say exactly what was sent


def test_an_error_made_by_hand_is_shown_escaped_too():
    error = NotFoundError("\x1b[2J\x1b[H", code="A\x00", request_id="\ud800", status_code=404)
    assert str(error) == "A\\x00 (HTTP 404): \\x1b[2J\\x1b[H [request_id=\\ud800]"
    assert error.code == "A\x00" and error.message == "\x1b[2J\x1b[H"


def test_long_hostile_text_stays_bounded_and_no_escape_is_cut():
    error = hostile_error("\x1b" * 5000)
    text = str(error)
    escapes = r"(?:\\x1b)+\.\.\."  # whole escapes, then the cut mark
    found = re.fullmatch(
        rf"(LTS\.{escapes}) \(HTTP 404\): ({escapes}) \[request_id=({escapes})\]", text
    )
    assert found is not None, text[:200]
    assert all(len(field) <= 1000 for field in found.groups())
    assert len(repr(error)) < 25_000 and repr(error).isprintable()


def test_printable_text_of_any_script_is_shown_as_it_is():
    error = hostile_error("日志组已存在 ü")
    assert str(error) == "LTS.日志组已存在 ü (HTTP 404): 日志组已存在 ü [request_id=日志组已存在 ü]"


# Any text at all, lone surrogates included (hypothesis leaves them out by default).
ANY_TEXT = st.text(st.characters(codec=None, exclude_categories=()), max_size=60)


@given(code=ANY_TEXT, message=ANY_TEXT, request_id=ANY_TEXT)
def test_property_shown_text_is_printable_and_attributes_exact(code, message, request_id):
    body = {"Response": {"Error": {"Code": code, "Message": message}, "RequestId": request_id}}
    response = FakeResponse(
        400,
        json.dumps(body).encode(),
        url="http://cls.tencentcloudapi.com/",
    )
    error = error_from_response(response)
    assert error is not None
    assert error.message == message
    # Code and request id come without surrounding spaces; an empty one is none.
    assert error.code == (code.strip() or None)
    assert error.request_id == (request_id.strip() or None)
    sent = code + message + request_id
    for shown in (str(error), repr(error), traceback.format_exception_only(type(error), error)[-1]):
        shown = shown.rstrip("\n")
        assert shown.isprintable()
        shown.encode("utf-8")  # strict: no lone surrogate left
        # Nothing beyond ASCII appears that the server did not send as printable text.
        assert {c for c in shown if not c.isascii()} <= {c for c in sent if c.isprintable()}


def test_print_of_a_hostile_error_on_an_ascii_stdout():
    """print(e) and an uncaught traceback, in a process whose stdout is ASCII: no
    UnicodeEncodeError, no escape sequence reaches the terminal."""
    sent = "".join(text for text, _ in HOSTILE.values())
    script = (
        "import json, sys\n"
        "from tests.runtime_support import FakeResponse\n"
        "import clouderrors\n"
        "text = json.loads(sys.stdin.read())\n"
        "body = {'error_code': 'LTS.0101', 'error_msg': text, 'request_id': text}\n"
        f"r = FakeResponse(400, json.dumps(body).encode(), url={LTS_URL!r})\n"
        "print(clouderrors.error_from_response(r))\n"
        "clouderrors.raise_for_error(r)\n"
    )
    env = {**os.environ, "PYTHONIOENCODING": "ascii"}
    done = subprocess.run(
        [sys.executable, "-c", script],
        input=json.dumps(sent).encode(),
        capture_output=True,
        check=False,
        cwd=ROOT,
        env=env,
    )
    out, err = done.stdout.decode("ascii"), done.stderr.decode("ascii")
    assert "UnicodeEncodeError" not in err
    assert done.returncode == 1 and "LogGroupAlreadyExists" in err  # the raise, not print
    assert out.startswith("LTS.0101 (HTTP 400): \\x1b[31mred")
    for shown in (out, err):
        assert not [c for c in shown if not c.isprintable() and c not in "\n"]


@pytest.mark.parametrize("client", ["requests", "httpx"])
def test_hostile_text_from_a_real_server(httpserver, client):
    text = "\x1b]8;;http://evil/\x07click\x1b]8;;\x07\u202e\x9b2J"
    httpserver.expect_request("/v2/0123456789abcdef/groups").respond_with_data(
        json.dumps({"error_code": "LTS.0101", "error_msg": text}),
        status=400,
        content_type="application/json",
        headers={"X-Request-Id": "r\x1b[1m-1"},
    )
    response = through_local_server(httpserver, LTS_URL, client=client)
    with pytest.raises(clouderrors.huaweicloud.lts.LogGroupAlreadyExists) as caught:
        clouderrors.raise_for_error(response)
    error = caught.value
    assert error.message == text and error.request_id == "r\x1b[1m-1"
    assert str(error) == (
        "LTS.0101 (HTTP 400): \\x1b]8;;http://evil/\\x07click\\x1b]8;;\\x07\\u202e\\x9b2J"
        " [request_id=r\\x1b[1m-1]"
    )
