"""Command line of the generator. Bad input is one `PATH:LINE: what is wrong` line, exit 2."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from typing import NoReturn

from codegen.manifest import SDK_FORMAT
from codegen.readers import FORMATS, read_document
from codegen.rows import DocumentError, require_rows
from codegen.write import WriteError

_DEFAULT_OUT = "src/clouderrors"


class _Parser(argparse.ArgumentParser):
    """argparse, with a bad command line told in one line (not the usage block first)."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: {message} (see {self.prog} --help)\n")


def _parse(args: argparse.Namespace) -> int:
    rows = read_document(args.path, args.format)
    if args.format != SDK_FORMAT:  # an SDK module may list no code; a page's table must
        require_rows(rows, args.path)
    json.dump([row.to_json() for row in rows], sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
    return 0


def _generate(args: argparse.Namespace) -> int:
    from codegen.catalogue import OVERRIDES
    from codegen.docs import DEFAULT_FOLDER
    from codegen.generate import run

    # The reference pages go beside the package generated in place; elsewhere only on request.
    pages = args.pages
    if pages is None and args.out == _DEFAULT_OUT:
        pages = DEFAULT_FOLDER
    return run(
        manifest=args.manifest,
        out=args.out,
        check=args.check,
        jobs=args.jobs,
        naming_report=args.report,
        overrides=args.overrides or OVERRIDES,
        pages=pages,
    )


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be a whole number of at least 1, not {text!r}")
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m codegen", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)

    parse = commands.add_parser("parse", help="print the rows of one document as JSON")
    parse.add_argument("path")
    parse.add_argument("--format", default="auto", choices=["auto", *FORMATS])
    parse.set_defaults(handler=_parse)

    generate = commands.add_parser("generate", help="regenerate the package from the manifest")
    generate.add_argument("--manifest", default="codegen/sources.toml")
    generate.add_argument("--out", default=_DEFAULT_OUT)
    generate.add_argument(
        "--pages",
        default=None,
        metavar="DIR",
        help="where the Markdown reference pages go (default: docs/reference with the default"
        " --out, else none)",
    )
    generate.add_argument(
        "--check", action="store_true", help="write nothing; exit 1 if any file would change"
    )
    generate.add_argument(
        "--jobs",
        type=_positive,
        default=None,
        metavar="N",
        help="processes reading and rendering in parallel (default: every core, or one for a"
        " run of small documents)",
    )
    generate.add_argument(
        "--overrides",
        metavar="FILE",
        help="the curated names, categories and retry flags (default: codegen/overrides.toml)",
    )
    generate.add_argument(
        "--report",
        metavar="FILE",
        help="write every naming and status note to FILE (JSON, or TSV if FILE ends in .tsv)",
    )
    generate.set_defaults(handler=_generate)
    return parser


def _stdout_closed() -> int:
    """Quiet end when the reader of our output went away (`... | head`), as Unix tools do.

    Python would report the broken pipe again when it flushes stdout at exit; pointing stdout
    at the null device first leaves nothing to flush into the closed pipe.
    """
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)
    return 1


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        status: int = args.handler(args)
        sys.stdout.flush()
    except (DocumentError, WriteError) as exc:
        print(exc, file=sys.stderr)
        return 2
    except BrokenPipeError:
        return _stdout_closed()
    return status
