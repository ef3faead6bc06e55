"""Tencent Cloud API 3.0 codes from the SDK's error-code modules (issue 13): the reader, the
[[tencentcloud-sdk]] manifest entries (against a small SDK this test installs on sys.path), and
the committed CLS, CVM, CAM and VPC modules answering real API 3.0 bodies through requests and
httpx from a server on 127.0.0.1."""

from __future__ import annotations

import ast
import importlib.metadata
import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from werkzeug import Request, Response

import clouderrors
from clouderrors import _errors
from clouderrors.tencentcloud import cls
from codegen.cli import main
from codegen.readers.tencentcloud_sdk import read
from codegen.write import generated_files
from tests.conftest import ROOT
from tests.runtime_support import through_local_server

PACKAGE = ROOT / "src" / "clouderrors"
SDK_SITE = Path(str(importlib.metadata.distribution("tencentcloud-sdk-python").locate_file("")))
CODEGEN = (sys.executable, "-m", "codegen", "generate")
SERVICES = ("cls", "cvm", "cam", "vpc")
LICENCE = "# -*- coding: utf8 -*-\n# Copyright (c) 2017-2025 Tencent. All Rights Reserved.\n\n\n"


def sdk_codes(service: str) -> list[str]:
    """Every code the pinned SDK's modules of `service` list (all API versions)."""
    codes: set[str] = set()
    for path in sorted((SDK_SITE / "tencentcloud" / service).glob("*/errorcodes.py")):
        codes.update(row.code for row in read(path.read_text(encoding="utf-8"), str(path)))
    return sorted(codes)


# --- the reader ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "line", "problem"),
    [
        ("# ok\nA = 'A'\n\nB = 'B\n", 4, "not a Python module"),
        ("# ok\nA = 'A'\n# a number\nB = 4000\n", 4, "B is not assigned a plain string literal"),
        ("A = 'A'\nB = f'{A}.X'\n", 2, "B is not assigned a plain string literal"),
        ("A = 'A'\n\n# again\nA = 'A.B'\n", 4, "A assigned again (first at line 5)"),
        ("A = 'A'\nB = 'A'\n", 2, "code A listed again (first at line 5)"),
        ("A = 'A'\nimport os\n", 2, "expected only NAME = 'Code' assignments, found Import"),
        ("A = 'A'\nB = C = 'B'\n", 2, "expected only NAME = 'Code' assignments, found Assign"),
        ("A = ' A'\n", 1, "A: code ' A' is not a code"),
    ],
)
def test_a_malformed_sdk_module_is_one_path_line_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], source: str, line: int, problem: str
) -> None:
    path = tmp_path / "errorcodes.py"
    path.write_text(LICENCE + source, encoding="utf-8")
    status = main(["parse", str(path), "--format", "tencentcloud-sdk"])
    err = capsys.readouterr().err
    assert status == 2
    assert err.startswith(f"{path}:{line + LICENCE.count(chr(10))}: {problem}")
    assert err.count("\n") == 1 and err.endswith("\n")


def test_the_comment_lines_right_above_an_assignment_are_its_description() -> None:
    source = LICENCE + textwrap.dedent("""\
        # 请求未授权。
        AUTHFAILURE_UNAUTHORIZEDOPERATION = 'AuthFailure.UnauthorizedOperation'

        # first line
        # second line
        TWO = 'Two.Lines'
        NONE = 'No.Comment'

        # not attached: a blank line follows

        LOOSE = 'Loose'
        """)
    rows = read(source, "errorcodes.py")
    assert [(row.code, row.description, row.line, row.http_status) for row in rows] == [
        ("AuthFailure.UnauthorizedOperation", "请求未授权。", 6, None),
        ("Two.Lines", "first line\nsecond line", 10, None),
        ("No.Comment", "", 11, None),
        ("Loose", "", 15, None),
    ]


# What a comment line may hold: anything but line ends and NUL (which no Python source holds).
comment_text = (
    st.text(
        st.characters(blacklist_characters="\r\n\x00", blacklist_categories=("Cs",)), min_size=1
    )
    .map(str.strip)
    .filter(bool)
)


@given(texts=st.lists(comment_text, min_size=1, max_size=4))
def test_any_comment_text_is_read_as_written(texts: list[str]) -> None:
    source = LICENCE + "".join(
        f"# {text}\nCODE_{i} = 'Code.N{i}'\n\n" for i, text in enumerate(texts)
    )
    rows = read(source, "errorcodes.py")
    assert [row.description for row in rows] == texts


# --- a small SDK of our own, installed on sys.path ---------------------------------------------

HOSTILE = [
    'It\'s "quoted" and \'\'\'triple\'\'\' and """triple"""',
    "back\\slash \\n \\x00 \\' end\\",
    "{{ jinja }} {% if x %} {# c #} ${shell} %(fmt)s {0}",
    "control \x01\x07\x1b[31m\x7f\u202e\u2028 chars",
    "'''; import os; os.system('x'); '''",
]


def fake_sdk(folder: Path, version: str, modules: dict[str, str]) -> Path:
    """A site folder holding tencentcloud-sdk-python `version` with `modules`
    ("svc/v20200101" -> errorcodes.py text)."""
    site = folder / "site"
    info = site / f"tencentcloud_sdk_python-{version}.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text(
        f"Metadata-Version: 2.1\nName: tencentcloud-sdk-python\nVersion: {version}\n",
        encoding="utf-8",
    )
    for where, text in modules.items():
        module = site / "tencentcloud" / where / "errorcodes.py"
        module.parent.mkdir(parents=True)
        module.write_text(LICENCE + text, encoding="utf-8")
    return site


def manifest(folder: Path, entry: str) -> Path:
    path = folder / "sources.toml"
    path.write_text(entry, encoding="utf-8")
    return path


def generate(
    site: Path, manifest_path: Path, out: Path, *extra: str
) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(site), str(ROOT), str(ROOT / "src")])}
    return subprocess.run(
        [*CODEGEN, "--manifest", str(manifest_path), "--out", str(out), *extra],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )


def hand_written_core(out: Path) -> None:
    out.mkdir(parents=True)
    for path in PACKAGE.glob("*.py"):
        if path.name != "_index.py":
            shutil.copy(path, out / path.name)


def run_python(out: Path, code: str) -> Any:
    env = {**os.environ, "PYTHONPATH": str(out.parent)}
    result = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        env=env,
        cwd=out.parent,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


MODULES = {
    "demo/v20200101": (
        "# 旧接口的错误。\nFAILEDOPERATION_OLD = 'FailedOperation.Old'\n\n"
        "# 超过配额。\nLIMITEXCEEDED_LOGSIZE = 'LimitExceeded.LogSize'\n\n"
        "# 请求频率超限。\nREQUESTLIMITEXCEEDED = 'RequestLimitExceeded'\n"
    ),
    "demo/v20210101": (
        "# 超过配额（新）。\nLIMITEXCEEDED_LOGSIZE = 'LimitExceeded.LogSize'\n\n"
        "# 资源不存在。\nRESOURCENOTFOUND_TOPIC = 'ResourceNotFound.TopicNotExist'\n\n"
        "# 请求频率超限。\nREQUESTLIMITEXCEEDED = 'RequestLimitExceeded'\n\n"
        "# 名称已存在。\nRESOURCEINUSE_NAME = 'ResourceInUse.NameExists'\n\n"
        + "".join(
            f"# {text}\nHOSTILE_{i} = 'FailedOperation.Hostile{i}'\n\n"
            for i, text in enumerate(HOSTILE)
        )
    ),
    "print/v20200101": "# 内部错误。\nINTERNALERROR = 'InternalError'\n",
}


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(site of the small SDK, generated package) for services demo and print."""
    folder = tmp_path_factory.mktemp("sdk")
    site = fake_sdk(folder, "9.9.9", MODULES)
    entry = (
        '[[tencentcloud-sdk]]\nversion = "9.9.9"\nservices = "*"\nids = { print = "printing" }\n'
    )
    out = folder / "pkg" / "clouderrors"
    hand_written_core(out)
    result = generate(site, manifest(folder, entry), out)
    assert result.returncode == 0, result.stderr
    assert "tencentcloud.demo: " in result.stdout
    return site, out


def test_api_versions_merge_and_the_newest_wins(demo: tuple[Path, Path]) -> None:
    _, out = demo
    facts = run_python(
        out,
        """
        import json
        from clouderrors import lookup, QuotaExceededError, ThrottledError, NotFoundError
        from clouderrors import AlreadyExistsError
        from clouderrors.tencentcloud import demo
        def facts(c):
            return [c.__name__, c.description, c.deprecated, c.retryable, c.http_status,
                    [k.__name__ for k in c.__mro__[1:3]]]
        print(json.dumps({
            "old": facts(demo.FailedOperationOld),
            "log": facts(lookup("LimitExceeded.LogSize", service="tencentcloud.demo")),
            "quota": issubclass(demo.LimitExceededLogSize, QuotaExceededError),
            "prefix": issubclass(demo.LimitExceededLogSize, demo.LimitExceeded),
            "attribute": demo.LimitExceeded.LogSize is demo.LimitExceededLogSize,
            "throttled": issubclass(demo.RequestLimitExceeded, ThrottledError),
            "retry": demo.RequestLimitExceeded.retryable,
            "missing": issubclass(demo.ResourceNotFoundTopicNotExist, NotFoundError),
            "exists": issubclass(demo.ResourceInUseNameExists, AlreadyExistsError),
        }))
        """,
    )
    old_name, _, deprecated, *_ = facts["old"]
    assert (old_name, deprecated) == ("FailedOperationOld", True)
    assert facts["log"][:3] == ["LimitExceededLogSize", "超过配额（新）。", False]
    assert facts["quota"] and facts["prefix"] and facts["attribute"]
    assert facts["throttled"] and facts["retry"] and facts["missing"] and facts["exists"]


def test_hostile_comment_text_round_trips_as_data(demo: tuple[Path, Path]) -> None:
    _, out = demo
    descriptions = run_python(
        out,
        f"""
        import json
        from clouderrors.tencentcloud import demo
        names = ["FailedOperationHostile" + str(i) for i in range({len(HOSTILE)})]
        print(json.dumps([getattr(demo, name).description for name in names]))
        """,
    )
    assert descriptions == HOSTILE
    for relative in generated_files(out):  # nothing of the text became code
        tree = ast.parse((out / relative).read_text(encoding="utf-8"))
        assert not [
            n for n in ast.walk(tree) if isinstance(n, ast.Import) and n.names[0].name == "os"
        ]


def test_a_name_that_would_shadow_gets_its_curated_id_and_host(demo: tuple[Path, Path]) -> None:
    site, out = demo
    found = run_python(
        out,
        """
        import json
        import clouderrors
        from clouderrors import _lookup
        class R:
            status_code = 200
            headers = {}
            content = b'{"Response": {"Error": {"Code": "InternalError", "Message": "m"}}}'
            url = "https://print.tencentcloudapi.com/"
        error = clouderrors.error_from_response(R())
        print(json.dumps([type(error).__module__, type(error).__name__, error.retryable,
                          _lookup.service_of_host("print.tencentcloudapi.com")]))
        """,
    )
    assert found == [
        "clouderrors.tencentcloud.printing",
        "InternalError",
        True,
        ["tencentcloud.printing", "tencentcloud"],
    ]
    # Without the curated id the manifest is refused at the entry's services line.
    folder = out.parent.parent / "bad"
    folder.mkdir()
    bad = manifest(folder, '[[tencentcloud-sdk]]\nversion = "9.9.9"\nservices = "*"\n')
    result = generate(site, bad, folder / "out")
    assert result.returncode == 2
    assert result.stderr == (
        f"{os.path.relpath(bad, ROOT)}:3: SDK service 'print' shadows a Python builtin; "
        'give it a module name in ids = { print = "..." }\n'
    )


def test_an_sdk_of_another_version_is_refused(tmp_path: Path) -> None:
    site = fake_sdk(tmp_path, "9.9.9", {"demo/v20200101": "A = 'A'\n"})
    path = manifest(tmp_path, '[[tencentcloud-sdk]]\n\nversion = "1.0.0"\n')
    result = generate(site, path, tmp_path / "out")
    assert result.returncode == 2
    assert result.stderr.startswith(f"{os.path.relpath(path, ROOT)}:3: installed ")
    assert "is 9.9.9, the manifest pins 1.0.0" in result.stderr


@pytest.mark.parametrize(
    ("source", "line", "problem"),
    [
        ("A = 'A'\n\nB = 'B\n", 3, "not a Python module"),
        ("A = 'A'\n# a number\nB = 4000\n", 3, "B is not assigned a plain string literal"),
        ("A = 'A'\nA = 'A.B'\n", 2, "A assigned again (first at line 5)"),
    ],
)
def test_a_malformed_sdk_module_stops_generation_and_leaves_the_package(
    demo: tuple[Path, Path], tmp_path: Path, source: str, line: int, problem: str
) -> None:
    _, built = demo
    site = fake_sdk(tmp_path, "9.9.9", {**MODULES, "demo/v20220101": source})
    out = tmp_path / "pkg" / "clouderrors"
    shutil.copytree(built, out, ignore=shutil.ignore_patterns("__pycache__"))
    before = {p: p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}
    entry = '[[tencentcloud-sdk]]\nversion = "9.9.9"\nids = { print = "printing" }\n'
    result = generate(site, manifest(tmp_path, entry), out)
    module = site / "tencentcloud" / "demo" / "v20220101" / "errorcodes.py"
    assert result.returncode == 2
    shown = os.path.relpath(module, ROOT)
    assert result.stderr.startswith(f"{shown}:{line + LICENCE.count(chr(10))}: {problem}")
    assert result.stderr.count("\n") == 1
    assert {p: p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()} == before


# --- the committed package: CLS, CVM, CAM, VPC ----------------------------------------------


def test_done_when() -> None:
    from clouderrors.tencentcloud import cvm

    assert clouderrors.lookup("LimitExceeded.LogSize", service="tencentcloud.cls") is (
        cls.LimitExceededLogSize
    )
    assert cvm.ResourceNotFoundKeyPairNotFound.code == "ResourceNotFound.KeyPairNotFound"
    assert issubclass(cvm.ResourceNotFoundKeyPairNotFound, clouderrors.NotFoundError)
    assert issubclass(cls.LimitExceededLogSize, cls.LimitExceeded)
    assert issubclass(cls.LimitExceeded, clouderrors.QuotaExceededError)


# (code, class name) of every class the CLS pages generated before the SDK came in.
SEED_CLS_NAMES = [
    ("AccountArrears", "AccountArrears"),
    ("AuthFailure", "AuthFailure"),
    ("AuthFailure.InvalidSecretId", "AuthFailureInvalidSecretId"),
    ("AuthFailure.MFAFailure", "AuthFailureMFAFailure"),
    ("AuthFailure.SecretIdNotFound", "AuthFailureSecretIdNotFound"),
    ("AuthFailure.SignatureExpire", "AuthFailureSignatureExpire"),
    ("AuthFailure.SignatureFailure", "AuthFailureSignatureFailure"),
    ("AuthFailure.TokenFailure", "AuthFailureTokenFailure"),
    ("AuthFailure.Unauthorized", "AuthFailureUnauthorized"),
    ("AuthFailure.UnauthorizedOperation", "AuthFailureUnauthorizedOperation"),
    ("ConsumerConflict", "ConsumerConflict"),
    ("ConsumerNotExist", "ConsumerNotExist"),
    ("CursorNotExist", "CursorNotExist"),
    ("IndexConflict", "IndexConflict"),
    ("IndexNotExist", "IndexNotExist"),
    ("IndexRuleEmpty", "IndexRuleEmpty"),
    ("InternalError", "InternalError"),
    ("InvalidAuthorization", "InvalidAuthorization"),
    ("InvalidCompressType", "InvalidCompressType"),
    ("InvalidContent", "InvalidContent"),
    ("InvalidContentType", "InvalidContentType"),
    ("InvalidParam", "InvalidParam"),
    ("LogSizeExceed", "LogSizeExceed"),
    ("LogsetConflict", "LogsetConflict"),
    ("LogsetEmpty", "LogsetEmpty"),
    ("LogsetExceed", "LogsetExceed"),
    ("LogsetNotEmpty", "LogsetNotEmpty"),
    ("LogsetNotExist", "LogsetNotExist"),
    ("MachineGroupConflict", "MachineGroupConflict"),
    ("MachineGroupExceed", "MachineGroupExceed"),
    ("MachineGroupNotExist", "MachineGroupNotExist"),
    ("MissingAgentIp", "MissingAgentIp"),
    ("MissingAgentVersion", "MissingAgentVersion"),
    ("MissingAuthorization", "MissingAuthorization"),
    ("MissingContent", "MissingContent"),
    ("MissingContentType", "MissingContentType"),
    ("NotAllowed", "NotAllowed"),
    ("NotSupported", "NotSupported"),
    ("ServiceNotActivated", "ServiceNotActivated"),
    ("ShipperConflict", "ShipperConflict"),
    ("ShipperExceed", "ShipperExceed"),
    ("ShipperNotExist", "ShipperNotExist"),
    ("SpeedQuotaExceed", "SpeedQuotaExceed"),
    ("SyntaxError", "SearchSyntaxError"),
    ("TaskNotExist", "TaskNotExist"),
    ("TaskReadOnly", "TaskReadOnly"),
    ("TopicClosed", "TopicClosed"),
    ("TopicConflict", "TopicConflict"),
    ("TopicExceed", "TopicExceed"),
    ("TopicNotExist", "TopicNotExist"),
    ("Unauthorized", "Unauthorized"),
]


def test_every_class_the_cls_pages_generated_keeps_its_name_and_status() -> None:
    for code, name in SEED_CLS_NAMES:
        found = clouderrors.lookup(code, service="tencentcloud.cls")
        assert found is getattr(cls, name) and found.__name__ == name, code
    assert cls.TopicNotExist.http_status == 404 and cls.Unauthorized.deprecated
    assert cls.AuthFailure.InvalidSecretId is cls.AuthFailureInvalidSecretId


def serve(request: Request) -> Response:
    """The error a call names: ?code=...&status=...&shape=api3|cls."""
    code, status = request.args["code"], int(request.args.get("status", "200"))
    if request.args.get("shape") == "cls":
        body = {"errorcode": code, "errormessage": f"log-upload says {code}"}
    else:
        body = {
            "Response": {"Error": {"Code": code, "Message": f"says {code}"}, "RequestId": "r-1"}
        }
    return Response(json.dumps(body), status=status, content_type="application/json")


def test_the_two_cls_apis_each_raise_their_own_class(httpserver: Any) -> None:
    httpserver.expect_request("").respond_with_handler(serve)
    cases = [
        (
            "https://cls.tencentcloudapi.com/",
            "LimitExceeded.LogSize",
            200,
            "api3",
            cls.LimitExceededLogSize,
        ),
        (
            "http://ap-guangzhou.cls.tencentyun.com/topic",
            "TopicNotExist",
            404,
            "cls",
            cls.TopicNotExist,
        ),
        (
            "http://ap-guangzhou.cls.tencentcs.com/topic",
            "LogSizeExceed",
            400,
            "cls",
            cls.LogSizeExceed,
        ),
        (
            "https://cls.tencentcloudapi.com/",
            "LimitExceeded.NoSuchLimit",
            200,
            "api3",
            cls.LimitExceeded,
        ),
    ]
    for url, code, status, shape, expected in cases:
        response = through_local_server(
            httpserver,
            url.replace("https:", "http:"),
            params={"code": code, "status": str(status), "shape": shape},
        )
        error = clouderrors.error_from_response(response)
        assert type(error) is expected, (url, code)
        assert error.code == code and error.status_code == status


@pytest.mark.parametrize("client", ["requests", "httpx"])
@pytest.mark.parametrize("service", SERVICES)
def test_every_code_of_the_service_raises_its_class_at_http_200(
    httpserver: Any, service: str, client: str
) -> None:
    httpserver.expect_request("").respond_with_handler(serve)
    url = f"http://{service}.tencentcloudapi.com/"
    codes = sdk_codes(service)
    assert len(codes) > 100
    proxy = httpserver.url_for("/").rstrip("/")
    if client == "httpx":
        import httpx

        session: Any = httpx.Client(proxy=proxy, trust_env=False, timeout=10)
        get = session.get
    else:
        import requests

        session = requests.Session()
        session.trust_env = False
        session.proxies = {"http": proxy}

        def get(url: str, params: dict[str, str]) -> Any:
            return session.get(url, params=params, timeout=10)

    with session:
        for code in codes:
            response = get(url, params={"code": code})
            assert response.status_code == 200
            expected = clouderrors.lookup(code, service=f"tencentcloud.{service}")
            with pytest.raises(_errors.CloudAPIError) as caught:
                clouderrors.raise_for_error(response)
            assert type(caught.value) is expected, code
            assert caught.value.code == code and caught.value.request_id == "r-1"


def test_categories_come_from_the_codes_kind() -> None:
    kinds = {
        "AuthFailure": clouderrors.AuthenticationError,
        "UnauthorizedOperation": clouderrors.PermissionDeniedError,
        "ResourceNotFound": clouderrors.NotFoundError,
        "LimitExceeded": clouderrors.QuotaExceededError,
        "RequestLimitExceeded": clouderrors.ThrottledError,
        "InternalError": clouderrors.ServerError,
        "ResourceInUse": clouderrors.ConflictError,
        "InvalidParameter": clouderrors.InvalidRequestError,
        "InvalidParameterValue": clouderrors.InvalidRequestError,
        "MissingParameter": clouderrors.InvalidRequestError,
    }
    seen = dict.fromkeys(kinds, 0)
    for service in ("cvm", "cam", "vpc"):
        for code in sdk_codes(service):
            kind = code.partition(".")[0]
            if kind in kinds:
                found = clouderrors.lookup(code, service=f"tencentcloud.{service}")
                assert issubclass(found, kinds[kind]), code
                assert found.retryable is (kind in ("RequestLimitExceeded", "InternalError")) or (
                    found.retryable and "稍后" in found.description
                ), code
                seen[kind] += 1
    assert all(seen.values()), seen
