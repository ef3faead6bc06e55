"""Reading an HTTP response: is it an error, in which dialect, with which code and message.

Works on `requests.Response`, `httpx.Response` and anything with `status_code`, `headers`,
`content` and `url`. The error path is one `json.loads` and a walk over a few dict keys; what the
user may never ask for (request id, module code, body) is computed on first access.
"""

from __future__ import annotations

import json
from typing import Any

from clouderrors import _errors
from clouderrors._errors import CloudAPIError, new_error
from clouderrors._lookup import BY_CODE, class_for

# An error body is parsed up to this size; a streamed one is read up to it.
MAX_ERROR_BODY = 1 << 20
# A success (< 400) body is looked at only up to this size: error envelopes are small.
MAX_ENVELOPE = 64 << 10
# Text shown as the message of an error whose body is not a JSON error.
_PREVIEW = 300

# Dialects: who speaks them tells the vendor when nothing else does.
OTHER, HUAWEI, TENCENT3, TENCENT2, TENCENT_CLS = range(5)
_DIALECT_VENDORS = {HUAWEI: "huaweicloud", TENCENT3: "tencentcloud", TENCENT2: "tencentcloud"}
_DIALECT_VENDORS[TENCENT_CLS] = "tencentcloud"
TENCENT2_SERVICE = "tencentcloud.common"

# Keys that hold the code / the message / the request id, in order of preference, across the
# dialects (Huawei flat, camelCase, mixed, errCode; CLS lowercase; OpenStack-style code/message).
_CODE_KEYS = ("error_code", "errorCode", "code", "errorcode", "errCode", "Code")
_MESSAGE_KEYS = (
    "error_msg",
    "error_message",
    "errorMessage",
    "errorMsg",
    "message",
    "errormessage",
    "errormsg",
    "externalMessage",
    "Message",
    "details",
)
_REQUEST_ID_KEYS = ("request_id", "requestId", "RequestId", "requestid", "X-Request-Id")
_REQUEST_ID_HEADERS = ("X-Request-Id", "X-TC-RequestId", "X-Cls-Requestid")

_MISSING: Any = object()
_ENVELOPE_MARK = b'ode"'


def _first(obj: dict[str, Any], keys: tuple[str, ...]) -> Any:
    for key in keys:
        value = obj.get(key, _MISSING)
        if value is not _MISSING:
            return value
    return None


def _code_text(value: Any) -> str | None:
    """A code as text: strings stripped (codes come with trailing spaces), integers in decimal;
    anything else (null, a float, a list...) is no code."""
    if value.__class__ is str:
        return value.strip() or None
    if isinstance(value, int) and not isinstance(value, bool):
        try:
            return str(value)
        except ValueError:  # beyond the int-to-str digit limit
            return None
    return None


def _message_text(value: Any) -> str | None:
    if value.__class__ is str:
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return repr(value)
    return None


def _is_tencent2_code(value: Any) -> bool:
    if value.__class__ is int:
        return True
    if value.__class__ is str:
        return value.lstrip("-").isdigit()
    return False


def _walk(doc: dict[str, Any]) -> tuple[Any, Any, dict[str, Any] | None, int]:
    """(code, message, the dict holding them, dialect) of a JSON object; code None if none."""
    # Huawei flat, the most common: {"error_code": ..., "error_msg": ...}
    if "error_code" in doc:
        message = doc.get("error_msg", _MISSING)
        if message is _MISSING:
            message = _first(doc, _MESSAGE_KEYS)
        return doc["error_code"], message, doc, HUAWEI
    response = doc.get("Response")
    if response.__class__ is dict:
        error = response.get("Error")
        if error.__class__ is dict:
            return error.get("Code"), error.get("Message"), error, TENCENT3
        return None, None, None, TENCENT3
    error = doc.get("error")
    if error.__class__ is dict:
        return _first(error, _CODE_KEYS), _first(error, _MESSAGE_KEYS), error, HUAWEI
    if "code" in doc:
        code = doc["code"]
        message = doc.get("message")
        if message.__class__ is dict:  # {"http_code": "403", "message": {"code", "details"}}
            return _first(message, _CODE_KEYS), _first(message, _MESSAGE_KEYS), message, OTHER
        if _is_tencent2_code(code) and (message.__class__ is str or "codeDesc" in doc):
            return code, message, doc, TENCENT2
        return code, message, doc, OTHER
    message = doc.get("message")
    if message.__class__ is dict:  # {"message": {"code": "LTS.0751", "details": ...}}
        return _first(message, _CODE_KEYS), _first(message, _MESSAGE_KEYS), message, HUAWEI
    for key in ("errorCode", "errCode"):
        if key in doc:
            return doc[key], _first(doc, _MESSAGE_KEYS), doc, HUAWEI
    if "errorcode" in doc:
        dialect = TENCENT_CLS if "errormessage" in doc else OTHER
        return doc["errorcode"], _first(doc, _MESSAGE_KEYS), doc, dialect
    # A wrapper around the error: OpenStack faults {"itemNotFound": {...}}, or any other key.
    if len(doc) <= 8:
        for value in doc.values():
            if value.__class__ is dict and ("code" in value or "error_code" in value):
                return _first(value, _CODE_KEYS), _first(value, _MESSAGE_KEYS), value, OTHER
    if "error" in doc or "message" in doc or "error_msg" in doc:
        # An error without a code: {"error": "..."} or {"message": "..."}
        text = _first(doc, ("message", "error_msg", "error"))
        return None, text, doc, OTHER
    return None, None, None, OTHER


def _body_for_error(response: Any) -> bytes:
    """The body of a >= 400 response: what was read, else at most MAX_ERROR_BODY of the stream.
    b"" when it cannot be read (a broken stream, a body that does not decode)."""
    content = getattr(response, "_content", None)
    if content.__class__ is bytes:
        return content
    if content is None and not hasattr(response, "iter_bytes"):
        try:
            content = response.content
        except Exception:
            return b""
        return content if isinstance(content, bytes) else b""
    # Not read yet (requests with stream=True; an httpx stream): read a bounded prefix only.
    chunks = getattr(response, "iter_content", None) or getattr(response, "iter_bytes", None)
    if chunks is None:
        return b""
    parts: list[bytes] = []
    size = 0
    try:
        for chunk in chunks(MAX_ERROR_BODY):
            parts.append(chunk)
            size += len(chunk)
            if size >= MAX_ERROR_BODY:
                return b"".join(parts)
    except Exception:  # a broken stream, a body that does not decode: what was read
        return b"".join(parts)
    data = b"".join(parts)
    # Read to the end: keep it where requests and httpx keep a read body, so the caller (and
    # a second look) can still see it; the stream itself is consumed now.
    try:
        response._content = data
    except Exception:
        pass
    return data


def _envelope_candidate(response: Any) -> bytes | None:
    """The body of a < 400 response if it can hold a Tencent error envelope, else None.

    Decided from what was already read, its size and one search: an envelope is an error only
    with a code (3.0 `"Code"`, 2.0 `"code"`), so a body without `ode"` holds none. A large or
    unread success body is never parsed (nor read).
    """
    try:
        content = response._content
    except AttributeError:  # not requests; httpx before reading; a stand-in
        content = None
        if not hasattr(response, "iter_bytes"):
            try:
                content = response.content
            except Exception:
                return None
    if content.__class__ is not bytes or len(content) > MAX_ENVELOPE:
        return None
    if content.find(_ENVELOPE_MARK) < 0:
        return None
    return content


# json.loads(bytes) guesses the encoding in Python code first; bodies are UTF-8 almost always, so
# decode that directly (as json.loads would: surrogatepass) and fall back for BOMs, UTF-16, UTF-32.
_decode = json.JSONDecoder().decode
_UTF8_BOM = b"\xef\xbb\xbf"


def _parse_other_encoding(content: bytes) -> Any:
    """A body that is not plain UTF-8 JSON, read as json.loads reads bytes; _MISSING if not JSON."""
    if content.startswith(_UTF8_BOM) or b"\x00" in content[:4]:
        try:
            return json.loads(content)
        except (ValueError, RecursionError):
            pass
    return _MISSING


def error_from_response(response: Any, *, service: str | None = None) -> CloudAPIError | None:
    """The exception a response stands for, or None when it is no error.

    Status >= 400 is always an error (its class from the body's code, else from the status);
    below 400 only a Tencent error envelope in the body is (API 3.0 `Response.Error`, API 2.0 a
    non-zero `code`).
    """
    return _error(response, service)


def _error(response: Any, service: str | None) -> CloudAPIError | None:
    status = response.status_code
    if status < 400:
        content = _envelope_candidate(response)
        if content is None:
            return None
        return _envelope_error(response, status, content, service)
    try:
        content = response._content
    except AttributeError:
        content = None
    if content.__class__ is not bytes:
        content = _body_for_error(response)
    doc: Any = _MISSING
    if len(content) <= MAX_ERROR_BODY:
        try:
            doc = _decode(content.decode("utf-8", "surrogatepass"))
        except (ValueError, RecursionError):  # not JSON, bad UTF-8, too deep, a huge integer
            doc = _parse_other_encoding(content)
    if doc.__class__ is dict:
        # Huawei's flat dialect inline (the most common body), the others in _walk.
        if "error_code" in doc:
            raw_code = doc["error_code"]
            raw_message = doc.get("error_msg", _MISSING)
            if raw_message is _MISSING:
                raw_message = _first(doc, _MESSAGE_KEYS)
            holder: dict[str, Any] | None = doc
            dialect = HUAWEI
        else:
            raw_code, raw_message, holder, dialect = _walk(doc)
    elif doc.__class__ is list and doc and doc[0].__class__ is dict:
        # A list of errors, as the SWR page documents: the first one speaks for the response.
        raw_code, raw_message, holder, dialect = _walk(doc[0])
    else:
        return _text_error(response, status, content, doc, service)
    if holder is None:
        return _text_error(response, status, content, doc, service)
    if raw_code.__class__ is str:
        code = raw_code.strip() or None
    else:
        code = _code_text(raw_code)
    message = raw_message if raw_message.__class__ is str else _message_text(raw_message)
    cls = BY_CODE.get(code) if service is None and code is not None else None
    if cls is None:
        if service is None and dialect == TENCENT2:
            service = TENCENT2_SERVICE
        cls = class_for(service, code, status, _DIALECT_VENDORS.get(dialect), _url_of(response))
    # new_error, inline: this is the path every error takes.
    error = cls.__new__(cls)
    if code != cls.code:
        error.code = code
    error._p = (response, status, message, doc, holder, dialect)
    return error


def _envelope_error(
    response: Any, status: int, content: bytes, service: str | None
) -> CloudAPIError | None:
    try:
        doc = _decode(content.decode("utf-8", "surrogatepass"))
    except (ValueError, RecursionError):
        doc = _parse_other_encoding(content)
    if doc.__class__ is not dict:
        return None
    envelope = doc.get("Response")
    if envelope.__class__ is dict:
        error = envelope.get("Error")
        if error.__class__ is not dict:
            return None
        code = _code_text(error.get("Code"))
        if code is None:  # {"Error": {"Code": ""}} rides along some successful answers
            return None
        message = _message_text(error.get("Message"))
        cls = class_for(service, code, status, "tencentcloud", _url_of(response))
        return new_error(cls, code, (response, status, message, doc, error, TENCENT3))
    raw_code = doc.get("code")
    if "message" not in doc or not _is_tencent2_code(raw_code):
        return None
    code = _code_text(raw_code)
    if code is None or code.lstrip("-").strip("0") == "":  # 0 is success
        return None
    message = _message_text(doc.get("message"))
    cls = class_for(service or TENCENT2_SERVICE, code, status, "tencentcloud", None)
    return new_error(cls, code, (response, status, message, doc, doc, TENCENT2))


def _text_error(
    response: Any, status: int, content: bytes, doc: Any, service: str | None
) -> CloudAPIError:
    """An error whose body is no JSON error object (an HTML proxy page, an empty body, a JSON
    string): the class from the status, the message from the start of the body."""
    if doc.__class__ is str and doc.strip():
        message: str | None = doc[:_PREVIEW]
    else:
        text = content[:_PREVIEW].decode("utf-8", "replace")
        message = " ".join(text.split()) or _reason(response)
    cls = class_for(service, None, status, None, _url_of(response))
    return new_error(cls, None, (response, status, message, None, None, OTHER))


def _reason(response: Any) -> str | None:
    for name in ("reason", "reason_phrase"):
        try:
            value = getattr(response, name, None)
        except Exception:
            value = None
        if isinstance(value, bytes):
            value = value.decode("latin-1")
        if isinstance(value, str) and value:
            return value
    return None


def _url_of(response: Any) -> object:
    try:
        return getattr(response, "url", None)
    except Exception:
        return None


def raise_for_error(response: Any, *, service: str | None = None) -> None:
    """Raise the clouderrors exception a response stands for; return None when it is no error.

    `service` (a service id such as "huaweicloud.lts") says which service answered when the
    body's code and the URL do not.
    """
    if response.status_code < 400:
        # The common case decided here, without a call: a read success body that cannot hold an
        # error envelope (too large, or without the code key every error envelope has).
        try:
            content = response._content
        except AttributeError:
            content = None
        if content.__class__ is bytes and (
            len(content) > MAX_ENVELOPE or content.find(_ENVELOPE_MARK) < 0
        ):
            return
    # Raised from a list, not a local variable: a local would tie the exception to this frame
    # through its traceback, a cycle only the garbage collector frees.
    found: list[CloudAPIError | None] = [_error(response, service)]
    if found[0] is not None:
        raise found.pop()  # type: ignore[misc]


def response_hook(response: Any, *args: Any, service: str | None = None, **kwargs: Any) -> None:
    """A requests response hook: `session.hooks["response"].append(clouderrors.response_hook)`.

    requests calls hooks before it reads the body; unless the request was made with
    stream=True, the body is read here (as requests would right after), so errors inside HTTP
    200 answers are seen too.
    """
    if not kwargs.get("stream", False) and response.status_code < 400:
        response.content  # noqa: B018 - reads the body now, as requests does after its hooks
    error = error_from_response(response, service=service)
    if error is not None:
        raise error


# Lazily computed attributes of errors built from a response.


def _parsed(error: CloudAPIError) -> tuple[Any, int | None, str | None, Any, Any, int] | None:
    parsed: tuple[Any, int | None, str | None, Any, Any, int] | None = error.__dict__.get("_p")
    return parsed


def _request_id(error: CloudAPIError) -> str | None:
    parsed = _parsed(error)
    if parsed is not None:
        _, _, _, doc, holder, _ = parsed
        places = [holder, doc[0] if doc.__class__ is list else doc]
        envelope = doc.get("Response") if doc.__class__ is dict else None
        if envelope.__class__ is dict:
            places.insert(0, envelope)
        for place in places:
            if place.__class__ is dict:
                value = _first(place, _REQUEST_ID_KEYS)
                if value.__class__ is str:
                    return value
                if isinstance(value, int) and not isinstance(value, bool):
                    return str(value)
    headers = getattr(error.response, "headers", None)
    if headers is None:
        return None
    for name in _REQUEST_ID_HEADERS:
        value = headers.get(name)
        if value is not None:
            return str(value)
    if isinstance(headers, dict):  # a plain dict is case-sensitive
        lowered = {str(key).lower(): value for key, value in headers.items()}
        for name in _REQUEST_ID_HEADERS:
            value = lowered.get(name.lower())
            if value is not None:
                return str(value)
    return None


def _module_code(error: CloudAPIError) -> str | None:
    """The module error number of an API 2.0 message: "(100004) incorrect projectId" or
    "20108:Channel is not in an editable status"."""
    parsed = _parsed(error)
    if parsed is None or parsed[5] != TENCENT2:
        return None
    message = error.message
    if not isinstance(message, str):
        return None
    text = message.lstrip()
    if text.startswith("("):
        number, closed, _ = text[1:].partition(")")
    else:
        number, closed, _ = text.partition(":")
    number = number.strip()
    if closed and number.lstrip("-").isdigit():
        return number
    return None


_errors._LAZY.update(request_id=_request_id, module_code=_module_code)
