"""Reader of a Tencent Cloud SDK error-code module (`tencentcloud/<svc>/<version>/errorcodes.py`).

The module is read with `ast` and `tokenize`, never imported or executed. Its only statements
are assignments of a code string to an upper-case name; the comment lines right above an
assignment are the code's description (Chinese, as the SDK writes it):

    # 请求未授权。
    AUTHFAILURE_UNAUTHORIZEDOPERATION = 'AuthFailure.UnauthorizedOperation'

Anything else (a syntax error, a value that is not a plain string, a name assigned twice, a
code listed twice, any other statement) is a DocumentError at its line.
"""

from __future__ import annotations

import ast
import io
import tokenize

from codegen.rows import DocumentError, Row


def _comments(text: str, path: str) -> dict[int, str]:
    """Line number -> the text of a comment that is alone on its line."""
    found: dict[int, str] = {}
    try:
        for token in tokenize.generate_tokens(io.StringIO(text).readline):
            if token.type == tokenize.COMMENT and not token.line[: token.start[1]].strip():
                found[token.start[0]] = token.string[1:].strip()
    except (tokenize.TokenError, SyntaxError) as exc:  # ast.parse reported it first, normally
        raise DocumentError(path, 1, f"not a Python module: {exc}") from None
    return found


def _description(comments: dict[int, str], line: int) -> str:
    """The comment lines directly above `line` (no blank line between), joined."""
    above: list[str] = []
    number = line - 1
    while number in comments:
        above.append(comments[number])
        number -= 1
    return "\n".join(part for part in reversed(above) if part)


def read(text: str, path: str) -> list[Row]:
    """The codes of one SDK error-code module, in file order."""
    try:
        tree = ast.parse(text, filename=path)
    except SyntaxError as exc:
        raise DocumentError(path, exc.lineno or 1, f"not a Python module: {exc.msg}") from None
    comments = _comments(text, path)
    names: dict[str, int] = {}
    codes: dict[str, int] = {}
    rows: list[Row] = []
    for node in tree.body:
        if not (isinstance(node, ast.Assign) and len(node.targets) == 1):
            raise DocumentError(
                path,
                node.lineno,
                f"expected only NAME = 'Code' assignments, found {type(node).__name__}",
            )
        target = node.targets[0]
        if not isinstance(target, ast.Name):
            raise DocumentError(path, node.lineno, "expected a plain name left of '='")
        if not (isinstance(node.value, ast.Constant) and isinstance(node.value.value, str)):
            raise DocumentError(
                path, node.lineno, f"{target.id} is not assigned a plain string literal"
            )
        code = node.value.value
        if target.id in names:
            raise DocumentError(
                path, node.lineno, f"{target.id} assigned again (first at line {names[target.id]})"
            )
        if not code.strip() or code != code.strip():
            raise DocumentError(path, node.lineno, f"{target.id}: code {code!r} is not a code")
        if code in codes:
            raise DocumentError(
                path, node.lineno, f"code {code} listed again (first at line {codes[code]})"
            )
        names[target.id] = codes[code] = node.lineno
        rows.append(
            Row(
                code=code,
                http_status=None,
                message="",
                description=_description(comments, node.lineno),
                solution="",
                path=path,
                line=node.lineno,
            )
        )
    return rows
