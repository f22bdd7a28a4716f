"""The database side of the review's public-opinion concerns: which managed topics (the
``opinion.Topic`` rows, added to by migrations) a concern names, and the gravest of its moods.

The plain rules — the words of moods, the difficulty and lesson sections, the committee's own
work — are textmine's (``textmine.extract.kept_apart``), read alike by the command line and the
import screen; this module re-exports them. Their kinds and moods are the values of
``intake.KeptApart`` and ``opinion.Mood`` (``test_concerns`` checks they agree). The reviewer
corrects what the rules get wrong; nothing here writes or reads the database.

Opinion work records how a unit's people feel about topics, never who said what: these
rules look at what a sentence is about, not at the persons in it.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

from trienkhai.textmine.extract.kept_apart import (
    GRAVITY as _GRAVITY,
)
from trienkhai.textmine.extract.kept_apart import (
    TOPIC_WORDS,
    Hit,
    MoodMatch,
    Phrases,
    Section,
    Verdict,
    kept_apart,
    kept_apart_sections,
    moods_stated,
)

__all__ = [
    "Hit",
    "MoodMatch",
    "Phrases",
    "Section",
    "TopicMatch",
    "Verdict",
    "graver",
    "gravest",
    "kept_apart",
    "kept_apart_sections",
    "moods_stated",
    "topic_words",
    "topics_named",
]

# A topic's name splits at dashes and brackets: "Dịch bệnh (Covid-19 …)" → "dịch bệnh", "covid-19".
_NAME_PARTS = re.compile(r"\s*[–—()…]\s*|\s+-\s+")


# ---------------------------------------------------------------------- topics
def topic_words(topic: Any) -> tuple[str, ...]:
    """The words that name ``topic`` (a ``Topic`` or anything with ``slug`` and ``name``): the
    parts of its own name and textmine's words for its slug. A topic added later by a migration
    is matched on its name alone until it gets a line there."""
    parts = [p for p in _NAME_PARTS.split(topic.name) if len(p.strip()) > 2]
    return tuple(dict.fromkeys([*parts, *TOPIC_WORDS.get(topic.slug, ())]))


@functools.lru_cache(maxsize=32)
def _topic_phrases(topics: tuple[tuple[str, str], ...]) -> Phrases:
    return Phrases(
        (word, n)
        for n, (slug, name) in enumerate(topics)
        for word in topic_words(SimpleNamespace(slug=slug, name=name))
    )


@dataclass(frozen=True)
class TopicMatch:
    topic: Any
    word: str  # the words of the text that named it first


def topics_named(text: str, topics: Iterable[Any]) -> list[TopicMatch]:
    """Every topic ``text`` names, in the order it first names them (one report sentence
    can list the whole period's worries: petrol, a disease, new industrial parks …)."""
    topics = list(topics)
    out: dict[int, TopicMatch] = {}
    for hit in _topic_phrases(tuple((t.slug, t.name) for t in topics)).find(text):
        out.setdefault(hit.value, TopicMatch(topics[hit.value], hit.written))
    return list(out.values())


# ---------------------------------------------------------------------- moods
def gravest(moods: Iterable[MoodMatch]) -> MoodMatch | None:
    """The most troubled mood of a concern: "phấn khởi …, song còn lo lắng về …" is a worry."""
    return max(moods, key=lambda m: _GRAVITY[m.mood], default=None)


def graver(a: str, b: str) -> str:
    return a if _GRAVITY.get(a, -1) >= _GRAVITY.get(b, -1) else b
