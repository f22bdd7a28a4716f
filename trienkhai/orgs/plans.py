"""A reorganisation plan: many changes at one date, checked as a whole, applied in one step.

A plan is a list of rows, one per unit that changes, as an Excel sheet or the API writes them:

    unit    the unit that changes (its code, or its name under the plan's root)
    op      gộp (merge into) · chuyển (move under) · giải thể (dissolve) · đổi tên (rename)
    target  merge: the receiving unit (an existing one, or the name of a new one);
            move: the new parent; dissolve: an optional successor; rename: the new name
    kind    the new unit's kind (merge into a new unit) or the new kind (rename)
    parent  where a new merged unit sits (default: the first source's parent)

Rows merging into the same new name under the same parent make one merge. ``check_plan``
lists every conflict with its row and writes nothing; ``apply_plan`` runs the single-event
services (``orgs.services``) in one transaction, merges and moves first, then renames, then
dissolutions, so a city can be dissolved in the same plan that moves its wards away.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from trienkhai.core.audit import audit_log, service
from trienkhai.core.importing import ImportFailed, read_import_sheet
from trienkhai.core.scoping import get_scoped_or_404, require
from trienkhai.orgs.importers import _kind_from
from trienkhai.orgs.models import ReorgPlan, Unit
from trienkhai.orgs.services import unit_dissolve, unit_merge, unit_move, unit_rename
from trienkhai.orgs.signals import unit_open_work
from trienkhai.textmine.normalize import clean_text, fold

COLUMNS = {
    "unit": {"don vi", "don vi cu", "ma don vi", "unit"},
    "op": {"thay doi", "hinh thuc", "op", "change"},
    "target": {"don vi moi", "don vi nhan", "den", "ten moi", "target"},
    "kind": {"loai hinh", "loai hinh moi", "kind"},
    "parent": {"truc thuoc", "don vi cap tren", "parent"},
}
TEMPLATE_HEADERS = ["Đơn vị", "Thay đổi", "Đơn vị mới", "Loại hình", "Trực thuộc"]

MERGE, MOVE, DISSOLVE, RENAME = "merge", "move", "dissolve", "rename"
OPS = {
    MERGE: {"gop", "gop vao", "hop nhat", "sap nhap", "merge"},
    MOVE: {"chuyen", "chuyen truc thuoc", "chuyen ve", "move"},
    DISSOLVE: {"giai the", "ket thuc", "ket thuc hoat dong", "dissolve"},
    RENAME: {"doi ten", "doi loai hinh", "rename"},
}
MAX_ROWS = 20_000


def op_of(value: Any) -> str | None:
    key = fold(str(value or "")).strip()
    return next((op for op, words in OPS.items() if key in words), None)


def op_label(op: str) -> str:
    return {
        MERGE: _("Hợp nhất vào"),
        MOVE: _("Chuyển trực thuộc"),
        DISSOLVE: _("Giải thể"),
        RENAME: _("Đổi tên, loại hình"),
    }.get(op, op)


@dataclass
class Merge:
    sources: list[Unit]
    lines: list[int]
    target: Unit | None = None  # an existing unit
    new_name: str = ""
    new_kind: str = ""
    new_parent: Unit | None = None


@dataclass
class Checked:
    """A plan resolved against the tree: what it does, or why it cannot."""

    conflicts: list[tuple[int, str]] = field(default_factory=list)
    merges: list[Merge] = field(default_factory=list)
    moves: list[tuple[int, Unit, Unit]] = field(default_factory=list)
    renames: list[tuple[int, Unit, str, str]] = field(default_factory=list)
    dissolves: list[tuple[int, Unit, Unit | None]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.conflicts

    def changes(self) -> list[dict[str, Any]]:
        """One line per change, for the preview."""
        out: list[dict[str, Any]] = []
        for m in self.merges:
            into = (
                m.target.name
                if m.target
                else _("%(name)s (thành lập mới, trực thuộc %(parent)s)")
                % {
                    "name": m.new_name,
                    "parent": m.new_parent.name if m.new_parent else "—",
                }
            )
            out.append(
                {"op": op_label(MERGE), "units": [u.name for u in m.sources], "to": into, "lines": m.lines}
            )
        for line, unit, parent in self.moves:
            out.append({"op": op_label(MOVE), "units": [unit.name], "to": parent.name, "lines": [line]})
        for line, unit, name, _kind in self.renames:
            out.append({"op": op_label(RENAME), "units": [unit.name], "to": name, "lines": [line]})
        for line, unit, successor in self.dissolves:
            to = successor.name if successor else _("không có đơn vị kế thừa")
            out.append({"op": op_label(DISSOLVE), "units": [unit.name], "to": to, "lines": [line]})
        return out

    def units(self) -> list[Unit]:
        seen: dict[int, Unit] = {}
        for m in self.merges:
            for u in m.sources:
                seen[u.pk] = u
        for _line, u, *_rest in self.moves + self.renames + self.dissolves:
            seen[u.pk] = u
        return list(seen.values())


def rows_from_sheet(upload: IO[bytes], filename: str) -> list[dict[str, Any]]:
    """The plan's rows from an Excel or CSV upload; a sheet without the columns is refused."""
    sheet = read_import_sheet(upload, filename, COLUMNS)
    missing = sheet.missing("unit", "op")
    if missing:
        raise ImportFailed(
            [
                (
                    1,
                    _("Thiếu cột: %(cols)s (cần: %(need)s).")
                    % {"cols": ", ".join(missing), "need": ", ".join(TEMPLATE_HEADERS)},
                )
            ]
        )
    rows = []
    for line, cell in sheet:
        values = {k: clean_text(str(cell(k))) if cell(k) not in (None, "") else "" for k in COLUMNS}
        if any(values.values()):
            rows.append({"line": line, **values})
    if not rows:
        raise ImportFailed([(2, _("Tệp không có dòng dữ liệu nào."))])
    if len(rows) > MAX_ROWS:
        raise ImportFailed([(1, _("Một kế hoạch có tối đa %(n)s dòng.") % {"n": MAX_ROWS})])
    return rows


class _Tree:
    """The current units under the root, found by code or by name."""

    def __init__(self, root: Unit) -> None:
        self.root = root
        self.by_code: dict[str, Unit] = {}
        self.by_name: dict[str, list[Unit]] = defaultdict(list)
        for u in Unit.objects.filter(path__startswith=root.path, valid_to__isnull=True):
            if u.code:
                self.by_code[u.code.lower()] = u
            self.by_name[u.name_folded].append(u)

    def find(self, ref: str) -> tuple[Unit | None, str]:
        ref = (ref or "").strip()
        if not ref:
            return None, _("thiếu tên hoặc mã đơn vị.")
        unit = self.by_code.get(ref.lower())
        if unit is not None:
            return unit, ""
        found = self.by_name.get(fold(ref), [])
        if len(found) > 1:
            return None, _("có %(n)s đơn vị tên “%(ref)s”: hãy ghi mã đơn vị.") % {
                "n": len(found),
                "ref": ref,
            }
        if not found:
            return None, _("không có đơn vị “%(ref)s” đang hoạt động trong %(root)s.") % {
                "ref": ref,
                "root": self.root.name,
            }
        return found[0], ""


def check_plan(*, root: Unit, date: dt.date | None, rows: list[dict[str, Any]], acting_user: Any) -> Checked:
    """Resolve every row and list every conflict; nothing is written."""
    require(acting_user, root, action="admin")
    out = Checked()
    if date is None:
        out.conflicts.append((0, _("Hãy nhập ngày hiệu lực của kế hoạch.")))
        return out
    tree = _Tree(root)
    first_line: dict[int, int] = {}  # unit pk → the row that changes it
    new_merges: dict[tuple[str, int | None], Merge] = {}
    existing_merges: dict[int, Merge] = {}
    pending_dissolve: list[tuple[int, Unit, str]] = []
    pending_move: list[tuple[int, Unit, str]] = []

    def conflict(line: int, message: str) -> None:
        out.conflicts.append((line, message))

    # A new unit often takes the name of one of the units merged into it (2025: phường Trung Thành
    # from phường Trung Thành and three others). A merge target named like one of its own sources
    # is a new unit of that name, not the source itself receiving the others.
    named_after_a_source: set[str] = set()
    for row in rows:
        target_name = fold(str(row.get("target") or "")).strip()
        if target_name and op_of(row.get("op")) == MERGE:
            source, _why = tree.find(str(row.get("unit") or ""))
            if source is not None and source.name_folded == target_name:
                named_after_a_source.add(target_name)

    for row in rows:
        line = int(row.get("line") or 0)
        unit, why = tree.find(str(row.get("unit") or ""))
        if unit is None:
            conflict(line, why)
            continue
        op = op_of(row.get("op"))
        if op is None:
            conflict(
                line,
                _("thay đổi “%(op)s” không rõ (gộp, chuyển, giải thể, đổi tên).")
                % {"op": row.get("op") or ""},
            )
            continue
        if unit.pk == root.pk:
            conflict(
                line,
                _("“%(name)s” lập kế hoạch này: chỉ cấp trên của nó mới thay đổi được nó.")
                % {"name": unit.name},
            )
            continue
        if unit.pk in first_line:
            conflict(
                line,
                _(
                    "“%(name)s” đã có thay đổi ở dòng %(other)s: mỗi đơn vị chỉ một thay đổi trong một kế hoạch."
                )
                % {"name": unit.name, "other": first_line[unit.pk]},
            )
            continue
        first_line[unit.pk] = line
        if unit.valid_from and date < unit.valid_from:
            conflict(
                line,
                _("ngày hiệu lực %(date)s trước ngày thành lập của “%(name)s” (%(from)s).")
                % {"date": f"{date:%d/%m/%Y}", "name": unit.name, "from": f"{unit.valid_from:%d/%m/%Y}"},
            )
            continue
        target = str(row.get("target") or "").strip()
        kind_raw = str(row.get("kind") or "").strip()
        kind = _kind_from(kind_raw) if kind_raw else ""
        if kind is None:
            conflict(line, _("loại hình “%(k)s” không có trong danh mục.") % {"k": kind_raw})
            continue
        if op == MERGE:
            if not target:
                conflict(line, _("hãy ghi đơn vị nhận hợp nhất ở cột “Đơn vị mới”."))
                continue
            existing, _why = (
                tree.find(target) if fold(target).strip() not in named_after_a_source else (None, "")
            )
            if existing is not None:
                m = existing_merges.setdefault(existing.pk, Merge(sources=[], lines=[], target=existing))
            else:
                parent = unit.parent_unit()
                if row.get("parent"):
                    parent, why = tree.find(str(row["parent"]))
                    if parent is None and fold(str(row["parent"])) == root.name_folded:
                        parent = root
                    if parent is None:
                        conflict(line, why)
                        continue
                key = (fold(target), parent.pk if parent else None)
                m = new_merges.setdefault(
                    key,
                    Merge(
                        sources=[], lines=[], new_name=target, new_kind=kind or unit.kind, new_parent=parent
                    ),
                )
            m.sources.append(unit)
            m.lines.append(line)
        elif op == MOVE:
            pending_move.append((line, unit, target))
        elif op == RENAME:
            if not target and not kind:
                conflict(line, _("hãy ghi tên mới hoặc loại hình mới."))
                continue
            out.renames.append((line, unit, target or unit.name, kind or unit.kind))
        else:
            pending_dissolve.append((line, unit, target))

    changed = set(first_line)
    for m in list(existing_merges.values()) + list(new_merges.values()):
        if m.target is not None and m.target.pk in changed:
            conflict(
                m.lines[0],
                _("đơn vị nhận “%(name)s” cũng thay đổi trong kế hoạch (dòng %(other)s).")
                % {"name": m.target.name, "other": first_line[m.target.pk]},
            )
            continue
        receiver = m.target or m.new_parent
        for line, source in zip(m.lines, m.sources, strict=True):
            if receiver is not None and receiver.path.startswith(source.path):
                conflict(
                    line,
                    _("không thể hợp nhất “%(name)s” vào chính nó hoặc đơn vị cấp dưới của nó.")
                    % {"name": source.name},
                )
        if m.target is None and m.new_parent is not None and m.new_parent.pk in changed:
            conflict(
                m.lines[0],
                _("đơn vị cấp trên “%(name)s” của đơn vị mới cũng thay đổi trong kế hoạch (dòng %(other)s).")
                % {"name": m.new_parent.name, "other": first_line[m.new_parent.pk]},
            )
        out.merges.append(m)
    for line, unit, target in pending_move:
        parent, why = (
            tree.find(target) if target else (None, _("hãy ghi đơn vị cấp trên mới ở cột “Đơn vị mới”."))
        )
        if parent is None and target and fold(target) == root.name_folded:
            parent = root
        if parent is None:
            conflict(line, why)
            continue
        if parent.path.startswith(unit.path):
            conflict(
                line,
                _("không thể chuyển “%(name)s” vào chính nó hoặc đơn vị cấp dưới của nó (vòng lặp).")
                % {"name": unit.name},
            )
            continue
        if parent.pk in changed and parent.pk in {u.pk for _l, u, _t in pending_dissolve}:
            conflict(
                line, _("đơn vị cấp trên mới “%(name)s” bị giải thể trong kế hoạch.") % {"name": parent.name}
            )
            continue
        out.moves.append((line, unit, parent))
    leaving = {u.pk for m in out.merges for u in m.sources} | {u.pk for _l, u, _p in out.moves}
    for line, unit, target in pending_dissolve:
        successor = None
        if target:
            successor, why = tree.find(target)
            if successor is None:
                conflict(line, why)
                continue
            if successor.path.startswith(unit.path) or successor.pk in changed:
                conflict(
                    line, _("đơn vị kế thừa “%(name)s” không dùng được ở đây.") % {"name": successor.name}
                )
                continue
        else:
            staying = [
                c.name
                for c in unit.current_children()
                if c.pk not in leaving and c.pk not in {u.pk for _l, u, _t in pending_dissolve}
            ]
            if staying:
                conflict(
                    line,
                    _(
                        "“%(name)s” còn %(n)s đơn vị trực thuộc không được chuyển đi trong kế hoạch (%(some)s…)."
                    )
                    % {"name": unit.name, "n": len(staying), "some": ", ".join(staying[:3])},
                )
                continue
        out.dissolves.append((line, unit, successor))
    out.conflicts.sort(key=lambda c: c[0])
    return out


def open_work(units: list[Unit]) -> list[tuple[str, int]]:
    """What is still open at ``units``, as the apps answer ``unit_open_work``."""
    if not units:
        return []
    found: list[tuple[str, int]] = []
    for _receiver, answer in unit_open_work.send(sender=Unit, units=units):
        found.extend(answer or [])  # type: ignore[arg-type]  # receivers answer (label, count) pairs
    return [(label, n) for label, n in found if n]


def _basis(plan: ReorgPlan) -> dict[str, Any]:
    return {"basis": plan.basis, "basis_document": plan.basis_document}


@service
def plan_create(
    *,
    root: Unit,
    date: dt.date | None,
    rows: list[dict[str, Any]],
    basis: str = "",
    basis_document: Any = None,
    source: str = "",
    acting_user: Any,
) -> tuple[ReorgPlan | None, Checked]:
    """Keep a plan for its preview when it has no conflict; with conflicts nothing is written."""
    root = get_scoped_or_404(Unit.objects, acting_user, "admin", pk=root.pk)
    checked = check_plan(root=root, date=date, rows=rows, acting_user=acting_user)
    if not checked.ok:
        return None, checked
    assert date is not None  # check_plan refuses a plan without a date
    plan = ReorgPlan.objects.create(
        root=root,
        date=date,
        basis=clean_text(basis or "")[:300],
        basis_document=basis_document,
        source=clean_text(source or "")[:255],
        rows=rows,
        created_by=acting_user if getattr(acting_user, "pk", None) else None,
    )
    audit_log(actor=acting_user, action="unit.plan.create", obj=plan, unit=root, changes={"rows": len(rows)})
    return plan, checked


@service
def plan_apply(*, plan: ReorgPlan, acting_user: Any, carry_roles: bool = False) -> list[Any]:
    """Apply every change of the plan at its date, all or nothing. A conflict that appeared
    since the preview (another change in between) refuses the whole plan, listed."""
    plan = get_scoped_or_404(ReorgPlan.objects.select_for_update(), acting_user, "admin", pk=plan.pk)
    if plan.status == ReorgPlan.Status.APPLIED:
        raise ValidationError(_("Kế hoạch này đã được áp dụng."))
    checked = check_plan(root=plan.root, date=plan.date, rows=plan.rows, acting_user=acting_user)
    if not checked.ok:
        raise ImportFailed(checked.conflicts)
    events: list[Any] = []
    with transaction.atomic():
        current = None
        try:
            for m in checked.merges:
                current = m.lines[0]
                new_target = None
                if m.target is None:
                    new_target = {"name": m.new_name, "kind": m.new_kind, "parent": m.new_parent}
                if new_target is not None and m.new_parent is not None:
                    new_target["parent"] = _fresh(m.new_parent)
                events += unit_merge(
                    sources=[_fresh(u) for u in m.sources],
                    target=_fresh(m.target) if m.target else None,
                    new_target=new_target,
                    date=plan.date,
                    acting_user=acting_user,
                    carry_roles=carry_roles,
                    **_basis(plan),
                )
            for line, unit, parent in checked.moves:
                current = line
                events.append(
                    unit_move(
                        unit=_fresh(unit),
                        new_parent=_fresh(parent),
                        date=plan.date,
                        acting_user=acting_user,
                        **_basis(plan),
                    )
                )
            for line, unit, name, kind in checked.renames:
                current = line
                events.append(
                    unit_rename(
                        unit=_fresh(unit),
                        new_name=name,
                        new_kind=kind,
                        date=plan.date,
                        decided_above=True,
                        acting_user=acting_user,
                        **_basis(plan),
                    )
                )
            for line, unit, successor in checked.dissolves:
                current = line
                events.append(
                    unit_dissolve(
                        unit=_fresh(unit),
                        successor=_fresh(successor) if successor else None,
                        date=plan.date,
                        acting_user=acting_user,
                        carry_roles=carry_roles,
                        **_basis(plan),
                    )
                )
        except ValidationError as exc:
            raise ImportFailed([(current or 0, " ".join(exc.messages))]) from exc
        plan.status = ReorgPlan.Status.APPLIED
        plan.applied_at = timezone.now()
        plan.save(update_fields=["status", "applied_at"])
        audit_log(
            actor=acting_user,
            action="unit.plan.apply",
            obj=plan,
            unit=plan.root,
            changes={"events": len(events), "date": plan.date.isoformat(), "roles": carry_roles},
        )
    return events


def _fresh(unit: Unit) -> Unit:
    """The unit as the plan's earlier changes left it (a move changes its path)."""
    return Unit.objects.get(pk=unit.pk)
