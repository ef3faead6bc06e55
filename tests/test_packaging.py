"""The wheel as a user gets it: built from the tree, installed into a fresh virtual environment
that has only clouderrors and requests (no generator, no jinja2, no black), where the
`clouderrors` command and `python -m clouderrors` work; its metadata has the SPDX license, the
Python versions and only the extras that work from the wheel. Nothing is downloaded."""

from __future__ import annotations

import email
import importlib
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.conftest import ROOT

# What `requests` needs at run time: the one dependency the wheel declares.
REQUESTS_STACK = ("requests", "urllib3", "idna", "charset_normalizer", "certifi")


def run(*args: str | Path, cwd: Path, env: dict[str, str] | None = None):
    return subprocess.run(
        [str(arg) for arg in args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tree = tmp_path_factory.mktemp("tree")
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        shutil.copy2(ROOT / name, tree / name)
    shutil.copytree(ROOT / "src", tree / "src", ignore=shutil.ignore_patterns("__pycache__"))
    out = tmp_path_factory.mktemp("dist")
    done = run(
        sys.executable,
        "-m",
        "pip",
        "wheel",
        "--no-deps",
        "--no-index",
        "--no-build-isolation",
        "--verbose",  # shows the build backend's warnings
        "-w",
        out,
        tree,
        cwd=tree,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "DeprecationWarning" not in done.stdout + done.stderr
    (built,) = out.glob("clouderrors-*.whl")
    return built


@pytest.fixture(scope="module")
def fresh(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A new virtual environment with the wheel installed and requests beside it."""
    venv = tmp_path_factory.mktemp("venv") / "env"
    done = run(sys.executable, "-m", "venv", "--without-pip", venv, cwd=venv.parent)
    assert done.returncode == 0, done.stderr
    python = venv / "bin" / "python"
    done = run(
        sys.executable,
        "-m",
        "pip",
        "--python",
        python,
        "install",
        "--quiet",
        "--no-deps",
        "--no-index",
        wheel,
        cwd=venv.parent,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    # requests and its own dependencies, from this environment (nothing else of it)
    deps = venv.parent / "deps"
    deps.mkdir()
    for name in REQUESTS_STACK:
        origin = Path(importlib.import_module(name).__file__ or "").parent
        (deps / name).symlink_to(origin, target_is_directory=True)
    purelib = run(
        python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))", cwd=venv.parent
    ).stdout.strip()
    Path(purelib, "requests-stack.pth").write_text(f"{deps}\n", encoding="utf-8")
    return venv


def clean_env() -> dict[str, str]:
    return {key: value for key, value in os.environ.items() if not key.startswith("PYTHON")}


def test_the_command_works_from_the_installed_wheel(fresh: Path):
    where = fresh.parent
    done = run(fresh / "bin" / "clouderrors", "explain", "LTS.0101", cwd=where, env=clean_env())
    assert done.returncode == 0, done.stderr
    assert "class:              clouderrors.huaweicloud.lts.LogGroupAlreadyExists" in done.stdout
    done = run(fresh / "bin" / "python", "-m", "clouderrors", "list", cwd=where, env=clean_env())
    assert done.returncode == 0, done.stderr
    assert "AuthFailure.SecretIdNotFound" in done.stdout
    done = run(fresh / "bin" / "clouderrors", "explain", "LTS.0110", cwd=where, env=clean_env())
    assert done.returncode == 2 and "closest: " in done.stderr


def test_the_fresh_environment_has_no_generator_and_raises(fresh: Path):
    code = (
        "import importlib.util, sys\n"
        "for name in ('codegen', 'jinja2', 'black', 'docutils', 'markdown_it', 'httpx'):\n"
        "    assert importlib.util.find_spec(name) is None, name\n"
        "import clouderrors\n"
        "from clouderrors.huaweicloud import lts\n"
        "class Response:\n"
        "    status_code = 400\n"
        "    headers = {}\n"
        '    content = b\'{"error_code": "LTS.0101", "error_msg": "exists"}\'\n'
        "    url = 'https://lts.cn-north-4.myhuaweicloud.com/v2/p/groups'\n"
        "try:\n"
        "    clouderrors.raise_for_error(Response())\n"
        "except lts.LogGroupAlreadyExists as e:\n"
        "    print(e.code, clouderrors.__version__)\n"
    )
    done = run(fresh / "bin" / "python", "-c", code, cwd=fresh.parent, env=clean_env())
    assert done.returncode == 0, done.stderr
    assert done.stdout.split()[0] == "LTS.0101"


def test_wheel_metadata(wheel: Path):
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        (metadata_name,) = [name for name in names if name.endswith(".dist-info/METADATA")]
        metadata = email.message_from_bytes(archive.read(metadata_name))
        entry_points = archive.read(metadata_name.replace("METADATA", "entry_points.txt"))
    assert metadata["License-Expression"] == "Apache-2.0"
    assert any(name.endswith("licenses/LICENSE") for name in names)
    assert metadata.get_all("Provides-Extra") == ["fast", "httpx"]
    classifiers = metadata.get_all("Classifier")
    for version in ("3.10", "3.11", "3.12", "3.13"):
        assert f"Programming Language :: Python :: {version}" in classifiers
    assert "Typing :: Typed" in classifiers
    assert metadata["Requires-Python"] == ">=3.10"
    assert b"clouderrors = clouderrors._cli:main" in entry_points
    assert "clouderrors/py.typed" in names
    assert not [name for name in names if name.startswith(("codegen/", "templates/", "tests/"))]


def test_the_changelog_names_this_version():
    import clouderrors

    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert f"## {clouderrors.__version__}" in changelog


def test_make_help_lists_every_target():
    done = run("make", "--no-print-directory", "help", cwd=ROOT)
    assert done.returncode == 0, done.stderr
    listed = {line.split(":")[0] for line in done.stdout.splitlines() if line[:1] != " "}
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    phony = next(line for line in makefile.splitlines() if line.startswith(".PHONY:"))
    assert listed == set(phony.split(":")[1].split())
