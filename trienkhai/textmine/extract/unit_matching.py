"""Unit names of a given list (the tree) found in a text: as written, without diacritics or
spaces (flagged as probable typos), or one edit off."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from trienkhai.textmine.extract.common import LO, UP, Item
from trienkhai.textmine.normalize import fold

_FOLD_TABLE: dict[str, str] = {}
for _ch in UP + LO:
    _b = unicodedata.normalize("NFD", _ch)[0].lower()
    if _ch in "Đđ":
        _b = "d"
    _FOLD_TABLE.setdefault(_b, "")
    _FOLD_TABLE[_b] += _ch


def _fuzzy_pattern(name: str) -> str:
    letters = [c for c in fold(name) if c.isalnum()]
    parts = []
    for c in letters:
        if c in _FOLD_TABLE:
            parts.append("[" + _FOLD_TABLE[c] + "]")
        else:
            parts.append(re.escape(c))
    return r"[ \-]?".join(parts)


def _match_units(text: str, units: Iterable[str]) -> list[Item]:
    names = [" ".join(u.split()) for u in units if u and u.strip()]
    # longest first; names of one length in a fixed order (not the set's, which changes with
    # every process's hash seed)
    names = sorted(set(names), key=lambda n: (-len(n), n))
    if not names:
        return []
    # a name written as the list writes it is that name, whatever other name of the same
    # length folds like it ("xã Thanh Hà" beside "xã Thành Hà" is no slip of the other)
    exact = set(names)
    by_case = {n.casefold(): n for n in reversed(names)}
    pats = [f"(?P<u{i}>{_fuzzy_pattern(n)})" for i, n in enumerate(names)]
    rx = re.compile(r"(?<![\w])(?:" + "|".join(pats) + r")(?![\w])")
    out: list[Item] = []
    for m in rx.finditer(text):
        assert m.lastgroup is not None  # every alternative is a named group
        idx = int(m.lastgroup[1:])
        written = m.group(0)
        as_written = " ".join(written.split())
        canonical = as_written if as_written in exact else by_case.get(as_written.casefold(), names[idx])
        typo = as_written.casefold() != canonical.casefold()
        item = {"name": canonical, "text": written, "span": [m.start(), m.end()], "typo": typo}
        if typo:
            item["suggestion"] = canonical
        out.append(item)
    # Small spelling slips beyond diacritics and spaces: one edit on the folded form.
    out.extend(_near_units(text, names, {tuple(u["span"]) for u in out}))
    out.sort(key=lambda u: u["span"][0])
    return out


def _edit1(a: str, b: str) -> bool:
    if a == b:
        return True
    la, lb = len(a), len(b)
    if abs(la - lb) > 1:
        return False
    if la == lb:
        diff = [i for i in range(la) if a[i] != b[i]]
        return len(diff) == 1 or (
            len(diff) == 2
            and diff[1] == diff[0] + 1
            and a[diff[0]] == b[diff[1]]
            and a[diff[1]] == b[diff[0]]
        )
    if la > lb:
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    return a[i:] == b[i + 1 :]


def _near_units(text: str, names: list[str], taken: set[tuple[int, int]]) -> list[Item]:
    out: list[Item] = []
    words = (
        [(m.start(), m.end(), fold(m.group(0)).strip(",.;:()")) for m in re.finditer(r"\S+", text)]
        if len(text) < 2_000_000
        else []
    )
    if not words:
        return out
    firsts: dict[str, list[int]] = {}
    for i, (_s, _e, w) in enumerate(words):
        if w:
            firsts.setdefault(w[:1], []).append(i)
    for name in names:
        key = re.sub(r"[^0-9a-z]", "", fold(name))
        if len(key) < 6:
            continue
        k = len(name.split())
        fw = fold(name)[:1]
        for i in firsts.get(fw, []):
            for span_len in (k, k - 1, k + 1):
                if span_len < 1 or i + span_len > len(words):
                    continue
                cand = "".join(w for _s, _e, w in words[i : i + span_len])
                cand = re.sub(r"[^0-9a-z]", "", cand)
                if cand != key and _edit1(cand, key):
                    s, e = words[i][0], words[i + span_len - 1][1]
                    while e > s and text[e - 1] in ",.;:()":
                        e -= 1
                    if (s, e) in taken or any(a < e and s < b for a, b in taken):
                        continue
                    taken.add((s, e))
                    out.append(
                        {"name": name, "text": text[s:e], "span": [s, e], "typo": True, "suggestion": name}
                    )
                    break
    return out
