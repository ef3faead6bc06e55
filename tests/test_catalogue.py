"""The catalogue's policy on hand-built rows: merging page versions, names, categories, retry."""

from __future__ import annotations

import builtins
import keyword
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from codegen.catalogue import (
    CodeClass,
    Document,
    Service,
    ServiceOverride,
    build,
    load_overrides,
)
from codegen.manifest import DocumentSpec
from codegen.rows import DocumentError, Row

PYTHON_NAMES = set(keyword.kwlist) | set(dir(builtins))


def row(code: str, status: int | None, message: str = "", line: int = 1, **more: str) -> Row:
    return Row(
        code=code,
        http_status=status,
        message=message,
        description=more.get("description", ""),
        solution=more.get("solution", ""),
        path=more.get("path", "page.md"),
        line=line,
    )


def document(
    rows: list[Row],
    service: str = "tencentcloud.cls",
    source: str = "docs/page.md",
    duplicates: str = "all",
) -> Document:
    vendor = service.split(".")[0]
    spec = DocumentSpec(
        path=Path(source),
        shown=source,
        source=source,
        vendor=vendor,
        service=service,
        format="md-pipe",
        duplicates=duplicates,
        line=1,
    )
    return Document(spec, rows, "0" * 64, "md-pipe")


def only_service(documents: list[Document], curated: bool = False) -> tuple[Service, list[str]]:
    overrides = load_overrides() if curated else {}
    catalogue = build(documents, overrides)
    assert len(catalogue.services) == 1
    return catalogue.services[0], catalogue.warnings


def by_code(service: Service) -> dict[str, CodeClass]:
    return {cls.code: cls for cls in service.classes}


def test_newest_page_wins_and_dropped_codes_stay_deprecated() -> None:
    old = document(
        [row("TopicNotExist", 400, "old text"), row("Unauthorized", 401, "auth")], source="old.txt"
    )
    new = document([row("TopicNotExist", 404, "new text"), row("SpeedQuotaExceed", 429)])
    service, warnings = only_service([old, new])
    classes = by_code(service)

    assert classes["TopicNotExist"].http_status == 404
    assert classes["TopicNotExist"].documented_message == "new text"
    assert classes["TopicNotExist"].deprecated is False
    unauthorized = classes["Unauthorized"]
    assert unauthorized.deprecated is True
    assert "since docs/page.md" in unauthorized.doc
    assert unauthorized.http_status == 401
    assert any("TopicNotExist" in w and "status changed" in w for w in warnings)


def test_code_listed_twice_with_the_same_status_keeps_the_first_row() -> None:
    page = document([row("A", 400, "first", line=3), row("A", 400, "second", line=9)])
    service, warnings = only_service([page])
    assert by_code(service)["A"].documented_message == "first"
    assert any(":9: code A listed again" in w and "kept line 3" in w for w in warnings)


def test_code_listed_with_several_statuses_keeps_them_all_the_first_as_http_status() -> None:
    page = document(
        [
            row("A", 404, "one", line=3),
            row("B", 400, line=4),
            row("A", 500, "two", line=5),
            row("A", 404, line=6),
            row("A", 409, line=7),
        ]
    )
    service, warnings = only_service([page])
    a = by_code(service)["A"]
    assert (a.http_status, a.http_statuses, a.documented_message) == (404, (404, 500, 409), "one")
    assert by_code(service)["B"].http_statuses == (400,)
    several = [w for w in warnings if "several" in w or "statuses" in w]
    assert several == [
        "page.md:3: code A listed with statuses 404, 500, 409; all kept (http_statuses)"
    ]


def test_duplicates_error_refuses_conflicting_statuses_at_each_row_of_every_page() -> None:
    pages = [
        document(
            [row("A", 400, line=3), row("B", 404, line=5), row("A", 409, line=7)],
            duplicates="error",
        ),
        document(
            [row("C", 400, line=2, path="p2.md"), row("C", 500, line=8, path="p2.md")],
            service="tencentcloud.other",
            duplicates="error",
        ),
    ]
    with pytest.raises(DocumentError) as caught:
        build(pages, {})
    lines = str(caught.value).splitlines()
    assert len(lines) == 2
    assert lines[0].startswith("page.md:7: code A listed again with status 409 (line 3 says 400)")
    assert lines[1].startswith("p2.md:8: code C listed again with status 500 (line 2 says 400)")
    assert 'duplicates = "error"' in lines[0]


def test_duplicates_first_keeps_the_first_row_of_conflicting_duplicates() -> None:
    page = document(
        [row("A", 400, "one", line=3), row("A", 409, "two", line=7)], duplicates="first"
    )
    service, warnings = only_service([page])
    assert by_code(service)["A"].http_status == 400
    assert by_code(service)["A"].http_statuses == (400,)
    assert any("listed again" in w for w in warnings)


def test_dotted_codes_nest_under_a_generated_prefix_class() -> None:
    page = document(
        [
            row("AuthFailure.SecretIdNotFound", 401, "Key does not exist"),
            row("AuthFailure.TokenFailure", 401, "token error"),
            row("Other", 400),
        ]
    )
    service, _ = only_service([page])
    classes = by_code(service)
    prefix = classes["AuthFailure"]
    assert prefix.documented is False
    assert prefix.bases == ["CLSError", "AuthenticationError"]
    assert [(m.attribute, m.target) for m in prefix.members] == [
        ("SecretIdNotFound", "AuthFailureSecretIdNotFound"),
        ("TokenFailure", "AuthFailureTokenFailure"),
    ]
    child = classes["AuthFailure.SecretIdNotFound"]
    assert child.name == "AuthFailureSecretIdNotFound"
    assert child.bases[0] == "AuthFailure"
    assert (child.owner, child.attribute) == ("AuthFailure", "SecretIdNotFound")
    # A prefix precedes its codes, so the module defines it first.
    codes = [cls.code for cls in service.classes]
    assert codes.index("AuthFailure") < codes.index("AuthFailure.SecretIdNotFound")
    assert codes == sorted(codes)


def test_huawei_codes_get_the_curated_name_and_an_alias_from_the_code() -> None:
    page = document(
        [row("LTS.0101", 400, "Failed to create log group, the group name has been existed")],
        service="huaweicloud.lts",
    )
    service, warnings = only_service([page], curated=True)
    cls = by_code(service)["LTS.0101"]
    assert (cls.name, cls.alias) == ("LogGroupAlreadyExists", "LTS0101")
    assert cls.bases == ["LTSError", "AlreadyExistsError"]
    assert cls.retryable is False
    assert not [w for w in warnings if "LTS.0101" in w]


def test_an_uncurated_code_gets_a_name_from_its_message_and_a_warning() -> None:
    page = document(
        [
            row("LTS.0999", 400, "Failed to purchase resource"),
            row("LTS.0998", 400, "Failed to purchase resource"),
            row("LTS.0997", None, "", description="The quota of widgets is used up"),
        ],
        service="huaweicloud.lts",
    )
    service, warnings = only_service([page])
    classes = by_code(service)
    assert classes["LTS.0998"].name == "FailedToPurchaseResource"
    # The same message again gives no second good name: the class is named from its code.
    assert classes["LTS.0999"].name == "LTS0999"
    assert classes["LTS.0999"].aliases == []
    assert classes["LTS.0997"].name == "QuotaOfWidgetsUsedUp"
    assert classes["LTS.0998"].alias == "LTS0998"
    assert sum("from its message" in w for w in warnings) == 1
    assert sum("from its description" in w for w in warnings) == 1
    assert sum("from its code" in w for w in warnings) == 1


def test_codes_sharing_a_first_name_are_named_by_what_they_are_about() -> None:
    page = document(
        [
            row("APIG.1101", 403, "No permissions to perform operations on this API group."),
            row("APIG.1102", 403, "No permissions to perform operations on this API."),
            row("APIG.1103", 403, "No permissions to perform operations on this API."),
        ],
        service="huaweicloud.apig",
    )
    service, _ = only_service([page])
    names = {cls.code: cls.name for cls in service.classes}
    assert names == {
        "APIG.1101": "NoPermissionsToPerformOperations",
        "APIG.1102": "NoPermissionsOnAPI",
        "APIG.1103": "APIG1103",  # the same message again: no good name is left
    }


def test_no_name_shadows_a_builtin_keyword_or_a_reserved_module_name() -> None:
    page = document(
        [
            row("SyntaxError", 400, "Search syntax error"),
            row("class", 400),
            row("CLSError", 400),
            row("NotFoundError", 404),
            row("SERVICES", 400),
        ]
    )
    service, warnings = only_service([page])
    names = {cls.code: cls.name for cls in service.classes}
    assert names["SyntaxError"] != "SyntaxError"
    assert names["class"] == "Class"
    assert names["CLSError"] != "CLSError"
    assert names["NotFoundError"] != "NotFoundError"
    assert names["SERVICES"] != "SERVICES"
    assert any("SyntaxError" in w for w in warnings)
    curated, _ = only_service([page], curated=True)
    assert by_code(curated)["SyntaxError"].name == "SearchSyntaxError"


@pytest.mark.parametrize(
    ("status", "message", "category", "retryable"),
    [
        (400, "The logset already exists", "AlreadyExistsError", False),
        (409, "The same topic already exists", "AlreadyExistsError", False),
        (400, "the number of log groups exceeds the quota", "QuotaExceededError", False),
        (403, "Number of logsets exceeds the limit of 20", "QuotaExceededError", False),
        (429, "Requests are sent too frequently", "ThrottledError", True),
        (500, "Internal error", "ServerError", True),
        (400, "Query failed. Try again later.", "InvalidRequestError", True),
        (404, "The topic does not exist", "NotFoundError", False),
        (401, "bad key", "AuthenticationError", False),
        (None, "Something", None, False),
        # Chinese pages (Huawei Cloud's zh pages, Tencent Cloud's) say the same in Chinese.
        (400, "镜像已存在。", "AlreadyExistsError", False),
        (400, "创建失败，实例数量超过配额。", "QuotaExceededError", False),
        (400, "请求过于频繁", "ThrottledError", True),
        (400, "服务繁忙，请稍后重试。", "InvalidRequestError", True),
    ],
)
def test_category_and_retryable_from_rules(
    status: int | None, message: str, category: str | None, retryable: bool
) -> None:
    service, _ = only_service([document([row("Code", status, message)])])
    cls = by_code(service)["Code"]
    assert cls.category == category
    assert cls.retryable is retryable
    assert cls.bases == ["CLSError"] + ([category] if category else [])


def test_curated_overrides_fix_misleading_statuses() -> None:
    page = document(
        [
            row("4400", None, "Quota exceed", description="The number of requests exceeds"),
            row("6000", None, "Internal server error"),
            row("5300", None, "Failed to purchase resource"),
            row("5200", None, "Failed to purchase resource"),
        ],
        service="tencentcloud.common",
    )
    service, _ = only_service([page], curated=True)
    classes = by_code(service)
    assert service.base == "API2Error"
    assert (classes["4400"].category, classes["4400"].retryable) == ("ThrottledError", True)
    assert (classes["6000"].category, classes["6000"].retryable) == ("ServerError", True)
    assert classes["4400"].alias == "Code4400"
    assert classes["5200"].name != classes["5300"].name


codes = st.text(min_size=0, max_size=60) | st.sampled_from(
    ["", " ", "4000", "a-b", "1.2.3", "class", "None", "LTS.0101", "X" * 10_000, "é.ü", "\x00"]
)


@settings(max_examples=60, deadline=None)
@given(st.lists(codes, min_size=1, max_size=8, unique=True))
def test_any_code_gets_a_valid_unique_non_shadowing_name(code_list: list[str]) -> None:
    page = document([row(code, 400, "msg", line=n) for n, code in enumerate(code_list, 1)])
    service, _ = only_service([page])
    names = [cls.name for cls in service.classes] + [a for c in service.classes for a in c.aliases]
    assert len(names) == len(set(names))
    reserved = {service.base, "SERVICES", "ClassVar", "CloudAPIError", "TencentCloudError"}
    for name in names:
        assert name.isidentifier() and name.isascii()
        assert name not in PYTHON_NAMES and name not in reserved
        assert len(name) <= 48
    for cls in service.classes:
        attributes = [m.attribute for m in cls.members]
        assert len(attributes) == len(set(attributes))
        assert all(a.isidentifier() and not keyword.iskeyword(a) for a in attributes)


def test_building_twice_gives_the_same_catalogue() -> None:
    pages = [document([row(f"Code{n}", 400 + n % 3, f"message {n}") for n in range(30)])]
    assert build(pages, {}) == build(pages, {})


def test_unknown_category_in_overrides_is_a_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "overrides.toml"
    bad.write_text('[services."x.y".codes]\n"A" = { category = "Nope" }\n', encoding="utf-8")
    with pytest.raises(DocumentError, match="unknown category 'Nope'"):
        load_overrides(bad)
    assert ServiceOverride().codes == {}
