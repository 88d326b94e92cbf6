"""fontconfig's best match for a font pattern, asked of the library in this process.

`fc-match PATTERN` parses the pattern, applies the configuration's substitutions and the
defaults, then asks for the best match: this module makes the same four calls through
ctypes, which spares a run one program start per font asked (the plan asks four: the
body and heading faces, regular and bold). Without the library (another system, a
sandbox), `match` answers None and the caller runs the program instead.
"""

from __future__ import annotations

import ctypes
import os
from functools import cache
from typing import Any

# The library's names: Linux, then macOS (Homebrew, MacPorts).
_LIBRARIES = ("libfontconfig.so.1", "libfontconfig.1.dylib", "libfontconfig.dylib")
_FC_MATCH_PATTERN = 0  # FcMatchKind: substitutions for a pattern being matched
_FC_RESULT_MATCH = 0  # FcResult: the value was found


@cache
def _library() -> Any | None:
    for name in _LIBRARIES:
        try:
            lib = ctypes.CDLL(name)
        except OSError:
            continue
        void_p, char_p = ctypes.c_void_p, ctypes.c_char_p
        lib.FcNameParse.restype = void_p
        lib.FcNameParse.argtypes = [char_p]
        lib.FcConfigSubstitute.restype = ctypes.c_int
        lib.FcConfigSubstitute.argtypes = [void_p, void_p, ctypes.c_int]
        lib.FcDefaultSubstitute.restype = None
        lib.FcDefaultSubstitute.argtypes = [void_p]
        lib.FcFontMatch.restype = void_p
        lib.FcFontMatch.argtypes = [void_p, void_p, ctypes.POINTER(ctypes.c_int)]
        lib.FcPatternGetString.restype = ctypes.c_int
        lib.FcPatternGetString.argtypes = [void_p, char_p, ctypes.c_int, ctypes.POINTER(char_p)]
        lib.FcPatternDestroy.restype = None
        lib.FcPatternDestroy.argtypes = [void_p]
        return lib
    return None


def available() -> bool:
    """Return whether the fontconfig library can be called from this process."""
    return _library() is not None


def match(pattern: str) -> tuple[str, str] | None:
    """Return (family, file) of fontconfig's best match for `pattern`, as `fc-match -f
    '%{family[0]}\\n%{file}' PATTERN` prints them; None without the library or a match."""
    lib = _library()
    if lib is None:
        return None
    wanted = lib.FcNameParse(pattern.encode())
    if not wanted:
        return None
    try:
        lib.FcConfigSubstitute(None, wanted, _FC_MATCH_PATTERN)  # None: the current config
        lib.FcDefaultSubstitute(wanted)
        result = ctypes.c_int()
        found = lib.FcFontMatch(None, wanted, ctypes.byref(result))
        if not found:
            return None
        try:
            family, file = _string(lib, found, b"family"), _string(lib, found, b"file")
        finally:
            lib.FcPatternDestroy(found)
    finally:
        lib.FcPatternDestroy(wanted)
    return (family or "", file) if file else None


def _string(lib: Any, pattern: int, name: bytes) -> str | None:
    """Return the first value of the text property `name` (copied: the pattern owns it)."""
    value = ctypes.c_char_p()
    if lib.FcPatternGetString(pattern, name, 0, ctypes.byref(value)) != _FC_RESULT_MATCH:
        return None
    return os.fsdecode(value.value) if value.value is not None else None
