"""A list page declared once: its search, filters, ordering, paging and export.

A ``ListSpec`` names the columns (header, how to read the value, how to write it in a
spreadsheet), the search, the filters and the orders a list offers. ``spec.bind(request,
queryset)`` applies what the request asks for on top of ``queryset`` — which the caller's
selector has already scoped: a spec narrows, it never widens and never decides scope — and
gives the page with its query string, the controls for ``_list_filters.html`` and the export
of exactly the filtered rows.

Search ignores diacritics the way every selector here does: the model keeps its words folded
(``textmine.normalize.fold``) in ``search_folded`` and each folded word of the query must occur
in it. Bad filter values are ignored (a list is a read: nothing to refuse), except a date that
does not parse, which also says so above the list.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from trienkhai.core.excel import safe_cell, workbook_response
from trienkhai.core.params import parse_digits
from trienkhai.core.views import paginate
from trienkhai.textmine.normalize import fold

Options = Iterable[tuple[Any, Any]]


def _read(obj: Any, path: str) -> Any:
    """``"unit.name"`` of ``obj``; a missing link (``None`` on the way) reads as ``None``."""
    for part in path.split("."):
        if obj is None:
            return None
        obj = getattr(obj, part)
        if callable(obj) and not isinstance(obj, type):
            obj = obj()
    return obj


def _plain(value: Any) -> Any:
    """A lazy translation becomes its text: a spreadsheet cell takes no proxies."""
    return str(value) if isinstance(value, Promise) else value


@dataclass(frozen=True)
class Column:
    """One column of the export: ``value`` is an attribute path (``"unit.name"``,
    ``"get_kind_display"``) or a function of the row; ``export`` formats the value."""

    header: Any
    value: str | Callable[[Any], Any]
    export: Callable[[Any], Any] | None = None

    def cell(self, obj: Any) -> Any:
        v = self.value(obj) if callable(self.value) else _read(obj, self.value)
        if self.export is not None:
            v = self.export(v)
        return _plain(v)


def label_of(choices: Options) -> Callable[[Any], str]:
    """Export formatting: a stored value shown by its label (``TaskState.choices``)."""
    labels = dict(choices)
    return lambda v: str(labels.get(v, v if v is not None else ""))


def or_blank(v: Any) -> Any:
    """Export formatting: nothing rather than ``None`` (a missing link's name)."""
    return "" if v is None else v


@dataclass(frozen=True)
class Search:
    """Every folded word of the query in ``field``; ``also`` may add a condition OR-ed with
    the words (a document's number written another way)."""

    param: str = "q"
    field: str = "search_folded"
    label: Any = gettext_lazy("Từ khóa")
    placeholder: str = ""
    also: Callable[[str], Q | None] | None = None

    def apply(self, qs: QuerySet[Any], raw: str) -> QuerySet[Any]:
        if not raw:
            return qs
        cond = Q()
        for word in fold(raw).split():
            cond &= Q(**{f"{self.field}__contains": word})
        extra = self.also(raw) if self.also else None
        if extra is not None:
            cond |= extra
        return qs.filter(cond)


class Filter:
    """A GET parameter that narrows the list. ``clean`` answers the value to apply, or
    ``None`` to leave the list as it is."""

    param: str
    label: Any
    params: tuple[str, ...]

    def clean(self, raw: Mapping[str, str], bound: BoundList) -> Any:
        value = raw[self.param]
        return value or None

    def apply(self, qs: QuerySet[Any], value: Any) -> QuerySet[Any]:
        raise NotImplementedError

    def control(self, raw: Mapping[str, str], request: HttpRequest) -> dict[str, Any] | None:
        return None


def _options(
    options: Options | Callable[[HttpRequest], Options], request: HttpRequest
) -> list[tuple[str, Any]]:
    items = options(request) if callable(options) else options
    out = []
    for item in items:
        if isinstance(item, tuple):
            out.append((str(item[0]), item[1]))
        else:  # a model row: its pk and its name
            out.append((str(item.pk), getattr(item, "name", str(item))))
    return out


@dataclass
class ChoiceFilter(Filter):
    """One of declared choices (a status, a kind), matched on ``lookup``; any other value is ignored."""

    param: str
    choices: Options
    lookup: str = ""
    label: Any = ""
    show: bool = True

    def __post_init__(self) -> None:
        self.choices = list(self.choices)
        self.lookup = self.lookup or self.param
        self.params = (self.param,)

    def clean(self, raw: Mapping[str, str], bound: BoundList) -> Any:
        value = raw[self.param]
        return value if value in {str(v) for v, _l in self.choices} else None

    def apply(self, qs: QuerySet[Any], value: Any) -> QuerySet[Any]:
        return qs.filter(**{self.lookup: value})

    def control(self, raw: Mapping[str, str], request: HttpRequest) -> dict[str, Any] | None:
        if not self.show:
            return None
        return {
            "kind": "select",
            "param": self.param,
            "label": self.label,
            "value": raw[self.param],
            "options": [(str(v), lbl) for v, lbl in self.choices],
        }


@dataclass
class IdFilter(Filter):
    """A row picked by its id (an issuing unit, a plan): digits only. The id needs no check of
    its own: the queryset is already scoped, so a foreign id just finds nothing."""

    param: str
    lookup: str = ""
    label: Any = ""
    options: Options | Callable[[HttpRequest], Options] = ()

    def __post_init__(self) -> None:
        self.lookup = self.lookup or f"{self.param}_id"
        self.params = (self.param,)

    def clean(self, raw: Mapping[str, str], bound: BoundList) -> Any:
        return parse_digits(raw[self.param])

    def apply(self, qs: QuerySet[Any], value: Any) -> QuerySet[Any]:
        return qs.filter(**{self.lookup: value})

    def control(self, raw: Mapping[str, str], request: HttpRequest) -> dict[str, Any] | None:
        if not self.label:
            return None
        return {
            "kind": "select",
            "param": self.param,
            "label": self.label,
            "value": raw[self.param],
            "options": _options(self.options, request),
        }


@dataclass
class ValueFilter(Filter):
    """Any non-empty value matched exactly (a term such as "2020-2025")."""

    param: str
    lookup: str = ""
    label: Any = ""
    options: Options | Callable[[HttpRequest], Options] = ()

    def __post_init__(self) -> None:
        self.lookup = self.lookup or self.param
        self.params = (self.param,)

    def apply(self, qs: QuerySet[Any], value: Any) -> QuerySet[Any]:
        return qs.filter(**{self.lookup: value})

    def control(self, raw: Mapping[str, str], request: HttpRequest) -> dict[str, Any] | None:
        if not self.label:
            return None
        return {
            "kind": "select",
            "param": self.param,
            "label": self.label,
            "value": raw[self.param],
            "options": _options(self.options, request),
        }


@dataclass
class YearFilter(Filter):
    """A year (digits) of the date ``field``; with ``until``, the rows whose period from
    ``field`` to ``until`` overlaps the year (a campaign running across it)."""

    param: str
    field: str
    label: Any = gettext_lazy("Năm")
    until: str = ""

    def __post_init__(self) -> None:
        self.params = (self.param,)

    def clean(self, raw: Mapping[str, str], bound: BoundList) -> Any:
        return parse_digits(raw[self.param])

    def apply(self, qs: QuerySet[Any], value: Any) -> QuerySet[Any]:
        if not 1 <= value <= 9999:  # a year no calendar has finds nothing (and breaks no query)
            return qs.none()
        if self.until:
            return qs.filter(
                **{f"{self.field}__lte": dt.date(value, 12, 31), f"{self.until}__gte": dt.date(value, 1, 1)}
            )
        return qs.filter(**{f"{self.field}__year": value})

    def control(self, raw: Mapping[str, str], request: HttpRequest) -> dict[str, Any] | None:
        return {"kind": "year", "param": self.param, "label": self.label, "value": raw[self.param]}


@dataclass
class DateRangeFilter(Filter):
    """From and/or to a day (``<param>_from``, ``<param>_to``, ISO dates) on the date ``field``."""

    param: str
    field: str
    label: Any = ""

    def __post_init__(self) -> None:
        self.params = (f"{self.param}_from", f"{self.param}_to")

    def clean(self, raw: Mapping[str, str], bound: BoundList) -> Any:
        out = []
        for p in self.params:
            value = raw[p]
            try:
                out.append(dt.date.fromisoformat(value) if value else None)
            except ValueError:
                bound.errors.append(
                    _("Ngày “%(v)s” không hợp lệ: ghi theo dạng năm-tháng-ngày.") % {"v": value}
                )
                out.append(None)
        return tuple(out) if any(out) else None

    def apply(self, qs: QuerySet[Any], value: Any) -> QuerySet[Any]:
        start, end = value
        if start:
            qs = qs.filter(**{f"{self.field}__gte": start})
        if end:
            qs = qs.filter(**{f"{self.field}__lte": end})
        return qs

    def control(self, raw: Mapping[str, str], request: HttpRequest) -> dict[str, Any] | None:
        return {
            "kind": "dates",
            "label": self.label,
            "fields": [(p, raw[p], lbl) for p, lbl in zip(self.params, (_("từ"), _("đến")), strict=True)],
        }


@dataclass
class UnitFilter(Filter):
    """A unit, and with ``<below>=1`` the units under it. ``resolve(request, pk)`` finds the
    unit through the viewer's scope (core knows no unit model); a unit the viewer may not see
    answers 404 there."""

    param: str
    resolve: Callable[[HttpRequest, int], Any]
    field: str = "unit"
    below: str = "below"
    label: Any = ""

    def __post_init__(self) -> None:
        self.params = (self.param, self.below) if self.below else (self.param,)

    def clean(self, raw: Mapping[str, str], bound: BoundList) -> Any:
        number = parse_digits(raw[self.param])
        if number is None:
            return None
        unit = self.resolve(bound.request, number)
        bound.picked[self.param] = unit
        return unit, bool(self.below) and raw[self.below] == "1"

    def apply(self, qs: QuerySet[Any], value: Any) -> QuerySet[Any]:
        unit, below = value
        if below:
            return qs.filter(**{f"{self.field}__path__startswith": unit.path})
        return qs.filter(**{self.field: unit})


@dataclass
class CustomFilter(Filter):
    """A filter with its own meaning: ``apply(qs, value)`` for a value that passes ``clean``."""

    param: str
    apply_to: Callable[[QuerySet[Any], Any], QuerySet[Any]]
    clean_value: Callable[[str], Any] = lambda v: v or None
    label: Any = ""
    choices: Options = ()

    def __post_init__(self) -> None:
        self.choices = list(self.choices)
        self.params = (self.param,)

    def clean(self, raw: Mapping[str, str], bound: BoundList) -> Any:
        return self.clean_value(raw[self.param])

    def apply(self, qs: QuerySet[Any], value: Any) -> QuerySet[Any]:
        return self.apply_to(qs, value)

    def control(self, raw: Mapping[str, str], request: HttpRequest) -> dict[str, Any] | None:
        if not self.label:
            return None
        return {
            "kind": "select",
            "param": self.param,
            "label": self.label,
            "value": raw[self.param],
            "options": [(str(v), lbl) for v, lbl in self.choices],
        }


@dataclass
class ComputedFilter(Filter):
    """A filter on something the database does not hold (a target's status, computed from its
    measurements): the queryset is left as it is and ``BoundList.keep(rows)`` keeps the rows
    the view has computed for which ``keep(row, value)`` holds."""

    param: str
    choices: Options
    keep: Callable[[Any, Any], bool]
    label: Any = ""

    def __post_init__(self) -> None:
        self.choices = list(self.choices)
        self.params = (self.param,)

    def clean(self, raw: Mapping[str, str], bound: BoundList) -> Any:
        value = raw[self.param]
        return value if value in {str(v) for v, _l in self.choices} else None

    def apply(self, qs: QuerySet[Any], value: Any) -> QuerySet[Any]:
        return qs

    def control(self, raw: Mapping[str, str], request: HttpRequest) -> dict[str, Any] | None:
        return {
            "kind": "select",
            "param": self.param,
            "label": self.label,
            "value": raw[self.param],
            "options": [(str(v), lbl) for v, lbl in self.choices],
        }


@dataclass(frozen=True)
class ListSpec:
    """The declaration. ``ordering`` maps the ``order`` parameter's values to ``order_by``
    fields (user input never reaches ``order_by``); ``""`` is the default, and with no
    ``ordering`` the queryset keeps the selector's order."""

    columns: Sequence[Column] = ()
    search: Search | None = None
    filters: Sequence[Filter] = ()
    ordering: Mapping[str, Sequence[str]] = field(default_factory=dict)
    order_param: str = "order"
    page_size: int | None = None
    export_name: str = "danh-sach"
    sheet_title: str = "Danh sách"
    extra_params: Sequence[str] = ()

    @property
    def params(self) -> list[str]:
        names = [self.search.param] if self.search else []
        for f in self.filters:
            names += f.params
        if self.ordering:
            names.append(self.order_param)
        return [*names, *self.extra_params]

    def bind(self, request: HttpRequest, queryset: QuerySet[Any]) -> BoundList:
        return BoundList(self, request, queryset)

    def rows(self, objects: Iterable[Any]) -> Iterable[list[Any]]:
        return ([c.cell(o) for c in self.columns] for o in objects)


class BoundList:
    """A spec applied to one request: ``f`` (the raw parameters, stripped), ``queryset``
    (scoped by the caller, then searched, filtered, ordered), ``page()``, ``context()``,
    ``export()``."""

    def __init__(self, spec: ListSpec, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        self.spec = spec
        self.request = request
        self.errors: list[str] = []
        self.picked: dict[str, Any] = {}
        self.options: dict[str, Options] = {}
        self.f = {p: request.GET.get(p, "").strip() for p in spec.params}
        qs = queryset
        if spec.search:
            qs = spec.search.apply(qs, self.f[spec.search.param])
        self.values: dict[str, Any] = {}
        for flt in spec.filters:
            value = flt.clean(self.f, self)
            if value is not None:
                self.values[flt.param] = value
                qs = flt.apply(qs, value)
        if spec.ordering:
            key = self.f[spec.order_param]
            qs = qs.order_by(*spec.ordering.get(key, spec.ordering.get("", ())))
        self.queryset = qs

    @property
    def computing(self) -> bool:
        """Whether a ``ComputedFilter`` was asked for: the view must compute rows and ``keep()`` them."""
        return any(isinstance(f, ComputedFilter) and f.param in self.values for f in self.spec.filters)

    def keep(self, rows: Iterable[Any]) -> list[Any]:
        """The computed rows that pass the computed filters asked for."""
        tests = [(f, self.values[f.param]) for f in self.spec.filters if isinstance(f, ComputedFilter)]
        return [r for r in rows if all(f.keep(r, v) for f, v in tests if f.param in self.values)]

    @property
    def filtered(self) -> bool:
        """Whether the request asked for anything (any parameter non-empty)."""
        return any(self.f.values())

    def page(self, objects: Any = None, count: int | None = None) -> tuple[Any, str]:
        """The page asked for and the query string that keeps the filters (for the pager and
        the export link); ``objects`` when the page shows something derived from the queryset."""
        return paginate(
            self.request,
            self.queryset if objects is None else objects,
            per_page=self.spec.page_size,
            count=count,
        )

    def controls(self) -> list[dict[str, Any]]:
        """The search box and the filters' controls, in declared order; ``options`` given to
        ``context()`` replace a filter's declared ones (choices the view has already read)."""
        out = []
        if self.spec.search:
            out.append(
                {
                    "kind": "search",
                    "param": self.spec.search.param,
                    "label": self.spec.search.label,
                    "value": self.f[self.spec.search.param],
                    "placeholder": self.spec.search.placeholder,
                }
            )
        for flt in self.spec.filters:
            c = flt.control(self.f, self.request)
            if c is not None:
                if flt.param in self.options:
                    c["options"] = _options(self.options[flt.param], self.request)
                out.append(c)
        return out

    def context(
        self, objects: Any = None, count: int | None = None, options: Mapping[str, Options] | None = None
    ) -> dict[str, Any]:
        """What a list template needs: ``page``, ``query``, ``f`` and ``list`` (for the include)."""
        self.options = dict(options or {})
        page, query = self.page(objects, count)
        return {"page": page, "query": query, "f": self.f, "list": self, "list_errors": self.errors}

    def export(self, fmt: str = "xlsx", objects: Iterable[Any] | None = None) -> HttpResponse:
        """Exactly the filtered rows, in the declared columns: .xlsx, or .csv when ``fmt == "csv"``."""
        spec = self.spec
        if objects is None:
            objects = self.queryset.iterator(chunk_size=500)
        headers = [str(c.header) for c in spec.columns]
        rows = spec.rows(objects)
        if fmt == "csv":
            return csv_response(f"{spec.export_name}.csv", headers, rows)
        return workbook_response(f"{spec.export_name}.xlsx", spec.sheet_title, headers, rows)


def _csv_text(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, dt.date):
        return v.isoformat()
    return str(v)


def csv_response(filename: str, headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> HttpResponse:
    """UTF-8 with a byte-order mark (so a spreadsheet reads the diacritics), formula cells neutralised."""
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow([safe_cell(str(h)) for h in headers])
    for row in rows:
        w.writerow([safe_cell(_csv_text(v)) for v in row])
    response = HttpResponse("\ufeff" + buf.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
