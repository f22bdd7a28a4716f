"""A whole number typed by someone (a query parameter, a form field, an imported cell).

``str.isdigit()`` is no test for it: it is true of "²", "1⁵" and "①", which ``int()`` refuses
(a ``ValueError``, so a 500). ``str.isdecimal()`` still lets through the digits of other scripts
("١٢", "１２"), which ``int()`` reads as 12 — an id or a year this site wrote into a link is
never spelled so. Python also refuses to read a string of more than 4,300 digits, and the
database cannot hold a key past a signed 64-bit integer. So: ASCII digits, at most that big,
or nothing.
"""

from __future__ import annotations

import re

ID_MAX = 2**63 - 1
"""The largest primary key: a signed 64-bit integer (SQLite ``INTEGER``, PostgreSQL ``bigint``)."""

_DIGITS = re.compile(r"[0-9]{1,19}")


def parse_digits(value: object) -> int | None:
    """``"12"`` → 12; anything that is not plain ASCII digits (up to ``ID_MAX``) → ``None``."""
    if not isinstance(value, str) or not _DIGITS.fullmatch(value):
        return None
    number = int(value)
    return number if number <= ID_MAX else None
