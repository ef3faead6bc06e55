"""The `clouderrors` command (also `python -m clouderrors`): explain one error code, or list them.

Reads only the installed package (the generated index and service modules): it works from a
wheel, without the generator or its tools.
"""

from __future__ import annotations

import argparse
import difflib
import io
import json
import os
import sys
from collections.abc import Sequence
from typing import Any, NoReturn

from clouderrors import __version__
from clouderrors._errors import CloudAPIError
from clouderrors._listing import describe, described
from clouderrors._lookup import codes as codes_of_index
from clouderrors._lookup import index, lookup, services
from clouderrors._vendors import BY_ID

# How many close codes an unknown code is answered with.
_CLOSEST = 5
# How much of an argument a refusal quotes: a pasted megabyte stays a readable line.
_QUOTED = 80


class _Parser(argparse.ArgumentParser):
    """argparse, with a bad command line told in one line (not the usage block first)."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: {message} (see {self.prog} --help)\n")


class _Refusal(Exception):
    """A request the command cannot answer: one line on stderr, exit status 2."""


def _quoted(text: str) -> str:
    """`text` as a refusal quotes it: its repr (escapes shown), cut to _QUOTED characters."""
    if len(text) <= _QUOTED:
        return repr(text)
    return f"{text[:_QUOTED]!r}... ({len(text):,} characters)"


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _closest(code: str, service: str | None) -> list[str]:
    """Known codes that look like `code` (case aside), most alike first."""
    codes = codes_of_index()
    known = [c for c, owners in codes.items() if service is None or service in owners]
    by_folded: dict[str, list[str]] = {}
    for known_code in sorted(known):
        by_folded.setdefault(known_code.casefold(), []).append(known_code)
    found: list[str] = []
    for folded in difflib.get_close_matches(code.casefold(), by_folded, n=_CLOSEST, cutoff=0.5):
        found.extend(by_folded[folded])
    return found[:_CLOSEST]


def _check_service(service: str | None) -> None:
    """A service id the package does not know is refused naming the closest ids (all of them,
    hundreds, would make the line unreadable)."""
    if service is None or service in index().SERVICES:
        return
    known = services()
    # "lts" or "CVM" for the id of its module: the vendor part forgotten.
    closest = [name for name in known if name.partition(".")[2] == service.strip().casefold()]
    for name in difflib.get_close_matches(service, known, n=_CLOSEST, cutoff=0.5):
        if name not in closest:
            closest.append(name)
    hint = f"closest: {', '.join(closest[:_CLOSEST])}; " if closest else ""
    raise _Refusal(
        f"unknown service {_quoted(service)}"
        f" ({hint}{len(known)} known, clouderrors.services() lists them)"
    )


def _explained(code: str, service: str | None) -> type[CloudAPIError]:
    _check_service(service)
    text = code.strip()
    owners = codes_of_index().get(text, ())
    if service is None and len(owners) > 1:
        raise _Refusal(
            f"error code {_quoted(text)} is documented by several services: {', '.join(owners)};"
            " choose one with --service"
        )
    try:
        return lookup(text, service=service)
    except KeyError:
        pass
    where = f" in {service}" if service is not None else ""
    closest = _closest(text, service)
    hint = f"; closest: {', '.join(closest)}" if closest else ""
    raise _Refusal(f"no documented error code {_quoted(text)}{where}{hint}")


_LABELS = (
    ("class", "class"),
    ("code", "code"),
    ("http_status", "documented status"),
    ("service", "service"),
    ("vendor", "vendor"),
    ("categories", "categories"),
    ("retryable", "retryable"),
    ("deprecated", "deprecated"),
    ("documented_message", "documented message"),
    ("description", "description"),
    ("solution", "solution"),
)
_WIDTH = max(len(label) for _, label in _LABELS) + 2


def _shown(key: str, value: Any) -> str:
    if value is None or value == "" or value == []:
        return "-"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return ", ".join(value)
    if key == "vendor" and value in BY_ID:
        return f"{value} ({BY_ID[value].title})"
    return _one_line(str(value))


def _explain(args: argparse.Namespace) -> int:
    facts = describe(_explained(args.code, args.service))
    if args.json:
        json.dump(facts, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return 0
    for key, label in _LABELS:
        sys.stdout.write(f"{label + ':':<{_WIDTH}}{_shown(key, facts[key])}\n")
    return 0


def _list(args: argparse.Namespace) -> int:
    # From the generated tables: listing makes no class (all of them took seconds).
    _check_service(args.service)
    try:
        listed = list(described(service=args.service, vendor=args.vendor))
    except ValueError as error:
        raise _Refusal(str(error)) from None
    if args.json:
        sys.stdout.write(json.dumps(listed, ensure_ascii=False, indent=2))
        sys.stdout.write("\n")
        return 0
    rows = [
        (
            facts["code"] or "",
            "-" if facts["http_status"] is None else str(facts["http_status"]),
            facts["class"],
            _one_line(facts["documented_message"]),
        )
        for facts in listed
    ]
    code_width = max((len(row[0]) for row in rows), default=0)
    class_width = max((len(row[2]) for row in rows), default=0)
    for code, status, path, message in rows:
        line = f"{code:<{code_width}}  {status:>3}  {path:<{class_width}}  {message}"
        sys.stdout.write(line.rstrip() + "\n")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="clouderrors",
        description="Explain the documented cloud API error codes clouderrors knows.",
    )
    parser.add_argument("--version", action="version", version=f"clouderrors {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)

    explain = commands.add_parser(
        "explain", help="what a code means: class, status, categories, retry, documentation"
    )
    explain.add_argument("code", help="an error code, e.g. LTS.0101, AuthFailure, 4000")
    explain.add_argument("--service", metavar="ID", help="the service id, e.g. huaweicloud.lts")
    explain.add_argument("--json", action="store_true", help="print JSON")
    explain.set_defaults(handler=_explain)

    listing = commands.add_parser("list", help="one line per documented code")
    listing.add_argument("--service", metavar="ID", help="only this service's codes")
    listing.add_argument("--vendor", metavar="V", help="only this vendor's codes")
    listing.add_argument("--json", action="store_true", help="print JSON")
    listing.set_defaults(handler=_list)
    return parser


def _stdout_closed() -> int:
    """Quiet end when the reader of our output went away (`clouderrors list | head`).

    Python would report the broken pipe again when it flushes stdout at exit; pointing stdout
    at the null device first leaves nothing to flush into the closed pipe."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)
    return 1


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    # Vendor text is not all ASCII: a terminal or pipe that cannot show a character gets an
    # escape for it rather than a crash.
    if isinstance(sys.stdout, io.TextIOWrapper):
        sys.stdout.reconfigure(errors="backslashreplace")
    try:
        status: int = args.handler(args)
        sys.stdout.flush()
    except _Refusal as refusal:
        print(f"clouderrors: {refusal}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        return _stdout_closed()
    return status
