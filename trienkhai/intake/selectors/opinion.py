"""The public-opinion concerns a report states, matched against the opinion reports (opinion):
the worry without who said it, its managed topics and stated mood, the unit's own difficulties,
lessons and work kept apart (``intake.concerns`` holds the rules and their words)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from django.utils import timezone
from django.utils.translation import gettext as _

from trienkhai.intake.choices import Finding, KeptApart, MatchState
from trienkhai.intake.concerns import (
    TopicMatch,
    gravest,
    kept_apart,
    kept_apart_sections,
    moods_stated,
    topics_named,
)
from trienkhai.intake.selectors._common import (
    Findings,
    May,
    is_new,
    new_item,
    out_of_scope,
    record_ref,
    refuse_item,
)
from trienkhai.opinion import selectors as opinion_selectors
from trienkhai.opinion.choices import Mood
from trienkhai.opinion.privacy import personal_data_found
from trienkhai.textmine.extract import cap

if TYPE_CHECKING:
    from trienkhai.opinion.models import OpinionReport

_ATTRIBUTION = re.compile(r"(?i)(cho biết|nêu rõ|phản ánh|chia sẻ|khẳng định|nhấn mạnh)\s*,?\s*")


def _aggregate(text: str, ss: int, se: int, persons: list[dict]) -> str:
    """The concern without who said it: opinion reports hold no individuals.
    "Tại buổi làm việc, đồng chí X, Bí thư …, cho biết, mặc dù …" → "Mặc dù …"."""
    sentence = text[ss:se]
    names = [p["name"] for p in persons]
    m = _ATTRIBUTION.search(sentence)
    if m and m.start() < 300:
        prefix = sentence[: m.start()]
        if re.search(r"(?i)đồng chí", prefix) or any(n in prefix for n in names):
            sentence = sentence[m.end() :]
    for n in names:
        sentence = sentence.replace(n, "…")
    sentence = re.sub(r"(?i)đồng chí\s+…[,\s]*", "", sentence)
    return cap(sentence.strip())


def _opinion_existing(f: Findings, viewer: Any) -> OpinionReport | None:
    """The unit's opinion report of the period the report speaks of, if there is one."""
    on = f.date or timezone.localdate()
    return opinion_selectors.report_of_period(viewer=viewer, unit=f.report.unit, on=on)


def _concern_item(
    f: Findings,
    span: tuple[int, int],
    desc: str,
    named: list[TopicMatch],
    keywords: list[str],
    existing: OpinionReport | None,
) -> dict:
    """One proposed concern: the worry without who said it, its topics and its stated mood."""
    text = f.text
    stated = gravest(moods_stated(text[span[0] : span[1]]))
    item = new_item(
        Finding.CONCERN,
        span,
        text[span[0] : span[1]].strip()[:600],
        label=desc[:120],
        keywords=keywords,
        fields={
            "description": desc,
            "topics": [t.topic.slug for t in named],
            # a worry whose sentence names no feeling is reported as "quan tâm, băn khoăn"
            "mood": stated.mood if stated else Mood.CONCERNED.value,
        },
        topic_words={t.topic.slug: t.word for t in named},
        mood_word=stated.word if stated else "",
    )
    item["reading"] = _reading(item, named)
    personal = personal_data_found(desc)
    if existing is not None:
        item["selected"] = False
        item["state"] = MatchState.EXISTING.value
        item["existing"] = record_ref(existing, str(existing), "opinion:detail")
        item["note"] = _("Kỳ này đã có báo cáo dư luận (%(r)s); chọn để lập thêm một báo cáo nhanh.") % {
            "r": existing.period_label
        }
    if personal:
        item["selected"] = False
        item["note"] = _("Có %(w)s: hãy viết lại ở dạng tổng hợp trước khi chọn.") % {"w": personal}
    return item


def match_concerns(f: Findings, viewer: Any) -> None:
    """Each sentence the extractor flagged as worried, unless it is the unit's own
    difficulty, lesson or work (kept apart, shown on its own); with the managed topic it
    names and the mood it states (``concerns`` holds the rules and their words)."""
    text = f.text
    on = f.date or timezone.localdate()
    existing = _opinion_existing(f, viewer)
    topics = list(opinion_selectors.topics_active())
    sections = kept_apart_sections(text)
    kept_spans = [(sec.start, sec.end) for sec in sections]
    for c in f.extraction.concerns:
        ss, se = c["span"]
        desc = _aggregate(text, ss, se, f.extraction.persons)[:2000]
        named = topics_named(desc, topics)
        verdict = kept_apart(
            text,
            (ss, se),
            sections,
            topics=named,
            keywords=c.get("keywords", []),
            lessons=[tuple(le["span"]) for le in f.extraction.lessons],
        )
        if verdict is not None:
            kept_spans.append((ss, se))
            if not verdict.only_heading:  # a bare "Khó khăn, vướng mắc" line is the section's name
                f.kept_apart.append(
                    {
                        "key": f"kept:{ss}-{se}",
                        "kind": verdict.kind,
                        "label": str(KeptApart(verdict.kind).label),
                        "span": [ss, se],
                        "quote": text[ss:se].strip()[:600],
                        "heading": verdict.heading,
                    }
                )
            continue
        f.concerns.append(_concern_item(f, (ss, se), desc, named, c.get("keywords", []), existing))
    f.kept_apart.sort(key=lambda k: k["span"][0])
    # The report's general mood: the first the text states outside what was kept apart
    # (reports open with "nhân dân phấn khởi, tin tưởng …", then the worries).
    outside = list(text)
    for s, e in kept_spans:
        outside[s:e] = " " * (e - s)
    first = next(iter(moods_stated("".join(outside))), None)
    f.opinion = {
        "date": on,
        "mood": first.mood if first else Mood.CONCERNED.value,
        "mood_word": first.word if first else "",
        "existing": record_ref(existing, str(existing), "opinion:detail") if existing else None,
    }


def _reading(item: dict, named: list[TopicMatch]) -> str:
    """Why the topics and mood were proposed, in words the reviewer can check against the text."""
    parts = []
    if named:
        each = [_("“%(t)s” (theo “%(w)s”)") % {"t": t.topic.name, "w": t.word} for t in named]
        parts.append(_("chủ đề %(list)s") % {"list": ", ".join(each)})
    else:
        parts.append(_("chưa nhận ra chủ đề"))
    if item["mood_word"]:
        parts.append(
            _("tâm trạng “%(m)s” (theo “%(w)s”)")
            % {"m": Mood(item["fields"]["mood"]).label, "w": item["mood_word"]}
        )
    else:
        parts.append(_("văn bản không nêu tâm trạng"))
    return _("Đề xuất: %(p)s.") % {"p": "; ".join(parts)}


def concern_from_span(f: Findings, viewer: Any, span: tuple[int, int]) -> dict:
    """A concern the reviewer made of a span of the text, aggregated and tagged like the others."""
    s, e = span
    desc = _aggregate(f.text, s, e, f.extraction.persons)[:2000]
    named = topics_named(desc, list(opinion_selectors.topics_active()))
    item = _concern_item(f, span, desc, named, [], _opinion_existing(f, viewer))
    f.concerns.append(item)
    return item


def kept_from_span(f: Findings, kind: str, span: tuple[int, int]) -> dict:
    """A sentence the reviewer set apart from opinion as the unit's own difficulty, lesson or work."""
    s, e = span
    item = {
        "key": f"kept:{s}-{e}",
        "kind": kind,
        "label": str(KeptApart(kind).label),
        "span": [s, e],
        "quote": f.text[s:e].strip()[:600],
        "heading": "",
    }
    f.kept_apart.append(item)
    return item


def refuse_uncreatable(f: Findings, may: May) -> None:
    """The concerns make an opinion report of the report's unit."""
    if not may(f.report.unit):
        for item in f.concerns:
            if is_new(item):
                refuse_item(item, out_of_scope(f.report.unit, _("đơn vị của báo cáo")))
