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
# Only what needs changing: runs of 2+ spaces and any other space character
# (a plain single space is left alone, so re.sub builds few pieces).
_FOLD = re.compile(
    "[\t\u00a0\u1680\u2000-\u200b\u202f\u205f\u3000\ufeff][ \t\u00a0\u1680\u2000-\u200b\u202f\u205f\u3000\ufeff]*"
    "| [ \t\u00a0\u1680\u2000-\u200b\u202f\u205f\u3000\ufeff]+"
)
_LEAD_WS = re.compile("[ \t\u00a0\u1680\u2000-\u200b\u202f\u205f\u3000\ufeff]*")
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


def _is_debris(line: str, debris: frozenset[str] = WEB_DEBRIS) -> bool:
    if len(line) > 40:
        return False
    low = line.casefold()
    if low in debris:
        return True
    return bool(_DEBRIS_COUNT.match(low))


def _split_lines(text: str) -> list[str]:
    if "\r" in text or "\\" in text or "\u2028" in text or "\u2029" in text:
        return _LINE_SPLIT.split(text)
    return text.split("\n")


def _orig_line_starts(text: str) -> list[int]:
    if "\r" in text or "\\" in text or "\u2028" in text or "\u2029" in text:
        return [0] + [m.end() for m in _LINE_SPLIT.finditer(text)]
    starts = [0]
    find = text.find
    i = find("\n")
    while i >= 0:
        starts.append(i + 1)
        i = find("\n", i + 1)
    return starts


def prepare(text: str) -> Prepared:
    """NFC, modern tones, folded spaces, no web debris, doubled lines once."""
    if not isinstance(text, str):
        raise TypeError("text must be str")
    if "\u00d0" in text or "\u00f0" in text or "\u0189" in text:
        text = text.replace("\u00d0", "\u0110").replace("\u00f0", "\u0111").replace("\u0189", "\u0110")
    orig_starts = _orig_line_starts(text)
    if text.isascii() or unicodedata.is_normalized("NFC", text):
        # fold spaces in one pass (never touches line breaks: the lines stay aligned)
        lines = _split_lines(_FOLD.sub(" ", text) if _FOLD.search(text) else text)
        prefolded = True
    else:
        lines = [ln if ln.isascii() else unicodedata.normalize("NFC", ln) for ln in _split_lines(text)]
        prefolded = False
    lead_ws = _LEAD_WS.match
    out_lines: list[str] = []
    a_clean: list[int] = []
    a_orig: list[int] = []
    pos_clean = 0
    prev_content: str | None = None
    blank_pending = False
    dropped = 0
    spaces_sub = _SPACES.sub
    debris = WEB_DEBRIS
    for i, line in enumerate(lines):
        stripped = (line.strip() if prefolded else spaces_sub(" ", line).strip()) if line else ""
        if not stripped:
            blank_pending = bool(out_lines)
            continue
        if len(stripped) <= 40 and _is_debris(stripped, debris):
            dropped += 1
            continue
        if stripped == prev_content:
            dropped += 1  # a caption printed twice in a row
            continue
        if blank_pending:
            out_lines.append("")
            pos_clean += 1
            blank_pending = False
        a_clean.append(pos_clean)
        o = orig_starts[i]
        lead = lead_ws(text, o) if line[0] in " \t" or not prefolded else None
        a_orig.append(lead.end() if lead else o)
        out_lines.append(stripped)
        pos_clean += len(stripped) + 1
        prev_content = stripped
    del lines, orig_starts
    raw = "\n".join(out_lines)
    del out_lines
    cleaned = _modern_chunked(raw)
    if len(cleaned) != len(raw):  # cannot happen for NFC input, but stay safe
        raw = cleaned
    return Prepared(cleaned, raw, a_clean, a_orig, dropped)


def _modern_chunked(raw: str, size: int = 1 << 20) -> str:
    """modern_tones over ~1 MB pieces cut at line ends (bounded extra memory)."""
    if not _OLD_TONE_HINT.search(raw):
        return raw
    if len(raw) <= size:
        return modern_tones(raw)
    parts = []
    i = 0
    n = len(raw)
    while i < n:
        j = raw.find("\n", min(n, i + size))
        j = n if j < 0 else j + 1
        chunk = raw[i:j]
        parts.append(modern_tones(chunk) if _OLD_TONE_HINT.search(chunk) else chunk)
        i = j
    return "".join(parts)
