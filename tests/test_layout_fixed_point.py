"""The generator writes its files as black would (codegen/render.py) and no longer runs black:
black, given any generated file, must change nothing. Hostile text (quotes, backslashes, wide
CJK and combining characters, control characters, lone surrogates, very long text) and long
names go through every writer: table modules and their stubs, class modules, vendor packages,
the index and the codes file."""

from __future__ import annotations

from pathlib import Path

import black
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from codegen.catalogue import Document, build
from codegen.manifest import SDK_API, SDK_FORMAT, DocumentSpec
from codegen.render import (
    LINE_LENGTH,
    IndexView,
    ServiceRef,
    black_mode,
    formatted,
    laid_out,
    raw_text,
    render,
    width,
)
from codegen.rows import Row

HOSTILE = [
    '"""; import os; """',
    "it's \"quoted\" 'both' ways",
    "back\\slash \\N{BULLET} \\x00 \\",
    "line\nbreak\r\nand\x00NUL\x1b[31m",
    "para\u2028sep\u2029 rtl\u200f\u202e mark",
    "e\u0301\u0301 combining a\u0300 " * 30,
    "中文错误码说明，全角字符。" * 12,
    "ｆｕｌｌ ｗｉｄｔｈ " * 20,
    "x" * 300,
    "word " * 60,
    "\ud800 lone surrogate \udfff",
    "emoji 😀🚀 " * 15,
    "",
]
TEXT = st.text(max_size=120) | st.sampled_from(HOSTILE)
# Identifier-shaped parts, short and long: class names up to the SDK's name limit.
PART = st.from_regex(r"[A-Z][A-Za-z0-9_]{0,12}", fullmatch=True) | st.from_regex(
    r"[A-Z][a-z]{40,60}", fullmatch=True
)
SDK_CODE = st.lists(PART, min_size=1, max_size=3).map(".".join)
PAGE_CODE = st.from_regex(r"[A-Z]{2,6}\.[0-9]{3,4}", fullmatch=True) | st.sampled_from(
    ["DCS. 4855", "x" * 95, "中文码", "Auth'Failure\"x"]
)
STATUS = st.none() | st.sampled_from([400, 401, 403, 404, 409, 429, 500, 503])


def spec(service: str, source: str, sdk: bool) -> DocumentSpec:
    return DocumentSpec(
        path=Path(source),
        shown=source,
        source=source,
        vendor=service.split(".")[0],
        service=service,
        format=SDK_FORMAT if sdk else "md-pipe",
        duplicates="all",
        line=1,
        api=SDK_API if sdk else "",
    )


def rows(codes: list[str], texts: list[str], statuses: list[int | None], path: str) -> list[Row]:
    return [
        Row(
            code=code,
            http_status=statuses[n % len(statuses)],
            message=texts[n % len(texts)],
            description=texts[(n + 1) % len(texts)],
            solution=texts[(n + 2) % len(texts)],
            path=path,
            line=n + 1,
        )
        for n, code in enumerate(codes)
    ]


def assert_fixed_point(files: dict[str, str]) -> None:
    for name, text in files.items():
        assert formatted(text, name) == text, name


CATALOGUES = {
    "sdk_codes": st.lists(SDK_CODE, min_size=0, max_size=8, unique=True),
    "dropped": st.lists(SDK_CODE, max_size=2, unique=True),
    "page_codes": st.lists(PAGE_CODE, min_size=1, max_size=4),
    "texts": st.lists(TEXT, min_size=1, max_size=4),
    "statuses": st.lists(STATUS, min_size=1, max_size=4),
    "module": st.sampled_from(["tbl", "a" * 70]),
}


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(**CATALOGUES)
def test_every_generated_file_is_blacks_fixed_point(
    sdk_codes: list[str],
    dropped: list[str],
    page_codes: list[str],
    texts: list[str],
    statuses: list[int | None],
    module: str,
) -> None:
    assert_catalogue_is_fixed_point(sdk_codes, dropped, page_codes, texts, statuses, module)


@pytest.mark.fuzz
@settings(max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(**CATALOGUES)
def test_fuzz_every_generated_file_is_blacks_fixed_point(
    sdk_codes: list[str],
    dropped: list[str],
    page_codes: list[str],
    texts: list[str],
    statuses: list[int | None],
    module: str,
) -> None:
    assert_catalogue_is_fixed_point(sdk_codes, dropped, page_codes, texts, statuses, module)


def assert_catalogue_is_fixed_point(
    sdk_codes: list[str],
    dropped: list[str],
    page_codes: list[str],
    texts: list[str],
    statuses: list[int | None],
    module: str,
) -> None:
    sdk_service, page_service = f"tencentcloud.{module}", "huaweicloud.pages"
    documents = [
        # An older SDK version listing codes the newer one dropped: deprecated rows.
        Document(
            spec(sdk_service, "sdk/v1/errorcodes.py", True),
            rows(dropped + sdk_codes, texts, [None], "sdk/v1/errorcodes.py"),
            "1" * 64,
            SDK_FORMAT,
        ),
        Document(
            spec(sdk_service, "sdk/v2/errorcodes.py", True),
            rows(sdk_codes, texts[::-1], [None], "sdk/v2/errorcodes.py"),
            "2" * 64,
            SDK_FORMAT,
        ),
        Document(
            spec(page_service, "docs/" + "p" * 60 + ".md", False),
            rows(page_codes + page_codes[:1], texts, statuses, "page.md"),
            "3" * 64,
            "md-pipe",
        ),
    ]
    assert_fixed_point(render(build(documents, {})))


# A code cell of hundreds of characters (a hostile or broken page), an SDK-length code, and a
# long code prefix beside a long service id: keys that cannot stand as `"key": (` on a line.
LONG_CODES = ["A" * 300 + ".0006", "B" * 95, "中文码" * 40, "C" * 70 + ".0001"]


def assert_within_line_length(files: dict[str, str]) -> None:
    """Every line fits, or is one word nothing can split (ruff's E501 allows those)."""
    for name, text in files.items():
        for line in text.splitlines():
            assert width(line) <= LINE_LENGTH or len(line.split()) == 1, (name, line)


@pytest.mark.parametrize("code", LONG_CODES)
def test_long_codes_stay_within_the_line_length(code: str) -> None:
    page_service = "huaweicloud." + "s" * 40
    documents = [
        Document(
            spec("tencentcloud.tbl", "sdk.py", True),
            rows([code, "AuthFailure.Bad"], HOSTILE, [None], "sdk.py"),
            "1" * 64,
            SDK_FORMAT,
        ),
        Document(
            spec(page_service, "page.md", False),
            rows([code, "X.0001"], HOSTILE, [400], "page.md"),
            "2" * 64,
            "md-pipe",
        ),
    ]
    files = render(build(documents, {}))
    assert_fixed_point(files)
    assert_within_line_length(files)


@settings(max_examples=15, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.text(min_size=1, max_size=120) | st.sampled_from(HOSTILE[:-1]),
            st.lists(st.sampled_from(["huaweicloud.a", "huaweicloud.b", "x" * 90]), min_size=1),
        ),
        max_size=8,
    )
)
def test_index_and_codes_file_are_blacks_fixed_point(codes: list[tuple[str, list[str]]]) -> None:
    entries = sorted({code: sorted(set(ids)) for code, ids in codes}.items())
    view = IndexView(
        sources=[],
        services=[ServiceRef("huaweicloud.a", "huaweicloud"), ServiceRef("x" * 90, "huaweicloud")],
        codes=entries,
        prefixes=[(code, ids[0]) for code, ids in entries],
        host_labels=[(code, ids[0]) for code, ids in entries],
    )
    assert_fixed_point({name: raw_text(view, name) for name in ("_index.py", "_codes.py")})


@pytest.mark.parametrize(
    "value",
    [
        ("中文" * 60, 0, None, ("Alias_1", "Alias_2"), (400, 404)),
        ("x" * 95,),
        ("a" * 30, "b" * 30, "c" * 30),
        ("word " * 40, 2, "ServerError", ("A" * 100,)),
        (),
    ],
)
def test_table_entries_are_blacks_fixed_point(value: tuple[object, ...]) -> None:
    text = "X = {\n" + "\n".join(laid_out(value, 4, '"Code.Name": ', ",")) + "\n}\n"
    assert formatted(text, "x.py") == text


def test_the_layout_line_length_is_blacks() -> None:
    assert black_mode().line_length == LINE_LENGTH
    assert width("中文") == 4 and width("abc") == 3


def test_generation_runs_no_black(monkeypatch: pytest.MonkeyPatch) -> None:
    """black takes most of a run's time even on text it leaves as it is: it is not run."""

    def refuse(*args: object, **kwargs: object) -> str:
        raise AssertionError("black ran")

    monkeypatch.setattr(black, "format_str", refuse)
    rows_ = rows(["AuthFailure.Bad", "LimitExceeded"], HOSTILE, [None], "sdk.py")
    sdk = Document(spec("tencentcloud.tbl", "sdk.py", True), rows_, "1" * 64, SDK_FORMAT)
    page = Document(spec("huaweicloud.p", "p.md", False), rows_, "2" * 64, "md-pipe")
    files = render(build([sdk, page], {}))
    assert {"tencentcloud/tbl.py", "tencentcloud/tbl.pyi", "huaweicloud/p.py"} <= set(files)
