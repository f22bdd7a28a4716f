"""Rollout roll-up benchmark (issue 3). Prints figures; compares each with a baseline
measured in the same run. Not a test: it never fails on timing.

    .venv/bin/python bench/rollup.py                 # SQLite, synthetic province
    .venv/bin/python bench/rollup.py --postgres      # the same on PostgreSQL (127.0.0.1)
    .venv/bin/python bench/rollup.py --postgres --national   # + 34 provinces, 250,000 chi bộ, one rollout
    .venv/bin/python bench/rollup.py --postgres --national-only   # the national scale alone
    .venv/bin/python bench/rollup.py --import-only   # only the Excel import (a province, no rollouts)

The synthetic province: ~100 commune-level committees, 2,500 chi bộ, 100,000 members,
50 active rollouts of 5 steps, records for every unit (about 70 % of (unit, step) done).
Rows are bulk-inserted directly (this is a benchmark); the tallies are then built by the
same ``tally_rebuild`` the application uses.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import random
import sys
import time

sys.path.insert(0, __import__("os").path.dirname(__file__))
import _django  # noqa: E402

from trienkhai.core.scoping import SYSTEM


def build_tree(*, provinces: int, communes: int, cells_per_commune: int, members: int):
    from trienkhai.orgs.models import MemberCount, Unit

    steplen = Unit.steplen

    def p(*idx: int) -> str:
        return "".join(Unit._get_path(None, 1, i)[:steplen] if False else _enc(i) for i in idx)

    def _enc(i: int) -> str:
        alphabet = Unit.alphabet
        out = ""
        while True:
            i, r = divmod(i, len(alphabet))
            out = alphabet[r] + out
            if i == 0:
                break
        return out.rjust(steplen, "0")

    units = [
        Unit(
            path=p(1),
            depth=1,
            numchild=provinces,
            name="Trung ương (bench)",
            kind="trung_uong",
            name_folded="trung uong bench",
        )
    ]
    leaf_ids = []
    for a in range(1, provinces + 1):
        units.append(
            Unit(
                path=p(1, a),
                depth=2,
                numchild=communes,
                name=f"Tỉnh ủy {a}",
                kind="tinh_uy",
                name_folded=f"tinh uy {a}",
            )
        )
        for b in range(1, communes + 1):
            units.append(
                Unit(
                    path=p(1, a, b),
                    depth=3,
                    numchild=cells_per_commune,
                    name=f"Đảng ủy xã {a}-{b}",
                    kind="dang_uy_xa",
                    name_folded=f"dang uy xa {a}-{b}",
                )
            )
            for c in range(1, cells_per_commune + 1):
                units.append(
                    Unit(
                        path=p(1, a, b, c),
                        depth=4,
                        numchild=0,
                        name=f"Chi bộ {a}-{b}-{c}",
                        kind="chi_bo",
                        name_folded=f"chi bo {a}-{b}-{c}",
                    )
                )
    Unit.objects.bulk_create(units, batch_size=5000)
    cells = Unit.objects.filter(kind="chi_bo").values_list("pk", flat=True)
    MemberCount.objects.bulk_create(
        [MemberCount(unit_id=pk, as_of=dt.date(2022, 1, 1), members=members) for pk in cells.iterator()],
        batch_size=5000,
    )
    return Unit.objects.get(depth=1), Unit.objects.filter(depth=2).order_by("path")
    del leaf_ids


def build_rollouts(*, owner, count: int, done_share: float, today: dt.date):
    from trienkhai.documents.services import document_register
    from trienkhai.rollout.models import Rollout, RolloutPeriod, Step, StepRecord
    from trienkhai.rollout.services import tally_rebuild, units_in_scope

    doc = document_register(
        issuing_unit=owner,
        code=f"{random.randint(1, 10**6)}-NQ/TW",
        title="Nghị quyết (bench)",
        acting_user=SYSTEM,
    )
    kinds = ["plan", "conference", "dissemination", "review", "report"]
    rng = random.Random(7)
    rollouts = []
    for n in range(count):
        start = today - dt.timedelta(days=120 + n)
        r = Rollout.objects.create(
            document=doc,
            owner_unit=owner,
            title=f"Đợt triển khai {n + 1}",
            purpose="hoc_tap",
            scope_kinds=["dang_uy_xa", "chi_bo"],
            starts_on=start,
            step_specs=[{"kind": k, "title": k, "offset_days": 30 * (i + 1)} for i, k in enumerate(kinds)],
        )
        period = RolloutPeriod.objects.create(rollout=r, index=0, starts_on=start)
        steps = [
            Step.objects.create(
                rollout=r,
                period=period,
                kind=k,
                title=f"Yêu cầu {i + 1}",
                due=start + dt.timedelta(days=30 * (i + 1)),
                order=i,
            )
            for i, k in enumerate(kinds)
        ]
        unit_ids = list(units_in_scope(rollout=r).values_list("pk", flat=True))
        records = []
        for s in steps:
            for uid in unit_ids:
                if rng.random() < done_share:
                    done_on = min(s.due + dt.timedelta(days=rng.randint(-25, 10)), today)
                    conf = s.kind == "conference"
                    records.append(
                        StepRecord(
                            step=s,
                            unit_id=uid,
                            done_on=max(done_on, start),
                            version=1,
                            is_current=True,
                            members_present=rng.randint(30, 40) if conf else None,
                            members_on_roll=40 if conf else None,
                            masses=rng.randint(0, 50),
                            channels=["zalo"] if s.kind == "dissemination" else [],
                        )
                    )
        StepRecord.objects.bulk_create(records, batch_size=5000)
        for s in steps:
            tally_rebuild(step=s)
        rollouts.append(r)
    return rollouts


SQL_COVERAGE = """
SELECT s.id,
       COUNT(u.id) AS in_scope,
       SUM(CASE WHEN r.id IS NOT NULL AND r.done_on <= s.due THEN 1 ELSE 0 END) AS on_time,
       SUM(CASE WHEN r.id IS NOT NULL AND r.done_on > s.due THEN 1 ELSE 0 END) AS late,
       COALESCE(SUM(r.members_present), 0), COALESCE(SUM(r.members_on_roll), 0), COALESCE(SUM(r.masses), 0)
FROM rollout_step s
JOIN orgs_unit u ON u.path LIKE %s AND u.depth > %s AND u.kind IN ('dang_uy_xa', 'chi_bo') AND u.valid_to IS NULL
LEFT JOIN rollout_steprecord r ON r.step_id = s.id AND r.unit_id = u.id AND r.is_current
WHERE s.period_id = %s
GROUP BY s.id ORDER BY s.id
"""


def sql_coverage(period_id: int, unit, owner_depth: int):
    from django.db import connection

    with connection.cursor() as c:
        c.execute(SQL_COVERAGE, [unit.path + "%", owner_depth, period_id])
        return c.fetchall()


def page_time(client, url: str, repeat: int = 15, cold: bool = False, before=None) -> float:
    """Median ms of GET ``url``. ``cold``: with an empty cache (after a restart); ``before``:
    run untimed before each request (e.g. a record arriving, as between two real views)."""
    import statistics

    from django.core.cache import cache

    samples = []
    for i in range(repeat + 2):
        if cold:
            cache.clear()
        if before is not None:
            before()
        t = time.perf_counter()
        r = client.get(url)
        ms = (time.perf_counter() - t) * 1000
        assert r.status_code == 200, (url, r.status_code)
        if i >= 2:
            samples.append(ms)
    return statistics.median(samples)


def queries(client, url: str) -> int:
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    cache.clear()  # count what a rendering costs, not a cache hit
    with CaptureQueriesContext(connection) as ctx:
        client.get(url)
    return len(ctx)


def province_bench(engine: str) -> None:
    from django.test import Client

    from trienkhai.accounts.services import role_grant, user_create
    from trienkhai.rollout.models import StepDayTally, StepTally
    from trienkhai.rollout.selectors import coverage_for
    from trienkhai.rollout.services import step_record_submit, tally_rebuild, units_in_scope

    today = dt.date.today()
    t = time.perf_counter()
    root, provinces = build_tree(provinces=1, communes=100, cells_per_commune=25, members=40)
    province = provinces[0]
    rollouts = build_rollouts(owner=province, count=50, done_share=0.7, today=today)
    from trienkhai.orgs.models import Unit
    from trienkhai.rollout.models import StepRecord

    print(
        f"\n[{engine}] synthetic province: {Unit.objects.count():,} units, "
        f"{Unit.objects.filter(kind='chi_bo').count():,} chi bộ, 100,000 members, {len(rollouts)} rollouts × 5 steps, "
        f"{StepRecord.objects.count():,} records (built in {time.perf_counter() - t:.1f} s)"
    )
    viewer = user_create(username="bench-viewer", password=None, acting_user=SYSTEM)
    role_grant(user=viewer, unit=province, role="admin", acting_user=SYSTEM)
    r0 = rollouts[0]
    period = r0.periods.get()
    commune = Unit.objects.filter(kind="dang_uy_xa").order_by("path")[37]

    print("  roll-up (selector over tallies) vs a hand-written single SQL aggregate over the records:")
    for label, unit in (("province root", province), ("one commune", commune)):
        ours = _django.timed(
            lambda u=unit: coverage_for(rollout=r0, unit=u, viewer=viewer, with_children=False)
        )
        base = _django.timed(lambda u=unit: sql_coverage(period.pk, u, province.depth))
        print(_django.row(f"coverage of {label}", ours, base))
        got = coverage_for(rollout=r0, unit=unit, viewer=viewer, with_children=False)
        expected = sql_coverage(period.pk, unit, province.depth)
        assert [(s.in_scope, s.done_on_time, s.done_late) for s in got.steps] == [
            (row[1], row[2], row[3]) for row in expected
        ], "tallies disagree with the SQL aggregate"
    print("  (tallies agree with the SQL aggregate on every step)")

    client = Client()
    client.force_login(viewer)
    base = page_time(client, "/about/")
    arrivals = iter(
        units_in_scope(rollout=r0, step=r0.steps.get(kind="report"))
        .exclude(pk__in=StepRecord.objects.filter(step__rollout=r0, step__kind="report").values("unit_id"))
        .order_by("path")
    )
    report_step = r0.steps.get(kind="report")

    def a_record_arrives():
        step_record_submit(
            step=report_step, unit=next(arrivals), done_on=today, outcome="bench", acting_user=SYSTEM
        )

    print("  pages vs a signed-in page that runs no query of its own (/about/):")
    for label, url in (
        ("committee dashboard (50 rollouts)", "/rollouts/"),
        ("coverage page, province root", f"/rollouts/{r0.pk}/?unit={province.pk}"),
        ("coverage page, one commune", f"/rollouts/{r0.pk}/?unit={commune.pk}"),
    ):
        print(_django.row(label + ", nothing changed", page_time(client, url), base))
        print(
            _django.row(
                label + ", a record arrived since", page_time(client, url, before=a_record_arrives), base
            )
        )
        print(_django.row(label + ", empty cache (restart)", page_time(client, url, cold=True), base))
    q_big = queries(client, f"/rollouts/{r0.pk}/?unit={province.pk}")
    q_small = queries(client, f"/rollouts/{r0.pk}/?unit={commune.pk}")
    q_dash = queries(client, "/rollouts/")
    print(
        f"  queries per page: coverage(province, 2,600 units) {q_big}, coverage(commune, 26 units) {q_small}, "
        f"dashboard {q_dash}, baseline {queries(client, '/about/')}"
    )

    # Counts kept current as records arrive: submit through the service, then recount from scratch.
    step = r0.steps.get(kind="conference")
    free = (
        units_in_scope(rollout=r0, step=step)
        .exclude(pk__in=StepRecord.objects.filter(step=step).values("unit_id"))
        .order_by("path")[:200]
    )
    t = time.perf_counter()
    n = 0
    for unit in free:
        step_record_submit(
            step=step,
            unit=unit,
            done_on=min(today, step.due),
            form="truc_tiep",
            members_present=30,
            members_on_roll=40,
            acting_user=SYSTEM,
        )
        n += 1
    per = (time.perf_counter() - t) * 1000 / max(n, 1)

    def snap():
        return (
            sorted(
                StepTally.objects.filter(step=step).values_list(
                    "unit_id",
                    "in_scope",
                    "done_on_time",
                    "done_late",
                    "members_present",
                    "members_on_roll",
                    "masses",
                )
            ),
            sorted(
                StepDayTally.objects.filter(step=step).exclude(done=0).values_list("unit_id", "day", "done")
            ),
        )

    before = snap()
    tally_rebuild(step=step)
    print(
        f"  {n} records submitted one by one ({per:.1f} ms each, counts moved in the same transaction); "
        f"recount from scratch agrees: {snap() == before}"
    )

    import_bench(province, today)


def import_bench(province, today: dt.date, doc=None) -> None:
    """10,000 step records from Excel, next to reading the same sheets and bulk-inserting the same rows."""
    from openpyxl import Workbook, load_workbook

    from trienkhai.rollout.importers import columns, records_import
    from trienkhai.rollout.models import Rollout, RolloutPeriod, Step, StepRecord
    from trienkhai.rollout.services import tally_rebuild, units_in_scope

    doc = doc or Rollout.objects.first().document
    start = today - dt.timedelta(days=60)
    r = Rollout.objects.create(
        document=doc,
        owner_unit=province,
        title="Nhập Excel (bench)",
        purpose="hoc_tap",
        scope_kinds=["chi_bo"],
        starts_on=start,
        step_specs=[],
    )
    period = RolloutPeriod.objects.create(rollout=r, index=0, starts_on=start)
    steps = [
        Step.objects.create(
            rollout=r, period=period, kind="conference", title=f"Hội nghị {i}", due=today, order=i
        )
        for i in range(4)
    ]
    for s in steps:  # counted from the start, as a launched step is: the import moves its tallies
        tally_rebuild(step=s)
    units = list(units_in_scope(rollout=r).order_by("path").values_list("pk", "name"))
    files = []
    for _step in steps:
        wb = Workbook()
        ws = wb.active
        ws.append([label for _k, label in columns("conference")])
        for pk, name in units:
            ws.append([pk, name, start.strftime("%d/%m/%Y"), "trực tiếp", "", 30, 40, 12, "", ""])
        buf = io.BytesIO()
        wb.save(buf)
        files.append(buf.getvalue())
    rows = len(units) * len(steps)

    # Baseline: read the same sheets and bulk-insert the same rows, no checks, no audit, no counts.
    t = time.perf_counter()
    for s, data in zip(steps, files, strict=True):
        ws = load_workbook(io.BytesIO(data), read_only=True).worksheets[0]
        recs = [
            StepRecord(
                step=s,
                unit_id=row[0],
                done_on=start,
                version=1,
                is_current=True,
                form="truc_tiep",
                members_present=row[5],
                members_on_roll=row[6],
                masses=row[7],
            )
            for row in ws.iter_rows(min_row=2, values_only=True)
        ]
        StepRecord.objects.bulk_create(recs, batch_size=2000)
    base = time.perf_counter() - t
    StepRecord.objects.filter(step__in=steps).delete()

    t = time.perf_counter()
    total = 0
    for s, data in zip(steps, files, strict=True):
        f = io.BytesIO(data)
        total += records_import(step=s, upload=f, filename="bench.xlsx", acting_user=SYSTEM)
    ours = time.perf_counter() - t
    print(
        f"  Excel import of {total:,} step records: {total / ours:,.0f} rows/s "
        f"(validated, audited, counted) vs bare read + bulk insert {rows / base:,.0f} rows/s "
        f"→ {100 * (total / ours) / (rows / base):.0f}% as fast"
    )
    # The import counts its records into the tallies in bulk: a recount must agree.
    from trienkhai.rollout.models import StepDayTally, StepTally

    def snap(step):
        return (
            sorted(
                StepTally.objects.filter(step=step).values_list(
                    "unit_id",
                    "in_scope",
                    "done_on_time",
                    "done_late",
                    "members_present",
                    "members_on_roll",
                    "masses",
                    "reach",
                )
            ),
            sorted(
                StepDayTally.objects.filter(step=step).exclude(done=0).values_list("unit_id", "day", "done")
            ),
        )

    agree = True
    for s in steps:
        counted = snap(s)
        tally_rebuild(step=s)
        agree = agree and snap(s) == counted
    print(f"  imported counts vs a recount from scratch: agree {agree}")


def import_only_bench(engine: str) -> None:
    """The import bench alone: the province tree and a document, without the 50 rollouts."""
    from trienkhai.documents.services import document_register

    today = dt.date.today()
    _root, provinces = build_tree(provinces=1, communes=100, cells_per_commune=25, members=40)
    province = provinces[0]
    doc = document_register(
        issuing_unit=province, code="1-NQ/TW", title="Nghị quyết (bench)", acting_user=SYSTEM
    )
    print(f"\n[{engine}] import only: a province of 2,500 chi bộ, no other rollout")
    import_bench(province, today, doc=doc)


def national_bench() -> None:
    from django.test import Client

    from trienkhai.accounts.services import user_create

    t = time.perf_counter()
    root, _provinces = build_tree(provinces=34, communes=97, cells_per_commune=76, members=30)
    from trienkhai.orgs.models import Unit

    rollouts = build_rollouts(owner=root, count=1, done_share=0.6, today=dt.date.today())
    print(
        f"\n[national] {Unit.objects.count():,} units ({Unit.objects.filter(kind='chi_bo').count():,} chi bộ, "
        f"{Unit.objects.filter(kind='dang_uy_xa').count():,} commune-level), one rollout of 5 steps "
        f"(built in {time.perf_counter() - t:.0f} s)"
    )
    su = user_create(username="bench-national", password=None, is_superuser=True, acting_user=SYSTEM)
    client = Client()
    client.force_login(su)
    url = f"/rollouts/{rollouts[0].pk}/?unit={root.pk}"
    cold = page_time(client, url, repeat=5, cold=True)
    warm = page_time(client, url, repeat=7)
    from django.core.cache import cache

    cache.clear()
    print(
        f"  national coverage page: median {cold:.0f} ms cold, {warm:.1f} ms warm (target < 1000 ms), "
        f"{queries(client, url)} queries"
    )


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--postgres", action="store_true")
    ap.add_argument("--national", action="store_true", help="also the national scale (PostgreSQL)")
    ap.add_argument(
        "--national-only",
        action="store_true",
        help="only the national scale (PostgreSQL, its own database; skips the province)",
    )
    ap.add_argument(
        "--import-only",
        action="store_true",
        help="only the Excel import (a province tree and the import rollout; quick to iterate on)",
    )
    args = ap.parse_args()
    engine = "postgres" if args.postgres else "sqlite"
    if args.import_only:
        _django.setup(engine, "trienkhai_bench_import")
        import_only_bench(engine)
        return
    if args.national_only:
        if engine != "postgres":
            print("--national-only runs on PostgreSQL: add --postgres")
            return
        _django.setup(engine, "trienkhai_bench_national")
        national_bench()
        return
    _django.setup(engine, "trienkhai_bench_rollup")
    province_bench(engine)
    if args.national:
        if engine != "postgres":
            print("--national runs on PostgreSQL: add --postgres")
            return
        from trienkhai.orgs.models import Unit
        from trienkhai.rollout.models import Rollout

        Rollout.objects.all().delete()
        Unit.objects.all().delete()
        national_bench()


if __name__ == "__main__":
    main()
