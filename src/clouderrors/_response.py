"""Reading an HTTP response: is it an error, in which dialect, with which code and message.

Works on `requests.Response`, `httpx.Response` and anything with `status_code`, `headers`,
`content` and `url`. The error path is one JSON decode, the dialect table below and one cached
class lookup; what the user may never ask for (request id, module code, retry_after...) is
computed on first access (see `_errors.Parsed`).
"""

from __future__ import annotations

import importlib
import json
import json.scanner
import operator
import sys
from collections.abc import Callable, Coroutine
from typing import Any

from clouderrors._errors import CloudAPIError, new_error
from clouderrors._lookup import (
    CLASSES,
    URL_ORIGINS,
    class_of,
    origin_of,
    origin_of_service,
)
from clouderrors._vendors import BY_ID, DIALECT_VENDORS, Dialect

# An error body is parsed up to this size; a streamed one is read up to it.
MAX_ERROR_BODY = 1 << 20
# A success (< 400) body is looked at only up to this size: error envelopes are small.
MAX_ENVELOPE = 64 << 10
# Text shown as the message of an error whose body is not a JSON error.
_PREVIEW = 300

_MISSING: Any = object()
# The default of _error's `doc`: the body is not decoded yet.
_UNREAD: Any = object()

# Keys that hold the code / the message, in order of preference, where a dialect names no one key.
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


def _first(obj: dict[str, Any], keys: tuple[str, ...]) -> Any:
    for key in keys:
        value = obj.get(key, _MISSING)
        if value is not _MISSING:
            return value
    return None


# One parser per dialect: the decoded JSON object -> (code, message, the dict holding them) as
# they are in the body (any JSON type), or None when the object is not in that dialect.

Found = tuple[Any, Any, dict[str, Any]]


def _huawei(doc: dict[str, Any]) -> Found | None:
    if "error_code" not in doc:
        return None
    if "error_msg" in doc:
        return doc["error_code"], doc["error_msg"], doc
    return doc["error_code"], _first(doc, _MESSAGE_KEYS), doc


def _tencent3(doc: dict[str, Any]) -> Found | None:
    envelope = doc.get("Response")
    if envelope.__class__ is not dict:
        return None
    error = envelope.get("Error")
    if error.__class__ is not dict:
        return None
    return error.get("Code"), error.get("Message"), error


def _huawei_nested(doc: dict[str, Any]) -> Found | None:
    error = doc.get("error")
    if error.__class__ is not dict:
        return None
    return _first(error, _CODE_KEYS), _first(error, _MESSAGE_KEYS), error


def _tencent2(doc: dict[str, Any]) -> Found | None:
    code = doc.get("code")
    # A number, or a string of ASCII digits: 4000, "5100", -1 (not "٤٠٠٠": isdigit alone takes it).
    if code.__class__ is not int and (
        code.__class__ is not str
        or not (digits := code.lstrip("-")).isascii()
        or not digits.isdigit()
    ):
        return None
    message = doc.get("message")
    if message.__class__ is str or ("codeDesc" in doc and message.__class__ is not dict):
        return code, message, doc
    return None


def _huawei_message(doc: dict[str, Any]) -> Found | None:
    message = doc.get("message")
    if message.__class__ is not dict:
        return None
    return _first(message, _CODE_KEYS), _first(message, _MESSAGE_KEYS), message


def _huawei_camel(doc: dict[str, Any]) -> Found | None:
    for key in ("errorCode", "errCode"):
        if key in doc:
            return doc[key], _first(doc, _MESSAGE_KEYS), doc
    return None


def _tencent_cls(doc: dict[str, Any]) -> Found | None:
    if "errorcode" not in doc or "errormessage" not in doc:
        return None
    return doc["errorcode"], _first(doc, _MESSAGE_KEYS), doc


def _generic(doc: dict[str, Any]) -> Found | None:
    for key in _CODE_KEYS:
        if key in doc:
            return doc[key], _first(doc, _MESSAGE_KEYS), doc
    return None


def _wrapped(doc: dict[str, Any]) -> Found | None:
    if len(doc) > 8:  # a wrapper holds little else; a large object is data, not an error
        return None
    for value in doc.values():
        if value.__class__ is dict and ("code" in value or "error_code" in value):
            return _first(value, _CODE_KEYS), _first(value, _MESSAGE_KEYS), value
    return None


def _uncoded(doc: dict[str, Any]) -> Found | None:
    if "error" in doc or "message" in doc or "error_msg" in doc:
        return None, _first(doc, ("message", "error_msg", "error")), doc
    return None


def _s3_xml(doc: dict[str, Any]) -> Found | None:
    # What _read_xml_error made of <Error><Code>..</Code><Message>..</Message>...</Error>.
    error = doc.get("Error")
    if error.__class__ is not dict:
        return None
    return error.get("Code"), error.get("Message"), error


class DialectParser:
    """One row of the dialect table."""

    __slots__ = ("dialect", "number_key", "own_key", "parse", "service", "success_mark", "xml")

    def __init__(
        self,
        dialect: Dialect,
        parse: Callable[[dict[str, Any]], Found | None],
        *,
        success_mark: bytes | None = None,
        own_key: str | None = None,
        service: str | None = None,
        xml: bool = False,
        number_key: str | None = None,
    ) -> None:
        self.dialect = dialect
        self.parse = parse
        # Set for the envelopes an answer below 400 can carry (Tencent answers errors with HTTP
        # 200): a key every such envelope has, which the success screen looks for first.
        self.success_mark = success_mark
        # For an envelope whose shape many APIs share ({"code": 200, "message": "OK"}): below
        # 400 it is an error only with its vendor in view (host, service=) or with this key of
        # its own in the body.
        self.own_key = own_key
        # The service whose codes the dialect carries when nothing else names one.
        self.service = service
        # True for a dialect of XML bodies (read by _read_xml_error), False for JSON.
        self.xml = xml
        # A key whose value the parser takes only as an int: orjson reads an integer beyond 64
        # bits as a float, so a float there sends the body to the exact decoder (see _error).
        self.number_key = number_key


# The dialects in the order they are tried: the most common first, each vendor's own shapes
# before the shapes no vendor owns. Only the dialects of the vendor that the URL or `service=`
# names are tried (all when neither names one): see _tables.
DIALECTS: tuple[DialectParser, ...] = (
    DialectParser(Dialect.HUAWEI, _huawei),
    # An envelope without "Code" is no error (see _error), so its key is what the screen seeks.
    DialectParser(Dialect.TENCENT3, _tencent3, success_mark=b'"Code"'),
    DialectParser(Dialect.HUAWEI_NESTED, _huawei_nested),
    # API 2.0 common codes (4000, 5100, ...) are answered by every API 2.0 module.
    DialectParser(
        Dialect.TENCENT2,
        _tencent2,
        success_mark=b'"code"',
        own_key="codeDesc",
        service="tencentcloud.common",
        number_key="code",
    ),
    DialectParser(Dialect.HUAWEI_MESSAGE, _huawei_message),
    DialectParser(Dialect.HUAWEI_CAMEL, _huawei_camel),
    DialectParser(Dialect.TENCENT_CLS, _tencent_cls),
    DialectParser(Dialect.GENERIC, _generic),
    DialectParser(Dialect.WRAPPED, _wrapped),
    DialectParser(Dialect.UNCODED, _uncoded),
    # Object storage (Huawei OBS, Tencent COS: S3-compatible) answers errors in XML.
    DialectParser(Dialect.S3_XML, _s3_xml, xml=True),
)

# What the raise path loops over: (dialect, parser, its vendor id or None, default service, the
# number key of this row or of a row tried before it, the dialect's place in DIALECTS: what the
# class cache knows it by, see _lookup.class_of).
_Row = tuple[
    Dialect, Callable[[dict[str, Any]], Found | None], str | None, str | None, str | None, int
]


def _with_own_key(
    parse: Callable[[dict[str, Any]], Found | None], key: str
) -> Callable[[dict[str, Any]], Found | None]:
    def parse_if_own_key(doc: dict[str, Any]) -> Found | None:
        return parse(doc) if key in doc else None

    return parse_if_own_key


def _tables(below_400: bool, xml: bool = False) -> dict[str | None, tuple[_Row, ...]]:
    """Vendor id (None: unknown, or any vendor of the records) -> the dialects to try for it,
    in table order."""
    tables: dict[str | None, tuple[_Row, ...]] = {}
    for vendor_id in (None, *BY_ID):
        rows: list[_Row] = []
        for number, entry in enumerate(DIALECTS):
            if (below_400 and entry.success_mark is None) or entry.xml != xml:
                continue
            owner = DIALECT_VENDORS.get(entry.dialect)
            owner_id = owner.id if owner is not None else None
            if vendor_id is None or owner_id is None or owner_id == vendor_id:
                parse = entry.parse
                if below_400 and vendor_id is None and entry.own_key is not None:
                    parse = _with_own_key(parse, entry.own_key)
                # The number key of this row or of one before it (see _error).
                number_key = entry.number_key or (rows[-1][4] if rows else None)
                rows.append((entry.dialect, parse, owner_id, entry.service, number_key, number))
        # A vendor none of whose dialects fits the table tries them all, as an unknown one does.
        tables[vendor_id] = tuple(rows) or tables[None]
    return tables


_ERROR_TABLES = _tables(below_400=False)
_ENVELOPE_TABLES = _tables(below_400=True)
_XML_TABLES = _tables(below_400=False, xml=True)
# The one number key of the table (a second would need a look of its own in _error).
(_NUMBER_KEY,) = {entry.number_key for entry in DIALECTS if entry.number_key}
# The success screen (_may_hold_envelope): a success body is lowered (bytes.lower, one C pass) and
# searched once for the envelope marks, which lower to one ('"Code"' and '"code"' both read
# '"code"'; "RegionCode" and "ZoneCode" hold no '"code"'). What can hide a mark from that search:
# a key written with escapes ("C\u006fde": a backslash) and a body in UTF-16 or UTF-32 (json
# reads both: their ASCII characters come with NUL bytes). Each is one memchr (`int in bytes`);
# only a body holding either is looked at again (_mark_may_hide): most success bodies hold none.
(_SCREEN_MARK,) = {entry.success_mark.lower() for entry in DIALECTS if entry.success_mark}
_BACKSLASH = 0x5C
_NUL = 0
_ESCAPE = b"\\u"


def _mark_may_hide(content: bytes) -> bool:
    """True when a body (holding a backslash or a NUL) may hold a mark as no plain search finds
    it: a \\u escape, or a NUL (UTF-16/32 text)."""
    return _NUL in content or _ESCAPE in content


def _may_hold_envelope(content: bytes) -> bool:
    """False when a success body (of at most MAX_ENVELOPE bytes) cannot hold an error envelope:
    no mark is in it, as bytes or written otherwise. raise_for_error runs the same screen inline
    (it is every success's path)."""
    return bool(content.lower().partition(_SCREEN_MARK)[1]) or (
        (_BACKSLASH in content or _NUL in content) and _mark_may_hide(content)
    )


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


# Decoding: the result is always what json.loads(content) gives (or _MISSING where it raises).
# The pure-Python layers of json.loads are skipped: UTF-8 (almost every body) goes straight to the
# C scanner, and orjson, when installed, reads the bytes first.

# The C scanner that json.JSONDecoder.decode wraps in Python (and checks what follows the value).
_make_scanner: Any = json.scanner.make_scanner  # typeshed types it as a class, not a factory
_scan: Callable[[str, int], tuple[Any, int]] = _make_scanner(json.JSONDecoder())
_JSON_SPACE = " \t\n\r"
_UTF8_BOM = b"\xef\xbb\xbf"
# The byte-order marks the decoders read (UTF-8, UTF-16 and UTF-32 start with these).
_BYTE_ORDER_MARKS = (_UTF8_BOM, b"\xff\xfe", b"\xfe\xff")


def _find_orjson() -> Callable[[bytes], Any] | None:
    """orjson.loads when orjson is installed (the optional extra `clouderrors[fast]`)."""
    try:
        module = importlib.import_module("orjson")
    except ImportError:
        return None
    loads: Callable[[bytes], Any] = module.loads
    return loads


# Importing orjson costs several milliseconds, more than all of clouderrors: a program that meets
# a few errors never pays it. orjson is used at once when the program imported it already, else
# from the 65th body on (when the program shows it decodes many).
_ORJSON_AFTER = 64
_orjson_loads: Callable[[bytes], Any] | None = None
_until_orjson = _ORJSON_AFTER
if "orjson" in sys.modules:
    _orjson_loads, _until_orjson = _find_orjson(), 0
# orjson reads integers beyond 64 bits as floats where json keeps them exact: a body with a run of
# 19 digits is left to the standard library. Digits become b"0", all else a space, to look for it.
_DIGITS_ONLY = b" " * 0x30 + b"0" * 10 + b" " * (256 - 0x3A)
_LONG_NUMBER = b"0" * 19


def use_orjson(enabled: bool) -> bool:
    """Turn the orjson fast path on now or off for good (for comparisons); True when it is on."""
    global _orjson_loads, _until_orjson
    _orjson_loads = _find_orjson() if enabled else None
    _until_orjson = 0
    return _orjson_loads is not None


def _count_toward_orjson() -> None:
    global _orjson_loads, _until_orjson
    _until_orjson -= 1
    if _until_orjson <= 0:
        _until_orjson = 0
        _orjson_loads = _find_orjson()


def _decode(content: bytes) -> Any:
    """The JSON value of a body as json.loads(content) reads it, or _MISSING when it is no JSON
    (nor too deep, nor a number beyond the int digit limit). The raise path calls orjson itself
    when it is on (see _error)."""
    fast = _orjson_loads
    if fast is not None:
        if content.translate(_DIGITS_ONLY).find(_LONG_NUMBER) < 0:
            try:
                return fast(content)
            except ValueError:  # NaN, lone surrogates, a BOM, deep nesting...: the stdlib decides
                pass
    elif _until_orjson:
        _count_toward_orjson()
    try:
        # Strict UTF-8 is the quickest decode; what it rejects json.loads reads with
        # "surrogatepass" (lone surrogates written as UTF-8).
        try:
            text = content.decode()
        except UnicodeDecodeError:
            text = content.decode("utf-8", "surrogatepass")
        try:
            value, end = _scan(text, 0)
        except StopIteration:  # leading whitespace, or no JSON value at all
            start = len(text) - len(text.lstrip(_JSON_SPACE))
            if start == 0 or start == len(text):
                return _parse_other_encoding(content)
            value, end = _scan(text, start)
    except (ValueError, RecursionError, StopIteration):
        return _parse_other_encoding(content)
    if end != len(text) and text[end:].strip(_JSON_SPACE):
        # More than one JSON value, or a text in UTF-16/32 whose first character read as UTF-8
        # (b'0\x00' is "0" in UTF-16-LE): json.loads's own reading decides.
        return _parse_other_encoding(content)
    return value


def _parse_other_encoding(content: bytes) -> Any:
    """A body that is not plain UTF-8 JSON, read as json.loads reads bytes; _MISSING if not JSON."""
    if content.startswith(_UTF8_BOM) or b"\x00" in content[:4]:
        try:
            return json.loads(content)
        except (ValueError, RecursionError):
            pass
    return _MISSING


# XML error bodies (object storage): how deep an <Error> document may nest, and the first bytes
# (after spaces) that can start one: "<", or a byte-order mark.
_XML_DEPTH = 32
_XML_STARTS = (b"<", *_BYTE_ORDER_MARKS)


class _Refused(Exception):
    """Stops the XML parser from inside a handler."""


def _read_xml_error(content: bytes) -> dict[str, Any] | None:
    """An XML <Error> body as {"Error": {child name: its text}} (the first of repeated children),
    or None when the body is no <Error> document.

    Safe on any input: a document type declaration is refused before its first entity (so no
    entity expands, billion laughs or otherwise, and no external one is fetched), nesting
    deeper than _XML_DEPTH is refused, and the body is read once. A body cut short keeps the
    fields read before the cut."""
    if len(content) > MAX_ERROR_BODY or not content.lstrip(_JSON_SPACE.encode()).startswith(
        _XML_STARTS
    ):
        return None
    # Imported here: it adds more than a millisecond to `import clouderrors`, and only object
    # storage answers in XML.
    from xml.parsers import expat

    fields: dict[str, Any] = {}
    parts: list[str] = []
    depth = 0

    def start(name: str, attributes: Any) -> None:
        nonlocal depth
        depth += 1
        if (depth == 1 and name != "Error") or depth > _XML_DEPTH:
            raise _Refused
        if depth == 2:
            parts.clear()

    def end(name: str) -> None:
        nonlocal depth
        depth -= 1
        if depth == 1:
            fields.setdefault(name, "".join(parts))

    def text(data: str) -> None:
        if depth == 2:
            parts.append(data)

    def refuse(*args: Any) -> Any:
        raise _Refused

    # The encoding is ours to say (UTF-16 by its byte-order mark, else UTF-8), not the
    # document's: a declared one would send expat to Python's codec registry by that name.
    wide = content.startswith((b"\xff\xfe", b"\xfe\xff"))
    parser = expat.ParserCreate("UTF-16" if wide else "UTF-8")
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    parser.buffer_text = True
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = text
    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    parser.ExternalEntityRefHandler = refuse
    try:
        parser.Parse(content, True)
    except _Refused:
        return None
    except (expat.ExpatError, ValueError, LookupError):  # not well-formed, or cut short
        if not fields:
            return None
    return {"Error": fields}


def _body_for_error(response: Any) -> tuple[bytes, bool]:
    """The body of a >= 400 response: what was read, else at most MAX_ERROR_BODY of the stream
    (b"" when it cannot be read at all); and True when it is a stream's start, cut short by
    the size, the time or a broken stream."""
    content = getattr(response, "_content", None)
    if content.__class__ is bytes:
        return content, False
    if isinstance(content, _BYTES_LIKE):
        return _bytes_of(content) or b"", False
    if content is None and not hasattr(response, "iter_bytes"):
        try:
            content = response.content
        except Exception:
            return b"", False
        return _bytes_of(content) or b"", False
    # Not read yet (requests with stream=True or in a hook; an httpx stream): read a prefix
    # bounded in size and in time (limits.ERROR_BODY_SECONDS).
    from clouderrors._stream import give_back, read_error_body  # only streamed errors need it

    body = read_error_body(response, MAX_ERROR_BODY)
    if body is None:
        return b"", False
    if body.ended:
        # Read to the end: keep it where requests and httpx keep a read body, so the caller (and
        # a second look) can still see it; the stream itself is consumed now.
        try:
            response._content = body.data
            if hasattr(response, "_content_consumed"):  # requests: iter_content replays it
                response._content_consumed = True
        except Exception:
            pass
    elif body.timed_out:
        # The rest would take as long again for the caller: the connection is given up, and
        # the caller reads what arrived, then a broken body (not an empty one).
        try:
            response.close()
        except Exception:
            pass
        give_back(response, body, gave_up=True)
    else:  # cut by the size or a broken stream: the caller still reads the whole body
        give_back(response, body)
    return body.data, not body.ended


# What a stand-in response's `content` may be besides bytes: read as the bytes it holds (a str
# as UTF-8). Anything else is no body.
_BYTES_LIKE = (bytes, bytearray, memoryview, str)


def _bytes_of(content: object) -> bytes | None:
    if isinstance(content, str):
        return content.encode("utf-8", "surrogatepass")
    if isinstance(content, (bytes, bytearray, memoryview)):
        try:
            return bytes(content)
        except (ValueError, TypeError):  # a released memoryview
            return None
    return None


_STATUS_RANGE = "response.status_code must be an HTTP status from 0 to 999"


def _status_of(response: Any) -> int:
    """`response.status_code` as an int HTTP status; else one TypeError or ValueError naming it
    (never an error from deep inside: None < 400 would be one)."""
    try:
        status = response.status_code
    except AttributeError:
        raise TypeError(
            "response must be an HTTP response with a status_code (requests.Response,"
            f" httpx.Response), not {type(response).__name__}"
        ) from None
    if status.__class__ is not int:
        if isinstance(status, bool) or not hasattr(status, "__index__"):
            raise TypeError(
                f"response.status_code must be an int HTTP status, not {type(status).__name__}"
            )
        status = operator.index(status)  # an int-like (numpy.int64): the int it stands for
    if status > 999 or status < 0:
        raise ValueError(_STATUS_RANGE)
    status_code: int = status
    return status_code


def _envelope_candidate(response: Any) -> bytes | None:
    """The body of a < 400 response if it can hold a Tencent error envelope, else None.

    Decided from what was already read, its size and a look for the code keys the envelope
    dialects read (`"Code"`, `"code"`). A large or unread success body is never parsed (nor read).
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
    if content.__class__ is not bytes:
        content = _bytes_of(content) if isinstance(content, _BYTES_LIKE) else None
        if content is None:  # unread (requests' False, httpx's stream), or no body
            return None
    if len(content) > MAX_ENVELOPE or not _may_hold_envelope(content):
        return None
    return content


def error_from_response(response: Any, *, service: str | None = None) -> CloudAPIError | None:
    """The exception a response stands for, or None when it is no error.

    Status >= 400 is always an error (its class from the body's code, else from the status);
    below 400 only a Tencent error envelope in the body is (API 3.0 `Response.Error`, API 2.0 a
    non-zero `code`).
    """
    status = _status_of(response)
    if _unread_httpx(response):
        from clouderrors._httpx import error_of_unread

        return error_of_unread(response, status, service)
    if status < 400:
        content = _envelope_candidate(response)
        if content is None:
            return None
    else:
        try:
            content = response._content
        except AttributeError:
            content = None
        if content.__class__ is not bytes:
            content, cut = _body_for_error(response)
            return _error(response, status, content, service, cut)
    return _error(response, status, content, service)


def _error(
    response: Any,
    status: int,
    content: bytes,
    service: str | None,
    cut: bool = False,
    doc: Any = _UNREAD,
) -> CloudAPIError | None:
    """The error a response stands for, from its body: for status >= 400 always one; below 400
    one only when `content` (which passed the success screen) holds an error envelope. `cut`:
    the body is the start of a stream that was cut short (see _body_for_error). `doc`: the body
    decoded exactly, when orjson's reading of it was in doubt (see below)."""
    if doc is _UNREAD:
        if status > 999 or status < 0:
            raise ValueError(_STATUS_RANGE)
        # orjson, when on, is called here, not through _decode: it reads integers beyond 64 bits
        # as floats, which only the few values the table decides on can tell (see below).
        fast = _orjson_loads
        inexact = fast is not None
        if len(content) > MAX_ERROR_BODY:
            # Too large to parse whole: its first MAX_ERROR_BODY bytes are read as a stream cut
            # there would be, so a read body and a streamed one give the same error.
            doc = _MISSING
            content, cut = content[:MAX_ERROR_BODY], True
        elif fast is None:
            doc = _decode(content)
        else:
            try:
                doc = fast(content)
            except ValueError:  # NaN, lone surrogates, a BOM, deep nesting...: the stdlib decides
                doc = _decode(content)
    else:
        inexact = False
    if doc.__class__ is dict:
        top = doc
        tables = _ERROR_TABLES if status >= 400 else _ENVELOPE_TABLES
    elif doc is _MISSING and (utf8 := _transcoded(response, content, cut)) is not None:
        # Not UTF-8 (a charset=GBK body, or Latin-1 labelled UTF-8): read again as UTF-8 text,
        # which the error then keeps.
        return _error(response, status, utf8, service, cut, _decode(utf8))
    elif status < 400:
        return None
    elif doc.__class__ is list and doc and doc[0].__class__ is dict:
        top = doc[0]  # a list of errors (as the SWR page documents): the first speaks
        tables = _ERROR_TABLES
    elif doc is _MISSING and (xml := _read_xml_error(content)) is not None:
        doc = top = xml
        tables = _XML_TABLES
        inexact = False
    elif cut and doc is _MISSING and (members := _members_before_the_cut(content)):
        doc = top = members  # the code arrived: its class, not only the status's
        tables = _ERROR_TABLES
    else:
        return _text_error(response, status, content, doc, service)
    if service is None:
        try:  # the cache of origin_of, read here without a call: this is every error's path
            origin = URL_ORIGINS[response.url]
        except Exception:  # not cached yet, no URL, an unhashable one: the long way
            origin = origin_of(response)
    else:
        origin = origin_of_service(service)
    for row in tables[origin[1]]:
        found = row[1](top)
        if found is not None:
            break
    else:
        found = None
    # orjson reads integers beyond 64 bits as floats, where json keeps them exact: a float where
    # the table reads a number (a number key of a row tried, the code and message found) may
    # be one, and then the body is read again exactly. Other values decide nothing here.
    if inexact and row[4] is not None and top.get(row[4]).__class__ is float:
        return _error(response, status, content, service, cut, _decode(content))
    if found is None:
        return None if status < 400 else _text_error(response, status, content, doc, service)
    raw_code, message, _ = found
    if raw_code.__class__ is str:
        code = raw_code.strip() or None
    elif raw_code.__class__ is int:  # the decoders make no int beyond str()'s digit limit
        if raw_code == 0 and status < 400:
            return None  # {"code": 0, "message": "ok"}: success (see below)
        code = str(raw_code)
    elif inexact and raw_code.__class__ is float:
        return _error(response, status, content, service, cut, _decode(content))
    else:
        code = _code_text(raw_code)
    # Below 400, an empty code ({"Error": {"Code": ""}} rides along some successful answers) or
    # a zero one ({"code": 0, "message": "ok"}, "000") is success.
    if (
        status < 400
        and raw_code.__class__ is not int
        and (code is None or (code[-1] == "0" and not code.lstrip("-").strip("0")))
    ):
        return None
    if message.__class__ is not str:
        if inexact and message.__class__ is float:
            return _error(response, status, content, service, cut, _decode(content))
        message = _message_text(message)
    where = row[5] if service is None else (service, row[5])
    try:
        cls = CLASSES[origin][where][status][code]
    except KeyError:
        cls = class_of(origin, where, status, code, service or row[3], row[2] or origin[1])
    return new_error(cls, code, (response, status, message, content, row[0]))


def _transcoded(response: Any, content: bytes, cut: bool) -> bytes | None:
    """A body that is not UTF-8, as UTF-8: decoded by the charset its Content-Type names (GBK,
    ISO-8859-1...), else as UTF-8, bytes that do not decode becoming U+FFFD (so the ASCII code
    and keys of JSON survive a message in another encoding). None for a body that is UTF-8
    (or ASCII) already, or in an encoding the decoders read themselves. `cut`: the body is the
    start of a stream (see _body_for_error)."""
    if len(content) > MAX_ERROR_BODY:
        if not cut:  # too large to be parsed at all
            return None
        content = content[:MAX_ERROR_BODY]  # the start of a stream: what is read of it
    # UTF-16/32 (NULs among the first bytes) and marked bodies: the decoders read them already.
    if content.isascii() or content.startswith(_BYTE_ORDER_MARKS) or b"\x00" in content[:4]:
        return None
    try:
        content.decode("utf-8", "surrogatepass")
    except UnicodeDecodeError:
        pass
    else:
        return None
    from clouderrors._errors import header  # loaded already: it made this module's errors

    charset = "utf-8"
    try:
        kind = header(response, "content-type")
    except Exception:  # headers that cannot be read: no charset
        kind = None
    if kind is not None:
        for parameter in kind.split(";")[1:]:
            name, _, value = parameter.partition("=")
            if name.strip().lower() == "charset":
                charset = value.strip().strip("\"'") or charset
    try:
        text = content.decode(charset, "replace")
    except (LookupError, ValueError, TypeError):  # unknown, or no text encoding ("rot13")
        text = content.decode("utf-8", "replace")
    return text.encode("utf-8", "surrogatepass")


def _members_before_the_cut(content: bytes) -> dict[str, Any] | None:
    from clouderrors._partial_json import object_prefix  # only bodies cut short need it

    return object_prefix(content)


_PARSERS = {entry.dialect: entry.parse for entry in DIALECTS}


def decode_error_body(content: bytes, dialect: Dialect) -> Any:
    """An error's body decoded again from the bytes it was read from in `dialect` (XML bodies
    by the XML reader), as `e.body`; None when it no longer decodes (a stack far deeper than
    the raise path's)."""
    if dialect is Dialect.S3_XML:
        return _read_xml_error(content)
    doc = _decode(content)
    return None if doc is _MISSING else doc


def holder_of(doc: Any, dialect: Dialect) -> dict[str, Any] | None:
    """The dict in a decoded error body that holds code and message, as `dialect` reads it."""
    top = doc[0] if doc.__class__ is list and doc else doc
    found = _PARSERS[dialect](top) if top.__class__ is dict else None
    return None if found is None else found[2]


def may_hold_text(content: bytes, text: bytes) -> bool:
    """False when a body cannot hold `text` (ASCII) as a JSON key or an XML name: the bytes are
    not there, and no key is written with escapes, nor the body in UTF-16/32."""
    return content.find(text) >= 0 or content.find(_ESCAPE) >= 0 or content.find(b"\x00", 0, 4) >= 0


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
    origin = origin_of(response) if service is None else origin_of_service(service)
    # Read in no dialect: -1 in the class cache's `where` (see _lookup.class_of).
    where = -1 if service is None else (service, -1)
    try:
        cls = CLASSES[origin][where][status][None]
    except KeyError:
        cls = class_of(origin, where, status, None, service, None)
    return new_error(cls, None, (response, status, message, None, Dialect.UNCODED))


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


def raise_for_error(response: Any, *, service: str | None = None) -> None:
    """Raise the clouderrors exception a response stands for; return None when it is no error.

    `service` (a service id such as "huaweicloud.lts") says which service answered when the
    body's code and the URL do not.
    """
    try:
        status = response.status_code
        content = response._content
    except AttributeError:  # not requests (httpx, a stand-in), or no response at all
        status = _status_of(response)
        content = None
    if status.__class__ is not int:
        status = _status_of(response)
    if content.__class__ is not bytes:
        found = [_error_of_unusual(response, status, content, service)]
    elif status >= 400:
        # Raised as it is made: a local holding it would tie it to this frame through its
        # traceback, a cycle only the garbage collector frees. _error always makes one here.
        raise _error(response, status, content, service)  # type: ignore[misc]
    else:
        # The success screen of _may_hold_envelope, inline: it is every success's path.
        if len(content) > MAX_ENVELOPE:
            return
        if not content.lower().partition(_SCREEN_MARK)[1] and (
            (_BACKSLASH not in content and _NUL not in content) or not _mark_may_hide(content)
        ):
            return
        found = [_error(response, status, content, service)]
    # Kept in a list, not a local (see above), and popped as it is raised.
    if found[0] is not None:
        raise found.pop()  # type: ignore[misc]


def _error_of_unusual(
    response: Any, status: int, content: Any, service: str | None
) -> CloudAPIError | None:
    """error_from_response for a response whose body is not read bytes: an unread httpx
    body, a stream, a stand-in's content."""
    if content is None and _unread_httpx(response):
        from clouderrors._httpx import error_of_unread

        return error_of_unread(response, status, service)
    if status < 400:
        content = _envelope_candidate(response)
        return None if content is None else _error(response, status, content, service)
    content, cut = _body_for_error(response)
    return _error(response, status, content, service, cut)


def _unread_httpx(response: Any) -> bool:
    """True for an httpx response whose body is not read yet (httpx calls hooks before reading
    it): clouderrors._httpx reads what is needed and leaves the body to its owner. httpx is
    looked for among loaded modules, never imported."""
    httpx = sys.modules.get("httpx")
    return (
        httpx is not None
        and isinstance(response, httpx.Response)
        and not hasattr(response, "_content")
    )


def response_hook(
    response: Any, *args: Any, service: str | None = None, **kwargs: Any
) -> Coroutine[Any, Any, None] | None:
    """A requests response hook: `session.hooks["response"].append(clouderrors.response_hook)`.

    requests calls hooks before it reads the body; unless the request was made with
    stream=True, the body is read here (as requests would right after), so errors inside HTTP
    200 answers are seen too. Given an httpx response it does what `httpx_hook` does.
    """
    httpx = sys.modules.get("httpx")
    if httpx is not None and isinstance(response, httpx.Response):
        from clouderrors._httpx import httpx_hook

        return httpx_hook(response, service=service)
    if not kwargs.get("stream", False) and _status_of(response) < 400:
        response.content  # noqa: B018 - reads the body now, as requests does after its hooks
    error = error_from_response(response, service=service)
    if error is not None:
        raise error
    return None
