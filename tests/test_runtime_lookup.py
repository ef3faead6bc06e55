"""lookup(), and what `import clouderrors` loads (only the core; the rest on first need)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import clouderrors
from clouderrors import _codes, lookup

ROOT = Path(__file__).resolve().parent.parent


def test_lookup_by_string_and_by_int():
    lts = clouderrors.huaweicloud.lts
    assert lookup("LTS.0101") is lts.LogGroupAlreadyExists
    assert lookup(" LTS.0101 ") is lts.LogGroupAlreadyExists
    assert lookup(4000) is lookup("4000")
    assert lookup(4000).service == "tencentcloud.common"
    assert lookup("AuthFailure.SecretIdNotFound", service="tencentcloud.cls").code == (
        "AuthFailure.SecretIdNotFound"
    )


def test_unknown_code_is_a_key_error_naming_it():
    with pytest.raises(KeyError, match=r"LTS\.9999"):
        lookup("LTS.9999")
    with pytest.raises(KeyError, match=r"LTS\.0101.*tencentcloud\.cls"):
        lookup("LTS.0101", service="tencentcloud.cls")
    with pytest.raises(KeyError, match=r"no\.such"):
        lookup("LTS.0101", service="no.such")


def test_code_of_several_services_needs_the_service(monkeypatch):
    monkeypatch.setitem(_codes.CODES, "LTS.0101", ("huaweicloud.lts", "tencentcloud.cls"))
    with pytest.raises(KeyError, match=r"huaweicloud\.lts, tencentcloud\.cls"):
        lookup("LTS.0101")
    assert lookup("LTS.0101", service="huaweicloud.lts").code == "LTS.0101"


def test_lookup_rejects_other_types():
    with pytest.raises(TypeError):
        lookup(4.0)  # type: ignore[arg-type]


def _loaded_after(code: str) -> set[str]:
    script = "import sys\n" f"{code}\n" "print(' '.join(sorted(m for m in sys.modules)))\n"
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, check=True
    )
    return set(done.stdout.split())


def test_import_loads_the_core_only():
    loaded = _loaded_after("import clouderrors")
    assert "clouderrors._errors" in loaded and "requests" in loaded
    for lazy in ("clouderrors._index", "clouderrors.huaweicloud", "clouderrors.tencentcloud"):
        assert lazy not in loaded
    for tool in ("codegen", "jinja2", "black", "docutils", "markdown_it", "httpx", "orjson"):
        assert tool not in loaded


def test_raising_loads_only_the_service_module_it_needs():
    loaded = _loaded_after(
        "import clouderrors\n"
        "class R:\n"
        "    status_code = 400\n"
        '    content = b\'{"error_code": "LTS.0101", "error_msg": "m"}\'\n'
        "    headers = {}\n"
        "    url = 'http://127.0.0.1/'\n"
        "assert clouderrors.error_from_response(R()).code == 'LTS.0101'"
    )
    assert {"clouderrors._index", "clouderrors.huaweicloud.lts"} <= loaded
    assert "clouderrors.huaweicloud.cts" not in loaded
    assert "clouderrors.tencentcloud.cls" not in loaded


def test_vendor_packages_are_attributes_of_the_package():
    assert clouderrors.huaweicloud.lts.LTSError.service == "huaweicloud.lts"
    assert "tencentcloud" in dir(clouderrors)
    with pytest.raises(AttributeError):
        clouderrors.nosuchvendor  # noqa: B018
