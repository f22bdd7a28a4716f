"""Which of the sentences with worried words are not public opinion: the unit's own
difficulties, its lessons and the committee's own work; and the words of moods and topics
these rules look at.

A report's sections on its difficulties and lessons ("Khó khăn, vướng mắc", "Hạn chế", "Bài
học kinh nghiệm") use the same words as public worries, but say how the work went; so does a
sentence whose subject is a committee at work ("Cấp ủy đã chỉ đạo … giải quyết những bức xúc
của nhân dân"), or one naming no public, no mood and no topic. The import screen keeps them
apart from the opinion report it proposes (``intake.concerns`` holds the same rules with the
database's topics); the command line lists them (``kept_apart_sentences``).

Words are matched by ``Phrases``: whole words, a word typed without marks matching the marked
one ("gia xang dau" is "giá xăng dầu") but a word with other marks not. The cues of the
kept-apart rules are read on folded text (``normalize.fold``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from trienkhai.textmine.extract.common import Item
from trienkhai.textmine.normalize import fold, modern_tones

# Why a sentence with worried words is kept apart (the values of ``intake.KeptApart``).
DIFFICULTY, LESSON, OWN_WORK = "difficulty", "lesson", "own_work"
LABELS = {
    DIFFICULTY: "Khó khăn, vướng mắc, hạn chế trong công tác",
    LESSON: "Bài học kinh nghiệm",
    OWN_WORK: "Việc cấp ủy, chính quyền đã làm",
}
# The opinion app's mood scale, from the best to the most troubled (``opinion.Mood``).
CONSENSUS, STABLE, CONCERNED, WORRIED, AGGRIEVED = "dong_thuan", "on_dinh", "quan_tam", "lo_lang", "buc_xuc"
MOODS = (CONSENSUS, STABLE, CONCERNED, WORRIED, AGGRIEVED)

# ---------------------------------------------------------------------- topics
# The managed topics' words as a report uses them, by topic slug (the words of the topic
# list as first seeded; the import screen also matches the parts of each topic's name).
TOPIC_WORDS: dict[str, tuple[str, ...]] = {
    "gia-ca-xang-dau": (
        "giá xăng dầu",
        "xăng dầu",
        "giá xăng",
        "giá dầu",
        "giá cả",
        "giá điện",
        "giá phân bón",
        "lạm phát",
    ),
    "dich-benh": ("covid", "dịch covid", "đại dịch", "dịch bệnh", "vắc xin", "vắc-xin", "tiêm chủng"),
    "dich-benh-vat-nuoi": (
        "dịch tả lợn",
        "lở mồm long móng",
        "cúm gia cầm",
        "viêm da nổi cục",
        "dịch bệnh trên đàn",
        "vật nuôi",
        "gia súc",
        "gia cầm",
    ),
    "viec-lam-lao-dong-kcn": (
        "khu công nghiệp",
        "cụm công nghiệp",
        "mất việc",
        "thiếu việc làm",
        "cắt giảm lao động",
        "giãn việc",
        "công nhân",
    ),
    "lao-dong-nuoc-ngoai": (
        "lao động nước ngoài",
        "lao động người nước ngoài",
        "người nước ngoài",
        "chuyên gia nước ngoài",
    ),
    "dat-dai-gpmb": ("đất đai", "giải phóng mặt bằng", "thu hồi đất", "đền bù", "bồi thường", "tái định cư"),
    "moi-truong": ("môi trường", "ô nhiễm", "rác thải", "nước thải", "khói bụi"),
    "an-ninh-trat-tu": ("an ninh trật tự", "trật tự an toàn", "trộm cắp", "ma túy", "tín dụng đen", "tệ nạn"),
    "chinh-sach-phap-luat": ("chính sách", "pháp luật", "luật đất đai", "quy định mới"),
    "thong-tin-sai-lech": ("thông tin sai lệch", "tin giả", "tin đồn", "thông tin xấu độc"),
    "chong-pha": ("thủ đoạn", "chống phá", "xuyên tạc", "thế lực thù địch", "phần tử xấu", "phản động"),
    "xay-dung-dang": ("xây dựng đảng", "công tác cán bộ", "tham nhũng", "suy thoái", "nhân sự đại hội"),
    "y-te-giao-duc": (
        "y tế",
        "bệnh viện",
        "khám chữa bệnh",
        "giáo dục",
        "trường học",
        "học phí",
        "sách giáo khoa",
    ),
    "su-kien-doi-ngoai": ("đối ngoại", "biển đông", "chủ quyền", "xung đột"),
}

# ---------------------------------------------------------------------- finding words
_TOKEN = re.compile(r"\w+")
_GLUE = re.compile(r"[ \t-]*")  # between the words of one phrase: spaces or a hyphen, not a comma


@dataclass(frozen=True)
class Hit:
    start: int  # offsets in the text as given (NFC with modern tones, as every stored text)
    end: int
    value: Any
    written: str  # the words as the text writes them


class Phrases:
    """Phrases, each with a value, found as whole words. A word of the text matches a word
    of a phrase when it is that word with its marks, or when it is written with no marks at
    all and is the phrase's word once its marks are dropped: "gia xang dau" typed on a phone
    is "giá xăng dầu", while "biến động" is not "biển Đông". Overlapping phrases: the longest
    takes the words ("dịch bệnh trên đàn gia súc" is livestock, not "dịch bệnh")."""

    def __init__(self, phrases: Iterable[tuple[str, Any]]):
        self._by_first: dict[str, list[tuple[tuple[str, ...], tuple[str, ...], Any]]] = {}
        for phrase, value in phrases:
            words = tuple(_TOKEN.findall(modern_tones(phrase).lower()))
            if words:
                bare = tuple(fold(w) for w in words)
                self._by_first.setdefault(bare[0], []).append((words, bare, value))

    def find(self, text: str) -> list[Hit]:
        text = modern_tones(text)
        toks = list(_TOKEN.finditer(text))
        lower = [t.group().lower() for t in toks]
        bare = [fold(w) for w in lower]
        found: list[tuple[int, int, Any]] = []
        for i, first in enumerate(bare):
            for words, wbare, value in self._by_first.get(first, ()):
                j = i + len(words)
                if j > len(toks):
                    continue
                if all(
                    lower[i + k] == words[k] or (lower[i + k] == bare[i + k] == wbare[k])
                    for k in range(len(words))
                ) and all(_GLUE.fullmatch(text, toks[k].end(), toks[k + 1].start()) for k in range(i, j - 1)):
                    found.append((i, j, value))
        found.sort(key=lambda f: (-(f[1] - f[0]), -(toks[f[1] - 1].end() - toks[f[0]].start()), f[0]))
        taken: set[int] = set()
        hits = []
        for i, j, value in found:
            if taken.intersection(range(i, j)):
                continue
            taken.update(range(i, j))
            s, e = toks[i].start(), toks[j - 1].end()
            hits.append(Hit(s, e, value, text[s:e]))
        return sorted(hits, key=lambda h: h.start)


# ---------------------------------------------------------------------- moods
_MOOD_WORDS: dict[str, tuple[str, ...]] = {
    CONSENSUS: (
        "phấn khởi",
        "tin tưởng",
        "đồng tình",
        "đồng thuận",
        "hồ hởi",
        "vui mừng",
        "đánh giá cao",
    ),
    STABLE: ("tư tưởng ổn định", "tâm lý ổn định", "tâm trạng ổn định", "yên tâm"),
    CONCERNED: ("băn khoăn", "trăn trở", "chưa yên tâm"),
    WORRIED: ("lo lắng", "lo ngại", "e ngại", "hoang mang", "lo âu"),
    AGGRIEVED: ("bức xúc", "bất bình", "phẫn nộ"),
}
_MOODS = Phrases((w, mood) for mood, words in _MOOD_WORDS.items() for w in words)
# "không còn lo lắng", "chưa đồng tình": the word is there, the mood is not.
_NEGATED = re.compile(r"(?<![0-9a-z])(?:khong|chua|chang|het|bot)(?:\s+(?:con|he|qua))?$")
_GRAVITY = {m: i for i, m in enumerate(MOODS)}  # the scale runs from best to most troubled


@dataclass(frozen=True)
class MoodMatch:
    mood: str  # one of MOODS
    word: str
    start: int = 0


def moods_stated(text: str) -> list[MoodMatch]:
    text = modern_tones(text)
    return [
        MoodMatch(h.value, h.written, h.start)
        for h in _MOODS.find(text)
        if not _NEGATED.search(fold(text[max(0, h.start - 16) : h.start]))
    ]


# ---------------------------------------------------------------------- kept apart
# A report's sections on its own difficulties and lessons ("Khó khăn, vướng mắc", "Hạn chế",
# "Bài học kinh nghiệm") use the same words as public worries, but they say how the work
# went, not what people think: they are kept apart from the opinion report.
_SECTION_HEADS = [
    (LESSON, ("bài học", "kinh nghiệm", "một số bài học", "những bài học")),
    (
        DIFFICULTY,
        (
            "khó khăn",
            "vướng mắc",
            "hạn chế",
            "tồn tại",
            "bất cập",
            "một số khó khăn",
            "những khó khăn",
            "một số hạn chế",
            "những hạn chế",
            "những tồn tại",
        ),
    ),
]
# "Nguyên nhân" heads the causes of the shortcomings above it; opening a paragraph it is as
# often the cause of a public worry ("Nguyên nhân là do giá xăng tăng …"), so only a heading counts.
_HEADING_ONLY = [(DIFFICULTY, ("nguyên nhân", "nguyên nhân của hạn chế"))]


def _heads_re(heads: Sequence[tuple[str, tuple[str, ...]]]) -> list[tuple[str, re.Pattern[str]]]:
    return [
        (kind, re.compile(r"^(?:" + "|".join(re.escape(fold(w)) for w in words) + r")(?![0-9a-z])"))
        for kind, words in heads
    ]


_HEAD_RES = _heads_re(_SECTION_HEADS)
_HEADING_ONLY_RES = _heads_re(_HEADING_ONLY)
# "2. ", "II. ", "b) ", "- ", "* ": what may stand before a heading's first word
_NUMBERING = re.compile(r"^\s*(?:(?:[IVXLC]+|\d+(?:\.\d+)*|[a-zđ])\s*[.):/]\s*|[-–+*•]\s*)?", re.IGNORECASE)
_NUMBERED = re.compile(r"^\s*(?:[IVXLC]+|\d+(?:\.\d+)*|[a-zđ])\s*[.):/]\s", re.IGNORECASE)
_BULLET = re.compile(r"^\s*[-–+*•]")
HEADING_MAX = 100

_LESSON_WORDS = re.compile(
    r"(?<![0-9a-z])(?:bai hoc|rut (?:ra )?(?:duoc )?(?:nhieu |mot so |nhung )?kinh nghiem)"
)
# The committee, the administration or the mass organisations doing their work: "Cấp ủy đã
# chỉ đạo …", "Đảng ủy phường tập trung …", "UBND phường phối hợp …" — even when it speaks
# of people's worries ("… nắm bắt tâm tư, giải quyết bức xúc của nhân dân"), it reports the work.
_OWN_WORK = re.compile(
    r"^(?:[^,.;]{0,40},\s*)?(?:cac\s+)?"
    r"(?:cap uy|(?:dang|thanh|tinh|huyen|thi|quan|xa|phuong)\s+uy|chi bo|to chuc dang|ban thuong vu|ban chap hanh|"
    r"ban chi dao|ban tuyen giao|ban dan van|chinh quyen|uy ban|ubnd|mat tran|doan the|lanh dao|"
    r"chung toi|don vi)"
    r"(?P<between>[^.;]{0,60}?)(?<![0-9a-z])"
    r"(?:chi dao|lanh dao|trien khai|ban hanh|quan triet|to chuc|tap trung|tang cuong|chu dong|kip thoi|"
    r"thuong xuyen|phoi hop|nam bat|giai quyet|huong dan|xay dung ke hoach)(?![0-9a-z])"
)
# "Chính quyền chậm giải quyết …, bà con bức xúc" is a grievance about the work, not the work.
_SLACK = re.compile(r"(?<![0-9a-z])(?:cham|chua|khong|thieu|buong long|yeu kem)(?![0-9a-z])")
# A worry the sentence only names as what the work tackles ("xử lý những vấn đề bức xúc",
# "khắc phục những khó khăn", "giải quyết các vướng mắc") is the work being reported.
_REMEDY = re.compile(
    r"(?<![0-9a-z])(?P<verb>giai quyet|xu ly|thao go|khac phuc|vuot qua|nam bat|nam chac|dap ung|"
    r"lang nghe|tiep thu|ghi nhan|kiem soat|khong che|day lui|ngan chan|phong chong|phong ngua|"
    r"dau tranh|phan bac|dinh huong|giam thieu|han che)(?:\s+[^\s,.;:]+){0,4}$"
)
# Words of thought and feeling: public opinion says what people think, not only what happened.
_OPINION = re.compile(
    r"(?<![0-9a-z])(?:tu tuong(?!,? dao duc| ho chi minh)|du luan|tam tu|nguyen vong|tam ly|tam trang|"
    r"y kien|phan anh|mong muon|mong moi)(?![0-9a-z])"
)
# Who public opinion is about.
_PUBLIC = re.compile(
    r"(?<![0-9a-z])(?:nhan dan|nguoi dan|quan chung|ba con|nguoi lao dong|cong nhan|nong dan|"
    r"tieu thuong|ho kinh doanh|doanh nghiep|cu tri|hoi vien|doan vien|thanh nien|phu huynh|"
    r"mot bo phan|nguoi chan nuoi|nguoi tieu dung|cac ho)(?![0-9a-z])"
)


@dataclass(frozen=True)
class Section:
    kind: str  # DIFFICULTY, LESSON or OWN_WORK
    start: int
    end: int
    heading: str  # the heading as written, for the reason shown
    heading_end: int  # where the heading line ends (a sentence that is only the heading is not listed)


def _paragraphs(text: str) -> list[tuple[int, int]]:
    out, pos = [], 0
    for line in text.split("\n"):
        out.append((pos, pos + len(line)))
        pos += len(line) + 1
    return out


def _is_heading(line: str) -> bool:
    body = line.strip()
    if not body or len(body) > HEADING_MAX or _BULLET.match(body):
        return False
    rest = _NUMBERING.sub("", body, count=1)
    return (
        bool(_NUMBERED.match(body))
        or (rest.isupper() and len(rest) > 3)
        or not rest.endswith((".", ";", ","))
    )


def kept_apart_sections(text: str) -> list[Section]:
    """Paragraphs that open with a difficulty or lesson heading. A heading on its own line
    ("3. Khó khăn, vướng mắc") holds the paragraphs below it up to the next heading; a
    paragraph that opens with one inline ("Hạn chế: …") holds only itself."""
    out: list[Section] = []
    current: Section | None = None
    for s, e in _paragraphs(text):
        line = text[s:e]
        if not line.strip():
            continue
        lead = _NUMBERING.sub("", line, count=1)
        heading = _is_heading(line)
        heads = _HEAD_RES + _HEADING_ONLY_RES if heading else _HEAD_RES
        kind = next((k for k, rx in heads if rx.match(fold(lead))), None)
        if current is not None and heading:
            out.append(current)
            current = None
        if kind is None:
            if current is not None:
                current = Section(current.kind, current.start, e, current.heading, current.heading_end)
            continue
        if heading:
            current = Section(kind, s, e, lead.strip(), e)
        else:
            if current is not None:  # an inline one inside a section: the section goes on
                current = Section(current.kind, current.start, e, current.heading, current.heading_end)
                continue
            head = re.split(r"[:.;]", lead.strip(), maxsplit=1)[0]
            out.append(Section(kind, s, e, head[:HEADING_MAX], s))
    if current is not None:
        out.append(current)
    return out


@dataclass(frozen=True)
class Verdict:
    """Why a flagged sentence is not public opinion (``kind`` DIFFICULTY, LESSON or OWN_WORK);
    ``heading`` names the section it stands in, if any."""

    kind: str
    heading: str = ""
    only_heading: bool = False


def _tackled(sentence: str, worried: Iterable[str]) -> str | None:
    """``own_work`` when every worried word of ``sentence`` is what a verb of the work
    tackles; ``difficulty`` when that verb comes late or not at all ("chưa kịp thời giải
    quyết những bức xúc"); None when a worry stands free."""
    hits = Phrases((w, w) for w in worried).find(sentence)
    if not hits:
        return None
    slack = False
    for h in hits:
        before = fold(sentence[: h.start])
        m = _REMEDY.search(before)
        if m is None:
            return None
        slack = slack or bool(_SLACK.search(" ".join(before[: m.start()].split()[-3:])))
    return DIFFICULTY if slack else OWN_WORK


def kept_apart(
    text: str,
    span: tuple[int, int],
    sections: list[Section],
    *,
    topics: Sequence[Any],
    keywords: Iterable[str] = (),
    lessons: Iterable[tuple[int, int]] = (),
) -> Verdict | None:
    """None when the sentence at ``span`` is public opinion; else why it is kept apart.
    In order: it stands in a difficulty or lesson section, or in a numbered list of lessons
    (``lessons``, the extractor's "Một là, … Hai là, …"); it draws a lesson; its subject is
    a committee, the administration or a mass organisation at work; every worry it names
    (``keywords``, the words that flagged it, and the moods) is what the work tackles; it has
    no word of thought or feeling, and does not name both a public and a topic."""
    s, e = span
    sentence = modern_tones(text[s:e])
    last = s + len(text[s:e].rstrip())
    for sec in sections:
        if sec.start <= s < sec.end:
            return Verdict(
                sec.kind, sec.heading, only_heading=last <= sec.heading_end and s < sec.heading_end
            )
    if any(ls < e and s < le for ls, le in lessons):
        return Verdict(LESSON)
    folded = fold(_NUMBERING.sub("", sentence, count=1))
    if _LESSON_WORDS.search(folded):
        return Verdict(LESSON)
    work = _OWN_WORK.search(folded)
    if work and not _SLACK.search(work.group("between")):
        return Verdict(OWN_WORK)
    moods = moods_stated(sentence)
    tackled = _tackled(sentence, [*keywords, *(m.word for m in moods)])
    if tackled:
        return Verdict(tackled)
    if not moods and not _OPINION.search(folded) and not (topics and _PUBLIC.search(folded)):
        return Verdict(DIFFICULTY)
    return None


_TOPICS = Phrases((w, slug) for slug, words in TOPIC_WORDS.items() for w in words)


def topics_named(text: str) -> list[str]:
    """The slugs of the topics ``text`` names by their words, in the order first named."""
    return list(dict.fromkeys(h.value for h in _TOPICS.find(text)))


def verdicts(text: str, *, concerns: Iterable[Item], lessons: Iterable[Item] = ()) -> list[Verdict | None]:
    """For each of the reader's ``concerns`` (sentences with worried words), in order: None
    when it is public opinion, else why it is kept apart."""
    sections = kept_apart_sections(text)
    numbered = [(le["span"][0], le["span"][1]) for le in lessons]
    return [
        kept_apart(
            text,
            (c["span"][0], c["span"][1]),
            sections,
            topics=topics_named(text[c["span"][0] : c["span"][1]]),
            keywords=c.get("keywords", []),
            lessons=numbered,
        )
        for c in concerns
    ]


def kept_apart_sentences(
    text: str,
    *,
    concerns: Iterable[Item],
    lessons: Iterable[Item] = (),
    judged: list[Verdict | None] | None = None,
) -> list[Item]:
    """The sentences with worried words that are not public opinion, each with why (``kind``
    and its ``label``) and the heading it stands under. A line that is only a section's
    heading is not listed: it names the section. ``judged``: the ``verdicts`` of these
    concerns, if already known."""
    concerns = list(concerns)
    if judged is None:
        judged = verdicts(text, concerns=concerns, lessons=lessons)
    out: list[Item] = []
    for c, verdict in zip(concerns, judged, strict=True):
        if verdict is None or verdict.only_heading:
            continue
        ss, se = c["span"]
        out.append(
            {
                "kind": verdict.kind,
                "label": LABELS[verdict.kind],
                "span": [ss, se],
                "text": text[ss:se].strip()[:600],
                "heading": verdict.heading,
            }
        )
    out.sort(key=lambda k: k["span"][0])
    return out


# What the import screen reads of these rules with the database's topics (``intake.concerns``).
GRAVITY = _GRAVITY
