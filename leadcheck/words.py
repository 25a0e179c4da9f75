"""Small helpers for messages in plain English."""

from __future__ import annotations

import re


def plural(count: int, word: str, words: str | None = None) -> str:
    """`1 day`, `3 days`; irregular plurals as `words`."""
    return f"{count} {word if count == 1 else (words or word + 's')}"


_CONTROLS = re.compile(
    "[\x00-\x1f\x7f-\x9f"  # C0 and C1 controls (ESC, BEL, CSI...), DEL
    "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"  # bidi marks, embeddings, overrides, isolates
    "\u2028\u2029\ud800-\udfff]"  # line and paragraph separators; undecodable bytes
)
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    code = ord(char)
    if char in _NAMED:
        return _NAMED[char]
    if code < 0x100:
        return f"\\x{code:02x}"
    if 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8, kept by surrogateescape
        return f"\\x{code - 0xDC00:02x}"
    return f"\\u{code:04x}"


def escape_controls(text: str) -> str:
    """`text` for one line of a terminal: control characters, bidi controls and
    undecodable bytes written as escapes (`\\x1b`, `\\u202e`, `\\n`), so a file name
    or a value can neither drive the terminal, reorder the line nor break it."""
    return _CONTROLS.sub(_escape, text)
