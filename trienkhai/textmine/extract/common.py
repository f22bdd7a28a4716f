"""What every finder of the reader shares: the letters of Vietnamese, the sentences of a
text, and the shape of one finding."""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Callable
from typing import Any

# One finding as the reader hands it out: plain data, JSON-ready.
Item = dict[str, Any]


def _letters(pred: Callable[[str], bool]) -> str:
    chars = []
    for cp in (
        list(range(0x41, 0x5B))
        + list(range(0x61, 0x7B))
        + list(range(0xC0, 0x250))
        + list(range(0x1EA0, 0x1EFA))
    ):
        ch = chr(cp)
        base = unicodedata.normalize("NFD", ch)[0]
        if (base.isascii() and base.isalpha()) or ch in "ĐđƠơƯư":
            if pred(ch):
                chars.append(ch)
    return "".join(chars)


UP = _letters(str.isupper)
LO = _letters(str.islower)
_U = f"[{UP}]"
_L = f"[{LO}]"


class _Sentences:
    """Sentence boundaries of a text (for 'the sentence containing X')."""

    _END = re.compile(r"(?<=[.!?])\s|\n")

    def __init__(self, text: str):
        self.text = text
        self.starts = [0] + [m.end() for m in self._END.finditer(text)]

    def bounds(self, pos: int) -> tuple[int, int]:
        """The sentence around ``pos``, clipped to 600 characters either side
        (a text without punctuation must not make every lookup linear)."""
        i = bisect.bisect_right(self.starts, pos) - 1
        s = self.starts[i]
        e = self.starts[i + 1] if i + 1 < len(self.starts) else len(self.text)
        return max(s, pos - 600), min(e, pos + 600)

    def get(self, pos: int) -> tuple[str, int, int]:
        s, e = self.bounds(pos)
        return self.text[s:e].strip(), s, e
