"""`python -m codegen generate` end to end: golden copy, determinism, doc updates, --check,
stale files, bad manifests, and the generated package itself (imports, hierarchy, linters)."""

from __future__ import annotations

import atexit
import functools
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

import pytest

from codegen.cli import main
from codegen.manifest import SDK_API, load_manifest
from codegen.write import generated_files, is_generated
from tests.conftest import ROOT, SOURCES, corpus_path

PACKAGE = ROOT / "src" / "clouderrors"
REPO_MANIFEST = ROOT / "codegen" / "sources.toml"
PYTHON = sys.executable
# The SDK services the generation tests generate. The repository's manifest takes every service
# of the SDK, which these tests would pay for many times over; the pages and these four cover
# every kind of generated file, and `make check` covers the whole package.
SAMPLE_SERVICES = ("cam", "cls", "cvm", "vpc")
# For the tests that generate twice from nothing and compare the two runs: the sample's services
# and small ones that share the generic codes (InternalError, ...) with them, so the index lists
# codes of several services each (an order a hash seed would change, were it a set's).
COMPARED_SERVICES = (*SAMPLE_SERVICES, "advisor", "bpaas", "cmq", "memcached", "region")


def sample_manifest(services: tuple[str, ...] = SAMPLE_SERVICES) -> Path:
    """The repository's manifest with its SDK entry cut to `services`, in a temp folder
    whose `sources` links to codegen/sources (so page paths and their names stay the same)."""
    folder = Path(tempfile.mkdtemp(prefix="clouderrors-sample-"))
    atexit.register(shutil.rmtree, folder, True)
    (folder / "sources").symlink_to(ROOT / "codegen" / "sources", target_is_directory=True)
    text = REPO_MANIFEST.read_text(encoding="utf-8")
    listed = ", ".join(f'"{name}"' for name in services)
    assert text.count('services = "*"') == 1
    path = folder / "sources.toml"
    path.write_text(text.replace('services = "*"', f"services = [{listed}]"), encoding="utf-8")
    return path


MANIFEST = sample_manifest()
COMPARED_MANIFEST = sample_manifest(COMPARED_SERVICES)


@functools.cache
def sample_package() -> Path:
    """The package MANIFEST generates (the hand-written core included), made once per process."""
    folder = Path(tempfile.mkdtemp(prefix="clouderrors-package-"))
    atexit.register(shutil.rmtree, folder, True)
    out = folder / "clouderrors"
    hand_written_core(out)
    done = subprocess.run(
        [PYTHON, "-m", "codegen", "generate", "--manifest", str(MANIFEST), "--out", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return out


def tree_digest(folder: Path) -> dict[str, str]:
    """Relative path -> sha256 of every file under `folder` (caches left out)."""
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file() and "__pycache__" not in path.parts
    }


def hand_written_core(target: Path) -> None:
    """Copy the runtime's hand-written files (not the generated ones) into `target`."""
    target.mkdir(parents=True, exist_ok=True)
    for path in PACKAGE.iterdir():
        if path.is_file() and not is_generated(path):
            shutil.copy2(path, target / path.name)


def copy_of_sample_package(folder: Path) -> Path:
    """A copy of sample_package() in `folder`, for a test to change (generating it from nothing
    again would cost each test seconds of black)."""
    out = folder / "clouderrors"
    shutil.copytree(sample_package(), out, ignore=shutil.ignore_patterns("__pycache__"))
    return out


def generate(*args: str) -> int:
    return main(["generate", "--manifest", str(MANIFEST), *args])


@pytest.fixture(scope="module")
def package() -> Path:
    """A fresh package: the hand-written core plus everything generated from the manifest."""
    return sample_package()


def run_python(package: Path, code: str) -> str:
    env = {**os.environ, "PYTHONPATH": str(package.parent)}
    result = subprocess.run(
        [PYTHON, "-c", textwrap.dedent(code)],
        env=env,
        cwd=package.parent,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_generated_files_match_the_committed_package_byte_for_byte(package: Path) -> None:
    generated = generated_files(package)
    pages = [
        "_codes.py",
        "_index.py",
        "huaweicloud/__init__.py",
        "huaweicloud/cts.py",
        "huaweicloud/lts.py",
        "tencentcloud/__init__.py",
        "tencentcloud/common.py",
    ]

    def tables(manifest: Path) -> set[str]:
        """Every service read from the Tencent Cloud SDK: a table module and its stub."""
        sdk = {spec.module for spec in load_manifest(manifest) if spec.api == SDK_API}
        return {f"tencentcloud/{name}{suffix}" for name in sdk for suffix in (".py", ".pyi")}

    assert set(generated) == set(pages) | tables(MANIFEST)
    every = tables(REPO_MANIFEST)
    assert len(every) > 500 and tables(MANIFEST) < every
    assert set(generated_files(PACKAGE)) == set(pages) | every
    # Files listing the services differ (the committed package has them all); no other does.
    listing = {"_codes.py", "_index.py", "tencentcloud/__init__.py"}
    for relative in sorted(set(generated) - listing):
        assert (package / relative).read_bytes() == (PACKAGE / relative).read_bytes(), relative


def test_output_does_not_depend_on_hash_seed(tmp_path: Path) -> None:
    """Two runs from nothing under two hash seeds write the same bytes. COMPARED_MANIFEST has
    every kind of generated file (pages and SDK services, prefix classes, a service made of
    both) and codes shared by several services, so every set and dict the generator orders
    is on the way (iterating index_codes' sets unsorted fails this test)."""
    outputs = []
    for seed in ("1", "2"):
        out = tmp_path / seed / "clouderrors"
        env = {**os.environ, "PYTHONHASHSEED": seed}
        command = [PYTHON, "-m", "codegen", "generate", "--manifest", str(COMPARED_MANIFEST)]
        subprocess.run(
            [*command, "--out", str(out)],
            cwd=ROOT,
            env=env,
            check=True,
            text=True,
            capture_output=True,
        )
        outputs.append(tree_digest(out))
    assert outputs[0] == outputs[1]
    kinds = {"cam.py", "cam.pyi", "cls.py", "cls.pyi", "common.py", "lts.py", "_index.py"}
    assert kinds <= {relative.rsplit("/", 1)[-1] for relative in outputs[0]}


def cls_manifest(folder: Path, *pages: str) -> Path:
    entries = "".join(
        f'[[document]]\npath = "{(SOURCES / page).as_posix()}"\nvendor = "tencentcloud"\n'
        f'service = "tencentcloud.cls"\nformat = "auto"\n\n'
        for page in pages
    )
    manifest = folder / "sources.toml"
    manifest.write_text(entries, encoding="utf-8")
    return manifest


OLD_CLS = "tencentcloud-cls-error-codes-2019-05-15.txt"
NEW_CLS = "tencentcloud-cls-error-codes.md"


def test_a_newer_page_adds_codes_and_deprecates_the_dropped_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "pkg" / "clouderrors"
    hand_written_core(out)
    assert (
        main(["generate", "--manifest", str(cls_manifest(tmp_path, OLD_CLS)), "--out", str(out)])
        == 0
    )
    first = capsys.readouterr().out
    assert "tencentcloud.cls: 37 classes (37 documented codes, 0 deprecated, 0 prefixes)" in first

    manifest = cls_manifest(tmp_path, OLD_CLS, NEW_CLS)
    assert main(["generate", "--manifest", str(manifest), "--out", str(out)]) == 0
    second = capsys.readouterr().out
    assert "tencentcloud.cls: 51 classes (50 documented codes, 1 deprecated, 1 prefixes)" in second
    added = next(line for line in second.splitlines() if line.startswith("  added 13: "))
    assert "SpeedQuotaExceed" in added and "AuthFailure.MFAFailure" in added
    assert "  added prefix classes: AuthFailure" in second
    assert "  deprecated 1: Unauthorized" in second

    source = (out / "tencentcloud" / "cls.py").read_text(encoding="utf-8")
    assert "class Unauthorized(CLSError, AuthenticationError):" in source
    printed = run_python(
        out,
        """
        from clouderrors.tencentcloud import cls
        print(cls.Unauthorized.deprecated, cls.TopicNotExist.deprecated)
        print(cls.Unauthorized.__doc__)
        """,
    )
    assert printed.startswith("True False\n")
    assert f"Deprecated: no longer listed since {SOURCES.relative_to(ROOT).as_posix()}" in printed


REPRESENTATIVES = """
import json
import clouderrors.huaweicloud as huawei
import clouderrors.tencentcloud as tencent
from clouderrors import _errors as e
from clouderrors import _codes, _index, _lazy

lts, cts = huawei.lts, huawei.cts
cls, common = tencent.cls, tencent.common
def facts(c):
    return {
        "name": c.__name__, "code": c.code, "status": c.http_status, "service": c.service,
        "vendor": c.vendor, "retryable": c.retryable, "deprecated": c.deprecated,
        "categories": sorted(k.__name__ for k in e.CATEGORIES if issubclass(c, k)),
        "has_docs": isinstance(c.documented_message, str) and isinstance(c.solution, str)
        and isinstance(c.description, str) and bool(c.__doc__),
    }
print(json.dumps({
    "lts0101": facts(lts.LogGroupAlreadyExists),
    "lts0101_alias": lts.LTS0101 is lts.LogGroupAlreadyExists,
    "lts0201": facts(lts.LTS0201),
    "cts0004": facts(cts.CTS0004),
    "cts0005": facts(cts.CTS0005),
    "topic": facts(cls.TopicNotExist),
    "secret": facts(cls.AuthFailure.SecretIdNotFound),
    "secret_is": cls.AuthFailure.SecretIdNotFound is cls.AuthFailureSecretIdNotFound,
    "secret_bases": [issubclass(cls.AuthFailureSecretIdNotFound, k)
                     for k in (cls.AuthFailure, cls.CLSError, e.TencentCloudError,
                               e.CloudAPIError)],
    "prefix": facts(cls.AuthFailure),
    "speed": facts(cls.SpeedQuotaExceed),
    "syntax": cls.SearchSyntaxError.code,
    "no_builtin_shadow": "SyntaxError" not in vars(cls),
    "c4000": facts(common.Code4000),
    "c4400": facts(common.Code4400),
    "c5000": facts(common.Code5000),
    "c6000": facts(common.Code6000),
    "base": [common.API2Error.service, lts.LTSError.service, cls.CLSError.vendor],
    "registered": sorted({s for s, _ in e._REGISTRY}),
    "service_errors": sorted(e._SERVICE_ERRORS),
    "table_registry_before": sorted(c for s, c in e._REGISTRY if s == "tencentcloud.cvm"),
    "registry_size": (
        [getattr(tencent, name) for name in tencent.SERVICES],
        [_lazy.TABLES[s].make(c) for s in sorted(_lazy.TABLES) for c in _lazy.TABLES[s].codes],
        len(e._REGISTRY),
    )[-1],
    "index_pairs": sum(len(ids) for ids in _codes.CODES.values()),
    "prefixes": _index.CODE_PREFIXES,
    "lazy": sorted(huawei.SERVICES),
}))
"""


def test_generated_classes_import_with_documented_facts(package: Path) -> None:
    facts = json.loads(run_python(package, REPRESENTATIVES))
    lts0101 = facts["lts0101"]
    assert (lts0101["code"], lts0101["status"], lts0101["service"], lts0101["vendor"]) == (
        "LTS.0101",
        400,
        "huaweicloud.lts",
        "huaweicloud",
    )
    assert lts0101["categories"] == ["AlreadyExistsError", "ConflictError"]
    assert lts0101["has_docs"] and facts["lts0101_alias"]
    assert facts["lts0201"]["categories"] == ["NotFoundError"]
    for key in ("cts0004", "cts0005"):
        assert facts[key]["categories"] == ["ServerError"] and facts[key]["retryable"] is True
    assert facts["topic"]["categories"] == ["NotFoundError"]
    assert facts["secret"]["categories"] == ["AuthenticationError"]
    assert facts["secret"]["code"] == "AuthFailure.SecretIdNotFound" and facts["secret_is"]
    assert all(facts["secret_bases"])
    assert facts["prefix"]["code"] == "AuthFailure"
    assert facts["prefix"]["categories"] == ["AuthenticationError"]
    assert facts["speed"]["categories"] == ["ThrottledError"] and facts["speed"]["retryable"]
    assert facts["syntax"] == "SyntaxError" and facts["no_builtin_shadow"]
    assert facts["c4000"]["categories"] == ["InvalidRequestError"]
    assert facts["c4000"]["status"] is None
    assert facts["c4400"]["categories"] == ["ThrottledError"] and facts["c4400"]["retryable"]
    assert facts["c5000"]["categories"] == ["NotFoundError"]
    assert facts["c6000"]["categories"] == ["ServerError"] and facts["c6000"]["retryable"]
    assert facts["base"] == ["tencentcloud.common", "huaweicloud.lts", "tencentcloud"]
    services = ["huaweicloud.cts", "huaweicloud.lts", "tencentcloud.cls", "tencentcloud.common"]
    assert facts["registered"] == facts["service_errors"] == services
    # Classes of table modules are made on first use: importing makes none. Made, every
    # (service, code) of the index has its registered class.
    assert facts["table_registry_before"] == []
    assert facts["registry_size"] == facts["index_pairs"] > 124
    assert facts["prefixes"] == {"CTS": "huaweicloud.cts", "LTS": "huaweicloud.lts"}
    assert facts["lazy"] == ["cts", "lts"]


def test_every_documented_row_has_a_class_with_its_status(package: Path) -> None:
    from codegen.generate import load

    documents, _ = load(MANIFEST)
    pages = [d for d in documents if d.spec.api != SDK_API]
    assert sum(len(d.rows) for d in pages) == 159
    newest: dict[tuple[str, str], int | None] = {}
    for document in pages:  # oldest first, so the newest page's status wins
        for row in document.rows:
            newest[(document.spec.service, row.code)] = row.http_status
    assert len(newest) == 123
    statuses = json.loads(
        run_python(
            package,
            f"""
            import json
            from clouderrors import lookup
            keys = {sorted(newest)!r}
            print(json.dumps([[s, c, lookup(c, service=s).http_status] for s, c in keys]))
            """,
        )
    )
    found = {(service, code): status for service, code, status in statuses}
    for key, status in newest.items():
        assert found[key] == status, key


def test_generated_modules_pass_mypy_ruff_and_black(package: Path, tmp_path: Path) -> None:
    files = [str(package / relative) for relative in generated_files(package)]
    # A table module and its stub are one module to mypy: checked in two runs. The second
    # reads the first's cache of the hand-written core (a fresh cache: mypy checks again any
    # module whose source is not the one it cached, so each table module is checked).
    tables = [name for name in files if name + "i" in files]
    others = [name for name in files if name not in tables]
    config = str(ROOT / "pyproject.toml")
    tools = ROOT / ".venv" / "bin"
    cache = str(tmp_path / "mypy-cache")
    mypy = [str(tools / "mypy"), "--strict", "--config-file", config, "--cache-dir", cache]
    runs = [
        [str(tools / "black"), "--check", "--quiet", "--config", config, *files],
        [str(tools / "ruff"), "check", "--config", config, *files],
        [*mypy, *others],
        [*mypy, *tables],
    ]
    env = {**os.environ, "MYPYPATH": str(package.parent)}
    for command in runs:
        result = subprocess.run(
            command, cwd=package.parent, env=env, capture_output=True, text=True, check=False
        )
        assert result.returncode == 0, f"{command[0]}: {result.stdout}{result.stderr}"


def test_check_reports_drift_and_generate_removes_only_stale_generated_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A copy of the sample package (a run from nothing is sample_package's) is up to date;
    --check then reports an edited module, a stale module and a stale vendor package without
    writing, and generate rewrites the first, removes the others and keeps a hand-written file."""
    out = copy_of_sample_package(tmp_path)
    assert generate("--out", str(out)) == 0
    assert generate("--out", str(out), "--check") == 0
    files = len(generated_files(out))
    assert f"all {files} generated files up to date" in capsys.readouterr().out

    lts = out / "huaweicloud" / "lts.py"
    lts.write_text(lts.read_text(encoding="utf-8") + "# edited\n", encoding="utf-8")
    stale = out / "huaweicloud" / "old_service.py"
    stale.write_text(lts.read_text(encoding="utf-8"), encoding="utf-8")
    gone_vendor = out / "gonecloud"
    gone_vendor.mkdir()
    (gone_vendor / "__init__.py").write_text(lts.read_text(encoding="utf-8"), encoding="utf-8")
    mine = out / "huaweicloud" / "handwritten.py"
    mine.write_text("# mine\n", encoding="utf-8")
    before = tree_digest(out)

    capsys.readouterr()
    assert generate("--out", str(out), "--check") == 1
    printed = capsys.readouterr().out
    assert "would change: " in printed and "lts.py" in printed and "old_service.py" in printed
    assert tree_digest(out) == before  # --check writes nothing

    assert generate("--out", str(out)) == 0
    assert not stale.exists() and not gone_vendor.exists()
    assert mine.read_text(encoding="utf-8") == "# mine\n"
    assert generate("--out", str(out), "--check") == 0


@pytest.mark.parametrize(
    ("change", "line", "problem"),
    [
        (("huaweicloud-cts-error-codes.rst", "missing.rst"), 12, "document not found"),
        (
            (
                'format = "auto"\n\n[[document]]\npath = "SOURCES/tencentcloud-cls',
                'format = "pdf"\n\n[[document]]\npath = "SOURCES/tencentcloud-cls',
            ),
            15,
            "unknown format 'pdf'",
        ),
    ],
)
def test_bad_manifest_exits_2_with_its_line_and_leaves_the_tree_alone(
    tmp_path: Path,
    package: Path,
    capsys: pytest.CaptureFixture[str],
    change: tuple[str, str],
    line: int,
    problem: str,
) -> None:
    # The real manifest, its document paths made absolute: same lines, outside the checkout.
    text = MANIFEST.read_text(encoding="utf-8").replace('"sources/', '"SOURCES/')
    assert change[0] in text
    text = text.replace(change[0], change[1], 1).replace("SOURCES", SOURCES.as_posix())
    manifest = tmp_path / "sources.toml"
    manifest.write_text(text, encoding="utf-8")
    before = tree_digest(package)
    capsys.readouterr()
    assert main(["generate", "--manifest", str(manifest), "--out", str(package)]) == 2
    error = capsys.readouterr().err.strip()
    assert error.startswith(f"{os.path.relpath(manifest)}:{line}: ")
    assert problem in error
    assert tree_digest(package) == before


def test_a_bad_document_exits_2_before_anything_is_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = copy_of_sample_package(tmp_path)
    before = tree_digest(out)
    page = tmp_path / "page.md"
    page.write_text("| Code | Status |\n|---|---|\n| A | 400 |\n| A | 404 |\n", encoding="utf-8")
    manifest = cls_manifest(tmp_path, OLD_CLS)
    manifest.write_text(
        manifest.read_text(encoding="utf-8")
        + f'[[document]]\npath = "{page.as_posix()}"\nvendor = "tencentcloud"\n'
        'service = "tencentcloud.cls"\nformat = "md-pipe"\nduplicates = "error"\n',
        encoding="utf-8",
    )
    capsys.readouterr()
    assert main(["generate", "--manifest", str(manifest), "--out", str(out)]) == 2
    error = capsys.readouterr().err
    assert ":4: code A listed again with status 404 (line 3 says 400)" in error
    assert tree_digest(out) == before


def test_the_strict_duplicates_policy_refuses_a_real_page(tmp_path: Path) -> None:
    # The VPC page lists a code once per API with different statuses: an error when the
    # manifest asks for strictness (the default keeps them all: see test_generate_real_pages).
    vpc = corpus_path("docs", "virtual-private-cloud.rst")
    manifest = tmp_path / "sources.toml"
    manifest.write_text(
        f'[[document]]\npath = "{vpc.as_posix()}"\nvendor = "huaweicloud"\n'
        'service = "huaweicloud.vpc"\nduplicates = "error"\n',
        encoding="utf-8",
    )
    out = tmp_path / "clouderrors"
    assert main(["generate", "--manifest", str(manifest), "--out", str(out)]) == 2
    assert not out.exists()


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_run_stopped_by_a_bad_document_leaves_no_folder_behind(tmp_path: Path, jobs: str) -> None:
    """Each service's files are staged as soon as they are rendered (write as you go); when
    another service's document is bad, the run removes those temp files and the folders it
    made for them: the new package and pages folders are not there."""
    good = tmp_path / "good.md"
    good.write_text(
        "| Error Code | Error Message |\n| --- | --- |\n"
        + "".join(f"| GOOD.{n:04d} | The volume {n} does not exist. |\n" for n in range(300)),
        encoding="utf-8",
    )
    bad = tmp_path / "bad.md"
    bad.write_text(
        "| Status Code | Error Code | Error Message |\n| --- | --- | --- |\n"
        "| 400 | A | m |\n| 404 | A | m |\n",
        encoding="utf-8",
    )
    manifest = tmp_path / "sources.toml"
    manifest.write_text(
        f'[[document]]\npath = "{good.as_posix()}"\nvendor = "huaweicloud"\n'
        'service = "huaweicloud.good"\n\n'
        f'[[document]]\npath = "{bad.as_posix()}"\nvendor = "tencentcloud"\n'
        'service = "tencentcloud.bad"\nduplicates = "error"\n',
        encoding="utf-8",
    )
    out, pages = tmp_path / "new" / "clouderrors", tmp_path / "reference"
    arguments = ["--manifest", str(manifest), "--out", str(out), "--pages", str(pages)]
    assert main(["generate", *arguments, "--jobs", jobs]) == 2
    assert not (tmp_path / "new").exists() and not pages.exists()
