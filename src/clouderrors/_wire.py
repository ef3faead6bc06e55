"""The form of an error code that the index holds and lookups use, shared by the runtime and
the generator (codegen.naming), so that `lookup()` finds any code the way a page spells it."""

from __future__ import annotations


def wire_form(code: str) -> str:
    """A code as the index holds it (the generator writes codes so: codegen.naming): without
    the whitespace a page (`DCS. 4855`) or a server may put in it, its full-width characters
    (`ＬＴＳ．0101`, typed in a Chinese input mode) the ASCII they stand for, and the invisible
    format characters a page can carry (zero-width space, BOM, bidi marks) dropped."""
    if not code.isascii():
        import unicodedata  # only codes that are not ASCII need it

        folded = unicodedata.normalize("NFKC", code)
        code = "".join(char for char in folded if unicodedata.category(char) != "Cf") or code
    return "".join(code.split())
