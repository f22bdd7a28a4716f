"""Requests to a body: "<sender> đề nghị <addressee>[, <addressee>] <what>"."""

from __future__ import annotations

import re

from trienkhai.textmine.extract.common import Item, _Sentences

_PROPOSAL = re.compile(r"([đĐ]ề nghị|[kK]iến nghị|[đĐ]ề xuất)(?!\w)")


# A request is "<sender> đề nghị <addressee>[, <addressee>] <what>": the verb must be followed by
# a body ("kiến nghị của Thành ủy" is about a request, "đề xuất giải pháp" is not addressed),
# named in full (a unit mention starts there) or relative to the writer: "Thành ủy", "cấp trên",
# "Ban Thường vụ", "Ban Tuyên giáo Thành ủy". Which unit a relative name is depends on the tree
# and is the import screen's business; what is a request, and what it asks, is decided here once
# for the command line and the screen alike.
ASK = re.compile(r"(?i)(?<!\w)(đề nghị|kiến nghị|đề xuất)(?:\s+(?:với|lên|gửi))?\s+")
_JOIN = re.compile(r"\s*(?:,|và|;)?\s*")
KIND_WORD = r"(?P<kind>Trung ương|Tỉnh ủy|Thành ủy|Thị ủy|Huyện ủy|Quận ủy|Đảng ủy(?:\s+(?:phường|xã))?)"
# Bare: no proper name follows ("Thành ủy Sông Công" names a committee, it is not the writer's own).
_BARE = r"(?!\s+[A-ZĐÀ-Ỹ0-9])(?!\w)"
# The bodies of a committee: its standing bodies (the committee itself between plenums) and
# its departments ("Ban Tuyên giáo", "Ủy ban Kiểm tra", "Văn phòng").
_BODY = r"(?P<dept>Ban Thường vụ|Thường trực|Ban Chấp hành|(?:Ban|Ủy ban|Văn phòng)(?:\s+\w+){1,5}?)"
PARENT = re.compile(r"(?:các\s+)?(?:cấp ủy\s+)?cấp trên(?:\s+trực tiếp)?(?!\w)", re.IGNORECASE)
BODY_OF_KIND = re.compile(_BODY + r"\s+(?:Đảng bộ\s+)?" + KIND_WORD + _BARE)
BODY_BEFORE_NAME = re.compile(_BODY + r"\s+(?:Đảng bộ\s+)?")
STANDING_BARE = re.compile(r"(?P<dept>Ban Thường vụ|Thường trực)" + _BARE)
COMMITTEE = re.compile(KIND_WORD + _BARE)


def cap(s: str) -> str:
    s = s.strip(" ,:;")
    return s[:1].upper() + s[1:]


# A request sent down names a group of the writer's lower bodies, or one department of each:
# "các chi bộ", "các đảng ủy trực thuộc", "các tổ chức chính trị - xã hội của tỉnh", "Ban Tuyên
# giáo các huyện, thị, thành phố", "Tuyên huấn các đảng ủy trực thuộc Tỉnh ủy".
_PLACE_WORD = r"(?:tỉnh|thành phố|huyện|quận|thị xã|thị trấn|thị|xã|phường|thôn|xóm|tổ dân phố|khu phố)(?!\w)"
_GROUP_HEAD = (
    r"(?i:sở, ban, ngành|ban, ngành|phòng, ban|chi bộ|đảng bộ|đảng ủy|cấp ủy|tổ chức cơ sở đảng"
    r"|tổ chức đảng|ban cán sự đảng|đảng đoàn|(?:tổ chức|đoàn thể) chính trị\s*[-–]\s*xã hội|đoàn thể"
    r"|cơ quan|đơn vị|địa phương)(?!\w)(?:\s+(?i:cơ sở|bộ phận|chức năng|có liên quan|liên quan)(?!\w))?"
)
_LOWER_GROUP = re.compile(
    r"(?i:các)\s+(?:"
    rf"{_PLACE_WORD}(?:\s*,\s*{_PLACE_WORD}|\s+và\s+{_PLACE_WORD})*"
    rf"|{_GROUP_HEAD}(?:\s*,\s*{_GROUP_HEAD}|\s+và\s+{_GROUP_HEAD})*"
    r")"
    rf"(?:\s+(?:(?:trực thuộc|thuộc)\s+{KIND_WORD}{_BARE}|(?:của\s+)?{_PLACE_WORD}|trực thuộc))?"
)
_DEPT_OF_GROUP = re.compile(
    r"Ban Thường vụ|Thường trực|Tuyên huấn|(?:Ban|Ủy ban|Văn phòng)(?:\s+(?!(?:và|với|cùng)(?!\w))\w+){1,5}?"
)


def _addressee_at(text: str, pos: int, named: dict[int, int]) -> tuple[int, bool] | None:
    """Where the body named at ``pos`` ends, and whether it is named relative to the writer;
    ``named`` holds the unit mentions (start → end). A group of lower bodies, or a department
    of each ("Ban Tuyên giáo các huyện"), is one addressee, named relative to the writer."""
    group = _LOWER_GROUP.match(text, pos)
    if group:
        return group.end(), True
    for gap in re.finditer(r"\s+(?=(?i:các)\s)", text[pos : pos + 60]):
        body_end = pos + gap.start()
        if named.get(pos) == body_end or _DEPT_OF_GROUP.fullmatch(text, pos, body_end):
            group = _LOWER_GROUP.match(text, pos + gap.end())
            if group:
                return group.end(), True
    if pos in named:
        return named[pos], False
    m = PARENT.match(text, pos)
    if m:
        return m.end(), True
    for start in range(pos + 1, min(pos + 81, len(text))):
        if start in named and BODY_BEFORE_NAME.fullmatch(text, pos, start):
            return named[start], True
    for rx in (BODY_OF_KIND, STANDING_BARE, COMMITTEE):
        m = rx.match(text, pos)
        if m:
            return m.end(), True
    return None


def _find_proposals(text: str, sents: _Sentences, units: list[Item]) -> list[Item]:
    """Each thing asked: the sentence's own request, then each sentence that follows in the same
    paragraph without a subject of its own ("Có quy định hỗ trợ …" is a second item of the same
    request). Every body the request is addressed to is kept, as written."""
    out: list[Item] = []
    named = {u["span"][0]: u["span"][1] for u in units}
    done_to = -1
    for pm in _PROPOSAL.finditer(text):
        if pm.start() and text[pm.start() - 1].isalnum():
            continue
        ss, se = sents.bounds(pm.start())
        if ss < done_to:
            continue
        for m in ASK.finditer(text, ss, se):
            pos = m.end()
            addressees: list[Item] = []
            while True:
                j = _JOIN.match(text, pos)
                p2 = j.end() if j else pos
                found = _addressee_at(text, p2, named)
                if found is None:
                    break
                end, relative = found
                written = text[p2:end]
                if all(a["text"] != written for a in addressees):
                    addressees.append({"text": written, "span": [p2, end], "relative": relative})
                pos = end
            if not addressees:
                continue
            parts = [(cap(text[pos:se].strip().rstrip(".")), (ss, se))]
            # The sentence's span may run to the start of the next line; the paragraph ends at
            # the first line break after its words (a report written one request per line).
            para_end = text.find("\n", ss + len(text[ss:se].rstrip()))
            para_end = len(text) if para_end < 0 else para_end
            for sm in re.finditer(r"[^.!?\n]+[.!?]?", text[se:para_end]):
                chunk = sm.group(0).strip()
                if len(chunk) < 12:
                    continue
                a = se + sm.start() + (len(sm.group(0)) - len(sm.group(0).lstrip()))
                parts.append((cap(chunk.rstrip(".")), (a, a + len(chunk))))
            done_to = max(se, parts[-1][1][1])
            for content, span in parts:
                out.append(
                    {
                        "text": text[span[0] : span[1]].strip()[:600],
                        "content": content + ".",
                        "keyword": m.group(1).lower(),
                        "addressees": addressees,
                        "ask_at": m.start(),
                        "sentence": [ss, se],
                        "span": [span[0], span[1]],
                    }
                )
            break
    return out
