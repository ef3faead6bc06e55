"""The instance attributes are typed: mypy --strict reports a misspelt one in a user's code and
accepts correct use (the runtime's lazy __getattr__ is invisible to type checkers), the hooks and
the retry helpers included; a misspelt name of the package is reported too (its lazy module
__getattr__ is as invisible)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

USER_CODE = """
from __future__ import annotations

import functools

import httpx
import requests
import tenacity

import clouderrors
from clouderrors.huaweicloud import lts
from clouderrors.tencentcloud import cvm


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
    except cvm.ResourceNotFoundKeyPairNotFound as error:
        print(error.code, error.message, error.request_id, error.status_code, error.retryable)
    except clouderrors.QuotaExceededError as error:
        print(error.message)


def clients() -> tuple[requests.Session, httpx.Client, httpx.AsyncClient]:
    session = requests.Session()
    session.hooks["response"].append(clouderrors.response_hook)
    session.hooks["response"].append(
        functools.partial(clouderrors.response_hook, service="tencentcloud.cls")
    )
    client = httpx.Client(event_hooks={"response": [clouderrors.httpx_hook]})
    aclient = httpx.AsyncClient(event_hooks={"response": [clouderrors.async_httpx_hook]})
    return session, client, aclient


async def fetch(aclient: httpx.AsyncClient) -> str | None:
    async with aclient.stream("GET", "https://cls.tencentcloudapi.com") as response:
        error = await clouderrors.aerror_from_response(response)
        await clouderrors.araise_for_error(response, service="tencentcloud.cls")
        return None if error is None else error.code


@tenacity.retry(
    retry=tenacity.retry_if_exception(clouderrors.is_retryable),
    wait=clouderrors.wait_retry_after(tenacity.wait_exponential(max=30), max_wait=60),
    stop=tenacity.stop_after_attempt(5),
)
def list_groups(url: str) -> object:
    response = requests.get(url, timeout=10)
    clouderrors.raise_for_error(response)
    return response.json()
"""


MISSPELT = (
    "\n\ndef typo(error: clouderrors.CloudAPIError) -> object:\n    return error.reqeust_id\n"
)
WRONG_TYPE = (
    "\n\ndef wrong(error: clouderrors.CloudAPIError) -> str:\n    return error.retry_after\n"
)
MISSPELT_NAME = (
    "\n\ndef typo(response: requests.Response) -> None:\n"
    "    clouderrors.raise_for_eror(response)\n"
)
SCRIPTS = {
    "correct": USER_CODE,
    "misspelt": USER_CODE + MISSPELT,
    "wrong": USER_CODE + WRONG_TYPE,
    "misspelt_name": USER_CODE + MISSPELT_NAME,
}
CHECKED_APART = tuple(f"{name}.py:" for name in SCRIPTS if name != "correct")


@pytest.fixture(scope="module")
def reported(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """mypy --strict over the three scripts in one run (mypy's start-up and its reading of the
    runtime paid once, not three times): what it reports about each, by script."""
    folder = tmp_path_factory.mktemp("typing")
    for name, code in SCRIPTS.items():
        (folder / f"{name}.py").write_text(code, encoding="utf-8")
    env = dict(os.environ, MYPYPATH=str(ROOT / "src"))
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--no-error-summary",
            "--cache-dir",
            str(folder / "cache"),
            "--config-file",
            os.devnull,
            *(f"{name}.py" for name in SCRIPTS),
        ],
        capture_output=True,
        text=True,
        env=env,
        cwd=folder,
        check=False,
    )
    assert done.returncode in (0, 1), done.stdout + done.stderr  # 2: mypy itself failed
    lines = done.stdout.splitlines()
    # A line of no other script's (the runtime's own modules, a note without a file) is one
    # against correct use.
    return {
        "correct": "\n".join(line for line in lines if not line.startswith(CHECKED_APART)),
        **{
            name: "\n".join(line for line in lines if line.startswith(f"{name}.py:"))
            for name in SCRIPTS
            if name != "correct"
        },
    }


def test_correct_use_type_checks(reported: dict[str, str]) -> None:
    assert reported["correct"] == ""


def test_a_misspelt_attribute_is_reported(reported: dict[str, str]) -> None:
    assert 'has no attribute "reqeust_id"' in reported["misspelt"], reported["misspelt"]


def test_a_wrong_type_is_reported(reported: dict[str, str]) -> None:
    assert "float | None" in reported["wrong"], reported["wrong"]


def test_a_misspelt_name_of_the_package_is_reported(reported: dict[str, str]) -> None:
    assert 'has no attribute "raise_for_eror"' in reported["misspelt_name"], reported[
        "misspelt_name"
    ]
