"""The package's public surface: __version__, services(), error_classes(), what dir() and __all__
show, and the public path (`clouderrors.NotFoundError`) that the public classes report."""

from __future__ import annotations

import importlib
import inspect
import pickle
import pydoc
import re
import subprocess
import sys
import traceback
import warnings
from pathlib import Path

import pytest

import clouderrors
from tests.runtime_support import FakeResponse

ROOT = Path(__file__).resolve().parent.parent
PUBLIC_CLASSES = (
    "CloudAPIError",
    "HuaweiCloudError",
    "TencentCloudError",
    "InvalidRequestError",
    "AuthenticationError",
    "PermissionDeniedError",
    "NotFoundError",
    "ConflictError",
    "AlreadyExistsError",
    "QuotaExceededError",
    "ThrottledError",
    "ServerError",
)


def generated_code_classes() -> set[type[clouderrors.CloudAPIError]]:
    """Every class a generated service module defines with a code of its own, found by walking
    the modules (not through the index)."""
    found = set()
    for vendor in ("huaweicloud", "tencentcloud"):
        package = importlib.import_module(f"clouderrors.{vendor}")
        for name in package.SERVICES:
            module = importlib.import_module(f"clouderrors.{vendor}.{name}")
            for value in vars(module).values():
                if (
                    inspect.isclass(value)
                    and value.__module__ == module.__name__
                    and "code" in vars(value)
                ):
                    found.add(value)
    return found


def test_version_is_written_once_and_the_build_reads_it():
    assert re.fullmatch(r"\d+\.\d+\.\d+([abc]|rc|\.dev|\.post)?\d*", clouderrors.__version__)
    from setuptools.config.pyprojecttoml import read_configuration

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # setuptools calls [tool.setuptools] "beta"
        static = read_configuration(ROOT / "pyproject.toml", expand=False)["project"]
        built = read_configuration(ROOT / "pyproject.toml", expand=True)["project"]
    assert "version" not in static and "version" in static["dynamic"]
    assert built["version"] == clouderrors.__version__


def test_services_are_the_generated_service_modules():
    ids = clouderrors.services()
    assert ids == sorted(ids) and len(set(ids)) == len(ids)
    expected = {
        f"{vendor}.{name}"
        for vendor in ("huaweicloud", "tencentcloud")
        for name in importlib.import_module(f"clouderrors.{vendor}").SERVICES
    }
    assert set(ids) == expected
    assert {"huaweicloud.lts", "huaweicloud.cts", "tencentcloud.cls"} <= set(ids)
    ids.append("mutated")  # a fresh list each call
    assert "mutated" not in clouderrors.services()


def test_error_classes_are_every_code_class_once_in_a_stable_order():
    classes = clouderrors.error_classes()
    assert set(classes) == generated_code_classes()
    assert len(classes) == len(set(classes))
    assert classes == sorted(classes, key=lambda cls: (cls.service, cls.code))
    assert classes == clouderrors.error_classes()
    for cls in classes:
        assert issubclass(cls, clouderrors.CloudAPIError)
        assert clouderrors.lookup(cls.code, service=cls.service) is cls
    assert clouderrors.huaweicloud.lts.LogGroupAlreadyExists in classes
    # No service bases, categories or vendor bases: only classes with a code.
    assert clouderrors.huaweicloud.lts.LTSError not in classes
    assert clouderrors.NotFoundError not in classes


def test_error_classes_narrowed_by_service_and_vendor():
    everything = clouderrors.error_classes()
    lts = clouderrors.error_classes(service="huaweicloud.lts")
    assert lts and {cls.service for cls in lts} == {"huaweicloud.lts"}
    assert lts == [cls for cls in everything if cls.service == "huaweicloud.lts"]
    for vendor in ("huaweicloud", "tencentcloud"):
        mine = clouderrors.error_classes(vendor=vendor)
        assert mine and mine == [cls for cls in everything if cls.vendor == vendor]
    assert clouderrors.error_classes(service="huaweicloud.lts", vendor="huaweicloud") == lts
    assert clouderrors.error_classes(service="huaweicloud.lts", vendor="tencentcloud") == []


@pytest.mark.parametrize(
    ("kwargs", "error", "named"),
    [
        ({"service": "huaweicloud.nosuch"}, ValueError, "service"),
        ({"service": "lts"}, ValueError, "service"),
        ({"vendor": "aws"}, ValueError, "vendor"),
        ({"service": 123}, TypeError, "service"),
        ({"vendor": ["huaweicloud"]}, TypeError, "vendor"),
    ],
)
def test_error_classes_refuses_unknown_arguments_naming_them(kwargs, error, named):
    with pytest.raises(error, match=named) as caught:
        clouderrors.error_classes(**kwargs)
    assert "\n" not in str(caught.value)
    with pytest.raises(TypeError):
        clouderrors.error_classes("huaweicloud.lts")  # type: ignore[misc]


def test_dir_and_all_show_only_public_names():
    shown = dir(clouderrors)
    for name in ("importlib", "ModuleType", "annotations"):
        assert name not in shown and name not in clouderrors.__all__
    assert not [name for name in shown if name.startswith("_") and not name.startswith("__")]
    assert not [name for name in clouderrors.__all__ if name.startswith("_")]
    assert set(clouderrors.__all__) <= set(shown)
    assert {"__version__", "huaweicloud", "tencentcloud", "error_classes", "services"} <= set(shown)
    for name in clouderrors.__all__:
        assert getattr(clouderrors, name) is not None
    for name in shown:
        getattr(clouderrors, name)  # everything shown is there
    namespace: dict[str, object] = {}
    exec("from clouderrors import *", namespace)
    assert set(namespace) - {"__builtins__"} == set(clouderrors.__all__)


@pytest.mark.parametrize("name", PUBLIC_CLASSES)
def test_public_classes_report_the_public_path(name):
    cls = getattr(clouderrors, name)
    assert cls.__module__ == "clouderrors"
    line = traceback.format_exception_only(cls, cls("boom", code="X.1"))[-1]
    assert line.startswith(f"clouderrors.{name}: ")
    text = pydoc.render_doc(cls, renderer=pydoc.plaintext)
    assert f"class {name} in module clouderrors\n" in text and "_errors" not in text
    assert pickle.loads(pickle.dumps(cls)) is cls
    clone = pickle.loads(pickle.dumps(cls("said", code="X.1", request_id="r")))
    assert type(clone) is cls and (clone.code, clone.request_id) == ("X.1", "r")


def test_generated_classes_name_the_public_bases():
    lts = clouderrors.huaweicloud.lts
    text = pydoc.render_doc(lts.LogGroupAlreadyExists, renderer=pydoc.plaintext)
    assert "clouderrors.HuaweiCloudError" in text and "clouderrors._errors" not in text


def test_undocumented_code_of_an_unknown_service_pickles_into_a_fresh_process():
    # The vendor base is public: the class made for vendor + category stays out of the package.
    error = clouderrors.error_from_response(
        FakeResponse(409, {"error_code": "ZZZ.0001", "error_msg": "x"})
    )
    assert isinstance(error, clouderrors.HuaweiCloudError)
    assert isinstance(error, clouderrors.ConflictError)
    assert type(error).__name__ not in dir(clouderrors)
    script = (
        "import pickle, sys\n"
        "e = pickle.loads(sys.stdin.buffer.read())\n"
        "import clouderrors\n"
        "assert isinstance(e, clouderrors.HuaweiCloudError), type(e).__mro__\n"
        "assert isinstance(e, clouderrors.ConflictError)\n"
        "print(e.code, e.status_code)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        input=pickle.dumps(error),
        capture_output=True,
        check=False,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stderr.decode()
    assert done.stdout.decode().split() == ["ZZZ.0001", "409"]
