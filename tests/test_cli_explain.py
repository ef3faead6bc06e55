"""`clouderrors explain CODE` and `clouderrors list` (also `python -m clouderrors`): what the
package knows of a code, unknown and ambiguous codes in one line with exit status 2, JSON that
matches the classes, and a quiet end when the reader goes away."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import clouderrors
from clouderrors._cli import main
from clouderrors._errors import CATEGORIES
from codegen.cli import main as codegen_main
from tests.conftest import ROOT, SOURCES
from tests.test_generate import hand_written_core


def run(*args: str, cwd: Path = ROOT, env: dict[str, str] | None = None):
    return subprocess.run(
        [sys.executable, "-m", "clouderrors", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )


def test_explain_shows_every_fact_of_the_class(capsys):
    assert main(["explain", "LTS.0101"]) == 0
    out = capsys.readouterr().out
    cls = clouderrors.lookup("LTS.0101")
    for line in (
        "class:              clouderrors.huaweicloud.lts.LogGroupAlreadyExists",
        "code:               LTS.0101",
        "documented status:  400",
        "service:            huaweicloud.lts",
        "vendor:             huaweicloud (Huawei Cloud)",
        "categories:         ConflictError, AlreadyExistsError",
        "retryable:          no",
        "deprecated:         no",
        f"documented message: {cls.documented_message}",
        f"description:        {cls.description}",
        f"solution:           {cls.solution}",
    ):
        assert line + "\n" in out


@pytest.mark.parametrize(
    "code, service", [("LTS.0101", None), ("4000", None), ("InternalError", "tencentcloud.cls")]
)
def test_explain_json_is_the_class(capsys, code, service):
    args = ["explain", code, "--json"] + (["--service", service] if service else [])
    assert main(args) == 0
    facts = json.loads(capsys.readouterr().out)
    assert facts == facts_of(clouderrors.lookup(code, service=service))


def test_a_deprecated_code_says_so(capsys):
    assert main(["explain", "Unauthorized", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["deprecated"] is True


def test_an_unknown_code_is_one_line_with_the_closest_codes():
    done = run("explain", "LTS.0110")
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.count("\n") == 1
    assert done.stderr.startswith("clouderrors: no documented error code 'LTS.0110'; closest: ")
    closest = done.stderr.rstrip("\n").split("closest: ")[1].split(", ")
    assert len(closest) == 5 and "LTS.0101" in closest
    assert all(code.startswith("LTS.01") for code in closest)


def test_a_pasted_megabyte_is_quoted_in_part(capsys):
    for args in (["explain", "LTS." + "9" * 100_000], ["list", "--service", "x" * 100_000]):
        assert main(args) == 2
        error = capsys.readouterr().err
        assert error.count("\n") == 1 and len(error) < 300, error[:300]
        assert "characters)" in error


def test_case_and_service_in_the_closest_codes():
    done = run("explain", "authfailure.secretidnotfound")
    assert done.returncode == 2
    assert "closest: AuthFailure.SecretIdNotFound" in done.stderr
    done = run("explain", "LTS.0101", "--service", "tencentcloud.cls")
    assert done.returncode == 2 and "in tencentcloud.cls" in done.stderr
    assert "LTS." not in done.stderr.partition("closest: ")[2]


def test_an_unknown_service_is_a_short_line_with_the_closest_ids():
    for args in (["explain", "LTS.0101", "--service", "lts"], ["list", "--service", "lts"]):
        done = run(*args)
        assert done.returncode == 2 and done.stderr.count("\n") == 1
        assert done.stderr.startswith(
            "clouderrors: unknown service 'lts' (closest: huaweicloud.lts"
        )
        # The hundreds of known ids are counted, not listed.
        assert len(done.stderr) < 200, done.stderr
    done = run("list", "--service", "nosuch")
    assert done.returncode == 2 and "unknown service 'nosuch'" in done.stderr
    assert f"{len(clouderrors.services())} known" in done.stderr
    done = run("list", "--vendor", "aws")
    assert done.returncode == 2 and "unknown vendor 'aws'" in done.stderr


@pytest.fixture(scope="module")
def twice_documented(tmp_path_factory) -> Path:
    """A package where two services document the same codes (one page under two ids)."""
    root = tmp_path_factory.mktemp("ambiguous")
    page = (SOURCES / "tencentcloud-cls-error-codes.md").read_bytes()
    manifest = root / "sources.toml"
    entries = []
    for service in ("tencentcloud.cls", "tencentcloud.clb"):
        (root / f"{service}.md").write_bytes(page)
        entries.append(
            f'[[document]]\npath = "{service}.md"\nvendor = "tencentcloud"\n'
            f'service = "{service}"\n\n'
        )
    manifest.write_text("".join(entries), encoding="utf-8")
    out = root / "clouderrors"
    hand_written_core(out)
    assert codegen_main(["generate", "--manifest", str(manifest), "--out", str(out)]) == 0
    return root


def test_an_ambiguous_code_lists_its_services(twice_documented):
    env = {**os.environ, "PYTHONPATH": str(twice_documented)}
    done = run("explain", "InternalError", cwd=twice_documented, env=env)
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr == (
        "clouderrors: error code 'InternalError' is documented by several services:"
        " tencentcloud.clb, tencentcloud.cls; choose one with --service\n"
    )
    done = run(
        "explain", "InternalError", "--service", "tencentcloud.clb", cwd=twice_documented, env=env
    )
    assert done.returncode == 0
    assert "class:              clouderrors.tencentcloud.clb.InternalError" in done.stdout


def test_list_is_one_line_per_code(capsys):
    assert main(["list", "--service", "huaweicloud.lts"]) == 0
    lines = capsys.readouterr().out.splitlines()
    classes = clouderrors.error_classes(service="huaweicloud.lts")
    assert len(lines) == len(classes)
    for line, cls in zip(lines, classes, strict=True):
        code, status, path, *message = line.split()
        assert (code, int(status), path) == (
            cls.code,
            cls.http_status,
            f"clouderrors.huaweicloud.lts.{cls.__name__}",
        )
        assert " ".join(message) == " ".join(cls.documented_message.split())


def facts_of(cls: type[clouderrors.CloudAPIError]) -> dict[str, object]:
    """What `explain --json` and `list --json` say of a class, read from the class itself."""
    return {
        "class": f"{cls.__module__}.{cls.__qualname__}",
        "code": cls.code,
        "http_status": cls.http_status,
        "service": cls.service,
        "vendor": cls.vendor,
        "categories": [category.__name__ for category in CATEGORIES if issubclass(cls, category)],
        "retryable": cls.retryable,
        "deprecated": cls.deprecated,
        "documented_message": cls.documented_message,
        "description": cls.description,
        "solution": cls.solution,
    }


def test_list_is_every_class_as_json_and_as_text(capsys):
    """`list` reads the tables without making classes: what it says of every code is what the
    class, once made, says of itself (categories through its dotted parents, aliases, deprecated
    and retryable codes of every service), in error_classes()'s order."""
    assert main(["list", "--vendor", "tencentcloud", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert listed == [facts_of(cls) for cls in clouderrors.error_classes(vendor="tencentcloud")]
    assert main(["list", "--vendor", "huaweicloud", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert listed == [facts_of(cls) for cls in clouderrors.error_classes(vendor="huaweicloud")]
    assert main(["list"]) == 0
    lines = capsys.readouterr().out.splitlines()
    classes = clouderrors.error_classes()
    code_width = max(len(cls.code or "") for cls in classes)
    class_width = max(len(f"{cls.__module__}.{cls.__qualname__}") for cls in classes)
    assert lines == [
        (
            f"{cls.code or '':<{code_width}}  {cls.http_status or '-':>3}  "
            f"{cls.__module__ + '.' + cls.__qualname__:<{class_width}}  "
            + " ".join(cls.documented_message.split())
        ).rstrip()
        for cls in classes
    ]


@pytest.fixture(scope="module")
def command_run() -> dict[str, list[str]]:
    """explain and list (text and JSON) run in a fresh process: the modules of the generator it
    loaded, and the classes of table services it made."""
    code = (
        "import json, sys, contextlib, io\n"
        "from clouderrors._cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    main(['explain', 'LTS.0101']); main(['list']); main(['list', '--json'])\n"
        "    main(['list', '--service', 'tencentcloud.cvm', '--json'])\n"
        "from clouderrors._errors import _REGISTRY\n"
        "from clouderrors._lazy import TABLES\n"
        "generator = ('codegen', 'jinja2', 'black', 'docutils', 'markdown_it')\n"
        "print(json.dumps({\n"
        "    'loaded': sorted(m for m in sys.modules if m.split('.')[0] in generator),\n"
        "    'made': sorted(code for service, code in _REGISTRY if service in TABLES),\n"
        "    'tables': sorted(TABLES),\n"
        "}))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    ran: dict[str, list[str]] = json.loads(done.stdout)
    return ran


def test_the_command_imports_nothing_of_the_generator(command_run):
    assert command_run["loaded"] == []


def test_list_makes_no_class_of_a_table_service(command_run):
    assert "tencentcloud.cvm" in command_run["tables"]
    assert command_run["made"] == []


def test_a_closed_stdout_is_a_quiet_exit():
    read_end, write_end = os.pipe()
    os.close(read_end)  # what `clouderrors list | head` leaves once head has its lines
    try:
        done = subprocess.run(
            [sys.executable, "-m", "clouderrors", "list"],
            cwd=ROOT,
            stdout=write_end,
            stderr=subprocess.PIPE,
            check=False,
        )
    finally:
        os.close(write_end)
    assert done.stderr.decode() == "" and done.returncode == 1


def test_text_a_terminal_cannot_show_is_escaped():
    env = {**os.environ, "PYTHONIOENCODING": "ascii"}
    done = run("list", env=env)
    assert done.returncode == 0, done.stderr


def test_version():
    done = run("--version")
    assert done.stdout == f"clouderrors {clouderrors.__version__}\n"


@pytest.mark.parametrize(
    "args",
    [(), ("bogus",), ("list", "--bogus"), ("explain",), ("explain", "LTS.0101", "extra")],
    ids=["no-command", "unknown-command", "unknown-option", "no-code", "extra-argument"],
)
def test_a_bad_command_line_is_one_line(capsys, args):
    with pytest.raises(SystemExit) as stopped:
        main(list(args))
    assert stopped.value.code == 2
    error = capsys.readouterr().err
    assert error.count("\n") == 1 and error.startswith("clouderrors"), error
    assert error.endswith("--help)\n"), error
