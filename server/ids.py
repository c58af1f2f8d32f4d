"""Ids in URL paths: plain decimal digits that fit SQLite's INTEGER, nothing else.

int() alone takes "+7", " 7", "1_000", full-width "７" and 5,000-digit numbers
that SQLite then refuses with an OverflowError (a 500). A path id that is not a
plausible id names nothing, so it answers exactly like a missing one."""
import re

_ID = re.compile(r"[1-9][0-9]{0,18}")
MAX_ID = 2 ** 63 - 1


def parse_id(text):
    """-> int, or None when the text cannot name a stored row."""
    if isinstance(text, int) and not isinstance(text, bool):
        return text if 1 <= text <= MAX_ID else None
    if not isinstance(text, str) or not _ID.fullmatch(text):
        return None
    value = int(text)
    return value if value <= MAX_ID else None
