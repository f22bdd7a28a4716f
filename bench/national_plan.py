"""The national reorganisation plan of 1/7/2025, applied in one step (issue 15). Prints
figures; never fails on timing. PostgreSQL by default (the issue's figure), SQLite on ask.

    .venv/bin/python bench/national_plan.py                 # the whole country (slow: see below)
    .venv/bin/python bench/national_plan.py --scale 0.05    # 5 % of the communes and chi bộ
    .venv/bin/python bench/national_plan.py --sqlite --scale 0.01

The synthetic country, as of 30/6/2025: 63 provincial committees, 696 district committees,
10,035 commune committees, 25 chi bộ under each (250,875 at scale 1). ``--scale`` shrinks the
districts, communes and chi bộ, never the 63 provinces. Rows are bulk-inserted as the
application stores them (unit, its first version), not through the services.

The plan, rooted at the Central Committee, one row per changing unit (about 10,800 at
scale 1): 29 provinces merge into the other 34; the communes of each district merge three by
three into new communes directly under the receiving province (3,345 from 10,035); every
district is dissolved. Applying it moves every chi bộ into its new commune.

Measured in the same run:
  * ``check_plan`` (read, resolve, list conflicts) and ``plan_create`` + ``plan_apply``:
    wall time and the process's peak resident memory during the step (VmHWM, reset first);
  * the baseline: a bare UPDATE of the same rows (the ended units' ``valid_to``, the moved
    units' ``path``) inside a transaction that is rolled back;
  * the tree of one receiving province (``tree_as_of``) and the coverage of a rollout launched
    there in 2024 (``coverage_as_of``), as of 30/6/2025, before and after the plan, against
    today's page of the same (``coverage_for``): the past must not get slower because a
    reorganisation happened after it, and the figures must be identical.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time

sys.path.insert(0, __import__("os").path.dirname(__file__))
import _django  # noqa: E402

PROVINCES, DISTRICTS, COMMUNES, CELLS = 63, 696, 10_035, 25
KEPT = 34
BEFORE, DAY = dt.date(2025, 6, 30), dt.date(2025, 7, 1)


def _hwm_reset() -> None:
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
    except OSError:
        pass


def _hwm_mb() -> float:
    try:
        for line in open("/proc/self/status"):
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class Paths:
    """Materialised paths as treebeard's MP_Node writes them."""

    def __init__(self) -> None:
        from trienkhai.orgs.models import Unit

        self.alphabet, self.steplen = Unit.alphabet, Unit.steplen

    def step(self, i: int) -> str:
        out = ""
        while True:
            i, r = divmod(i, len(self.alphabet))
            out = self.alphabet[r] + out
            if i == 0:
                break
        return out.rjust(self.steplen, "0")


def build(scale: float) -> dict:
    from trienkhai.orgs.models import Unit, UnitVersion
    from trienkhai.textmine.normalize import fold

    p = Paths()
    start = dt.date(2015, 1, 1)
    n_districts = max(PROVINCES, round(DISTRICTS * scale))
    n_communes = max(3 * n_districts, round(COMMUNES * scale))
    units: list[Unit] = []
    parent_of: dict[str, str] = {}

    def add(path: str, name: str, kind: str, code: str | None, numchild: int, parent: str | None) -> None:
        units.append(
            Unit(
                path=path,
                depth=len(path) // p.steplen,
                numchild=numchild,
                name=name,
                kind=kind,
                code=code,
                name_folded=fold(name),
                valid_from=start,
                illustrative=True,
            )
        )
        parent_of[path] = parent or ""

    root = p.step(1)
    add(root, "Ban Chấp hành Trung ương (bench)", "trung_uong", "BENCH-TW", PROVINCES, None)
    districts_of = [
        n_districts // PROVINCES + (1 if i < n_districts % PROVINCES else 0) for i in range(PROVINCES)
    ]
    communes_left, districts_left = n_communes, n_districts
    layout: list[list[list[str]]] = []  # province → district → commune codes
    for pi in range(PROVINCES):
        pcode = f"P{pi + 1:02d}"
        ppath = root + p.step(pi + 1)
        add(ppath, f"Tỉnh ủy số {pi + 1} (bench)", "tinh_uy", pcode, districts_of[pi], root)
        layout.append([])
        for di in range(districts_of[pi]):
            dcode = f"{pcode}-H{di + 1:02d}"
            dpath = ppath + p.step(di + 1)
            k = communes_left // districts_left
            communes_left -= k
            districts_left -= 1
            add(dpath, f"Huyện ủy {pcode}-{di + 1} (bench)", "huyen_uy", dcode, k, ppath)
            layout[pi].append([])
            for ci in range(k):
                ccode = f"{dcode}-X{ci + 1:02d}"
                cpath = dpath + p.step(ci + 1)
                add(cpath, f"Đảng ủy xã {ccode} (bench)", "dang_uy_xa", ccode, CELLS, dpath)
                layout[pi][di].append(ccode)
                for bi in range(CELLS):
                    add(cpath + p.step(bi + 1), f"Chi bộ số {bi + 1}", "chi_bo", None, 0, cpath)
    Unit.objects.bulk_create(units, batch_size=5000)
    pk_of = dict(Unit.objects.values_list("path", "pk"))
    UnitVersion.objects.bulk_create(
        [
            UnitVersion(
                unit_id=pk_of[u.path],
                name=u.name,
                kind=u.kind,
                parent_id=pk_of.get(parent_of[u.path]),
                valid_from=start,
            )
            for u in units
        ],
        batch_size=5000,
    )
    return {"layout": layout, "units": len(units), "districts": n_districts, "communes": n_communes}


def plan_rows(layout: list[list[list[str]]]) -> tuple[list[dict], int]:
    rows: list[dict] = []
    new_communes = 0

    def row(**kw: str) -> None:
        rows.append({"line": len(rows) + 2, **kw})

    for pi, districts in enumerate(layout):
        receiver = f"P{(pi % KEPT) + 1:02d}"
        for di, communes in enumerate(districts):
            for g in range(0, len(communes), 3):
                new_communes += 1
                name = f"Đảng ủy xã mới P{pi + 1:02d}-{di + 1:02d}-{g // 3 + 1:02d} (bench)"
                for code in communes[g : g + 3]:
                    row(unit=code, op="gộp", target=name, kind="Đảng ủy xã", parent=receiver)
    for pi in range(KEPT, len(layout)):
        row(unit=f"P{pi + 1:02d}", op="gộp", target=f"P{(pi % KEPT) + 1:02d}")
    for pi, districts in enumerate(layout):
        for di in range(len(districts)):
            row(unit=f"P{pi + 1:02d}-H{di + 1:02d}", op="giải thể")
    return rows, new_communes


def launch_rollout(province_code: str):
    from trienkhai.core.scoping import SYSTEM
    from trienkhai.documents.services import document_register
    from trienkhai.orgs.models import Unit
    from trienkhai.rollout.choices import Purpose, StepKind
    from trienkhai.rollout.services import rollout_launch, step_record_submit

    province = Unit.objects.get(code=province_code)
    doc = document_register(
        issuing_unit=province,
        title="Kế hoạch học tập nghị quyết (bench)",
        code="1-KH/TU",
        issued_on=dt.date(2024, 3, 1),
        acting_user=SYSTEM,
    )
    rollout = rollout_launch(
        document=doc,
        owner_unit=province,
        title="Học tập nghị quyết 2024 (bench)",
        purpose=Purpose.STUDY,
        scope_kinds=["dang_uy_xa"],
        steps=[{"kind": StepKind.REPORT, "due": dt.date(2024, 12, 31)}],
        starts_on=dt.date(2024, 3, 1),
        today=dt.date(2024, 3, 1),
        acting_user=SYSTEM,
    )
    step = rollout.periods.get().steps.get()
    communes = list(Unit.objects.filter(path__startswith=province.path, kind="dang_uy_xa").order_by("path"))
    for i, unit in enumerate(communes):
        if i % 3 != 2:  # two of three have reported
            step_record_submit(
                step=step,
                unit=unit,
                done_on=dt.date(2024, 6, 1) + dt.timedelta(days=i % 90),
                acting_user=SYSTEM,
            )
    return rollout, province, len(communes)


def pages(rollout, province) -> dict[str, tuple[float, object]]:
    from trienkhai.core.scoping import SYSTEM
    from trienkhai.orgs.models import Unit
    from trienkhai.orgs.selectors import tree_as_of
    from trienkhai.rollout.selectors import coverage_as_of, coverage_for

    province = Unit.objects.get(pk=province.pk)
    out: dict[str, tuple[float, object]] = {}

    def fig(cov) -> tuple:
        return tuple(sorted((str(k), str(v)) for k, v in vars(cov).items() if isinstance(v, int | str)))

    out["tree as of 30/6/2025"] = (
        _django.timed(lambda: tree_as_of(viewer=SYSTEM, date=BEFORE, root=province), repeat=5, warmup=1),
        len(tree_as_of(viewer=SYSTEM, date=BEFORE, root=province)),
    )
    out["coverage as of 30/6/2025"] = (
        _django.timed(
            lambda: coverage_as_of(viewer=SYSTEM, rollout=rollout, unit=province, date=BEFORE),
            repeat=5,
            warmup=1,
        ),
        repr(coverage_as_of(viewer=SYSTEM, rollout=rollout, unit=province, date=BEFORE))[:2000],
    )
    out["coverage today"] = (
        _django.timed(
            lambda: coverage_for(rollout=rollout, unit=province, viewer=SYSTEM), repeat=5, warmup=1
        ),
        None,
    )
    return out


def bare_update(rows: list[dict]) -> tuple[float, int]:
    """The same rows written by hand: valid_to on every unit that ends, path on every unit that
    moves (the chi bộ and the districts), in one transaction, rolled back."""
    from django.db import connection, transaction

    from trienkhai.orgs.models import Unit

    ending = [r["unit"] for r in rows]
    ending_ids = list(Unit.objects.filter(code__in=ending).values_list("pk", flat=True))
    prefixes = list(Unit.objects.filter(kind="dang_uy_xa", code__in=ending).values_list("path", flat=True))
    moved = list(Unit.objects.filter(kind="chi_bo").values_list("pk", flat=True)) if prefixes else []
    t = time.perf_counter()
    with transaction.atomic():
        with connection.cursor() as c:
            for i in range(0, len(ending_ids), 5000):
                chunk = ending_ids[i : i + 5000]
                c.execute(
                    f"UPDATE orgs_unit SET valid_to = %s WHERE id IN ({','.join(['%s'] * len(chunk))})",
                    [DAY, *chunk],
                )
            for i in range(0, len(moved), 5000):
                chunk = moved[i : i + 5000]
                c.execute(
                    f"UPDATE orgs_unit SET path = path WHERE id IN ({','.join(['%s'] * len(chunk))})", chunk
                )
        transaction.set_rollback(True)
    return (time.perf_counter() - t) * 1000, len(ending_ids) + len(moved)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--scale", type=float, default=1.0)
    ap.add_argument("--sqlite", action="store_true")
    args = ap.parse_args()
    engine = "sqlite" if args.sqlite else "postgres"
    _django.setup(engine, "trienkhai_bench_national")

    from trienkhai.core.scoping import SYSTEM
    from trienkhai.orgs.models import Unit
    from trienkhai.orgs.plans import check_plan, plan_apply, plan_create

    t = time.perf_counter()
    built = build(args.scale)
    print(
        f"national plan bench on {engine}, scale {args.scale}: {built['units']:,} units "
        f"({PROVINCES} provinces, {built['districts']:,} districts, {built['communes']:,} communes, "
        f"{built['communes'] * CELLS:,} chi bộ), built in {time.perf_counter() - t:.1f} s"
    )
    rows, new_communes = plan_rows(built["layout"])
    receiver = "P01"
    rollout, province, in_scope = launch_rollout(receiver)
    print(
        f"  plan: {len(rows):,} rows → 34 provinces, {new_communes:,} communes; rollout over {in_scope} communes of {receiver}"
    )

    before = pages(rollout, province)
    root = Unit.objects.get(code="BENCH-TW")

    base_ms, base_rows = bare_update(rows)

    _hwm_reset()
    t = time.perf_counter()
    checked = check_plan(root=root, date=DAY, rows=rows, acting_user=SYSTEM)
    check_ms = (time.perf_counter() - t) * 1000
    check_mb = _hwm_mb()
    if not checked.ok:
        print("  the plan was refused:", checked.conflicts[:5])
        raise SystemExit(1)

    _hwm_reset()
    t = time.perf_counter()
    plan, _checked = plan_create(root=root, date=DAY, rows=rows, acting_user=SYSTEM)
    events = plan_apply(plan=plan, acting_user=SYSTEM)
    apply_ms = (time.perf_counter() - t) * 1000
    apply_mb = _hwm_mb()

    after = pages(rollout, province)
    live = Unit.objects.filter(valid_to__isnull=True)
    print(
        f"  after: {live.filter(kind='tinh_uy').count()} provinces, {live.filter(kind='huyen_uy').count()} districts, "
        f"{live.filter(kind='dang_uy_xa').count():,} communes, {len(events):,} events"
    )
    print(_django.row("check_plan (every row resolved, conflicts listed)", check_ms, base_ms))
    print(_django.row("plan_create + plan_apply (one transaction)", apply_ms, base_ms))
    print(
        f"  {'bare UPDATE of the same rows (baseline, rolled back)':<58} {base_ms:9.2f} ms  ({base_rows:,} rows)"
    )
    print(f"  peak resident memory: check {check_mb:.0f} MB, apply {apply_mb:.0f} MB")
    today_ms = before["coverage today"][0]
    for label in ("tree as of 30/6/2025", "coverage as of 30/6/2025"):
        (b_ms, b_fig), (a_ms, a_fig) = before[label], after[label]
        same = "identical" if b_fig == a_fig else "DIFFERENT"
        print(_django.row(f"{label}, before the plan", b_ms, today_ms))
        print(_django.row(f"{label}, after the plan ({same})", a_ms, today_ms))
    print(
        _django.row("coverage today, after the plan", after["coverage today"][0], before["coverage today"][0])
    )
    print("  (ratios against today's coverage page measured before the plan; the last against itself before)")


if __name__ == "__main__":
    main()
