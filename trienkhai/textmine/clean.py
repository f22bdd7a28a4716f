"""Prepare a report's text for extraction.

:func:`prepare` turns raw text (possibly NFD, old-style tone marks, odd
spaces, escaped line breaks and the debris of a saved web page) into the text
the extractor reads, and keeps a line-level map back to the raw text.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass, field

from trienkhai.textmine.lexicon import WEB_DEBRIS
from trienkhai.textmine.normalize import modern_tones

__all__ = ["Prepared", "prepare"]

# Real line breaks, and the escaped "\r\n" that scrapers leave in the text.
_LINE_SPLIT = re.compile(r"\r\n|\r|\n|\u2028|\u2029|\\r\\n|\\n|\\r")
_SPACES = re.compile("[ \t\u00a0\u1680\u2000-\u200b\u202f\u205f\u3000\ufeff]+")
# A quick test for old-style tone placement before running modern_tones.
_OLD_TONE_HINT = re.compile("[oOuU][àáảãạÀÁẢÃẠèéẻẽẹÈÉẺẼẸỳýỷỹỵỲÝỶỸỴ]")
_DEBRIS_COUNT = re.compile(r"(?i)^(?:lượt xem|số lượt xem|lượt truy cập)\s*:?\s*[\d.,]*$|^\d+\s+lượt xem$")


@dataclass
class Prepared:
    """The cleaned text plus (clean_line_start, raw_line_start) anchors.

    ``raw`` keeps the old tone placement (same length as ``text``) so that
    names and titles can be reported exactly as written.
    """

    text: str
    raw: str
    anchors_clean: list[int] = field(default_factory=list)
    anchors_orig: list[int] = field(default_factory=list)
    dropped_lines: int = 0

    def to_original(self, pos: int) -> int:
        """Offset in the original input for an offset in ``text`` (exact at
        line starts; inside a line it is exact unless spaces were folded or the
        line was not in NFC)."""
        if not self.anchors_clean:
            return pos
        i = bisect.bisect_right(self.anchors_clean, pos) - 1
        if i < 0:
            return pos
        return self.anchors_orig[i] + (pos - self.anchors_clean[i])


def _is_debris(line: str) -> bool:
    if len(line) > 40:
        return False
    low = line.casefold()
    if low in WEB_DEBRIS:
        return True
    return bool(_DEBRIS_COUNT.match(low))


def prepare(text: str) -> Prepared:
    """NFC, modern tones, folded spaces, no web debris, doubled lines once."""
    if not isinstance(text, str):
        raise TypeError("text must be str")
    if "\u00d0" in text or "\u00f0" in text or "\u0189" in text:
        text = text.replace("\u00d0", "\u0110").replace("\u00f0", "\u0111").replace("\u0189", "\u0110")
    out_lines: list[str] = []
    a_clean: list[int] = []
    a_orig: list[int] = []
    pos_clean = 0
    prev_content: str | None = None
    blank_pending = False
    dropped = 0
    start = 0
    n = len(text)
    seps = _LINE_SPLIT.finditer(text) if ("\n" in text or "\r" in text or "\\" in text
                                            or "\u2028" in text or "\u2029" in text) else iter(())
    is_nfc = unicodedata.is_normalized
    norm = unicodedata.normalize
    spaces_sub = _SPACES.sub
    while start <= n:
        m = next(seps, None)
        end = m.start() if m else n
        line = text[start:end]
        if line:
            if not line.isascii() and not is_nfc("NFC", line):
                line = norm("NFC", line)
            stripped = spaces_sub(" ", line).strip()
        else:
            stripped = ""
        if not stripped:
            blank_pending = bool(out_lines)
        elif _is_debris(stripped):
            dropped += 1
        elif stripped == prev_content:
            dropped += 1  # a caption printed twice in a row
        else:
            if blank_pending:
                out_lines.append("")
                pos_clean += 1
                blank_pending = False
            lead = len(line) - len(line.lstrip(" \t\u00a0\u3000\ufeff"))
            a_clean.append(pos_clean)
            a_orig.append(start + lead)
            out_lines.append(stripped)
            pos_clean += len(stripped) + 1
            prev_content = stripped
        if not m:
            break
        start = m.end()
    raw = "\n".join(out_lines)
    cleaned = modern_tones(raw) if _OLD_TONE_HINT.search(raw) else raw
    if len(cleaned) != len(raw):  # cannot happen for NFC input, but stay safe
        raw = cleaned
    return Prepared(cleaned, raw, a_clean, a_orig, dropped)
