"""Names the generated modules will hold (issue 10 item 14): curated names and bases checked as
Python reads them, service ids that would shadow what the vendor package uses, and damaged
previously generated modules read as unreadable, never a crash."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from codegen.cli import main
from codegen.write import generated_files
from tests.conftest import SOURCES
from tests.test_generate import MANIFEST, PACKAGE, sample_package

LTS_PAGE = (SOURCES / "huaweicloud-lts-error-codes.md").as_posix()
ONE_SERVICE = f'[[document]]\npath = "{LTS_PAGE}"\nvendor = "huaweicloud"\nservice = "{{}}"\n'


def generate(tmp_path: Path, *extra: str) -> int:
    out = tmp_path / "clouderrors"
    return main(["generate", "--manifest", str(MANIFEST), "--out", str(out), *extra])


@pytest.mark.parametrize(
    ("curated", "problem"),
    [
        ("ＬＴＳGroupExists", "is read by Python as 'LTSGroupExists' (NFKC)"),
        ("ﬁleMissing", "is read by Python as 'fileMissing' (NFKC)"),
        ("class", "is a Python keyword"),
        ("match", "is a Python keyword"),
        ("print", "shadows a Python builtin"),
        ("NotFoundError", "is a class every generated module imports"),
        ("HuaweiCloudError", "is a class every generated module imports"),
        ("ClassVar", "is a class every generated module imports"),
        ("1st", "is not an identifier"),
    ],
)
@pytest.mark.parametrize("where", ["name", "base"])
def test_curated_names_and_bases_are_checked_as_python_reads_them(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    curated: str,
    problem: str,
    where: str,
) -> None:
    overrides = tmp_path / "overrides.toml"
    if where == "name":  # the error names the line of the code's table
        text = f'# curated\n[services."huaweicloud.lts".codes."LTS.0101"]\nname = "{curated}"\n'
    else:  # ... or of the service's
        text = f'# curated\n[services."huaweicloud.lts"]\nbase = "{curated}"\n'
    overrides.write_text(text, encoding="utf-8")
    capsys.readouterr()
    assert generate(tmp_path, "--overrides", str(overrides)) == 2
    error = capsys.readouterr().err.strip()
    assert "\n" not in error and "overrides.toml:2: " in error and problem in error
    assert not (tmp_path / "clouderrors").exists()


def test_a_curated_base_that_is_a_category_no_longer_breaks_the_module(tmp_path: Path) -> None:
    """The fault itself: `base = "NotFoundError"` made classes inherit NotFoundError twice."""
    overrides = tmp_path / "overrides.toml"
    overrides.write_text('[services."huaweicloud.lts"]\nbase = "NotFoundError"\n', "utf-8")
    assert generate(tmp_path, "--overrides", str(overrides)) == 2


@pytest.mark.parametrize("module", ["importlib", "types"])
def test_a_service_id_shadowing_what_the_vendor_package_uses_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], module: str
) -> None:
    manifest = tmp_path / "sources.toml"
    manifest.write_text(ONE_SERVICE.format(f"huaweicloud.{module}"), encoding="utf-8")
    capsys.readouterr()
    out = tmp_path / "clouderrors"
    assert main(["generate", "--manifest", str(manifest), "--out", str(out)]) == 2
    error = capsys.readouterr().err.strip()
    assert error.endswith(
        f"sources.toml:4: bad service id 'huaweicloud.{module}': the module would shadow "
        f"'{module}', which the generated package clouderrors.huaweicloud uses"
    )
    assert not out.exists()


LTS = PACKAGE.joinpath("huaweicloud", "lts.py").read_bytes()
MARKER = LTS.split(b"\n", 1)[0] + b"\n"
DAMAGED = {
    "unhashable set": b"class A:\n    code = 'LTS.0101'\n    http_status = {[1]}\n",
    "unhashable key": b"class A:\n    code = 'LTS.0101'\n    http_status = {[]: 1}\n",
    "deep unary": b"class A:\n    code = 'LTS.0101'\n    http_status = " + b"-" * 200_000 + b"1\n",
    "long sum": b"x = " + b"+".join([b"1"] * 200_000) + b"\n",
    "deep parens": b"x = " + b"(" * 5_000 + b")" * 5_000 + b"\n",
    "NUL bytes": b"class A:\x00\n",
    "not UTF-8": b"\xff\xfe\xfd\n",
    "cut short": LTS[: LTS.index(b'code = "LTS.0') + 10],  # inside a string
}


@pytest.mark.parametrize("damage", sorted(DAMAGED))
def test_a_damaged_previous_module_is_unreadable_and_replaced(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], damage: str
) -> None:
    out = tmp_path / "clouderrors"
    shutil.copytree(sample_package(), out, ignore=shutil.ignore_patterns("__pycache__"))
    lts = out / "huaweicloud" / "lts.py"
    body = DAMAGED[damage]
    lts.write_bytes(body if body.startswith(MARKER) else MARKER + body)
    capsys.readouterr()
    assert main(["generate", "--manifest", str(MANIFEST), "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    # A literal no value can be made of is one unreadable value; the rest, the whole file.
    whole_file = not damage.startswith("unhashable")
    assert ("huaweicloud/lts.py unreadable" in printed) == whole_file
    if whole_file:
        assert lts.read_bytes() == (PACKAGE / "huaweicloud" / "lts.py").read_bytes()
    else:  # its readable class's name stays, as an alias of the curated name (names never move)
        assert b"\nA = LogGroupAlreadyExists\n" in lts.read_bytes()
    assert generated_files(out) == generated_files(sample_package())
    assert main(["generate", "--manifest", str(MANIFEST), "--out", str(out), "--check"]) == 0
