"""The instance attributes are typed: mypy --strict reports a misspelt one in a user's code and
accepts correct use (the runtime's lazy __getattr__ is invisible to type checkers)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

USER_CODE = """
from __future__ import annotations

import requests

import clouderrors
from clouderrors.huaweicloud import lts


def handle(response: requests.Response) -> None:
    try:
        clouderrors.raise_for_error(response)
    except lts.LogGroupAlreadyExists as error:
        code: str | None = error.code
        status: int | None = error.status_code
        message: str | None = error.message
        request_id: str | None = error.request_id
        module_code: str | None = error.module_code
        retry_after: float | None = error.retry_after
        body: dict[str, object] | list[object] | None = error.body
        if error.response is not None:
            headers = error.response.headers
            print(code, status, message, request_id, module_code, retry_after, body, headers)
        print(error.request)
"""


def mypy(tmp_path: Path, code: str) -> subprocess.CompletedProcess[str]:
    script = tmp_path / "user.py"
    script.write_text(code, encoding="utf-8")
    env = dict(os.environ, MYPYPATH=str(ROOT / "src"))
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--no-error-summary",
            "--cache-dir",
            str(tmp_path / "cache"),
            "--config-file",
            os.devnull,
            str(script),
        ],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        check=False,
    )


def test_correct_use_type_checks(tmp_path):
    done = mypy(tmp_path, USER_CODE)
    assert done.returncode == 0, done.stdout + done.stderr


def test_a_misspelt_attribute_is_reported(tmp_path):
    code = USER_CODE + "\n\ndef typo(error: clouderrors.CloudAPIError) -> object:\n"
    code += "    return error.reqeust_id\n"
    done = mypy(tmp_path, code)
    assert done.returncode == 1
    assert 'has no attribute "reqeust_id"' in done.stdout, done.stdout


def test_a_wrong_type_is_reported(tmp_path):
    code = USER_CODE + "\n\ndef wrong(error: clouderrors.CloudAPIError) -> str:\n"
    code += "    return error.retry_after\n"
    done = mypy(tmp_path, code)
    assert done.returncode == 1
    assert "float | None" in done.stdout, done.stdout
