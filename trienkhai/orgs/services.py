"""Writes to the organisation tree. Each is atomic, validates, and writes one audit event.

Dates of events must be chronological for a unit: a change dated before the
unit existed or before its latest recorded change is refused, so versions never
overlap and the tree "as of" a date stays unambiguous.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from trienkhai.core.audit import audit_log, service
from trienkhai.core.scoping import SYSTEM, get_scoped_or_404
from trienkhai.orgs.choices import UnitEventKind, UnitKind
from trienkhai.orgs.models import MemberCount, Unit, UnitEvent, UnitVersion
from trienkhai.orgs.signals import unit_succeeded, unit_tree_changed
from trienkhai.textmine.normalize import clean_text, fold


def _fmt(d: dt.date | None) -> str:
    return d.strftime("%d/%m/%Y") if d else "—"


def _require_unit_change(user: Any, unit: Unit | None) -> None:
    """The acting user must be allowed to change ``unit`` (None = a new root: superusers only).
    System jobs (the demo loader) act as ``SYSTEM``; ``None`` acts on nothing."""
    if unit is None:
        if not getattr(user, "is_superuser", False):
            raise ValidationError(_("Chỉ quản trị hệ thống mới được tạo đơn vị gốc."))
        return
    get_scoped_or_404(Unit.objects, user, "change", pk=unit.pk)


def _require_above(user: Any, unit: Unit) -> None:
    """A reorganisation of ``unit`` (move, merge, split, dissolve, re-establish) is decided
    above it: the user must administer the unit's parent (a root: superusers only). Out of
    scope is a 404 like everywhere; a viewer or editor of the parent gets the 403 of a role."""
    if getattr(user, "is_superuser", False):
        return
    parent = unit.parent_unit()
    if parent is None:
        raise ValidationError(_("Chỉ quản trị hệ thống mới được thay đổi đơn vị gốc."))
    get_scoped_or_404(Unit.objects, user, "admin", pk=parent.pk)


def _basis_fields(basis: str, basis_document: Any) -> dict[str, Any]:
    """The event's basis: the registered decision if given (its code fills empty free text)."""
    basis = clean_text(basis or "")
    if basis_document is not None and not basis:
        basis = (basis_document.code or basis_document.code_raw or "")[:300]
    return {"basis": basis, "basis_document": basis_document}


def _check_kind(kind: str) -> None:
    if kind not in UnitKind.values:
        raise ValidationError({"kind": _("Loại hình đơn vị không hợp lệ: %(kind)s.") % {"kind": kind}})


def _check_name(name: str) -> str:
    name = clean_text(name or "")
    if not name:
        raise ValidationError({"name": _("Tên đơn vị không được để trống.")})
    if len(name) > 255:
        raise ValidationError({"name": _("Tên đơn vị dài quá 255 ký tự.")})
    return name


def _check_sibling_name(
    parent: Unit | None, name: str, exclude: Unit | None = None, also_exclude: Iterable[Unit] = ()
) -> None:
    siblings = (
        Unit.objects.filter(depth=1)
        if parent is None
        else Unit.objects.filter(path__startswith=parent.path, depth=parent.depth + 1)
    )
    siblings = siblings.filter(name_folded=fold(name), valid_to__isnull=True)
    if exclude is not None:
        siblings = siblings.exclude(pk=exclude.pk)
    others = [u.pk for u in also_exclude]
    if others:
        siblings = siblings.exclude(pk__in=others)
    if siblings.exists():
        raise ValidationError({"name": _("Đã có đơn vị “%(name)s” trực thuộc cùng cấp.") % {"name": name}})


_ORGAN_PREFIXES = ("Đảng ủy ", "Đảng bộ ", "Chi bộ ")


def _place_label(name: str) -> str:
    """What a unit's name says of the place: "Đảng ủy phường Ba Hàng" → "phường Ba Hàng" (the
    organ is the same for every ward); a name without a lower-case place word as it is."""
    for prefix in _ORGAN_PREFIXES:
        rest = name[len(prefix) :]
        if name.startswith(prefix) and rest[:1].islower():
            return rest
    return name


def _distinct_name(name: str, place: str, taken: set[str]) -> str:
    """``name (place)``, numbered further if even that is taken, within the 255 characters."""
    for n in range(1, 1000):
        suffix = f" ({place})" if n == 1 else f" ({place} {n})"
        candidate = name[: 255 - len(suffix)] + suffix
        if fold(candidate) not in taken:
            return candidate
    raise ValidationError(_("Không đặt được tên không trùng cho “%(name)s”.") % {"name": name})


def _check_event_date(unit: Unit, date: dt.date | None) -> None:
    if date is None:
        raise ValidationError({"date": _("Hãy nhập ngày của sự kiện.")})
    if date > timezone.localdate():
        raise ValidationError({"date": _("Ngày %(date)s ở tương lai.") % {"date": _fmt(date)}})
    if unit.valid_from and date < unit.valid_from:
        raise ValidationError(
            {
                "date": _("Ngày %(date)s trước khi đơn vị được thành lập (%(start)s).")
                % {"date": _fmt(date), "start": _fmt(unit.valid_from)}
            }
        )
    if unit.valid_to is not None:
        raise ValidationError(
            _("Đơn vị “%(name)s” đã kết thúc hoạt động từ %(end)s.")
            % {"name": unit.name, "end": _fmt(unit.valid_to)}
        )
    latest = unit.versions.filter(valid_to__isnull=True).first()
    if latest and latest.valid_from and date < latest.valid_from:
        raise ValidationError(
            {
                "date": _("Ngày %(date)s trước thay đổi gần nhất của đơn vị (%(last)s).")
                % {"date": _fmt(date), "last": _fmt(latest.valid_from)}
            }
        )


def _check_event_date_not_before(unit: Unit, date: dt.date) -> None:
    if unit.valid_from and date < unit.valid_from:
        raise ValidationError(
            {
                "date": _("Ngày %(date)s trước khi đơn vị “%(name)s” được thành lập (%(start)s).")
                % {"date": _fmt(date), "name": unit.name, "start": _fmt(unit.valid_from)}
            }
        )


def _open_version(unit: Unit, date: dt.date | None) -> None:
    """Close the unit's current version at ``date`` and open one with its present state."""
    parent = unit.parent_unit()
    current = unit.versions.filter(valid_to__isnull=True).first()
    if current is not None:
        if current.valid_from == date:
            # Two changes on the same day: the later one wins for that day.
            current.name, current.kind, current.parent = unit.name, unit.kind, parent
            current.save()
            return
        current.valid_to = date
        current.save(update_fields=["valid_to"])
    UnitVersion.objects.create(unit=unit, name=unit.name, kind=unit.kind, parent=parent, valid_from=date)


@service
def unit_create(
    *,
    parent: Unit | None,
    name: str,
    kind: str,
    code: str | None = None,
    valid_from: dt.date | None = None,
    illustrative: bool = False,
    contact: str = "",
    note: str = "",
    acting_user: Any,
    _names_freed_by: Iterable[Unit] = (),
) -> Unit:
    """``_names_freed_by``: units ending the same day (a merger), whose names the new unit may take."""
    _require_unit_change(acting_user, parent)
    name = _check_name(name)
    _check_kind(kind)
    code = clean_text(code or "") or None
    if code and Unit.objects.filter(code=code).exists():
        raise ValidationError({"code": _("Mã đơn vị “%(code)s” đã được dùng.") % {"code": code}})
    if parent is not None:
        parent = Unit.objects.select_for_update().get(pk=parent.pk)
        if parent.valid_to is not None:
            raise ValidationError(
                {"parent": _("Đơn vị cấp trên “%(name)s” đã kết thúc hoạt động.") % {"name": parent.name}}
            )
        if valid_from and parent.valid_from and valid_from < parent.valid_from:
            raise ValidationError(
                {"valid_from": _("Ngày thành lập trước ngày thành lập của đơn vị cấp trên.")}
            )
    if valid_from and valid_from > timezone.localdate():
        raise ValidationError({"valid_from": _("Ngày thành lập ở tương lai.")})
    _check_sibling_name(parent, name, also_exclude=_names_freed_by)
    unit = Unit(
        name=name, kind=kind, code=code, valid_from=valid_from, illustrative=illustrative, contact=contact
    )
    unit.full_clean(exclude=["path", "depth", "numchild", "name_folded"])
    unit = (
        Unit.objects.add_root(instance=unit)
        if parent is None
        else Unit.objects.add_child(parent, instance=unit)
    )
    UnitVersion.objects.create(
        unit=unit, name=unit.name, kind=unit.kind, parent=parent, valid_from=valid_from
    )
    UnitEvent.objects.create(
        unit=unit,
        kind=UnitEventKind.CREATED,
        date=valid_from,
        new_name=name,
        new_kind=kind,
        new_parent=parent,
        note=note,
    )
    unit_tree_changed.send(sender=Unit, unit=unit)
    audit_log(
        actor=acting_user,
        action="unit.create",
        obj=unit,
        unit=unit,
        changes={"name": name, "kind": kind, "parent": str(parent) if parent else None, "code": code},
    )
    return unit


@service
def unit_rename(
    *,
    unit: Unit,
    new_name: str,
    date: dt.date,
    new_kind: str | None = None,
    basis: str = "",
    note: str = "",
    basis_document: Any = None,
    decided_above: bool = False,
    acting_user: Any,
) -> UnitEvent:
    """Rename a unit and/or change its kind ("thị xã → thành phố": Thị ủy → Thành ủy).

    ``decided_above``: recorded as a reorganisation, by an admin of the unit above (decision 0067).
    """
    if decided_above:
        _require_above(acting_user, unit)
    _require_unit_change(acting_user, unit)
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    new_name = _check_name(new_name)
    new_kind = new_kind or unit.kind
    _check_kind(new_kind)
    if new_name == unit.name and new_kind == unit.kind:
        raise ValidationError({"new_name": _("Tên và loại hình mới giống hiện tại: không có gì thay đổi.")})
    _check_event_date(unit, date)
    parent = unit.parent_unit()
    _check_sibling_name(parent, new_name, exclude=unit)
    event = UnitEvent.objects.create(
        unit=unit,
        kind=UnitEventKind.RECLASSIFIED if new_kind != unit.kind else UnitEventKind.RENAMED,
        date=date,
        old_name=unit.name,
        new_name=new_name,
        old_kind=unit.kind,
        new_kind=new_kind,
        note=note,
        **_basis_fields(basis, basis_document),
    )
    changes = {"name": [unit.name, new_name], "kind": [unit.kind, new_kind], "date": date.isoformat()}
    unit.name, unit.kind = new_name, new_kind
    unit.save()
    _open_version(unit, date)
    audit_log(actor=acting_user, action="unit.rename", obj=unit, unit=unit, changes=changes)
    return event


@service
def unit_move(
    *,
    unit: Unit,
    new_parent: Unit,
    date: dt.date,
    basis: str = "",
    note: str = "",
    basis_document: Any = None,
    acting_user: Any,
) -> UnitEvent:
    _require_above(acting_user, unit)
    _require_unit_change(acting_user, new_parent)
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    new_parent = Unit.objects.select_for_update().get(pk=new_parent.pk)
    if new_parent.pk == unit.pk or new_parent.is_within(unit):
        raise ValidationError(
            {
                "new_parent": _(
                    "Không thể chuyển “%(unit)s” vào chính nó hoặc đơn vị cấp dưới của nó "
                    "(sẽ tạo vòng lặp trong cây tổ chức)."
                )
                % {"unit": unit.name}
            }
        )
    if new_parent.valid_to is not None:
        raise ValidationError(
            {"new_parent": _("Đơn vị cấp trên “%(name)s” đã kết thúc hoạt động.") % {"name": new_parent.name}}
        )
    old_parent = unit.parent_unit()
    if old_parent is not None and old_parent.pk == new_parent.pk:
        raise ValidationError(
            {"new_parent": _("Đơn vị đã trực thuộc “%(name)s”.") % {"name": new_parent.name}}
        )
    _check_event_date(unit, date)
    _check_sibling_name(new_parent, unit.name)
    Unit.objects.move(unit, new_parent, "last-child")
    unit.refresh_from_db()
    event = UnitEvent.objects.create(
        unit=unit,
        kind=UnitEventKind.MOVED,
        date=date,
        old_parent=old_parent,
        new_parent=new_parent,
        note=note,
        **_basis_fields(basis, basis_document),
    )
    _open_version(unit, date)
    unit_tree_changed.send(sender=Unit, unit=unit)
    audit_log(
        actor=acting_user,
        action="unit.move",
        obj=unit,
        unit=unit,
        changes={
            "parent": [str(old_parent) if old_parent else None, str(new_parent)],
            "date": date.isoformat(),
        },
    )
    return event


def _rewrite_paths(*, parent: Unit, prefixes: list[tuple[str, str]]) -> None:
    """Move the subtrees of ``parent``'s children: every row whose path starts with a child's
    path gets the new prefix (and its depth shifts by the difference). One UPDATE … FROM
    (VALUES …) per few hundred children, joined on the prefix, instead of one per child as
    treebeard's ``move`` runs. The new paths are all past the successor's last child, so no
    row ever takes a path another row still holds (the unique index holds at every row)."""
    from django.db import connection

    if not prefixes:
        return
    old_len = len(prefixes[0][0])
    new_len = len(prefixes[0][1])
    assert all(len(o) == old_len and len(n) == new_len for o, n in prefixes)
    qn = connection.ops.quote_name
    table, path, depth = qn(Unit._meta.db_table), qn("path"), qn("depth")
    shift = (new_len - old_len) // Unit.steplen
    for i in range(0, len(prefixes), 400):
        chunk = prefixes[i : i + 400]
        values = ", ".join(["(%s, %s)"] * len(chunk))
        # Only the model's own table and column names are interpolated; values are parameters.
        sql = (
            f"WITH m(old_prefix, new_prefix) AS (VALUES {values}) "  # noqa: S608
            f"UPDATE {table} SET {path} = m.new_prefix || substr({table}.{path}, %s), "
            f"{depth} = {table}.{depth} + %s FROM m "
            f"WHERE {table}.{path} LIKE %s AND substr({table}.{path}, 1, %s) = m.old_prefix"
        )
        params: list[Any] = []
        for old, new in chunk:
            params += [old, new]
        params += [old_len + 1, shift, parent.path + "%", old_len]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)


def _children_pass(
    *, unit: Unit, successor: Unit, date: dt.date, basis: str, basis_document: Any, acting_user: Any
) -> None:
    """Every active child of ``unit``, with its subtree, moves under ``successor`` on ``date``.

    What :func:`unit_move` does for one unit (a moved event, the version closed and reopened
    under the new parent, an audit row), done for all of them in a few statements per child
    instead of about forty: the national plan of 2025 moves 250,000 chi bộ
    (bench/national_plan.py). Two merged wards both have a "Chi bộ Tổ dân phố số 1": the
    later one takes its old parent's place in brackets ("… số 1 (phường Ba Hàng)") (a rename event of the same day), so
    names under the successor stay distinct.
    """
    from django.db.models import F

    from trienkhai.core.audit import audit_log_many

    children = list(unit.current_children().order_by("path"))
    if not children:
        return
    ids = [c.pk for c in children]
    versions = {v.unit_id: v for v in UnitVersion.objects.filter(unit_id__in=ids, valid_to__isnull=True)}
    for child in children:
        latest = versions.get(child.pk)
        started = max(d for d in (child.valid_from, latest.valid_from if latest else None, dt.date.min) if d)
        if started > date:
            raise ValidationError(
                {
                    "date": _("Ngày %(date)s trước thay đổi gần nhất của “%(name)s” (%(last)s).")
                    % {"date": _fmt(date), "name": child.name, "last": _fmt(started)}
                }
            )
    successor = Unit.objects.select_for_update().get(pk=successor.pk)
    below = Unit.objects.filter(path__startswith=successor.path, depth=successor.depth + 1)
    taken = set(below.filter(valid_to__isnull=True).values_list("name_folded", flat=True))
    last = below.order_by("-path").values_list("path", flat=True).first()
    position = Unit._str2int(last[-Unit.steplen :]) if last else 0
    note = _("Chuyển sang đơn vị kế thừa “%(name)s”.") % {"name": successor.name}
    events: list[UnitEvent] = []
    new_versions: list[UnitVersion] = []
    audits: list[tuple[Unit, Unit, dict[str, Any]]] = []
    renames: list[tuple[Unit, Unit, dict[str, Any]]] = []
    renamed: list[Unit] = []
    prefixes: list[tuple[str, str]] = []  # (a child's path, its path under the successor)
    for child in children:
        if fold(child.name) in taken:
            new_name = _distinct_name(child.name, _place_label(unit.name), taken)
            events.append(
                UnitEvent(
                    unit=child,
                    kind=UnitEventKind.RENAMED,
                    date=date,
                    old_name=child.name,
                    new_name=new_name,
                    old_kind=child.kind,
                    new_kind=child.kind,
                    note=_("Đổi tên khi chuyển sang “%(name)s”, để không trùng tên đơn vị cùng cấp.")
                    % {"name": successor.name},
                    **_basis_fields(basis, basis_document),
                )
            )
            renames.append((child, child, {"name": [child.name, new_name], "date": date.isoformat()}))
            child.name, child.name_folded = new_name, fold(new_name)
            renamed.append(child)
        taken.add(fold(child.name))
        position += 1
        new_path = Unit._get_path(successor.path, successor.depth + 1, position)
        if len(new_path) != (successor.depth + 1) * Unit.steplen:
            raise ValidationError(
                _("“%(name)s” đã có quá nhiều đơn vị trực thuộc.") % {"name": successor.name}
            )
        prefixes.append((child.path, new_path))
        events.append(
            UnitEvent(
                unit=child,
                kind=UnitEventKind.MOVED,
                date=date,
                old_parent=unit,
                new_parent=successor,
                note=note,
                **_basis_fields(basis, basis_document),
            )
        )
        current = versions.get(child.pk)
        if current is not None and current.valid_from == date:
            # Two changes on the same day: the later one wins for that day.
            current.name, current.parent = child.name, successor
            current.save(update_fields=["name", "parent"])
        else:
            new_versions.append(
                UnitVersion(unit=child, name=child.name, kind=child.kind, parent=successor, valid_from=date)
            )
        audits.append((child, child, {"parent": [str(unit), str(successor)], "date": date.isoformat()}))
    _rewrite_paths(parent=unit, prefixes=prefixes)
    Unit.objects.bulk_update(renamed, ["name", "name_folded"], batch_size=500)
    UnitVersion.objects.filter(unit_id__in=ids, valid_to__isnull=True).exclude(valid_from=date).update(
        valid_to=date
    )
    UnitVersion.objects.bulk_create(new_versions, batch_size=2000)
    UnitEvent.objects.bulk_create(events, batch_size=2000)
    Unit.objects.filter(pk=successor.pk).update(numchild=F("numchild") + len(children))
    Unit.objects.filter(pk=unit.pk).update(numchild=F("numchild") - len(children))
    audit_log_many(actor=acting_user, action="unit.rename", items=renames)
    audit_log_many(actor=acting_user, action="unit.move", items=audits)
    unit_tree_changed.send(sender=Unit, unit=Unit.objects.get(pk=successor.pk))


@service
def unit_dissolve(
    *,
    unit: Unit,
    date: dt.date,
    basis: str = "",
    note: str = "",
    successor: Unit | None = None,
    basis_document: Any = None,
    acting_user: Any,
    carry_roles: bool = False,
    _kind: str = UnitEventKind.DISSOLVED,
) -> UnitEvent:
    _require_above(acting_user, unit)
    if successor is not None:
        _require_unit_change(acting_user, successor)
        if successor.valid_to is not None:
            raise ValidationError(
                _("Đơn vị kế thừa “%(name)s” đã kết thúc hoạt động.") % {"name": successor.name}
            )
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    _check_event_date(unit, date)
    if successor is not None and (successor.pk == unit.pk or successor.is_within(unit)):
        raise ValidationError(
            _("Đơn vị kế thừa không thể là chính “%(name)s” hoặc đơn vị cấp dưới của nó.")
            % {"name": unit.name}
        )
    if successor is not None:
        _check_event_date_not_before(successor, date)
    if (
        Unit.objects.filter(path__startswith=unit.path, depth=unit.depth + 1, valid_to__isnull=True).exists()
        and successor is None
    ):
        raise ValidationError(
            _(
                "“%(name)s” còn đơn vị trực thuộc đang hoạt động: hãy chuyển hoặc giải thể chúng trước, "
                "hoặc chọn đơn vị kế thừa."
            )
            % {"name": unit.name}
        )
    if successor is not None:
        # Children pass to the successor, keeping their identity and records.
        _children_pass(
            unit=unit,
            successor=successor,
            date=date,
            basis=basis,
            basis_document=basis_document,
            acting_user=acting_user,
        )
        unit.refresh_from_db()
    event = UnitEvent.objects.create(
        unit=unit,
        kind=_kind,
        date=date,
        related_unit=successor,
        note=note,
        old_name=unit.name,
        **_basis_fields(basis, basis_document),
    )
    unit.valid_to = date
    unit.save()
    current = unit.versions.filter(valid_to__isnull=True).first()
    if current is not None:
        current.valid_to = date
        current.save(update_fields=["valid_to"])
    unit_tree_changed.send(sender=Unit, unit=unit)
    if successor is not None:
        unit_succeeded.send(
            sender=Unit, old=unit, new=successor, date=date, carry_roles=carry_roles, acting_user=acting_user
        )
    audit_log(
        actor=acting_user,
        action=f"unit.{_kind}",
        obj=unit,
        unit=unit,
        changes={"date": date.isoformat(), "successor": str(successor) if successor else None},
    )
    return event


@service
def unit_merge(
    *,
    sources: Iterable[Unit],
    target: Unit | None = None,
    date: dt.date,
    basis: str = "",
    note: str = "",
    new_target: dict[str, Any] | None = None,
    basis_document: Any = None,
    acting_user: Any,
    carry_roles: bool = False,
) -> list[UnitEvent]:
    """Merge ``sources`` into ``target``: each source ends, its children move to the target.

    With ``new_target`` = {name, kind, parent} instead of ``target``, the merged unit is
    created first, established on ``date`` (several wards into one new ward).
    """
    sources = list(sources)
    if not sources:
        raise ValidationError(_("Hãy chọn ít nhất một đơn vị để hợp nhất."))
    if (target is None) == (new_target is None):
        raise ValidationError(_("Hãy chọn một đơn vị nhận hợp nhất: đơn vị có sẵn hoặc đơn vị mới."))
    if len({s.pk for s in sources}) != len(sources):
        raise ValidationError(_("Một đơn vị được chọn hai lần: không thể hợp nhất một đơn vị với chính nó."))
    if new_target is None and len(sources) == 1 and sources[0].pk == target.pk:  # type: ignore[union-attr]  # target given
        raise ValidationError(_("Không thể hợp nhất “%(unit)s” với chính nó.") % {"unit": target.name})  # type: ignore[union-attr]
    for source in sources:
        _require_above(acting_user, source)
        fresh = Unit.objects.get(pk=source.pk)
        _check_event_date(fresh, date)
    if new_target is not None:
        parent = new_target.get("parent") or sources[0].parent_unit()
        # The sources' names are free on the merge day: a new unit may take one of them.
        target = unit_create(
            _names_freed_by=sources,
            parent=parent,
            name=new_target.get("name", ""),
            kind=new_target.get("kind") or sources[0].kind,
            code=new_target.get("code"),
            valid_from=date,
            illustrative=all(s.illustrative for s in sources),
            note=_("Thành lập do hợp nhất."),
            acting_user=acting_user,
        )
        if basis or basis_document is not None:
            UnitEvent.objects.filter(unit=target, kind=UnitEventKind.CREATED).update(
                **_basis_fields(basis, basis_document)
            )
    else:
        _require_unit_change(acting_user, target)
    assert target is not None  # exactly one of target and new_target, checked above
    events = []
    for source in sources:
        if source.pk == target.pk or target.is_within(source):
            raise ValidationError(
                _("Không thể hợp nhất “%(unit)s” vào chính nó hoặc vào đơn vị cấp dưới của nó.")
                % {"unit": source.name}
            )
        events.append(
            unit_dissolve(
                unit=source,
                date=date,
                basis=basis,
                basis_document=basis_document,
                note=note,
                successor=target,
                acting_user=acting_user,
                carry_roles=carry_roles,
                _kind=UnitEventKind.MERGED_INTO,
            )
        )
    return events


@service
def unit_split(
    *,
    source: Unit,
    parts: list[dict[str, Any]],
    date: dt.date,
    dissolve_source: bool = False,
    basis: str = "",
    basis_document: Any = None,
    acting_user: Any,
    _source_ends: bool = False,
) -> list[Unit]:
    """Create new units from ``source``; ``parts`` are {name, kind, parent}, each under
    ``parent`` (default: the source's parent, which the acting user may then change too).

    ``dissolve_source``: the source ends the same day and the first part is its successor, as
    in a plan's split (decision 0096): its children pass to that part, and so does its open
    work (``unit_succeeded``: running rollouts, waiting proposals, follow-ups, staff
    positions); the part reads its history. ``_source_ends``: the caller ends the source the
    same day (a plan's split, once the source's children have gone to the parts), so a part
    may take the source's name."""
    _require_above(acting_user, source)
    if not parts:
        raise ValidationError(_("Hãy nêu ít nhất một đơn vị được tách ra."))
    home = source.parent_unit()
    names = [(fold(clean_text(p.get("name") or "")), (p.get("parent") or home or source).pk) for p in parts]
    if len(set(names)) != len(names):
        raise ValidationError(_("Hai phần được tách ra trùng tên."))
    _check_event_date(source, date)
    created = []
    for part in parts:
        parent = part.get("parent") or home
        if parent is not None and (home is None or parent.pk != home.pk):
            _require_unit_change(acting_user, parent)
            if parent.is_within(source):
                raise ValidationError(
                    _("Đơn vị tách ra không thể trực thuộc chính “%(name)s” hoặc đơn vị cấp dưới của nó.")
                    % {"name": source.name}
                )
        unit = unit_create(
            parent=parent,
            name=part["name"],
            kind=part.get("kind") or source.kind,
            valid_from=date,
            illustrative=source.illustrative,
            acting_user=SYSTEM,
            _names_freed_by=[source] if (_source_ends or dissolve_source) else (),
        )
        UnitEvent.objects.create(
            unit=unit,
            kind=UnitEventKind.SPLIT_FROM,
            date=date,
            related_unit=source,
            **_basis_fields(basis, basis_document),
        )
        created.append(unit)
    if dissolve_source:
        unit_dissolve(
            unit=source,
            successor=created[0],
            date=date,
            basis=basis,
            basis_document=basis_document,
            note=_("Chia tách thành: %(names)s.") % {"names": ", ".join(u.name for u in created)},
            acting_user=acting_user,
        )
    audit_log(
        actor=acting_user,
        action="unit.split",
        obj=source,
        unit=source,
        changes={"into": [u.name for u in created], "date": date.isoformat()},
    )
    return created


@service
def unit_reestablish(
    *,
    unit: Unit,
    date: dt.date,
    new_parent: Unit | None = None,
    basis: str = "",
    note: str = "",
    basis_document: Any = None,
    acting_user: Any,
) -> UnitEvent:
    """A dissolved unit comes back on ``date`` (under its last parent, or ``new_parent``):
    the same identity and records, a new version from that day."""
    _require_above(acting_user, unit)
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    if unit.valid_to is None:
        raise ValidationError(_("Đơn vị “%(name)s” đang hoạt động: không cần tái lập.") % {"name": unit.name})
    if date is None:
        raise ValidationError({"date": _("Hãy nhập ngày của sự kiện.")})
    if date > timezone.localdate():
        raise ValidationError({"date": _("Ngày %(date)s ở tương lai.") % {"date": _fmt(date)}})
    if date < unit.valid_to:
        raise ValidationError(
            {
                "date": _("Ngày tái lập %(date)s trước ngày đơn vị kết thúc hoạt động (%(end)s).")
                % {"date": _fmt(date), "end": _fmt(unit.valid_to)}
            }
        )
    old_parent = unit.parent_unit()
    parent = old_parent
    if new_parent is not None:
        _require_unit_change(acting_user, new_parent)
        parent = Unit.objects.select_for_update().get(pk=new_parent.pk)
        if parent.pk == unit.pk or parent.is_within(unit):
            raise ValidationError(
                {"new_parent": _("Không thể đặt “%(unit)s” trực thuộc chính nó.") % {"unit": unit.name}}
            )
    if parent is not None and parent.valid_to is not None:
        raise ValidationError(
            {
                "new_parent": _(
                    "Đơn vị cấp trên “%(name)s” đã kết thúc hoạt động: hãy chọn đơn vị cấp trên đang hoạt động."
                )
                % {"name": parent.name}
            }
        )
    _check_sibling_name(parent, unit.name, exclude=unit)
    if parent is not None and (old_parent is None or parent.pk != old_parent.pk):
        Unit.objects.move(unit, parent, "last-child")
        unit.refresh_from_db()
    unit.valid_to = None
    unit.save()
    UnitVersion.objects.create(unit=unit, name=unit.name, kind=unit.kind, parent=parent, valid_from=date)
    event = UnitEvent.objects.create(
        unit=unit,
        kind=UnitEventKind.REESTABLISHED,
        date=date,
        new_name=unit.name,
        new_kind=unit.kind,
        old_parent=old_parent,
        new_parent=parent,
        note=note,
        **_basis_fields(basis, basis_document),
    )
    unit_tree_changed.send(sender=Unit, unit=unit)
    audit_log(
        actor=acting_user,
        action="unit.reestablish",
        obj=unit,
        unit=unit,
        changes={"date": date.isoformat(), "parent": str(parent) if parent else None},
    )
    return event


@service
def member_count_set(
    *, unit: Unit, as_of: dt.date, members: int, note: str = "", acting_user: Any
) -> MemberCount:
    _require_unit_change(acting_user, unit)
    if members is None or int(members) < 0:
        raise ValidationError({"members": _("Số đảng viên phải là số không âm.")})
    if as_of > timezone.localdate():
        raise ValidationError({"as_of": _("Ngày %(date)s ở tương lai.") % {"date": _fmt(as_of)}})
    obj, created = MemberCount.objects.update_or_create(
        unit=unit, as_of=as_of, defaults={"members": int(members), "note": note}
    )
    audit_log(
        actor=acting_user,
        action="unit.members",
        obj=obj,
        unit=unit,
        changes={"as_of": as_of.isoformat(), "members": int(members), "created": created},
    )
    return obj
