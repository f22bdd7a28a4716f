"""Phone numbers in a unit's contact text, so a call list can offer them as ``tel:`` links.

A unit's contact is free text ("Bí thư chi bộ — điện thoại công vụ 0208 3801 007"): the
numbers are found in it, the rest is kept as written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# A Vietnamese number: 0 or +84, then 9 or 10 digits (a mobile 09xx xxx xxx, a landline
# 0208 3863 111), grouped by spaces, dots, dashes or a bracketed area code. Digits glued to
# letters or to other digits are not a number ("0091-KH/TU", a date, an amount).
_PHONE = re.compile(r"(?<![\w+])(?:\+84[ .\-]?\(?|\(?0)\d(?:\)?[ .\-]?\(?\d){8,9}(?![\w])")


@dataclass(frozen=True, slots=True)
class ContactPart:
    """A piece of a contact text: a phone number (``tel`` is its ``tel:`` target) or plain text."""

    text: str
    tel: str = ""


def tel_target(number: str) -> str:
    """The digits a phone dials for ``number`` (a leading + kept): "0208 3863 111" → "02083863111"."""
    digits = "".join(ch for ch in number if ch.isdigit())
    return "+" + digits if number.lstrip().startswith("+") else digits


def contact_parts(text: str) -> list[ContactPart]:
    """``text`` cut into plain pieces and phone numbers, in order; joined they give ``text`` back."""
    parts: list[ContactPart] = []
    at = 0
    for match in _PHONE.finditer(text or ""):
        if match.start() > at:
            parts.append(ContactPart(text[at : match.start()]))
        parts.append(ContactPart(match.group(), tel_target(match.group())))
        at = match.end()
    if at < len(text or ""):
        parts.append(ContactPart(text[at:]))
    return parts


def phone_numbers(text: str) -> list[str]:
    """The phone numbers in ``text``, as written."""
    return [part.text for part in contact_parts(text) if part.tel]
