"""Names from messages (codegen.naming.from_message): the rules on messages of real pages, and
properties any message keeps."""

from __future__ import annotations

import re

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from codegen import naming

# (message as a vendor's page writes it, the name a person would write or None: no good name)
REAL_MESSAGES = [
    # first clause; articles and "is" go
    ("Invalid DCS instance name. The name must be 4 to 64 characters.", "InvalidDCSInstanceName"),
    (
        "The selected cache engine version is not supported.",
        "SelectedCacheEngineVersionNotSupported",
    ),
    ("The environment name already exists.", "EnvironmentNameAlreadyExists"),
    # cut before a connecting word so that the name ends on a whole phrase
    (
        "The selected cache engine version is not supported by the instance type of DCS.",
        "SelectedCacheEngineVersionNotSupported",
    ),
    ("Failed to create the NIC. Try again later or contact customer service.", "FailedToCreateNIC"),
    ("Insufficient permissions to call the underlying system.", "InsufficientPermissions"),
    # never cut before "and"/"or" (both halves are needed), nor to a leading "only"
    ("The IP address or IP address/CIDR mask already exists.", None),
    ("Only APIs that use custom authentication can have authorizer parameters.", None),
    # phrasings people shorten
    ("The number of API groups exceeds the maximum allowed limit.", "TooManyAPIGroups"),
    (
        "The access control policy binding record does not exist.",
        "AccessControlPolicyBindingRecordNotFound",
    ),
    ("The excluded request throttling configuration already exists.", None),  # too long
    ("The DB instance does not exist.", "DBInstanceNotFound"),
    ("Security_group_rule xxx could not be found.", "SecurityGroupRuleNotFound"),
    ("The disk has already been attached to the ECS.", "DiskAlreadyAttachedToECS"),
    # placeholders, with the preposition that introduced them
    ("Delete flow log by xxx(tenant_id) fail.", "DeleteFlowLogFail"),
    ("Invalid input for field '%(key)s'. The value is '%(value)s'.", "InvalidInputForField"),
    (
        "Attribute '[input attribute]' does not match operator '[input operator]'.",
        "AttributeDoesNotMatchOperator",
    ),
    ("The %s is required in the request body.", None),  # the subject is a placeholder
    ("Policy doesn't allow {0} to be performed.", "PolicyDoesNotAllowToBePerformed"),
    # leading filler, shouting, contractions
    ("Sorry, the tag key is invalid.", "TagKeyInvalid"),
    ("INVALID PARAMETER VALUE", "InvalidParameterValue"),
    ("You can't delete a running instance.", "YouCannotDeleteRunningInstance"),
    # nothing good to say
    ("Tag", None),
    ("ID", None),
    ("Error.", None),
    ("", None),
    # Chinese text never gives ASCII scraps
    ("KMS 密钥不存在", None),
    ("请求POST失败", None),
    ("创建镜像失败，镜像个数已达到上限。", None),
]


@pytest.mark.parametrize(("message", "name"), REAL_MESSAGES)
def test_names_from_real_messages(message: str, name: str | None) -> None:
    assert naming.from_message(message) == name


# The last word of a name, split from CamelCase (acronyms kept whole).
_LAST_WORD = re.compile(r"(?:[A-Z]+(?![a-z])|[A-Z][a-z0-9]*|[a-z0-9]+)$")
_MID_PHRASE = {"the", "a", "an", "or", "and", "not", "to", "of", "in", "for", "with", "by", "is"}

messages = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=200
) | st.lists(
    st.sampled_from(
        [
            "The",
            "a",
            "instance",
            "is",
            "not",
            "found",
            "to",
            "of",
            "%s",
            "{0}",
            "xxx",
            "number",
            "exceeds",
            "maximum",
            "Invalid",
            "name",
            ".",
            ",",
            "(id)",
            "实例",
            "Failed",
            "create",
            "because",
            "does",
            "exist",
            "VPC",
            "4",
            "64",
            "must",
            "be",
        ]
    ),
    max_size=30,
).map(
    " ".join
)


@given(messages)
@example("B/Y")  # capital tokens run together into a word of their own: "BY"
def test_a_derived_name_is_short_ascii_whole_and_placeholder_free(message: str) -> None:
    name = naming.from_message(message)
    if name is None:
        return
    assert name.isidentifier() and name.isascii() and not name[0].isdigit()
    assert len(name) <= naming.MAX_NAME
    last = _LAST_WORD.search(name)
    assert last is not None and last.group(0).casefold() not in _MID_PHRASE, name
    assert not re.search(r"[\u3400-\u9fff]", message), "Chinese text gave a name"
    assert "Xxx" not in name


def test_clashing_counters_stay_linear() -> None:
    counters = naming.Counters()
    taken: set[str] = set()
    for _ in range(3000):
        taken.add(counters.unique("Same", "", taken))
    assert len(taken) == 3000 and "Same3000" in taken


def test_codes_are_normalized_once() -> None:
    assert naming.normal_code("DCS. 4855") == "DCS.4855"
    assert naming.normal_code(" LTS.0101\u00a0") == "LTS.0101"
    assert naming.normal_code("Request-URI Too Large") == "Request-URITooLarge"
    # Full-width forms typed in a Chinese input mode are the ASCII the wire sends.
    assert naming.normal_code("LTS．0101") == "LTS.0101"
    assert naming.normal_code("ＬＴＳ．０１０１") == "LTS.0101"
    assert naming.normal_code("ＤＣＳ． 4855") == "DCS.4855"
    assert naming.normal_code("错误码") == "错误码"
    # Invisible format characters a page carries are no part of the code.
    assert naming.normal_code("X.0003\u200b") == "X.0003"
    assert naming.normal_code("\ufeff\u202eLTS.0101") == "LTS.0101"


def test_a_shared_first_name_gives_way_to_what_the_message_is_about() -> None:
    # Real pages list one message per object ("... on this API group", "... on this API").
    assert naming.names_from_message("No permissions to perform operations on this API.") == [
        "NoPermissionsToPerformOperations",
        "NoPermissionsOnAPI",
    ]
    # No such phrase, or a head of one word: nothing else to offer.
    assert naming.names_from_message("Create instance failed due to insufficient quota.") == [
        "CreateInstanceFailed"
    ]
    assert naming.names_from_message("Failed to query the list of the tenant.") == [
        "FailedToQueryListOfTenant"
    ]
