"""Document codes (số hiệu văn bản) of Party and State documents.

Two systems are in use:

* Party documents (Quy định 66-QĐ/TW): ``NUMBER-TYPE/ISSUER`` — ``21-KL/TW``,
  ``08-CTr/TU``, ``0091-KH/TU``, ``51-KH/BTGTU``.
* State documents (Nghị định 30/2020/NĐ-CP): ``NUMBER/TYPE-ISSUER``
  (``15/QĐ-UBND``), normative acts ``NUMBER/YEAR/TYPE-ISSUER``
  (``30/2020/NĐ-CP``, joint ones with up to four issuers:
  ``09/2008/NQLT-CP-UBTWMTTQVN``), acts of the National Assembly and its Standing
  Committee ``NUMBER/YEAR/QH<term>`` (``45/2019/QH14``, ``02/2022/UBTVQH15``), and a
  state công văn ``NUMBER/BODY-UNIT`` or ``NUMBER/BODY`` (``161/BXTĐT-MC``,
  ``285/CCTTHC``).

People write them with stray spaces (``15-NQ / TU``, ``0091- KH/TU``), with
``TƯ`` for ``TW``, with en dashes, after ``Số:`` (or ``số12-…``, the space lost),
after the kind word (``Kế hoạch số …``), with a letter after the number
(``12a-KH/TU``), broken by one line break (text copied from a PDF), and in lists
that write the type once (``Nghị quyết số 18, 19-NQ/TW``: two resolutions).
:func:`parse_code` reads one code; :func:`find_codes` finds every code in running
text with its offsets.

Every pattern here is a flat sequence of bounded character-class repeats (no
nested quantifiers), so matching is linear in the length of the text.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import asdict, dataclass

from trienkhai.textmine.normalize import nfc

__all__ = [
    "CodeError",
    "CodeMatch",
    "DocCode",
    "KIND_LABELS",
    "MAX_ISSUER",
    "TYPE_KINDS",
    "find_codes",
    "kind_from_word",
    "parse_code",
]


class CodeError(ValueError):
    """The text is not a document code (message in Vietnamese)."""


# Canonical type codes and the document kind each implies when the text does
# not name the kind.
TYPE_KINDS: dict[str, str] = {
    "NQ": "nghi_quyet",
    "NQLT": "nghi_quyet",
    "CT": "chi_thi",
    "KL": "ket_luan",
    "QĐ": "quyet_dinh",
    "QĐi": "quy_dinh",
    "QyĐ": "quy_dinh",
    "QC": "quy_che",
    "HD": "huong_dan",
    "HDLT": "huong_dan",
    "KH": "ke_hoach",
    "CTr": "chuong_trinh",
    "CTHĐ": "chuong_trinh",
    "CV": "cong_van",
    "TB": "thong_bao",
    "BC": "bao_cao",
    "TTr": "to_trinh",
    "BB": "bien_ban",
    "ĐA": "de_an",
    "DA": "de_an",
    "PA": "phuong_an",
    "NĐ": "nghi_dinh",
    "TT": "thong_tu",
    "TTLT": "thong_tu",
    "HĐ": "hop_dong",
    "TC": "tieu_chuan",
    "QT": "quy_trinh",
    "ĐC": "de_cuong",
    "TTr-": "to_trinh",
    "CĐ": "cong_dien",
    "GM": "giay_moi",
    "L": "luat",
    "BS": "khac",
    "PL": "phap_lenh",
}
TYPE_KINDS.pop("TTr-")
_TYPE_CANON = {t.upper(): t for t in TYPE_KINDS}

KIND_LABELS: dict[str, str] = {
    "nghi_quyet": "Nghị quyết",
    "chi_thi": "Chỉ thị",
    "ket_luan": "Kết luận",
    "quyet_dinh": "Quyết định",
    "quy_dinh": "Quy định",
    "quy_che": "Quy chế",
    "huong_dan": "Hướng dẫn",
    "ke_hoach": "Kế hoạch",
    "chuong_trinh": "Chương trình hành động",
    "cong_van": "Công văn",
    "thong_bao": "Thông báo",
    "bao_cao": "Báo cáo",
    "to_trinh": "Tờ trình",
    "bien_ban": "Biên bản",
    "de_an": "Đề án",
    "phuong_an": "Phương án",
    "nghi_dinh": "Nghị định",
    "thong_tu": "Thông tư",
    "hop_dong": "Hợp đồng",
    "tieu_chuan": "Tiêu chuẩn",
    "quy_trinh": "Quy trình",
    "de_cuong": "Đề cương",
    "cong_dien": "Công điện",
    "giay_moi": "Giấy mời",
    "luat": "Luật",
    "phap_lenh": "Pháp lệnh",
    "thong_tri": "Thông tri",
    "khac": "Khác",
}

# Kind words written before a code, lower case; longest first in the regex.
_KIND_WORDS: dict[str, str | None] = {
    "nghị quyết liên tịch": "nghi_quyet",
    "nghị quyết": "nghi_quyet",
    "chỉ thị": "chi_thi",
    "kết luận": "ket_luan",
    "quyết định": "quyet_dinh",
    "quy định": "quy_dinh",
    "quy chế": "quy_che",
    "hướng dẫn liên tịch": "huong_dan",
    "hướng dẫn": "huong_dan",
    "kế hoạch liên tịch": "ke_hoach",
    "kế hoạch": "ke_hoach",
    "chương trình hành động": "chuong_trinh",
    "chương trình": "chuong_trinh",
    "công văn": "cong_van",
    "thông báo kết luận": "thong_bao",
    "thông báo": "thong_bao",
    "báo cáo": "bao_cao",
    "tờ trình": "to_trinh",
    "biên bản": "bien_ban",
    "đề án": "de_an",
    "phương án": "phuong_an",
    "nghị định": "nghi_dinh",
    "thông tư liên tịch": "thong_tu",
    "thông tư": "thong_tu",
    "hợp đồng": "hop_dong",
    "tiêu chuẩn": "tieu_chuan",
    "quy trình": "quy_trinh",
    "đề cương": "de_cuong",
    "công điện": "cong_dien",
    "giấy mời": "giay_moi",
    "luật": "luat",
    "pháp lệnh": "phap_lenh",
    "thông tri": "thong_tri",
    # Generic words: the kind comes from the type code instead.
    "văn bản": None,
    "số hiệu": None,
}


def kind_from_word(word: str) -> str | None:
    """The kind slug for a kind word ("Kế hoạch" → "ke_hoach"), or None."""
    return _KIND_WORDS.get(" ".join(nfc(word).lower().split()))


_DASH = "\\-\u2010\u2011\u2012\u2013\u2014\u2212"
_UP = "A-ZĐƯÐ"
_LOW = "a-zđư"
_SP = "[ \\t\\u00a0]{0,3}"  # stray spaces inside a code
_SPB = "[ \\t\\u00a0]{0,3}(?:\\n[ \\t\\u00a0]{0,3})?"  # …or one line break (a PDF's)
_SPN = "\\s{0,4}"  # …and around the slash, where PDFs break lines
# A number, with the letter some offices add ("12a-KH/TU", "125b/QĐ-UBND"; the key writes it
# upper case, and a key must read back). The patterns start with it (a digit: the regex engine
# then skips ahead to the next digit); where it may start is :func:`_starts_ok`'s business.
_NUMBER = "(\\d\\d{0,5}[a-zA-Z]?)"
_NOT_BEFORE = frozenset("/.," + "-\u2010\u2011\u2012\u2013\u2014\u2212")
# The issuer part of a code is at most this long (a joint act of four bodies fits): what a
# document register stores of it.
MAX_ISSUER = 40

# Party: NUMBER-TYPE/ISSUER[-ISSUER[-ISSUER]].
_PARTY = re.compile(
    rf"{_NUMBER}{_SPB}[{_DASH}]{_SPB}([{_UP}][{_UP}{_LOW}]{{0,5}}){_SPN}/{_SPN}"
    rf"([{_UP}][{_UP}0-9]{{0,11}}(?:[{_DASH}][{_UP}][{_UP}0-9]{{0,11}}){{0,2}})(?![\w/])"
)
# State: NUMBER/[YEAR/]PART[-PART[-PART[-PART[-PART]]]] (a joint act names up to four issuers).
_PART = rf"[{_UP}][{_UP}{_LOW}0-9]{{0,13}}"
_STATE = re.compile(
    rf"{_NUMBER}{_SP}/{_SPB}(?:((?:19|20)\d\d){_SP}/{_SPB})?"
    rf"([{_UP}][{_UP}{_LOW}]{{0,7}})"
    rf"(?:{_SP}[{_DASH}]{_SPB}({_PART}))?"
    rf"(?:[{_DASH}]({_PART}(?:[{_DASH}]{_PART}){{0,2}}))?(?![\w/])"
)
# Acts of the National Assembly (Luật, Nghị quyết) and of its Standing Committee (Pháp lệnh,
# Nghị quyết): NUMBER/YEAR/QH<term>, NUMBER/YEAR/UBTVQH<term> — no type code in the number.
_ASSEMBLY = re.compile(rf"{_NUMBER}{_SP}/{_SPB}((?:19|20)\d\d){_SP}/{_SPB}((?:UBTV)?QH\d{{1,2}})(?![\w/])")
_ASSEMBLY_TYPE = {"nghi_quyet": "NQ", "phap_lenh": "PL"}
# The numbers before a party code that share its type and issuer: "số 18, 19-NQ/TW",
# "số 18 và 19-NQ/TW" (the 18 is 18-NQ/TW).
_SHARED = re.compile(
    r"(?i)(?<!\w)số[ \t]{0,2}:?[ \t]{0,2}((?:\d{1,6}[a-z]?[ \t]{0,2}(?:,|và)[ \t]{0,2}){1,6})$"
)
_SHARED_NUM = re.compile(r"\d{1,6}[a-zA-Z]?")
_KIND_RE = re.compile(
    "(?i)(?<!\\w)("
    + "|".join(re.escape(w) for w in sorted(_KIND_WORDS, key=len, reverse=True))
    + ")(?: hành động)?[ \\t]{0,3}(?:số[ \\t]{0,2}(?:hiệu)?[ \\t]{0,2}:?)?[ \\t]{0,3}$"
)
_SO_RE = re.compile("(?i)(?<!\\w)số[ \\t]{0,2}(?:hiệu)?[ \\t]{0,2}:?[ \\t]{0,3}$")


@dataclass(frozen=True)
class DocCode:
    """A parsed document code.

    ``code`` is the canonical spelling (party ``0091-KH/TU``, state
    ``30/2020/NĐ-CP``); ``key`` compares codes: upper case, no spaces,
    leading zeros of the number dropped, ``TƯ`` read as ``TW``.
    """

    number: str
    type: str
    issuer: str
    year: int | None
    system: str
    code: str
    kind: str
    key: str

    def as_dict(self) -> dict[str, object]:
        d = asdict(self)
        return {k: d[k] for k in ("number", "type", "issuer", "code", "system", "kind", "year", "key")}


@dataclass(frozen=True)
class CodeMatch:
    """A code found in running text: ``span`` covers the code itself,
    ``full_span`` also the kind word and "số" written before it."""

    doc: DocCode
    text: str
    span: tuple[int, int]
    full_span: tuple[int, int]
    kind_word: str | None


def _issuer(raw: str) -> str:
    s = raw.replace("Ð", "Đ").upper()
    s = re.sub(f"[{_DASH}]", "-", s)
    return s.replace("TƯ", "TW")


def _canon_type(raw: str) -> str:
    raw = raw.replace("Ð", "Đ").replace("ð", "đ")
    return _TYPE_CANON.get(raw.upper(), raw)


def _lower_count(s: str) -> int:
    return sum(1 for ch in s if ch.islower())


def _key(code: str) -> str:
    c = "".join(code.split()).upper().replace("TƯ", "TW")
    c = re.sub(f"[{_DASH}]", "-", c)
    return re.sub(r"^0+(?=\d)", "", c)


def _make(
    number: str, typ: str, issuer: str, year: int | None, system: str, code: str, kind: str | None
) -> DocCode:
    if kind is None:
        kind = TYPE_KINDS.get(typ, "khac")
    return DocCode(
        number=number, type=typ, issuer=issuer, year=year, system=system, code=code, kind=kind, key=_key(code)
    )


def _party(m: re.Match[str], kind: str | None) -> DocCode | None:
    number, typ_raw, issuer_raw = m.group(1), m.group(2), m.group(3)
    if _lower_count(typ_raw) > 1 or len(issuer_raw) < 1:
        return None
    typ = _canon_type(typ_raw)
    issuer = _issuer(issuer_raw)
    return _make(number, typ, issuer, None, "party", f"{number}-{typ}/{issuer}", kind)


def _assembly(m: re.Match[str], kind: str | None) -> DocCode:
    number, year, issuer = m.group(1), m.group(2), m.group(3)
    kind = kind or "luat"
    typ = _ASSEMBLY_TYPE.get(kind, "L")
    return _make(number, typ, issuer, int(year), "state", f"{number}/{year}/{issuer}", kind)


def _state(m: re.Match[str], kind: str | None, *, bare_ok: bool) -> DocCode | None:
    number, year, first, second, third = m.group(1), m.group(2), m.group(3), m.group(4), m.group(5)
    first = first.replace("Ð", "Đ")
    canon = _TYPE_CANON.get(first.upper())
    if second is None:
        # NUMBER/BODY: a state công văn; only when the text says it is a document, and never
        # with a lettered number ("số 12A/BT" is an address).
        if not bare_ok or year or canon or sum(1 for ch in first if ch.isupper()) < 2 or number[-1].isalpha():
            return None
        if _lower_count(first) > 1:
            return None
        body = first
        return _make(number, "CV", body, None, "state", f"{number}/{body}", kind)
    second = second.replace("Ð", "Đ")
    if _lower_count(first) > 1 or len(second) + len(third or "") + 1 > MAX_ISSUER:
        return None
    tail = f"-{third.replace('Ð', 'Đ')}" if third else ""
    if canon:
        issuer = second + tail
        ystr = f"{year}/" if year else ""
        return _make(
            number,
            canon,
            issuer,
            int(year) if year else None,
            "state",
            f"{number}/{ystr}{canon}-{issuer}",
            kind,
        )
    if year:
        # NUMBER/YEAR/XX-YY with an unknown type: keep it as written.
        issuer = second + tail
        return _make(number, first, issuer, int(year), "state", f"{number}/{year}/{first}-{issuer}", kind)
    body = f"{first}-{second}{tail}"
    return _make(number, "CV", body, None, "state", f"{number}/{body}", kind)


def _starts_ok(text: str, start: int) -> bool:
    """A code's number starts a token: not inside a word or another number, nor after a slash,
    dot, comma or dash; but "số12-KH/TU" (the space after "số" lost) is a code."""
    if start == 0:
        return True
    ch = text[start - 1]
    if ch.isalnum() or ch == "_":
        return text[max(0, start - 2) : start] in ("số", "Số")
    return ch not in _NOT_BEFORE


def _in_url(text: str, start: int) -> bool:
    i = start
    lo = max(0, start - 300)
    while i > lo and not text[i - 1].isspace():
        i -= 1
    token = text[i:start]
    return "://" in token or token.startswith("www.") or "%2F" in token


def _kind_before(text: str, start: int) -> tuple[str | None, int, str | None]:
    """Kind word (and 'số') written right before ``start``: (slug, new start, word)."""
    window = text[max(0, start - 40) : start]
    m = _KIND_RE.search(window)
    if m:
        word = m.group(1)
        return _KIND_WORDS.get(word.lower()), start - (len(window) - m.start()), word
    m = _SO_RE.search(window)
    if m:
        return None, start - (len(window) - m.start()), None
    return None, start, None


def find_codes(text: str) -> list[CodeMatch]:
    """Every document code in ``text`` (in order), with offsets into ``text``."""
    if not text:
        return []
    out: list[CodeMatch] = []
    taken: list[tuple[int, int]] = []
    for m in _PARTY.finditer(text):
        if not _starts_ok(text, m.start()) or _in_url(text, m.start()):
            continue
        window = text[max(0, m.start() - 60) : m.start()]
        shared = _SHARED.search(window)
        base = m.start() - len(window)
        kind, fstart, word = _kind_before(text, base + shared.start() if shared else m.start())
        doc = _party(m, kind)
        if doc:
            if shared:
                # Each number of the list is a code of its own, with this type and issuer; the
                # kind word and "số" go with the first (full spans never overlap).
                for nm in _SHARED_NUM.finditer(shared.group(1)):
                    s = base + shared.start(1) + nm.start()
                    n = nm.group(0)
                    d = _make(
                        n, doc.type, doc.issuer, None, "party", f"{n}-{doc.type}/{doc.issuer}", doc.kind
                    )
                    out.append(CodeMatch(d, n, (s, s + len(n)), (min(fstart, s), s + len(n)), word))
                    fstart = len(text)  # the next ones start at their own number
                fstart = m.start()
            out.append(CodeMatch(doc, m.group(0), m.span(), (fstart, m.end()), word))
            taken.append(m.span())
    if "/" in text and "QH" in text:
        for m in _ASSEMBLY.finditer(text):
            if not _starts_ok(text, m.start()) or _in_url(text, m.start()):
                continue
            kind, fstart, word = _kind_before(text, m.start())
            out.append(CodeMatch(_assembly(m, kind), m.group(0), m.span(), (fstart, m.end()), word))
            taken.append(m.span())
        taken.sort()
    if "/" in text:
        taken_starts = [a for a, _b in taken]
        for m in _STATE.finditer(text):
            s, e = m.span()
            j = bisect.bisect_right(taken_starts, e - 1) - 1
            if j >= 0 and taken[j][1] > s:
                continue
            if not _starts_ok(text, s):
                continue
            if _in_url(text, s):
                continue
            kind, fstart, word = _kind_before(text, s)
            doc = _state(m, kind, bare_ok=fstart != s)
            if doc:
                out.append(CodeMatch(doc, m.group(0), m.span(), (fstart, e), word))
    out.sort(key=lambda c: c.span[0])
    return out


_STRIP_RE = re.compile(f"[\\s:.,;()\\[\\]\"'“”{_DASH}]+")


def parse_code(text: str) -> DocCode:
    """Read one document code, with or without "Số:" and the kind word.

    >>> parse_code("Kế hoạch số 0091- KH/TU").code
    '0091-KH/TU'
    """
    if not isinstance(text, str):
        raise CodeError("Số hiệu văn bản phải là chuỗi ký tự.")
    s = nfc(text).replace("Ð", "Đ").replace("ð", "đ").strip()
    if not s:
        raise CodeError("Chưa nhập số hiệu văn bản.")
    if len(s) > 200:
        raise CodeError("Không nhận ra số hiệu văn bản: chuỗi quá dài.")
    matches = find_codes(s)
    if not matches:
        # A bare NUMBER/BODY is accepted when it is all there is.
        m = _STATE.fullmatch(_STRIP_RE.sub(" ", s).strip())
        doc = _state(m, None, bare_ok=True) if m else None
        if doc:
            return doc
        raise CodeError(f"Không nhận ra số hiệu văn bản: “{text.strip()[:80]}”.")
    if len(matches) > 1:
        raise CodeError(f"Có nhiều số hiệu văn bản trong “{text.strip()[:80]}”; hãy nhập từng số hiệu.")
    cm = matches[0]
    rest = s[: cm.full_span[0]] + " " + s[cm.full_span[1] :]
    rest = _STRIP_RE.sub(" ", rest).strip()
    if rest:
        # Allow a leading "Số" / kind word not adjacent, nothing else.
        rest_l = rest.lower()
        if rest_l not in ("số", "số hiệu") and kind_from_word(rest_l) is None and rest_l not in _KIND_WORDS:
            raise CodeError(f"Không nhận ra số hiệu văn bản: “{text.strip()[:80]}” (thừa “{rest[:40]}”).")
    return cm.doc
