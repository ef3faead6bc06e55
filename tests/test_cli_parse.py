"""`python -m codegen parse PATH [--format ...]`: rows as JSON, bad input as one line, exit 2."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from codegen.cli import main
from codegen.readers import read_document
from tests.conftest import ROOT, run_codegen

SEED_NAMES = ["lts", "cts", "cls-2019", "cls", "common"]
KEYS = {"code", "http_status", "message", "description", "solution", "path", "line"}


def run_parse(*args: str) -> subprocess.CompletedProcess[str]:
    return run_codegen("parse", *args)


@pytest.mark.parametrize("name", SEED_NAMES)
def test_seed_rows_as_json(seed, name):
    path = str(seed[name].relative_to(ROOT))
    result = run_parse(path)
    assert (result.returncode, result.stderr) == (0, "")
    printed = json.loads(result.stdout)
    assert all(set(row) == KEYS for row in printed)
    assert printed == [row.to_json() for row in read_document(path)]


def test_text_seed_counts_and_forced_format(seed):
    rows_path = str(seed["cls-2019"].relative_to(ROOT))
    numeric_path = str(seed["common"].relative_to(ROOT))
    text_rows = json.loads(run_parse(rows_path, "--format", "text-rows").stdout)
    numeric = json.loads(run_parse(numeric_path, "--format", "text-numeric").stdout)
    assert (len(text_rows), len(numeric)) == (37, 16)
    assert text_rows[-1] == {
        "code": "InternalError",
        "http_status": 500,
        "message": "Internal error",
        "description": "",
        "solution": "",
        "path": rows_path,
        "line": 49,
    }
    assert numeric[15]["message"] == "API is temporarily unavailable"
    assert numeric[15]["http_status"] is None


def _write(tmp_path: Path, data: bytes) -> str:
    path = tmp_path / "page.txt"
    path.write_bytes(data)
    return str(path)


HEADER = b"HTTP Status Code Error Code Error Message\n"


@pytest.mark.parametrize(
    ("data", "args", "line", "problem"),
    [
        (b"", (), 1, "empty document"),
        (b"  \n\t\n \n", (), 1, "empty document"),
        (b"Error Codes\n\xff\xfe\x00bad", (), 2, "not UTF-8 text (byte 0xff)"),
        (HEADER + b"400 A a\n4x4 B b\n", (), 3, "status '4x4' is not an HTTP status code"),
        (HEADER + b"400 A a\n404 TopicNotExist\n", (), 3, "row has 2 of 3 columns"),
        (HEADER + b"400 A a\n404 B b\n40", (), 4, "row has 1 of 3 columns"),
        (b"Error Codes\n\nNo table here.\n", (), 1, "no error-code table found (looked for"),
        (b"| Error Code | Message |\n|---|---|\n", (), 1, "its error-code table lists no code"),
        (
            b"Error Code Error Type Description\n4000 Bad request The request is bad.\n",
            ("--format", "text-rows"),
            1,
            "no error-code table found (looked for",
        ),
        (
            b"Error Code Error Type Description\n4000 Bad request The bad.\nABC Oops It.\n",
            (),
            3,
            "error code 'ABC' is not a number",
        ),
    ],
    ids=[
        "empty",
        "whitespace-only",
        "not-utf8",
        "status-not-a-number",
        "too-few-columns",
        "truncated-table",
        "no-table",
        "table-without-rows",
        "wrong-forced-format",
        "numeric-code-not-a-number",
    ],
)
def test_bad_documents(tmp_path, data, args, line, problem):
    path = _write(tmp_path, data)
    result = run_parse(path, *args)
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"{path}:{line}: {problem}")


def test_missing_file(tmp_path):
    path = str(tmp_path / "missing.txt")
    result = run_parse(path)
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        f"{path}:1: cannot read document: No such file or directory"
    ]


def test_unknown_format_is_rejected_by_argparse(seed):
    result = run_parse(str(seed["cls-2019"].relative_to(ROOT)), "--format", "csv")
    assert result.returncode == 2
    assert result.stdout == ""
    assert "invalid choice: 'csv'" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    "args",
    [(), ("bogus",), ("parse",), ("parse", "page.md", "--format", "csv"), ("generate", "--x")],
    ids=["no-command", "unknown-command", "no-path", "unknown-format", "unknown-option"],
)
def test_a_bad_command_line_is_one_line(capsys, args):
    with pytest.raises(SystemExit) as stopped:
        main(list(args))
    assert stopped.value.code == 2
    error = capsys.readouterr().err
    assert error.count("\n") == 1 and error.startswith("python -m codegen"), error
    assert error.endswith("--help)\n"), error
