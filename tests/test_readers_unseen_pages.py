"""Pages of services the repo has never seen, read as a new user would: `read_document`, "auto".

Each page is our own small text in the style of a vendor's error-code page (Huawei Cloud, Open
Telekom Cloud, Tencent Cloud; English and Chinese), one for each of the five formats and the
layouts they come in. Every page is also read with Windows line endings, with a BOM, and with
no newline after its last row: none of that may change a row.
"""

from __future__ import annotations

import pytest

from codegen.readers import read_document
from codegen.readers.detect import detect_format

# Chinese Huawei Cloud page, RST grid table inside a `.. table::` directive, one row wrapped.
HUAWEI_ZH_RST = """\
:original_name: dms_errorcode.html

.. _dms_errorcode:

错误码
======

调用接口出错时，响应体中返回错误码和错误信息。

.. table:: **表1** 错误码

   +--------+--------------+----------------+------------------------+------------------+
   | 状态码 | 错误码       | 错误信息       | 描述                   | 处理措施         |
   +========+==============+================+========================+==================+
   | 400    | DMS.00400001 | 请求参数不合法 | 请求体中缺少必填参数， | 请按接口文档检查 |
   |        |              |                | 或参数格式错误。       | 请求参数。       |
   +--------+--------------+----------------+------------------------+------------------+
   | 404    | DMS.00404022 | 实例不存在     | 指定的实例不存在。     | 请确认实例ID。   |
   +--------+--------------+----------------+------------------------+------------------+
   | 500    | DMS.00500000 | 服务内部错误   | 服务内部错误。         | 请联系技术支持。 |
   +--------+--------------+----------------+------------------------+------------------+
"""
HUAWEI_ZH_RST_ROWS = [
    (
        "DMS.00400001",
        400,
        "请求参数不合法",
        "请求体中缺少必填参数， 或参数格式错误。",
        "请按接口文档检查 请求参数。",
        15,
    ),
    ("DMS.00404022", 404, "实例不存在", "指定的实例不存在。", "请确认实例ID。", 18),
    ("DMS.00500000", 500, "服务内部错误", "服务内部错误。", "请联系技术支持。", 20),
]

# English Huawei Cloud page: Markdown holding an HTML table whose columns come in another
# order, with a "Module" column no Row field takes; a fenced example that shows a table
# (which is not part of the page's catalogue); escapes, entities and <br> in cells.
HUAWEI_EN_HTML = """\
# Error Codes<a name="dcs_errorcode"></a>

A failed call returns a body like this one:

```
{"error\\_code": "DCS.4001", "error\\_msg": "..."}
```

Older pages showed the table as HTML:

```html
<table><tr><th>Error Code</th><th>Message</th></tr>
<tr><td>EXAMPLE.0001</td><td>Only an example</td></tr></table>
```

<table><thead align="left"><tr><th class="cellrowborder"><p>Module</p></th>
<th class="cellrowborder"><p>Error Code</p></th>
<th class="cellrowborder"><p>Error Message</p></th>
<th class="cellrowborder"><p>Status Code</p></th>
<th class="cellrowborder"><p>Solution</p></th>
<th class="cellrowborder"><p>Description</p></th>
</tr>
</thead>
<tbody><tr><td><p>Instance</p></td>
<td><p>DCS.4001</p></td>
<td><p>Invalid instance\\_id</p></td>
<td><p>400</p></td>
<td><p>Check the ID.<br>Then try again.</p></td>
<td><p>The instance ID &lt;id&gt; is not valid.</p></td>
</tr>
<tr><td><p>Backup</p></td>
<td><p>DCS.4127</p></td>
<td><p>Backup &amp; restore in progress</p></td>
<td><p>409 Conflict</p></td>
<td><p>Wait until the task ends.</p></td>
<td><p>Another backup task is running.</p></td>
</tr>
</tbody>
</table>
"""
HUAWEI_EN_HTML_ROWS = [
    (
        "DCS.4001",
        400,
        "Invalid instance_id",
        "The instance ID <id> is not valid.",
        "Check the ID. Then try again.",
        24,
    ),
    (
        "DCS.4127",
        409,
        "Backup & restore in progress",
        "Another backup task is running.",
        "Wait until the task ends.",
        31,
    ),
]

# Chinese Tencent Cloud page of API 3.0 codes: Markdown pipe tables "错误码 | 说明", no status.
TENCENT_ZH_PIPE = """\
## 功能说明

如果返回结果中存在 `Error` 字段，则表示调用 API 接口失败。

## 错误码列表

### 公共错误码

| 错误码 | 说明 |
|---|---|
| AuthFailure.SignatureExpire | 签名过期。请同步[标准时间](https://example.com/t)。 |
| RequestLimitExceeded | 请求的次数超过了频率限制。 |

### 业务错误码

| 错误码 | 说明 |
|---|---|
| FailedOperation.QueueFull | 队列已满，请稍后重试。<br>若持续出现，请联系客服。 |
| ResourceNotFound.`QueueId` | 队列 `QueueId` 不存在。 |
"""
TENCENT_ZH_PIPE_ROWS = [
    (
        "AuthFailure.SignatureExpire",
        None,
        "",
        "签名过期。请同步标准时间。",
        "",
        11,
    ),
    ("RequestLimitExceeded", None, "", "请求的次数超过了频率限制。", "", 12),
    (
        "FailedOperation.QueueFull",
        None,
        "",
        "队列已满，请稍后重试。 若持续出现，请联系客服。",
        "",
        18,
    ),
    ("ResourceNotFound.QueueId", None, "", "队列 QueueId 不存在。", "", 19),
]

# Chinese Tencent Cloud page in plain-text rows, the status header written "HTTP 状态码".
TENCENT_ZH_TEXT_ROWS = """\
错误码

最近更新时间：2019-06-11 10:20:30

请求出错时，返回的 HTTP 状态码和 Body 如下：

    "errorcode" : "<ErrorCode>",
    "errormessage" : "<ErrorMessage>"

HTTP 状态码 错误码 错误信息
400 InvalidParam 缺少必需参数，或参数不合法
401 Unauthorized 鉴权失败
404 QueueNotExist 指定的队列不存在
500 InternalError 内部错误
"""
TENCENT_ZH_TEXT_ROWS_ROWS = [
    ("InvalidParam", 400, "缺少必需参数，或参数不合法", "", "", 11),
    ("Unauthorized", 401, "鉴权失败", "", "", 12),
    ("QueueNotExist", 404, "指定的队列不存在", "", "", 13),
    ("InternalError", 500, "内部错误", "", "", 14),
]

# English Tencent Cloud page of API 3.0 codes laid out as plain text: no status column.
TENCENT_EN_TEXT_NO_STATUS = """\
Error Codes

Last updated: 2021-03-02 11:00:00

Feature Description

If there is an Error field in the response, the API call failed.

Error Code List

Common Error Codes

Error Code Description
AuthFailure.SecretIdNotFound The key does not exist. Check it in the console.
InternalError Internal error.
UnsupportedOperation Operation unsupported.

Service Error Codes

Error Code Description
FailedOperation.TopicClosed The topic is closed.
LimitExceeded.Logset The number of logsets exceeds the limit.
"""
TENCENT_EN_TEXT_NO_STATUS_ROWS = [
    (
        "AuthFailure.SecretIdNotFound",
        None,
        "",
        "The key does not exist. Check it in the console.",
        "",
        14,
    ),
    ("InternalError", None, "", "Internal error.", "", 15),
    ("UnsupportedOperation", None, "", "Operation unsupported.", "", 16),
    ("FailedOperation.TopicClosed", None, "", "The topic is closed.", "", 21),
    ("LimitExceeded.Logset", None, "", "The number of logsets exceeds the limit.", "", 22),
]

# The same layout in Chinese, and an English one naming the message column.
TENCENT_ZH_TEXT_NO_STATUS = """\
公共错误码

错误码 说明
AuthFailure.SignatureFailure 签名错误。签名计算错误，请检查签名计算过程。
ResourceInUse 资源被占用。
"""
TENCENT_ZH_TEXT_NO_STATUS_ROWS = [
    (
        "AuthFailure.SignatureFailure",
        None,
        "",
        "签名错误。签名计算错误，请检查签名计算过程。",
        "",
        4,
    ),
    ("ResourceInUse", None, "", "资源被占用。", "", 5),
]
TENCENT_EN_TEXT_MESSAGE = """\
Error Code Error Message
NoSuchBucket The specified bucket does not exist
INVALID_ARGUMENT Invalid argument
"""
TENCENT_EN_TEXT_MESSAGE_ROWS = [
    ("NoSuchBucket", None, "The specified bucket does not exist", "", "", 2),
    ("INVALID_ARGUMENT", None, "Invalid argument", "", "", 3),
]

# Open Telekom Cloud style plain text with a first column named "Module", which no Row field
# takes: the row under the header shows it is a column of its own.
OTC_TEXT_MODULE = """\
Error Codes

Module HTTP Status Code Error Code Error Message
VPC 400 VPC.0001 Invalid parameter
EIP 404 VPC.0504 The EIP does not exist
"""
OTC_TEXT_MODULE_ROWS = [
    ("VPC.0001", 400, "Invalid parameter", "", "", 4),
    ("VPC.0504", 404, "The EIP does not exist", "", "", 5),
]
MODULE_NO_STATUS = """\
Module Error Code Description
Queue CMQ.QueueNotFound The queue does not exist.
"""
MODULE_NO_STATUS_ROWS = [("CMQ.QueueNotFound", None, "", "The queue does not exist.", "", 2)]

# Chinese Tencent Cloud API 2.0 page: numeric codes, error type and description run together.
TENCENT_ZH_NUMERIC = """\
错误码

1. 公共错误码

    错误代码 错误类型 描述
    4000 请求参数非法 缺少必需参数，或者参数值格式不正确。
    4100 鉴权失败 签名鉴权失败，请参考文档中鉴权部分。
    6200 API 暂时不可用 API 正在维护，请稍后再试。

2. 模块错误码
"""
TENCENT_ZH_NUMERIC_ROWS = [
    ("4000", None, "请求参数非法", "缺少必需参数，或者参数值格式不正确。", "", 6),
    ("4100", None, "鉴权失败", "签名鉴权失败，请参考文档中鉴权部分。", "", 7),
    ("6200", None, "API 暂时不可用", "API 正在维护，请稍后再试。", "", 8),
]

PAGES = {
    "huawei-zh.rst": (HUAWEI_ZH_RST, "rst-grid", HUAWEI_ZH_RST_ROWS),
    "huawei-en.md": (HUAWEI_EN_HTML, "html-table", HUAWEI_EN_HTML_ROWS),
    "tencent-zh-api3.md": (TENCENT_ZH_PIPE, "md-pipe", TENCENT_ZH_PIPE_ROWS),
    "tencent-zh-rows.txt": (TENCENT_ZH_TEXT_ROWS, "text-rows", TENCENT_ZH_TEXT_ROWS_ROWS),
    "tencent-en-api3.txt": (
        TENCENT_EN_TEXT_NO_STATUS,
        "text-rows",
        TENCENT_EN_TEXT_NO_STATUS_ROWS,
    ),
    "tencent-zh-api3.txt": (
        TENCENT_ZH_TEXT_NO_STATUS,
        "text-rows",
        TENCENT_ZH_TEXT_NO_STATUS_ROWS,
    ),
    "tencent-en-message.txt": (
        TENCENT_EN_TEXT_MESSAGE,
        "text-rows",
        TENCENT_EN_TEXT_MESSAGE_ROWS,
    ),
    "otc-module.txt": (OTC_TEXT_MODULE, "text-rows", OTC_TEXT_MODULE_ROWS),
    "module-no-status.txt": (MODULE_NO_STATUS, "text-rows", MODULE_NO_STATUS_ROWS),
    "tencent-zh-api2.txt": (TENCENT_ZH_NUMERIC, "text-numeric", TENCENT_ZH_NUMERIC_ROWS),
}

# How a page may be saved: as written, with Windows line endings, with a BOM (and Windows
# line endings, as Windows editors save it), and with no newline after the last line.
VARIANTS = {
    "as-written": lambda text: text.encode("utf-8"),
    "crlf": lambda text: text.replace("\n", "\r\n").encode("utf-8"),
    "bom": lambda text: b"\xef\xbb\xbf" + text.encode("utf-8"),
    "bom-crlf": lambda text: b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"),
    "no-final-newline": lambda text: text.rstrip("\n").encode("utf-8"),
    "crlf-no-final-newline": lambda text: text.rstrip("\n").replace("\n", "\r\n").encode("utf-8"),
}


@pytest.mark.parametrize("variant", sorted(VARIANTS))
@pytest.mark.parametrize("name", sorted(PAGES))
def test_unseen_page_reads_every_row(tmp_path, name, variant):
    text, _, expected = PAGES[name]
    path = tmp_path / name
    path.write_bytes(VARIANTS[variant](text))
    rows = read_document(path)
    assert [
        (row.code, row.http_status, row.message, row.description, row.solution, row.line)
        for row in rows
    ] == expected
    assert {row.path for row in rows} == {str(path)}


@pytest.mark.parametrize("name", sorted(PAGES))
def test_unseen_page_format_is_detected(name):
    text, expected_format, _ = PAGES[name]
    assert detect_format(text, name) == expected_format


@pytest.mark.parametrize("name", sorted(PAGES))
def test_auto_reads_as_the_named_format(tmp_path, name):
    text, expected_format, _ = PAGES[name]
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    assert read_document(path) == read_document(path, expected_format)
