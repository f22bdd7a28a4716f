"""Probable typos in names of bodies and documents, for the reviewer to check.

A known multi-word name (a body's head, "Ban Chỉ đạo", "Ban Thường vụ"; a document's kind,
"Nghị quyết", "Kế hoạch") written before a number is a probable typo when

- it is glued to the number: "Chỉ đạo35", "Nghị quyết35" (a name and its number are always
  apart: "Ban Chỉ đạo 35", "Nghị quyết 35"), or
- it matches the known name only once diacritics are set aside: "Bản Chỉ đạo 35" for
  "Ban Chỉ đạo 35".

Inside a unit mention, a known name written with some of its words bare, without their
marks, is a probable typo too: "Thành ủy Phổ Yen" for "Phổ Yên", "Đảng ủy phường Ba Hang"
for "Ba Hàng" (``find_name_typos``). Known names are those of the lexicon (provinces, the
bodies above) and, when the reader is given a unit list, the tree's: each whole name and its
runs of capitalised words. A word written with other marks is not taken for a slip ("Thanh"
may be a name of its own beside "Thành", but "Yen" is "Yên" typed without them), nor is a
name that two known names could be. Whole unit names against the tree (matching a unit only
without diacritics or one edit off) are also found by ``extract.unit_matching._match_units``.
No lists of misspellings: only the known names, and these rules.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from trienkhai.textmine.codes import KIND_LABELS
from trienkhai.textmine.lexicon import PROVINCES
from trienkhai.textmine.normalize import fold

__all__ = ["KNOWN_NAMES", "NameIndex", "find_name_typos", "find_typos", "name_index"]

KNOWN_NAMES: tuple[str, ...] = (
    "Ban Chấp hành Trung ương",
    "Ban Chấp hành",
    "Ban Thường vụ",
    "Ban Bí thư",
    "Bộ Chính trị",
    "Ban Chỉ đạo",
    "Ban Tuyên giáo",
    "Ban Tổ chức",
    "Ban Dân vận",
    "Ban Nội chính",
    "Ủy ban Kiểm tra",
    "Ủy ban nhân dân",
    *(v for v in KIND_LABELS.values() if " " in v),
)
_BY_FOLD: dict[tuple[str, ...], str] = {tuple(fold(n).split()): n for n in KNOWN_NAMES}
_LAST_WORDS = frozenset(k[-1] for k in _BY_FOLD)
_LONGEST = max(len(k) for k in _BY_FOLD)
_SHORTEST = min(len(k) for k in _BY_FOLD)
# a word, then a number that is its own token (not a date "12/3", a code "35-NQ" is fine)
# numbers first (a cheap scan); the word before each is looked at by hand
_NUMBER = re.compile(r"\d{1,4}(?![\d/])")
_WORD = re.compile(r"[^\W\d_]+")


def find_typos(text: str) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for m in _NUMBER.finditer(text):
        i = m.start()
        if i and text[i - 1].isdigit():
            continue
        glued = i > 0 and text[i - 1].isalpha()
        end1 = i if glued else i - 1
        if end1 <= 0 or (not glued and text[end1] != " ") or not text[end1 - 1].isalpha():
            continue
        # the words ending at the number: the longest known name they fold to
        base = max(0, end1 - 60)
        back = text[base:end1]
        words = list(_WORD.finditer(back))
        if not words or words[-1].end() != len(back) or fold(words[-1].group(0)) not in _LAST_WORDS:
            continue
        for n in range(min(_LONGEST, len(words)), _SHORTEST - 1, -1):
            chosen = words[-n:]
            between = back[chosen[0].start() : chosen[-1].end()]
            if not re.fullmatch(r"[^\W\d_]+(?: [^\W\d_]+)*", between):
                continue
            known = _BY_FOLD.get(tuple(fold(between).split()))
            if known is None:
                continue
            slipped = between.casefold() != known.casefold()
            if not (glued or slipped):
                break
            s = base + chosen[0].start()
            e = m.end()
            out.append(
                {
                    "text": text[s:e],
                    "span": [s, e],
                    "suggestion": f"{known} {m.group(0)}",
                    "why": "glued" if glued and not slipped else "diacritics" if not glued else "both",
                }
            )
            break
    return out


# ---------------------------------------------------------------------- names in unit mentions
# the words of unit names repeat ("Ban", "Thành", "ủy"): each folded once
_fold_word = functools.lru_cache(maxsize=8192)(fold)


@dataclass
class NameIndex:
    """Known names by their folded words (each with every way of writing it), the folded
    form of each word written with marks in them, and the longest name's length in words."""

    by_fold: dict[tuple[str, ...], set[tuple[str, ...]]] = field(default_factory=dict)
    marked: set[str] = field(default_factory=set)
    # the lengths of the names each folded first word opens, longest first
    lengths: dict[str, tuple[int, ...]] = field(default_factory=dict)

    def add(self, name: str) -> None:
        words = tuple(_WORD.findall(name))
        if len(words) < 2 or all(w.isascii() for w in words):
            return  # a one-word name is too often a word; a name without marks cannot lose them
        key = tuple(_fold_word(w) for w in words)
        self.by_fold.setdefault(key, set()).add(words)
        self.marked.update(_fold_word(w) for w in words if not w.isascii())
        self.lengths[key[0]] = tuple(sorted({*self.lengths.get(key[0], ()), len(words)}, reverse=True))


def _capitalised_runs(name: str) -> list[str]:
    """The runs of capitalised words inside a unit's name: the proper name ("Phổ Yên" in
    "Thành ủy Phổ Yên"; "Tổ dân phố" is not one, "dân" is lower case)."""
    runs: list[list[str]] = [[]]
    for w in (w.strip("()[],.;:") for w in name.split()):
        if w and w[0].isupper():
            runs[-1].append(w)
        elif runs[-1]:
            runs.append([])
    return [" ".join(r) for r in runs if len(r) >= 2]


_LEXICON = tuple(sorted(PROVINCES)) + KNOWN_NAMES


def name_index(units: Iterable[str] | None = None) -> NameIndex:
    """The names a unit mention is checked against: the lexicon's, whole, and the tree's if
    given, whole and each run of capitalised words in them (the proper name: "Ba Hàng" of
    "Đảng bộ phường Ba Hàng")."""
    index = NameIndex()
    for name in _LEXICON:
        index.add(name)
    for name in units or ():
        index.add(name)
        for run in _capitalised_runs(name):
            index.add(run)
    return index


_LEXICON_INDEX = name_index()


def _slip(written: tuple[str, ...], known: tuple[str, ...]) -> bool:
    """``written`` is ``known`` with some words typed bare (the folded words already agree)."""
    differ = [w for w, k in zip(written, known, strict=True) if w.casefold() != k.casefold()]
    return bool(differ) and all(w.isascii() for w in differ)


def _name_at(
    text: str, words: list[re.Match[str]], folded: list[str], i: int, index: NameIndex
) -> tuple[int, str] | None:
    """The longest known name written with a slip from word ``i`` on: (its length in words,
    the name as it should be written), or None."""
    for n in index.lengths.get(folded[i], ()):
        if i + n > len(words):
            continue
        chunk = words[i : i + n]
        if any(text[a.end() : b.start()] != " " for a, b in zip(chunk, chunk[1:], strict=False)):
            continue  # one name is one phrase: single spaces, no comma
        known = index.by_fold.get(tuple(folded[i : i + n]))
        if not known:
            continue
        written = tuple(w.group() for w in chunk)
        if any(" ".join(written).casefold() == " ".join(k).casefold() for k in known):
            return None  # written as one of the known names: no slip
        slips = [k for k in known if _slip(written, k)]
        return (n, " ".join(slips[0])) if len(slips) == 1 else None
    return None


def find_name_typos(
    text: str, mentions: Iterable[dict[str, Any]], index: NameIndex | None = None
) -> list[dict[str, Any]]:
    """Known names written with some words bare inside the unit mentions (spans in ``text``)."""
    index = index or _LEXICON_INDEX
    out: list[dict[str, Any]] = []
    for m in mentions:
        s, e = m["span"]
        words = list(_WORD.finditer(text, s, e))
        # cheap first: a slip needs a bare word that some known name writes with marks; and a
        # mention typed without marks throughout is the way the text is typed, not a slip
        if not any(w.group().isascii() and w.group().lower() in index.marked for w in words):
            continue
        if all(w.group().isascii() for w in words):
            continue
        folded = [_fold_word(w.group()) for w in words]
        i = 0
        while i < len(words) - 1:
            hit = _name_at(text, words, folded, i, index)
            if hit is None:
                i += 1
                continue
            n, known = hit
            a, b = words[i].start(), words[i + n - 1].end()
            out.append({"text": text[a:b], "span": [a, b], "suggestion": known, "why": "diacritics"})
            i += n
    return out
