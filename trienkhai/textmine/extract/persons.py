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


# How a run of capitalised words is taken for a name, in this order: a cue on its left (an
# honorific, a rank, a photo credit); a position title before it, the name being the run's
# tail; the name's own shape and place (an apposition, a list, "X Văn Y", a colon list); a
# line of its own (a byline). ``_PersonReader`` makes one pass; ``_take`` gathers the titles.
_RANK_BEFORE = re.compile(rf"(?:{_RANK_RE})\.?\s{{0,2}}$")
_SENT_BREAK = re.compile(r"[.!?\n]")
_LIST_JOIN = re.compile(r"(?:[;,:]|\s(?:và|cùng))\s{0,2}(?:đồng chí\s)?$")
_WITH_OWN_TITLES = ("honorific", "rank", "list", "name_shape")

# (cue, where the name starts, its syllables, the titles read before it)
_Hit = tuple[str, int, list[str], list[str]]


@dataclass
class _Run:
    """A run of capitalised words that may be a name, once a non-name word at its end and an
    honorific at its start are cut."""

    s: int
    e: int
    syls: list[str]
    lead_hon: bool  # it opened with "Ông", "Bà" …
    left: str  # the 45 characters before it
    thing: bool  # right after a word that names a thing after a person ("tư tưởng")
    place: bool  # right after a word that names a place ("đường", "trường")
    plain: bool  # name-shaped, and neither a thing's nor a place's


def _run_at(text: str, m: re.Match[str]) -> _Run | None:
    s, e = m.span()
    if s and (text[s - 1].isalnum() or text[s - 1] in "'./-_"):
        return None
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
        return None
    left = text[max(0, s - 45) : s]
    # thing names (ideologies, places, schools) are not persons
    if " ".join(syls).casefold() in _FAMOUS_THING_NAMES and not _HCM_CUE.search(left):
        return None
    if _LEFT_MANG_TEN.search(left):
        return None
    thing = bool(_THING_RE.search(left))
    place = bool(_PLACE_RE.search(left))
    return _Run(s, e, syls, lead_hon, left, thing, place, _name_ok(syls) and not thing and not place)


def _tail_start(text: str) -> int:
    """Where the last six lines start (bylines stand there)."""
    tail_start = len(text)
    for _ in range(6):
        tail_start = text.rfind("\n", 0, tail_start)
        if tail_start < 0:
            tail_start = 0
            break
    return tail_start


class _PersonReader:
    """One pass over a text. What carries from one name to the next: where the last person
    taken ends (``last_end``: a list goes on from there, titles are not read back past it) and
    the titles of the last colon list ("Thứ trưởng, Phó Chủ nhiệm: A; B; C")."""

    def __init__(self, text: str, raw: str) -> None:
        self.text, self.raw = text, raw
        self.found: dict[str, _Person] = {}
        self.order: list[str] = []
        self.last_end = -1
        self.colon_titles: tuple[int, list[str]] | None = None
        self.tail_start = _tail_start(text)

    def read(self) -> list[Item]:
        for m in _RUN.finditer(self.text):
            run = _run_at(self.text, m)
            if run is None:
                continue
            hit = self._cue_left(run) or self._cue_title(run) or self._cue_shape(run)
            if hit is not None:
                self._take(run, *hit)
        self._caps_bylines()
        _merge_partial_names(self.found, self.order)
        return [
            {"name": p.name, "titles": p.titles, "span": list(p.span), "cue": p.cue}
            for p in (self.found[k] for k in self.order if k in self.found)
        ]

    # ------------------------------------------------------------------ cues
    def _cue_left(self, run: _Run) -> _Hit | None:
        """An honorific, a rank or a photo credit right before the name."""
        if not run.plain:
            return None
        if run.lead_hon or _LEFT_HON.search(run.left):
            cue = "honorific"
        elif _LEFT_RANKS.search(run.left) and _RANK_BEFORE.search(run.left):
            cue = "rank"
        elif _LEFT_PHOTO.search(run.left):
            cue = "photo"
        else:
            return None
        return cue, run.s, run.syls, []

    def _cue_title(self, run: _Run) -> _Hit | None:
        """A position title before the run: the name is its tail ("Bí thư Thành ủy Phổ Yên Bùi
        Văn Lương")."""
        syls = run.syls
        k = _best_split(syls)
        if k is None:
            return None
        ns = run.s + len(" ".join(syls[:k])) + (1 if k else 0)
        tb = _titles_before(self.text, self.raw, ns, self.last_end if self.last_end > 0 else 0)
        if not tb:
            return None
        if k == 0 and (run.thing or (run.place and not (len(syls) >= 3 and syls[0] in FAMILY_NAMES))):
            return None
        return "title", ns, syls[k:], tb

    def _cue_shape(self, run: _Run) -> _Hit | None:
        """No word before it says so: the name's shape and place, then a line of its own."""
        if not run.plain:
            return None
        cue = self._cue_family(run) if run.syls[0] in FAMILY_NAMES or run.syls[0] in ("Y", "H'") else None
        if cue is None and self._own_line(run):
            cue = "byline"
        return (cue, run.s, run.syls, []) if cue else None

    def _cue_family(self, run: _Run) -> str | None:
        """A name opening with a family name: titles follow it, it goes on a list, it is shaped
        "X Văn Y", or a colon that opens a list of people stands before it."""
        text, s, syls, left = self.text, run.s, run.syls, run.left
        right = text[run.e : run.e + 40]
        if (opened := _AFTER_OPEN.match(right)) and _POS_START.match(right[opened.end() :]):
            return "apposition"
        last_end = self.last_end
        between = text[last_end:s] if 0 <= last_end < s and s - last_end < 200 else None
        if (
            between is not None
            and len(between) < 120
            and not _SENT_BREAK.search(between)
            and _LIST_JOIN.search(between)
        ):
            return "list"
        if len(syls) >= 3 and syls[1] in ("Văn", "Thị") and len(syls) <= 4:
            return "name_shape"
        if left.rstrip().endswith(":") and _colon_intro(
            text, self.raw, s - (len(left) - len(left.rstrip())) - 1, last_end
        ):
            return "list"
        return None

    def _own_line(self, run: _Run) -> bool:
        """A line of its own (perhaps with a note in brackets): a byline or a photo credit, near
        the end of the text or opening with a family name."""
        text, s, syls = self.text, run.s, run.syls
        full = " ".join(syls)
        ls = text.rfind("\n", 0, s) + 1
        le = text.find("\n", run.e)
        le = len(text) if le < 0 else le
        line = text[ls:le].strip()
        if not (line == full or re.fullmatch(re.escape(full) + r"\s{0,2}\([^()\n]{1,60}\)\.?", line)):
            return False
        if not (s >= self.tail_start or syls[0] in FAMILY_NAMES):
            return False
        return 2 <= len(syls) <= 4 and full not in PROVINCES

    # ------------------------------------------------------------------ taking a person
    def _take(self, run: _Run, cue: str, name_s: int, name_syls: list[str], pre_titles: list[str]) -> None:
        text, raw = self.text, self.raw
        ne = name_s + len(" ".join(name_syls))
        titles = list(pre_titles)
        if cue in _WITH_OWN_TITLES:
            titles = _titles_before(text, raw, name_s, self.last_end if self.last_end > 0 else 0)
        elif cue == "photo":
            titles = []
        titles = self._colon_titles(run, cue, titles)
        # in place: a colon list's titles, kept for the names after it, take this one's too
        titles += _titles_after(text, raw, ne)
        self._add(raw[name_s:ne], (name_s, ne), titles, cue)

    def _colon_titles(self, run: _Run, cue: str, titles: list[str]) -> list[str]:
        """Colon lists: "Thứ trưởng, Phó Chủ nhiệm: A; B; C" — the titles before the colon are
        each listed name's."""
        if titles:
            return titles
        lt = run.left.rstrip()
        if lt.endswith(":"):
            cpos = run.s - (len(run.left) - len(lt))
            titles = _titles_before(self.text, self.raw, cpos - 1, max(self.last_end, 0))
            self.colon_titles = (cpos, titles)
        elif cue == "list" and self.colon_titles:
            cpos, ct = self.colon_titles
            if 0 <= run.s - cpos < 200 and not _SENT_BREAK.search(self.text[cpos : run.s]):
                titles = list(ct)
        return titles

    def _add(self, name: str, span: tuple[int, int], titles: list[str], cue: str) -> None:
        key = name.casefold()
        p = self.found.get(key)
        if p is None:
            p = self.found[key] = _Person(name, [], span, cue)
            self.order.append(key)
        for t in titles:
            t = t.strip(" ,;:.-–")
            if t and t.casefold() not in (x.casefold() for x in p.titles):
                p.titles.append(t)
        self.last_end = span[1]

    def _caps_bylines(self) -> None:
        """Bylines in capitals: "NGUYỄN VĂN A (thực hiện)", or alone on one of the last lines."""
        for m in _CAPS_BYLINE.finditer(self.text):
            name = m.group(1)
            syls = [w.capitalize() for w in name.split()]
            if not m.group(2) and (m.start() < self.tail_start or syls[0] not in FAMILY_NAMES):
                continue
            if not _name_ok(syls) or any(len(w) > 7 for w in syls):
                continue
            key = name.casefold()
            if key not in self.found:
                self.found[key] = _Person(self.raw[m.start(1) : m.end(1)], [], m.span(1), "byline")
                self.order.append(key)


def _merge_partial_names(found: dict[str, _Person], order: list[str]) -> None:
    """A bare or partial name after the full one is the same person: its titles join the full
    name's and it is dropped."""
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


def _find_persons(text: str, raw: str, sents: _Sentences) -> list[Item]:
    """Every person named, once, in the order first named, with every title given them.
    ``raw`` is the text with its tone marks placed as written (the same length as ``text``):
    names and titles are handed out from it."""
    return _PersonReader(text, raw).read()
