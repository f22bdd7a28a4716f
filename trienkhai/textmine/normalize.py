"""Text normalisation shared by the whole project.

Every string that enters the system passes through :func:`clean_text` (NFC,
one tone-mark convention, folded whitespace); every search key through
:func:`fold` (no diacritics, ``đ`` → ``d``, lower case), so that "pho yen"
finds "Phổ Yên" and "hoà" equals "hòa".
"""

from __future__ import annotations

import re
import unicodedata

# Old-style placement puts the tone on the second vowel of an open "oa", "oe",
# "uy" syllable ("hoà", "khoẻ", "thuỷ"); the modern convention (and most
# current official text) puts it on the first ("hòa", "khỏe", "thủy"). We store
# the modern form so both spellings are one string.
_TONES = {
    "\u0300": "grave",
    "\u0301": "acute",
    "\u0309": "hook",
    "\u0303": "tilde",
    "\u0323": "dot",
}
_OLD_STYLE = re.compile(r"(?<![qQ])([oOuU])([aAeEyY])([\u0300\u0301\u0309\u0303\u0323])(?![\w\u0300-\u036f])")
_PAIRS = {("o", "a"), ("o", "e"), ("u", "y")}


def _move_tone(match: re.Match[str]) -> str:
    first, second, tone = match.group(1), match.group(2), match.group(3)
    if (first.lower(), second.lower()) not in _PAIRS:
        return match.group(0)
    return first + tone + second


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def modern_tones(text: str) -> str:
    """Rewrite old-style tone placement ("hoà", "thuỷ") as modern ("hòa", "thủy")."""
    decomposed = unicodedata.normalize("NFD", text)
    return unicodedata.normalize("NFC", _OLD_STYLE.sub(_move_tone, decomposed))


_SPACE = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f\u205f\u3000]+")


def clean_text(text: str, *, multiline: bool = False) -> str:
    """NFC, modern tone placement, folded spaces; single-line unless asked."""
    text = modern_tones(text)
    if multiline:
        lines = [_SPACE.sub(" ", line).strip() for line in text.replace("\r\n", "\n").split("\n")]
        return "\n".join(lines).strip()
    return _SPACE.sub(" ", text.replace("\r", " ").replace("\n", " ")).strip()


def fold(text: str) -> str:
    """Search key: no diacritics, đ → d, lower case, single spaces."""
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    stripped = stripped.replace("đ", "d").replace("Đ", "D")
    return " ".join(stripped.lower().split())


def fold_compact(text: str) -> str:
    """Search key that also ignores spaces and punctuation: "0091- KH/TU" → "0091khtu"."""
    return re.sub(r"[^0-9a-z]", "", fold(text))
