"""Characters that must never reach a file or a terminal unseen, what they are called, and
how to show them.

Control characters (C0, DEL, C1: NUL, the ESC of terminal escape sequences, the C1 CSI),
invisible format characters (zero-width spaces, bidi overrides that reorder what a reviewer
reads, soft hyphens, a BOM inside a file) and the Unicode line and paragraph separators
(which YAML counts as line breaks, shifting every line number after them). They are the
Unicode categories Cc, Cf, Zl and Zp, with the noncharacters of the Basic Multilingual Plane
(U+FDD0–U+FDEF, U+FFFE, U+FFFF: never text, a sign of a broken conversion), listed here as
ranges (Unicode 14, Python 3.11) so that importing this module costs nothing.
"""

from __future__ import annotations

import re
import unicodedata

# Cc, Cf, Zl, Zp and noncharacters without tab, line feed and carriage return, which each caller decides on.
_INVISIBLE = (
    "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\xad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891"
    "\u08e2\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f\ufdd0-\ufdef\ufeff"
    "\ufff9-\ufffb\ufffe\uffff"
    "\U000110bd\U000110cd\U00013430-\U00013438\U0001bca0-\U0001bca3\U0001d173-\U0001d17a"
    "\U000e0001\U000e0020-\U000e007f"
)
# In a YAML file as read: tab, line feed and carriage return are the file's own layout.
IN_FILE = re.compile(f"[{_INVISIBLE}]")
# In a text value: a note may hold tabs and line breaks, nothing else.
IN_TEXT = re.compile(f"[{_INVISIBLE}\r]")
# In a key, an id, a name on one line, a file name shown in a message: nothing at all.
IN_NAME = re.compile(f"[{_INVISIBLE}\t\n\r]")

# Unicode gives the C0 and C1 controls no names; these are their standard abbreviations.
_ABBREVIATIONS = (
    "NUL SOH STX ETX EOT ENQ ACK BEL BS HT LF VT FF CR SO SI DLE DC1 DC2 DC3 DC4 NAK SYN ETB "
    "CAN EM SUB ESC FS GS RS US "  # C0, then C1:
    "PAD HOP BPH NBH IND NEL SSA ESA HTS HTJ VTS PLD PLU RI SS2 SS3 DCS PU1 PU2 STS CCH MW "
    "SPA EPA SOS SGCI SCI CSI ST OSC PM APC"
)
_CONTROL_NAMES = _ABBREVIATIONS.split()


def char_name(char: str) -> str:
    """`U+001B (ESC)`, `U+202E (RIGHT-TO-LEFT OVERRIDE)`: the code point and its name."""
    code = ord(char)
    if code < 0x20:
        name = _CONTROL_NAMES[code]
    elif code == 0x7F:
        name = "DEL"
    elif 0x80 <= code <= 0x9F:
        name = _CONTROL_NAMES[32 + code - 0x80]
    else:
        name = unicodedata.name(char, "")
    return f"U+{code:04X} ({name})" if name else f"U+{code:04X}"


def char_kind(char: str) -> str:
    """What the character is, in Vietnamese, for messages."""
    category = unicodedata.category(char)
    if category == "Cc":
        return "ký tự điều khiển"
    if category in ("Zl", "Zp"):
        return "ký tự ngắt dòng đặc biệt"
    if category == "Cn":
        return "ký tự không hợp lệ"
    return "ký tự vô hình"


def unsafe_message(char: str) -> str:
    """The Vietnamese sentence every refusal of such a character uses."""
    return (
        f"có {char_kind(char)} {char_name(char)}, không nhìn thấy nhưng làm sai lệch văn bản "
        "và màn hình; hãy xóa ký tự này (thường do dán từ web, PDF, Word)"
    )


def _escape(found: re.Match[str]) -> str:
    code = ord(found.group())
    if code > 0xFFFF:  # as a JSON string would write it: a surrogate pair
        code -= 0x10000
        return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"
    return f"\\u{code:04x}"


def printable(text: str, *, pattern: re.Pattern[str] = IN_TEXT) -> str:
    """`text` with every character `pattern` matches written as `\\u001b`: visible on a
    terminal, one line when `pattern` is IN_NAME, and still valid inside a JSON string."""
    return pattern.sub(_escape, text) if pattern.search(text) else text


def shorten(text: str, limit: int = 80) -> str:
    """A value quoted in a one-line message: invisible characters shown, long text cut."""
    shown = printable(text, pattern=IN_NAME)
    return shown if len(shown) <= limit else shown[: limit - 1] + "…"
