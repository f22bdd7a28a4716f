"""Starting an article from another record: a working session, a rollout, ….

A *source* is a function ``(viewer, record_id) -> Prefill | None`` registered
under a kind ("meeting", "rollout"). The editor opens
``/news/manage/new/?from=<kind>:<id>``; the form is prefilled with the
record's title, a lead, a body and the units and documents it concerns, and
the article remembers ``source_kind``/``source_id``.

Other apps can register their own source with :func:`register_source` (from
their ``AppConfig.ready``). Until they do, the built-in sources below look for
``trienkhai.meetings.models.Meeting`` and ``trienkhai.rollout.models.Rollout``
and read them defensively (the apps are being built alongside this one); if the
model is not there, the kind is simply not offered. Every read is scoped:
``restrict(viewer, "view")`` when the model has it, else nothing is read.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import import_module
from typing import Any

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


@dataclass
class Prefill:
    title: str = ""
    lead: str = ""
    body: str = ""
    unit_ids: list[int] = field(default_factory=list)
    document_ids: list[int] = field(default_factory=list)
    owner_unit_id: int | None = None


SourceFn = Callable[[Any, str], Prefill | None]
_SOURCES: dict[str, tuple[Any, SourceFn]] = {}


def register_source(kind: str, label: Any, fn: SourceFn) -> None:
    _SOURCES[kind] = (label, fn)


def _model(module: str, name: str):
    try:
        return getattr(import_module(module), name, None)
    except ImportError:
        return None


def _first(obj: Any, *names: str, default: Any = "") -> Any:
    for n in names:
        value = getattr(obj, n, None)
        if value not in (None, ""):
            return value
    return default


def _ids(obj: Any, *names: str) -> list[int]:
    for n in names:
        rel = getattr(obj, n, None)
        if rel is not None and hasattr(rel, "values_list"):
            return list(rel.values_list("pk", flat=True))
    return []


def _scoped_get(model: Any, viewer: Any, pk: str) -> Any:
    manager = model._default_manager
    if not hasattr(manager, "restrict") or not str(pk).isdigit():
        return None
    return manager.restrict(viewer, "view").filter(pk=int(pk)).first()


def _generic(model_path: tuple[str, str], kind_label: Any) -> SourceFn:
    def source(viewer: Any, pk: str) -> Prefill | None:
        model = _model(*model_path)
        if model is None:
            return None
        obj = _scoped_get(model, viewer, pk)
        if obj is None:
            return None
        title = str(_first(obj, "title", "name", default=str(obj)))
        when = _first(obj, "held_on", "date", "starts_at", "started_on", "launched_on", default=None)
        unit = _first(obj, "unit", "host", "owner_unit", "host_unit", default=None)
        place = getattr(unit, "name", "")
        lead_bits = [str(kind_label)]
        if when is not None and hasattr(when, "year"):
            lead_bits.append(_("ngày %(d)s") % {"d": date_format(when, "d/m/Y")})
        if place:
            lead_bits.append(place)
        summary = str(_first(obj, "summary", "conclusions", "conclusion", "description", "note", default=""))
        units = _ids(obj, "units", "visiting_units", "scope_units", "participating_units")
        if unit is not None and getattr(unit, "pk", None) and unit.pk not in units:
            units.insert(0, unit.pk)
        docs = _ids(obj, "documents")
        doc = _first(obj, "document", default=None)
        if doc is not None and getattr(doc, "pk", None) and doc.pk not in docs:
            docs.insert(0, doc.pk)
        return Prefill(
            title=title,
            lead=", ".join(lead_bits) + ".",
            body=summary,
            unit_ids=units,
            document_ids=docs,
            owner_unit_id=getattr(unit, "pk", None),
        )

    return source


def available_sources() -> list[tuple[str, str]]:
    """(kind, label) of the sources whose app has a model right now."""
    _ensure_builtins()
    out = []
    for kind, (label, _fn) in _SOURCES.items():
        if kind in _BUILTIN_MODELS and _model(*_BUILTIN_MODELS[kind]) is None:
            continue
        out.append((kind, label))
    return out


def prefill_from(viewer: Any, spec: str) -> tuple[str, str, Prefill] | None:
    """``"meeting:12"`` → (kind, id, Prefill) if the viewer may read record 12, else None."""
    _ensure_builtins()
    kind, _sep, pk = (spec or "").partition(":")
    entry = _SOURCES.get(kind)
    if entry is None or not pk:
        return None
    prefill = entry[1](viewer, pk)
    return (kind, pk, prefill) if prefill is not None else None


_BUILTIN_MODELS = {
    "meeting": ("trienkhai.meetings.models", "Meeting"),
    "rollout": ("trienkhai.rollout.models", "Rollout"),
}


def _ensure_builtins() -> None:
    if "meeting" not in _SOURCES:
        register_source(
            "meeting",
            gettext_lazy("Buổi làm việc"),
            _generic(_BUILTIN_MODELS["meeting"], gettext_lazy("Buổi làm việc")),
        )
    if "rollout" not in _SOURCES:
        register_source(
            "rollout",
            gettext_lazy("Đợt triển khai"),
            _generic(_BUILTIN_MODELS["rollout"], gettext_lazy("Đợt triển khai")),
        )
