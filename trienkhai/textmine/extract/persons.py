"""People named in a text, each once, with every title the text gives them."""

from __future__ import annotations

import re
from dataclasses import dataclass

from trienkhai.textmine.extract.common import _L, _U, Item, _Sentences
from trienkhai.textmine.extract.titles import (
    _AFTER_OPEN,
    _HON_RE,
    _LEFT_RANKS,
    _POS_START,
    _RANK_RE,
    _colon_intro,
    _titles_after,
    _titles_before,
)
from trienkhai.textmine.lexicon import (
    FAMILY_NAMES,
    MIDDLE_NAMES,
    NEVER_IN_NAME,
    NOT_NAME_FIRST,
    PLACE_BEFORE_NAME,
    PROVINCES,
    THING_BEFORE_NAME,
)

_SYL = rf"(?:{_U}{_L}{{0,7}}|H'{_U}?{_L}{{1,7}})"
_RUN = re.compile(rf"(?:{_U}(?<![\w'./\-_]{_U}){_L}{{0,7}}|H'{_U}?{_L}{{1,7}})(?: {_SYL}){{1,7}}(?![\w'])")
_CAPS_BYLINE = re.compile(
    rf"(?m)^({_U}{{1,7}}(?: {_U}{{1,7}}){{1,3}})(?:\s{{0,2}}(\((?:thực hiện|lược ghi|ghi|tổng hợp|lược thuật)\))|[ \t]*$)"
)
_LEFT_HON = re.compile(rf"(?<![\w])(?:{_HON_RE})(?:\s{{1,2}}(?:{_RANK_RE})\.?,?)*\s{{1,2}}$")
_LEFT_PHOTO = re.compile(
    r"(?i)(?:ảnh|bài và ảnh|bài, ảnh|bài ảnh|tin, ảnh|tin và ảnh|tác giả|bài|video|clip|nguồn ảnh|đồ họa)\s{0,2}[:\-–]\s{0,2}$"
)
_LEFT_MANG_TEN = re.compile(r"(?i)mang tên\s{1,2}(?:(?:Chủ tịch|Bác|lãnh tụ|đồng chí)\s{1,2})?$")
_THING_RE = re.compile(
    r"(?<![\w])(?:"
    + "|".join(re.escape(t) for t in sorted(THING_BEFORE_NAME, key=len, reverse=True))
    + r")\s{1,2}$"
)
_PLACE_RE = re.compile(
    r"(?<![\w])(?:"
    + "|".join(re.escape(t) for t in sorted(PLACE_BEFORE_NAME, key=len, reverse=True))
    + r")\s{1,2}$"
)
_LEAD_HON = frozenset("Ông Bà Cụ Anh Chị Bác Chú Cô Thầy Em Cháu".split())
_FAMOUS_THING_NAMES = {
    "hồ chí minh",
    "các mác",
    "lênin",
    "võ thị sáu",
    "lê quý đôn",
    "trần phú",
    "nguyễn du",
    "lê lợi",
    "trần hưng đạo",
    "nguyễn trãi",
    "quang trung",
}
_HCM_CUE = re.compile(r"(?:Chủ tịch|Bác|Người|lãnh tụ|Lãnh tụ|đồng chí|Đồng chí|Chủ tịch nước)\s{1,2}$")


@dataclass
class _Person:
    name: str
    titles: list[str]
    span: tuple[int, int]
    cue: str


def _name_ok(syls: list[str]) -> bool:
    if not 2 <= len(syls) <= 5:
        return False
    if syls[0] in NOT_NAME_FIRST or any(s in NEVER_IN_NAME for s in syls):
        return False
    if " ".join(syls) in PROVINCES:
        return False
    return True


def _best_split(syls: list[str]) -> int | None:
    """Index where the personal name starts inside a capitalised run that
    follows a position title (the words before it belong to the title)."""
    best, best_score = None, -1
    n = len(syls)
    for k in range(0, n - 1):
        cand = syls[k:]
        if not _name_ok(cand):
            continue
        L = len(cand)
        score = {2: 1, 3: 4, 4: 3, 5: 0}.get(L, -5)
        if cand[0] in FAMILY_NAMES:
            score += 3
        if cand[1] in ("Văn", "Thị"):
            score += 3
        elif cand[1] in MIDDLE_NAMES:
            score += 1
        if k > 0 and " ".join(syls[:k]) in PROVINCES:
            score += 1
        if k > 0 and cand[1] in FAMILY_NAMES and cand[1] not in MIDDLE_NAMES and L >= 4:
            score -= 2
        if score > best_score:
            best, best_score = k, score
    if best is None or best_score < 3:
        return None
    return best


def _find_persons(text: str, raw: str, sents: _Sentences) -> list[Item]:
    found: dict[str, _Person] = {}
    order: list[str] = []
    last_end = -1
    colon_titles: tuple[int, list[str]] | None = None
    tail_start = len(text)
    for _ in range(6):
        tail_start = text.rfind("\n", 0, tail_start)
        if tail_start < 0:
            tail_start = 0
            break

    def add(name: str, span: tuple[int, int], titles: list[str], cue: str) -> None:
        nonlocal last_end
        key = name.casefold()
        p = found.get(key)
        if p is None:
            p = found[key] = _Person(name, [], span, cue)
            order.append(key)
        for t in titles:
            t = t.strip(" ,;:.-–")
            if t and t.casefold() not in (x.casefold() for x in p.titles):
                p.titles.append(t)
        last_end = span[1]

    for m in _RUN.finditer(text):
        s, e = m.span()
        if s and (text[s - 1].isalnum() or text[s - 1] in "'./-_"):
            continue
        syls = m.group(0).split(" ")
        # A run may carry capitalised non-name words at its end ("… Lương Tại"): cut them.
        while syls and syls[-1] in NEVER_IN_NAME:
            syls.pop()
            e = s + len(" ".join(syls))
        lead_hon = False
        if syls and syls[0] in _LEAD_HON:
            s += len(syls[0]) + 1
            syls = syls[1:]
            lead_hon = True
        if len(syls) < 2:
            continue
        left = text[max(0, s - 45) : s]
        name_s, name_syls, cue, pre_titles = None, None, None, []
        full = " ".join(syls)
        # --- thing names (ideologies, places, schools) are not persons
        if full.casefold() in _FAMOUS_THING_NAMES and not _HCM_CUE.search(left):
            continue
        if _LEFT_MANG_TEN.search(left):
            continue
        thing = bool(_THING_RE.search(left))
        place = bool(_PLACE_RE.search(left))
        if _name_ok(syls) and not thing and not place:
            if lead_hon or _LEFT_HON.search(left):
                cue = "honorific"
            elif _LEFT_RANKS.search(left) and re.search(rf"(?:{_RANK_RE})\.?\s{{0,2}}$", left):
                cue = "rank"
            elif _LEFT_PHOTO.search(left):
                cue = "photo"
            if cue:
                name_s, name_syls = s, syls
        if cue is None:
            # a position title before the run: the name is its tail
            k = _best_split(syls)
            if k is not None:
                ns = s + len(" ".join(syls[:k])) + (1 if k else 0)
                tb = _titles_before(text, raw, ns, last_end if last_end > 0 else 0)
                if tb:
                    if k == 0 and (thing or (place and not (len(syls) >= 3 and syls[0] in FAMILY_NAMES))):
                        tb = []
                    if tb:
                        cue, name_s, name_syls, pre_titles = "title", ns, syls[k:], tb
        if cue is None and _name_ok(syls) and not thing and not place:
            right = text[e : e + 40]
            between = text[last_end:s] if 0 <= last_end < s and s - last_end < 200 else None
            if syls[0] in FAMILY_NAMES or syls[0] in ("Y", "H'"):
                if (opened := _AFTER_OPEN.match(right)) and _POS_START.match(right[opened.end() :]):
                    cue = "apposition"
                elif (
                    between is not None
                    and len(between) < 120
                    and not re.search(r"[.!?\n]", between)
                    and re.search(r"(?:[;,:]|\s(?:và|cùng))\s{0,2}(?:đồng chí\s)?$", between)
                ):
                    cue = "list"
                elif len(syls) >= 3 and syls[1] in ("Văn", "Thị") and len(syls) <= 4:
                    cue = "name_shape"
                elif left.rstrip().endswith(":") and _colon_intro(
                    text, raw, s - (len(left) - len(left.rstrip())) - 1, last_end
                ):
                    cue = "list"
            if cue is None:
                # a line of its own: byline or photo credit
                ls = text.rfind("\n", 0, s) + 1
                le = text.find("\n", e)
                le = len(text) if le < 0 else le
                line = text[ls:le].strip()
                if line == full or re.fullmatch(re.escape(full) + r"\s{0,2}\([^()\n]{1,60}\)\.?", line):
                    if s >= tail_start or syls[0] in FAMILY_NAMES:
                        if 2 <= len(syls) <= 4 and full not in PROVINCES:
                            cue = "byline"
            if cue:
                name_s, name_syls = s, syls
        if cue is None:
            continue
        assert name_s is not None and name_syls is not None  # set with every cue
        name = " ".join(name_syls)
        ne = name_s + len(name)
        written = raw[name_s:ne]
        titles = list(pre_titles)
        if cue in ("honorific", "rank", "photo", "list", "name_shape"):
            titles = (
                _titles_before(text, raw, name_s, last_end if last_end > 0 else 0) if cue != "photo" else []
            )
        # colon lists: "Thứ trưởng, Phó Chủ nhiệm: A; B; C"
        lt = left.rstrip()
        if lt.endswith(":") and not titles:
            cpos = s - (len(left) - len(lt))
            titles = _titles_before(text, raw, cpos - 1, max(last_end, 0))
            colon_titles = (cpos, titles)
        elif cue == "list" and colon_titles and not titles:
            cpos, ct = colon_titles
            if 0 <= s - cpos < 200 and not re.search(r"[.!?\n]", text[cpos:s]):
                titles = list(ct)
        titles += _titles_after(text, raw, ne)
        add(written, (name_s, ne), titles, cue)
    # Bylines in capitals: "NGUYỄN VĂN A (thực hiện)", or alone on one of the last lines.
    for m in _CAPS_BYLINE.finditer(text):
        name = m.group(1)
        syls = [w.capitalize() for w in name.split()]
        if not m.group(2):
            if m.start() < tail_start or syls[0] not in FAMILY_NAMES:
                continue
        if not _name_ok(syls) or any(len(w) > 7 for w in syls):
            continue
        if name.casefold() not in found:
            found[name.casefold()] = _Person(raw[m.start(1) : m.end(1)], [], m.span(1), "byline")
            order.append(name.casefold())
    # A bare or partial name after the full one is the same person.
    keys = list(order)
    for short in keys:
        p = found[short]
        parts = short.split()
        for longer in keys:
            if (
                longer != short
                and longer in found
                and len(longer.split()) > len(parts)
                and longer.split()[-len(parts) :] == parts
                and p.cue not in ("byline", "photo")
            ):
                for t in p.titles:
                    if t.casefold() not in (x.casefold() for x in found[longer].titles):
                        found[longer].titles.append(t)
                found.pop(short, None)
                break
    return [
        {"name": found[k].name, "titles": found[k].titles, "span": list(found[k].span), "cue": found[k].cue}
        for k in order
        if k in found
    ]
