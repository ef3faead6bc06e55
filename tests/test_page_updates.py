"""The page-update story end to end: generate, the vendor updates the page, a maintainer curates
a name, regenerate; every name a user's code imports keeps meaning the same code, and the
wire code of a page with a typo (`DCS. 4855`) still finds its class through a real server."""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from codegen.cli import main
from tests.test_generate import hand_written_core

V1 = """\
| Error Code | Status Code | Error Message |
|---|---|---|
| DCS.4001 | 400 | Invalid instance name. The name must be 4 to 64 characters. |
| DCS.4010 | 400 | The selected cache engine version is not supported by the instance type. |
| DCS. 4855 | 500 | Internal service error. |
"""
# The update adds a code whose message gives the name DCS.4855 holds, and sorts before it.
V2 = V1 + "| DCS.4002 | 500 | Internal service error. |\n"
CURATED = '[services."huaweicloud.dcs".codes]\n"DCS.4001" = { name = "InstanceNameInvalid" }\n'


def manifest(tmp_path: Path, pages: list[str]) -> Path:
    entries = []
    for number, text in enumerate(pages, 1):
        page = tmp_path / f"dcs-v{number}.md"
        page.write_text("# Error codes\n\n" + text, encoding="utf-8")
        entries.append(
            f'[[document]]\npath = "{page.as_posix()}"\nvendor = "huaweicloud"\n'
            'service = "huaweicloud.dcs"\n'
        )
    path = tmp_path / "sources.toml"
    path.write_text("\n".join(entries), encoding="utf-8")
    return path


def names(module: Path) -> dict[str, str]:
    """Every class and alias name of a generated module -> the code its class states."""
    tree = ast.parse(module.read_text(encoding="utf-8"))
    codes: dict[str, str] = {}
    for node in tree.body:
        if isinstance(node, ast.ClassDef):
            for statement in node.body:
                if (
                    isinstance(statement, ast.Assign)
                    and isinstance(statement.targets[0], ast.Name)
                    and statement.targets[0].id == "code"
                ):
                    codes[node.name] = ast.literal_eval(statement.value)
        elif isinstance(node, ast.Assign) and isinstance(node.value, ast.Name):
            target = node.targets[0]
            if isinstance(target, ast.Name) and node.value.id in codes:
                codes[target.id] = codes[node.value.id]
    return codes


def generate(
    tmp_path: Path, out: Path, pages: list[str], overrides: str, capsys: pytest.CaptureFixture[str]
) -> str:
    curated = tmp_path / "overrides.toml"
    curated.write_text(overrides, encoding="utf-8")
    capsys.readouterr()
    args = ["generate", "--manifest", str(manifest(tmp_path, pages)), "--out", str(out)]
    assert main([*args, "--overrides", str(curated)]) == 0
    return capsys.readouterr().out


RUNTIME_CHECK = """
import http.server, json, sys, threading
import requests
from clouderrors import lookup, raise_for_error
from clouderrors.huaweicloud import dcs

class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        body = json.dumps({"error_code": "DCS.4855", "error_msg": "busy"}).encode()
        self.send_response(500)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
    def log_message(self, *args):
        pass

server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
threading.Thread(target=server.serve_forever, daemon=True).start()
response = requests.get(f"http://127.0.0.1:{server.server_port}/v1/instances", timeout=10)
try:
    raise_for_error(response)
except dcs.InternalServiceError as error:
    caught = type(error).__name__
server.shutdown()
print(json.dumps({
    "caught": caught,
    "lookup": lookup("DCS.4855").__name__,
    "lookup_as_documented": lookup("DCS. 4855").__name__,
    "code": dcs.InternalServiceError.code,
    "documented_code": dcs.InternalServiceError.documented_code,
    "alias_is_class": dcs.InvalidInstanceName is dcs.InstanceNameInvalid,
    "new_code": lookup("DCS.4002").__name__,
}))
"""


def test_names_stay_with_their_codes_across_page_updates_and_curation(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "pkg" / "clouderrors"
    hand_written_core(out)
    module = out / "huaweicloud" / "dcs.py"

    generate(tmp_path, out, [V1], "", capsys)
    first = names(module)
    assert first["InternalServiceError"] == "DCS.4855"  # normalized from the page's `DCS. 4855`
    assert first["InvalidInstanceName"] == "DCS.4001"
    assert first["SelectedCacheEngineVersionNotSupported"] == "DCS.4010"

    # The vendor adds DCS.4002 (same message as DCS.4855); a maintainer curates DCS.4001.
    report = generate(tmp_path, out, [V1, V2], CURATED, capsys)
    second = names(module)
    for name, code in first.items():
        assert second[name] == code, f"{name} moved from {code} to {second[name]}"
    assert second["InstanceNameInvalid"] == "DCS.4001"
    new_names = [name for name, code in second.items() if code == "DCS.4002"]
    assert new_names and all(name not in first for name in new_names)
    assert "DCS.4001 name InvalidInstanceName -> InstanceNameInvalid" in report
    assert "the old name stays as an alias" in report

    # A run that changes nothing keeps everything, aliases included.
    generate(tmp_path, out, [V1, V2], CURATED, capsys)
    assert names(module) == second

    env = {**os.environ, "PYTHONPATH": str(out.parent)}
    result = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(RUNTIME_CHECK)],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    seen = json.loads(result.stdout)
    assert seen == {
        "caught": "InternalServiceError",
        "lookup": "InternalServiceError",
        "lookup_as_documented": "InternalServiceError",
        "code": "DCS.4855",
        "documented_code": "DCS. 4855",
        "alias_is_class": True,
        "new_code": new_names[0],
    }
