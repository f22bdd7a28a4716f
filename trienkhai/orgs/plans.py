"""A reorganisation plan: many changes at one date, checked as a whole, applied in one step.

A plan is a list of rows, one per unit that changes, as an Excel sheet or the API writes them:

    unit    the unit that changes (its code, or its name under the plan's root)
    op      gộp (merge into) · chuyển (move under) · giải thể (dissolve) · đổi tên (rename)
            · tách (split into)
    target  merge: the receiving unit (an existing one, or the name of a new one);
            move: the new parent (an existing unit, or a unit the plan's split creates);
            dissolve: an optional successor; rename: the new name; split: one new unit
    kind    the new unit's kind (merge into a new unit, split) or the new kind (rename)
    parent  where a new merged or split-off unit sits (default: the source's parent)

Rows merging into the same new name under the same parent make one merge. Rows splitting the
same unit make one split: one new unit per row, the first its successor (it takes the open
work and reads the history); a child of the split unit goes where a move row sends it ("Chi
bộ 3 · chuyển · <a new unit>"), the others to the successor. ``check_plan`` lists every
conflict with its row and writes nothing; ``apply_plan`` runs the single-event services
(``orgs.services``) in one transaction: the split-off units are created first, then merges and
moves, renames, dissolutions, and last the split units end, so a city can be dissolved in the
same plan that moves its wards away and a ward split once its chi bộ have gone.
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
from trienkhai.orgs.choices import UnitEventKind
from trienkhai.orgs.importers import _kind_from
from trienkhai.orgs.models import ReorgPlan, Unit, UnitEvent
from trienkhai.orgs.services import unit_dissolve, unit_merge, unit_move, unit_rename, unit_split
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

MERGE, MOVE, DISSOLVE, RENAME, SPLIT = "merge", "move", "dissolve", "rename", "split"
OPS = {
    MERGE: {"gop", "gop vao", "hop nhat", "sap nhap", "merge"},
    MOVE: {"chuyen", "chuyen truc thuoc", "chuyen ve", "move"},
    DISSOLVE: {"giai the", "ket thuc", "ket thuc hoat dong", "dissolve"},
    RENAME: {"doi ten", "doi loai hinh", "rename"},
    SPLIT: {"tach", "tach thanh", "chia tach", "chia tach thanh", "split"},
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
        SPLIT: _("Chia tách thành"),
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
class SplitPart:
    """A unit a split creates: its name, kind and parent, the row that names it, and (once
    applied) the unit itself."""

    line: int
    name: str
    kind: str
    parent: Unit | None
    unit: Unit | None = None


@dataclass
class Split:
    """One unit into several new ones (a row each); the first part is the successor, and
    takes the children no row sends elsewhere (``rest``)."""

    source: Unit
    parts: list[SplitPart]
    lines: list[int]
    rest: list[Unit] = field(default_factory=list)


@dataclass
class Checked:
    """A plan resolved against the tree: what it does, or why it cannot."""

    conflicts: list[tuple[int, str]] = field(default_factory=list)
    merges: list[Merge] = field(default_factory=list)
    moves: list[tuple[int, Unit, Unit]] = field(default_factory=list)
    renames: list[tuple[int, Unit, str, str]] = field(default_factory=list)
    dissolves: list[tuple[int, Unit, Unit | None]] = field(default_factory=list)
    splits: list[Split] = field(default_factory=list)
    part_moves: list[tuple[int, Unit, SplitPart]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.conflicts

    def changes(self) -> list[dict[str, Any]]:
        """One line per change, for the preview."""
        out: list[dict[str, Any]] = []
        for sp in self.splits:
            parts = [
                _("%(name)s (thành lập mới, trực thuộc %(parent)s)")
                % {"name": p.name, "parent": p.parent.name if p.parent else "—"}
                for p in sp.parts
            ]
            out.append(
                {
                    "op": op_label(SPLIT),
                    "units": [sp.source.name],
                    "to": "; ".join(parts) + " · " + _("kế thừa: %(name)s") % {"name": sp.parts[0].name},
                    "lines": sp.lines,
                }
            )
            if sp.rest:
                out.append(
                    {
                        "op": _("Chuyển sang đơn vị kế thừa"),
                        "units": [u.name for u in sp.rest],
                        "to": sp.parts[0].name,
                        "lines": sp.lines[:1],
                    }
                )
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
        for line, unit, part in self.part_moves:
            to = _("%(name)s (thành lập mới)") % {"name": part.name}
            out.append({"op": op_label(MOVE), "units": [unit.name], "to": to, "lines": [line]})
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
        for sp in self.splits:
            seen[sp.source.pk] = sp.source
        for _line, u, *_rest in self.moves + self.renames + self.dissolves + self.part_moves:
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
    first_op: dict[int, str] = {}  # unit pk → the change its first row asks
    splits: dict[int, Split] = {}  # split unit pk → its split, one part per row

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

    def split_parent(row: dict[str, Any], unit: Unit, line: int) -> tuple[bool, Unit | None]:
        """Where a split-off unit sits: the row's "Trực thuộc", else the split unit's parent."""
        if not row.get("parent"):
            return True, unit.parent_unit()
        parent, why = tree.find(str(row["parent"]))
        if parent is None and fold(str(row["parent"])) == root.name_folded:
            parent = root
        if parent is None:
            conflict(line, why)
            return False, None
        return True, parent

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
                _("thay đổi “%(op)s” không rõ (gộp, chuyển, giải thể, đổi tên, tách).")
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
        if unit.pk in first_line and op == SPLIT and first_op[unit.pk] == SPLIT:
            if unit.pk not in splits:  # its first row was refused, and said why
                continue
        elif unit.pk in first_line and SPLIT in (op, first_op[unit.pk]):
            conflict(
                line,
                _(
                    "“%(name)s” được chia tách và còn có thay đổi khác (dòng %(other)s): một đơn vị "
                    "được chia tách thì không hợp nhất, chuyển, đổi tên hay giải thể trong cùng kế hoạch."
                )
                % {"name": unit.name, "other": first_line[unit.pk]},
            )
            continue
        elif unit.pk in first_line:
            conflict(
                line,
                _(
                    "“%(name)s” đã có thay đổi ở dòng %(other)s: mỗi đơn vị chỉ một thay đổi trong một kế hoạch."
                )
                % {"name": unit.name, "other": first_line[unit.pk]},
            )
            continue
        else:
            first_line[unit.pk] = line
            first_op[unit.pk] = op
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
        elif op == SPLIT:
            if not target:
                conflict(line, _("hãy ghi tên đơn vị được tách ra ở cột “Đơn vị mới”."))
                continue
            found, parent = split_parent(row, unit, line)
            if not found:
                continue
            sp = splits.setdefault(unit.pk, Split(source=unit, parts=[], lines=[]))
            sp.parts.append(SplitPart(line=line, name=target, kind=kind or unit.kind, parent=parent))
            sp.lines.append(line)
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
            if receiver is not None and receiver.is_within(source):
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
    parts_by_name = _check_splits(
        splits=list(splits.values()),
        tree=tree,
        first_line=first_line,
        new_names={key: m.lines[0] for key, m in new_merges.items()},
        conflict=conflict,
        out=out,
    )
    for line, unit, target in pending_move:
        named = parts_by_name.get(fold(target), []) if target else []
        if len(named) > 1:
            conflict(
                line,
                _("kế hoạch tách ra %(n)s đơn vị mới tên “%(ref)s”: hãy đặt tên khác nhau.")
                % {"n": len(named), "ref": target},
            )
            continue
        if named:
            part = named[0]
            if part.parent is not None and part.parent.is_within(unit):
                conflict(
                    line,
                    _("không thể chuyển “%(name)s” vào chính nó hoặc đơn vị cấp dưới của nó (vòng lặp).")
                    % {"name": unit.name},
                )
                continue
            out.part_moves.append((line, unit, part))
            continue
        parent, why = (
            tree.find(target) if target else (None, _("hãy ghi đơn vị cấp trên mới ở cột “Đơn vị mới”."))
        )
        if parent is None and target and fold(target) == root.name_folded:
            parent = root
        if parent is None:
            conflict(line, why)
            continue
        if parent.is_within(unit):
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
        if parent.pk in splits:
            conflict(
                line,
                _(
                    "đơn vị cấp trên mới “%(name)s” bị chia tách trong kế hoạch: hãy chuyển vào một đơn vị mới tách ra."
                )
                % {"name": parent.name},
            )
            continue
        out.moves.append((line, unit, parent))
    leaving = (
        {u.pk for m in out.merges for u in m.sources}
        | {u.pk for _l, u, _p in out.moves}
        | {u.pk for _l, u, _p in out.part_moves}
    )
    for line, unit, target in pending_dissolve:
        successor = None
        if target:
            successor, why = tree.find(target)
            if successor is None:
                conflict(line, why)
                continue
            if successor.is_within(unit) or successor.pk in changed:
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
    # What no row sends elsewhere passes with the split unit's history to its successor.
    gone = leaving | {u.pk for _l, u, _s in out.dissolves}
    for sp in out.splits:
        sp.rest = [c for c in sp.source.current_children() if c.pk not in gone]
    out.conflicts.sort(key=lambda c: c[0])
    return out


def _check_splits(
    *,
    splits: list[Split],
    tree: _Tree,
    first_line: dict[int, int],
    new_names: dict[tuple[str, int | None], int],
    conflict: Any,
    out: Checked,
) -> dict[str, list[SplitPart]]:
    """Check each split as a whole (at least two parts; every part a free name under a
    parent that stays and is not inside the split unit) and keep the clean ones in ``out``;
    the split-off units by folded name, for the move rows that send children to them.
    ``new_names`` holds the new units the plan's merges create ((name, parent) → row)."""
    changed = first_line.keys()
    by_name: dict[str, list[SplitPart]] = defaultdict(list)
    for sp in splits:
        if len(sp.parts) < 2:
            by_name[fold(sp.parts[0].name)].append(sp.parts[0])
            conflict(
                sp.lines[0],
                _(
                    "“%(name)s” chỉ được tách thành một đơn vị: hãy ghi ít nhất hai đơn vị mới, mỗi đơn vị "
                    "một dòng (một đơn vị thì dùng đổi tên)."
                )
                % {"name": sp.source.name},
            )
            continue
        clean = True
        for part in sp.parts:
            where = part.parent.path if part.parent else ""
            key = (fold(part.name), part.parent.pk if part.parent else None)
            if key in new_names:
                conflict(
                    part.line,
                    _("đơn vị mới “%(name)s” trùng tên với đơn vị mới ở dòng %(other)s (cùng cấp trên).")
                    % {"name": part.name, "other": new_names[key]},
                )
                clean = False
                continue
            new_names[key] = part.line
            if part.parent is not None and part.parent.is_within(sp.source):
                conflict(
                    part.line,
                    _(
                        "đơn vị tách ra không thể trực thuộc chính “%(name)s” hoặc đơn vị cấp dưới của nó (vòng lặp)."
                    )
                    % {"name": sp.source.name},
                )
                clean = False
            elif part.parent is not None and part.parent.pk in changed:
                conflict(
                    part.line,
                    _(
                        "đơn vị cấp trên “%(name)s” của đơn vị mới cũng thay đổi trong kế hoạch (dòng %(other)s)."
                    )
                    % {"name": part.parent.name, "other": first_line[part.parent.pk]},
                )
                clean = False
            elif any(
                u.parent_path == where and u.pk not in changed for u in tree.by_name.get(fold(part.name), [])
            ):
                conflict(
                    part.line,
                    _("đã có đơn vị “%(name)s” trực thuộc %(parent)s.")
                    % {"name": part.name, "parent": part.parent.name if part.parent else "—"},
                )
                clean = False
        if clean:
            out.splits.append(sp)
        for part in sp.parts:  # a refused split's parts too: a move row naming one is not "unknown"
            by_name[fold(part.name)].append(part)
    return by_name


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
            # The split-off units first: the move rows send children to them.
            for sp in checked.splits:
                current = sp.lines[0]
                made = unit_split(
                    source=_fresh(sp.source),
                    parts=[
                        {"name": p.name, "kind": p.kind, "parent": _fresh(p.parent) if p.parent else None}
                        for p in sp.parts
                    ],
                    date=plan.date,
                    acting_user=acting_user,
                    _source_ends=True,
                    **_basis(plan),
                )
                for part, unit in zip(sp.parts, made, strict=True):
                    part.unit = unit
                events += list(UnitEvent.objects.filter(unit__in=made, kind=UnitEventKind.SPLIT_FROM))
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
            for line, unit, part in checked.part_moves:
                current = line
                assert part.unit is not None  # made by its split above
                events.append(
                    unit_move(
                        unit=_fresh(unit),
                        new_parent=_fresh(part.unit),
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
            # Last, each split unit ends; its first part succeeds it and takes what is left.
            for sp in checked.splits:
                current = sp.lines[0]
                heir = sp.parts[0].unit
                assert heir is not None  # made by its split above
                events.append(
                    unit_dissolve(
                        unit=_fresh(sp.source),
                        successor=_fresh(heir),
                        date=plan.date,
                        note=_("Chia tách thành: %(names)s.")
                        % {"names": ", ".join(p.name for p in sp.parts)},
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
