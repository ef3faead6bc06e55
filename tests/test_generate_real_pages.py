"""Generation on real pages at scale: every problem of a run at once, the vendors' quirks read
without hand edits, all the corpus pages plus the seeds in one run, output a person reads."""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from codegen import progress
from codegen.cli import main
from codegen.readers import read_text
from codegen.readers.columns import named_columns
from codegen.write import generated_files
from tests.conftest import ROOT, SOURCES, corpus_path
from tests.test_generate import (
    MANIFEST,
    hand_written_core,
    run_python,
    sample_package,
    tree_digest,
)

ENTRY = '[[document]]\npath = "{}"\nvendor = "{}"\nservice = "{}"\n'


def entry(path: Path, service: str, extra: str = "") -> str:
    return ENTRY.format(path.as_posix(), service.split(".")[0], service) + extra + "\n"


def seed_entries() -> str:
    return MANIFEST.read_text(encoding="utf-8").replace('"sources/', f'"{SOURCES.as_posix()}/')


# --- one run reports every problem ------------------------------------------------------------


def test_one_run_reports_every_problem_of_every_document(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "clouderrors"
    shutil.copytree(sample_package(), out, ignore=shutil.ignore_patterns("__pycache__"))
    before = tree_digest(out)
    table = "| Status Code | Error Code | Error Message |\n|---|---|---|\n"
    bad_status = tmp_path / "bad-status.md"
    bad_status.write_text(table + "| 400 | A | a |\n| four | B | b |\n", encoding="utf-8")
    short_row = tmp_path / "short-row.md"
    short_row.write_text(table + "| 400 | A | a |\n| 400 | B |\n", encoding="utf-8")
    not_utf8 = tmp_path / "not-utf8.md"
    not_utf8.write_bytes(b"| Error Code | Error Message |\n|---|---|\n| A | \xff |\n")
    strict = tmp_path / "strict.md"
    strict.write_text(
        table + "| 400 | A | a |\n| 404 | A | a |\n| 400 | C | c |\n| 409 | C | c |\n",
        encoding="utf-8",
    )
    manifest = tmp_path / "sources.toml"
    manifest.write_text(
        seed_entries()
        + entry(bad_status, "tencentcloud.one")
        + entry(short_row, "tencentcloud.two")
        + entry(not_utf8, "tencentcloud.three")
        + entry(strict, "tencentcloud.four", 'duplicates = "error"'),
        encoding="utf-8",
    )
    capsys.readouterr()
    assert main(["generate", "--manifest", str(manifest), "--out", str(out)]) == 2
    captured = capsys.readouterr()
    lines = captured.err.splitlines()
    assert [re.sub(r":\d+:.*", "", line).rsplit("/", 1)[-1] for line in lines] == [
        "bad-status.md",
        "short-row.md",
        "not-utf8.md",
        "strict.md",
        "strict.md",
    ]
    assert re.search(r"bad-status\.md:4: status 'four'", lines[0])
    assert re.search(r"short-row\.md:4: row has 2 cells", lines[1])
    assert re.search(r"not-utf8\.md:3: not UTF-8", lines[2])
    assert re.search(r"strict\.md:4: code A listed again with status 404", lines[3])
    assert re.search(r"strict\.md:6: code C listed again with status 409", lines[4])
    assert "Traceback" not in captured.err
    assert tree_digest(out) == before


# --- vendor quirks ----------------------------------------------------------------------------

RETURNED_VALUE_PAGES = {
    "md-pipe": (
        "| Returned Value | Meaning | Solution |\n|---|---|---|\n"
        "| -113 | Socket closed | Reconnect | - |\n| -114 | Timed out | Retry |\n"
        "| 0 | OK | None |\n"
    ),
    "html-table": (
        "<table><tr><th>Returned Value</th><th>Meaning</th><th>Solution</th></tr>"
        "<tr><td>-113</td><td>Socket closed</td><td>Reconnect</td></tr>\n"
        "<tr><td>-114</td><td>Timed out</td><td>Retry</td></tr>\n"
        "<tr><td>0</td><td>OK</td><td>None</td></tr></table>\n"
    ),
    "rst-grid": (
        "+----------------+---------------+-----------+\n"
        "| Returned Value | Meaning       | Solution  |\n"
        "+================+===============+===========+\n"
        "| -113           | Socket closed | Reconnect |\n"
        "+----------------+---------------+-----------+\n"
        "| -114           | Timed out     | Retry     |\n"
        "+----------------+---------------+-----------+\n"
        "| 0              | OK            | None      |\n"
        "+----------------+---------------+-----------+\n"
    ),
}


@pytest.mark.parametrize("format_name", sorted(RETURNED_VALUE_PAGES))
def test_the_code_column_is_found_by_its_content(format_name: str) -> None:
    text = "Intro.\n\n" + RETURNED_VALUE_PAGES[format_name]
    rows = read_text(text, "page", "auto")
    assert [(row.code, row.description, row.solution) for row in rows] == [
        ("-113", "Socket closed", "Reconnect"),
        ("-114", "Timed out", "Retry"),
        ("0", "OK", "None"),
    ]


code_cells = st.from_regex(
    r"-?[0-9]{1,6}|[A-Z]{2,6}\.[0-9]{3,7}|(?:[A-Z][a-z]{2,8}){2,3}", fullmatch=True
)
message_cells = st.text(st.characters(codec="ascii", categories=("L", "Zs")), max_size=30).map(
    lambda text: " ".join(text.split())
)


@settings(max_examples=40)
@given(
    st.lists(
        st.tuples(code_cells, message_cells), min_size=2, max_size=12, unique_by=lambda r: r[0]
    ),
    st.sampled_from(["md-pipe", "html-table"]),
)
def test_any_code_column_without_a_header_word_is_found_by_content(
    rows: list[tuple[str, str]], format_name: str
) -> None:
    if format_name == "md-pipe":
        body = "".join(f"| {code} | {message} |\n" for code, message in rows)
        text = "| Returned Value | Meaning |\n|---|---|\n" + body
    else:
        body = "".join(f"<tr><td>{code}</td><td>{message}</td></tr>" for code, message in rows)
        text = "<table><tr><th>Returned Value</th><th>Meaning</th></tr>" + body + "</table>"
    read = read_text(text, "page", format_name)
    assert [(row.code, row.description) for row in read] == rows


def test_a_parameter_table_is_not_taken_for_error_codes() -> None:
    text = (
        "| Name | Description |\n|---|---|\n| project_id | The project. |\n"
        "| instance_id | The instance. |\n| name | Its name. |\n"
    )
    with pytest.raises(Exception, match="no Markdown pipe table"):
        read_text(text, "params.md", "md-pipe")


# A Tencent Cloud API page: its output parameters (CamelCase names, like codes) come before its
# error codes.
FIELD_TABLES = {
    "md-pipe": (
        "## 3. 输出参数\n\n| 参数名称 | 类型 | 描述 |\n|---|---|---|\n"
        "| TopicId | String | 日志主题ID |\n| RequestId | String | 唯一请求 ID |\n\n"
        "| Name | Type | Description |\n|---|---|---|\n| LogsetId | String | 日志集ID |\n"
        "| TopicName | String | 名称 |\n\n"
        "## 4. 错误码\n\n| 错误码 | 描述 |\n|---|---|\n| FailedOperation.TopicClosed | 已关闭。 |\n"
    ),
    "html-table": (
        "<table><tr><th>Parameter</th><th>Description</th></tr>"
        "<tr><td>TopicId</td><td>日志主题ID</td></tr><tr><td>RequestId</td><td>请求 ID</td></tr>"
        "</table>\n<table><tr><th>名称</th><th>类型</th><th>描述</th></tr>"
        "<tr><td>LogsetId</td><td>String</td><td>日志集ID</td></tr>"
        "<tr><td>TopicName</td><td>String</td><td>名称</td></tr></table>\n"
        "<table><tr><th>错误码</th><th>描述</th></tr>"
        "<tr><td>FailedOperation.TopicClosed</td><td>已关闭。</td></tr></table>\n"
    ),
}


@pytest.mark.parametrize("format_name", sorted(FIELD_TABLES))
def test_a_table_of_camel_case_fields_is_not_taken_for_error_codes(format_name: str) -> None:
    rows = read_text(FIELD_TABLES[format_name], "page", "auto")
    assert [(row.code, row.description) for row in rows] == [
        ("FailedOperation.TopicClosed", "已关闭。")
    ]


def test_the_manifest_names_a_code_column_that_content_cannot_tell(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Half the values are words: content alone does not make "Result" the code column.
    page = tmp_path / "sdk.md"
    page.write_text(
        "| Result | Meaning |\n|---|---|\n| ok_but_slow | Slow |\n| busy | Busy |\n"
        "| -3 | Closed |\n| -4 | Reset |\n",
        encoding="utf-8",
    )
    with pytest.raises(Exception, match="no Markdown pipe table"):
        read_text(page.read_text(encoding="utf-8"), "sdk.md", "md-pipe")
    with named_columns({"code": "Result"}):
        assert [row.code for row in read_text(page.read_text(encoding="utf-8"), "sdk.md")] == [
            "ok_but_slow",
            "busy",
            "-3",
            "-4",
        ]
    manifest = tmp_path / "sources.toml"
    manifest.write_text(
        entry(page, "tencentcloud.sdk", 'columns = {code = "Result"}'), encoding="utf-8"
    )
    out = tmp_path / "pkg" / "clouderrors"
    hand_written_core(out)
    assert main(["generate", "--manifest", str(manifest), "--out", str(out)]) == 0
    text = (out / "tencentcloud" / "sdk.py").read_text(encoding="utf-8")
    assert 'code = "ok_but_slow"' in text and 'code = "-4"' in text


# --- the corpus and the seeds in one run --------------------------------------------------------


def seed_page_entries() -> str:
    """seed_entries() without its SDK table: the five seed pages alone."""
    text = seed_entries()
    sdk = text.index("[[tencentcloud-sdk]]")
    assert "[[document]]" not in text[sdk:]
    return text[:sdk]


def corpus_manifest(tmp_path: Path) -> Path:
    """The corpus pages and the seed pages (the SDK's services, read by another reader, would
    only add black's time: the sample package has them)."""
    docs = corpus_path("docs")
    pages = sorted(p for p in docs.iterdir() if p.suffix in (".rst", ".md") and p.stem != "README")
    text = seed_page_entries()
    for page in pages:
        module = "p" + re.sub(r"\W", "_", page.stem)
        text += "\n" + entry(page, f"huaweicloud.{module}")
    manifest = tmp_path / "sources.toml"
    manifest.write_text(text, encoding="utf-8")
    return manifest


def test_every_corpus_page_and_seed_generates_in_one_run_without_hand_edits(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    manifest = corpus_manifest(tmp_path)
    out = tmp_path / "pkg" / "clouderrors"
    hand_written_core(out)
    report = tmp_path / "naming.json"
    capsys.readouterr()
    args = ["generate", "--manifest", str(manifest), "--out", str(out), "--report", str(report)]
    assert main(args) == 0
    printed = capsys.readouterr().out
    assert "warning:" not in printed  # nothing that needs action
    notes = [line for line in printed.splitlines() if line.startswith("notes: ")]
    services = {
        path.split("/")[0] + "." + path.split("/")[1][:-3]
        for path in generated_files(out)
        if path.count("/") == 1 and not path.endswith("__init__.py")
    }
    assert len(notes) <= len(services) + 1  # one line per service at most, and where to look
    several = [line for line in printed.splitlines() if "codes listed with several" in line]
    assert len(several) == 1 and "virtual-private-cloud.rst" in several[0]

    records = json.loads(report.read_text(encoding="utf-8"))
    kinds = {record["kind"] for record in records}
    assert {"derived-name", "named-from-code", "several-statuses", "code-normalized"} <= kinds
    normalized = [record for record in records if record["kind"] == "code-normalized"]
    assert [record["code"] for record in normalized] == [
        "IncorrectNumberOfFilesInPostRequest",
        "Request-URITooLarge",
    ]
    assert not any(record["action"] for record in records)

    probe = """
    import json
    from clouderrors import error_classes, lookup
    huawei = error_classes(vendor="huaweicloud")
    classes = [c for c in huawei if c.service.startswith("huaweicloud.p")]
    vpc = lookup("VPC.0105", service="huaweicloud.pvirtual_private_cloud")
    obs = lookup("IncorrectNumberOfFilesInPostRequest")
    print(json.dumps({
        "count": len(classes),
        "longest": max(len(c.__name__) for c in classes),
        "vpc": [vpc.http_status, list(vpc.http_statuses)],
        "obs": [obs.code, obs.documented_code],
    }))
    """
    found = json.loads(run_python(out, probe))
    files = [str(out / relative) for relative in generated_files(out)]
    config = str(ROOT / "pyproject.toml")
    ruff = subprocess.run(
        [str(ROOT / ".venv" / "bin" / "ruff"), "check", "--config", config, *files],
        capture_output=True,
        text=True,
        check=False,
    )
    assert ruff.returncode == 0, ruff.stdout
    assert found["count"] > 1000
    assert found["longest"] <= 40
    assert found["vpc"][0] == found["vpc"][1][0] and len(found["vpc"][1]) > 1
    assert found["obs"] == [
        "IncorrectNumberOfFilesInPostRequest",
        "IncorrectNumberOfFilesInPost Request",
    ]


def test_the_naming_report_as_tsv(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    page = tmp_path / "page.md"
    page.write_text(
        "| Error Code | Status Code | Error Message |\n|---|---|---|\n"
        "| X.0001 | 400 | Invalid\ttab name. |\n| X.0002 | 404 | 实例不存在 |\n",
        encoding="utf-8",
    )
    manifest = tmp_path / "sources.toml"
    manifest.write_text(entry(page, "huaweicloud.x"), encoding="utf-8")
    out = tmp_path / "pkg" / "clouderrors"
    hand_written_core(out)
    report = tmp_path / "names.tsv"
    args = ["generate", "--manifest", str(manifest), "--out", str(out), "--report", str(report)]
    assert main(args) == 0
    assert (
        "notes: huaweicloud.x: 1 named from messages, 1 named from codes" in capsys.readouterr().out
    )
    lines = report.read_text(encoding="utf-8").splitlines()
    assert lines[0].split("\t") == [
        "service",
        "code",
        "kind",
        "name",
        "path",
        "line",
        "text",
        "action",
    ]
    rows = [line.split("\t") for line in lines[1:]]
    assert all(len(row) == 8 for row in rows)
    assert [(row[1], row[2], row[3]) for row in rows] == [
        ("X.0001", "derived-name", "InvalidTabName"),
        ("X.0002", "named-from-code", "X0002"),
    ]


@pytest.mark.parametrize("overrides", ["missing.toml", "bad.toml"], ids=["missing", "not-toml"])
def test_a_bad_overrides_file_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], overrides: str
) -> None:
    (tmp_path / "bad.toml").write_text("[services\n", encoding="utf-8")
    out = tmp_path / "pkg" / "clouderrors"
    hand_written_core(out)
    manifest = tmp_path / "sources.toml"
    manifest.write_text(seed_entries(), encoding="utf-8")
    args = ["generate", "--manifest", str(manifest), "--out", str(out)]
    capsys.readouterr()
    assert main([*args, "--overrides", str(tmp_path / overrides)]) == 2
    error = capsys.readouterr().err
    assert re.fullmatch(
        rf"\S*{overrides}:1: (cannot read overrides|not TOML)[^\n]*\n", error
    ), error
    assert generated_files(out) == []


# --- progress ----------------------------------------------------------------------------------


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_shows_on_a_terminal_once_a_run_is_slow(monkeypatch: pytest.MonkeyPatch) -> None:
    quick = Terminal()
    shown = progress.Progress(quick)
    shown.step("reading documents 1/3")
    assert quick.getvalue() == ""  # a quick run shows nothing

    monkeypatch.setattr(progress, "DELAY", 0.0)
    slow = Terminal()
    shown = progress.Progress(slow)
    shown.step("reading documents 1/3")
    shown.step("rendering modules")
    shown.done()
    assert "reading documents 1/3" in slow.getvalue() and "rendering modules" in slow.getvalue()
    assert slow.getvalue().endswith("\r\x1b[K")

    piped = io.StringIO()  # not a terminal: never
    progress.Progress(piped).step("reading")
    assert piped.getvalue() == ""
