"""Opinion synthesis for a whole province: our selector vs one hand-written SQL aggregate.

Builds a synthetic province — 2,600 units (1 province, 10 districts, 250 communes,
2,339 cells) × 12 monthly reports × 5 topics = 31,200 reports and 156,000 topic rows
— in a fresh database, then times ``opinion.selectors.opinion_synthesis`` for the root
(mood distribution, topics ranked by units with the previous month beside them, direct
units that did not report, pressing issues, quick reports) next to a single hand-written
SQL statement that computes the core aggregates over the same rows (topic × period unit
counts for this and the previous month, and the mood distribution), in the same run.
Prints both medians and the ratio (target ≤ 2×).

    .venv/bin/python bench/opinion_synthesis.py [--postgres] [--repeat 15] [--units 2600]

SQLite always (a temporary file); PostgreSQL too with ``--postgres``
(postgres://postgres@127.0.0.1:5432/trienkhai_bench, dropped and recreated). Each
engine runs in its own subprocess, because Django reads DATABASE_URL once at setup.
The synthetic rows are bulk-created directly: this is a benchmark, not a demo.
A script, not a test.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from trienkhai.core.scoping import SYSTEM

ROOT = Path(__file__).resolve().parent.parent
PG_URL = "postgres://postgres@127.0.0.1:5432/trienkhai_bench"
ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"  # django-treebeard's default for MP_Node
YEAR, MONTH = 2022, 6

# The same figures the selector returns, in one statement (COUNT(*) counts units, as in the
# selector: the schema allows one periodic report per unit and period, each topic once): per topic and period the units
# raising it, how many say it is new or rising and how many are worried or aggrieved; the
# mood distribution (and how many rows are illustrative); the branches under the root that
# reported (for "did not report"); and the number of pressing issues.
SQL = """
WITH r AS (
    SELECT rep.id, rep.unit_id, rep.mood, rep.period_no, rep.illustrative, u.path
    FROM opinion_opinionreport rep
    JOIN orgs_unit u ON u.id = rep.unit_id
    WHERE u.path LIKE %(prefix)s AND rep.period_kind = 'month' AND rep.year = %(year)s
      AND rep.period_no IN (%(month)s, %(prev)s)
)
SELECT 'topic' AS what, CAST(t.topic_id AS TEXT) AS k, r.period_no AS p, COUNT(*) AS n,
       SUM(CASE WHEN t.trend IN ('moi', 'tang') THEN 1 ELSE 0 END) AS m,
       SUM(CASE WHEN t.mood IN ('lo_lang', 'buc_xuc') THEN 1 ELSE 0 END) AS o
FROM opinion_reporttopic t JOIN r ON r.id = t.report_id
GROUP BY t.topic_id, r.period_no
UNION ALL
SELECT 'mood', r.mood, r.period_no, COUNT(*), SUM(CASE WHEN r.illustrative THEN 1 ELSE 0 END), 0
FROM r WHERE r.period_no = %(month)s GROUP BY r.mood, r.period_no
UNION ALL
SELECT DISTINCT 'branch', SUBSTR(r.path, 1, %(width)s), r.period_no, 0, 0, 0 FROM r WHERE r.period_no = %(month)s
UNION ALL
SELECT 'issues', '', %(month)s, COUNT(*), 0, 0 FROM opinion_pressingissue i JOIN r ON r.id = i.report_id
WHERE r.period_no = %(month)s
"""


def seg(n: int) -> str:
    out = ""
    for _ in range(4):
        n, d = divmod(n, len(ALPHABET))
        out = ALPHABET[d] + out
    return out


def build(units_total: int) -> dict:
    """Bulk-create the tree and the reports; returns sizes and build time."""
    from django.db import transaction

    from trienkhai.accounts.services import user_create
    from trienkhai.opinion.choices import Mood, Spread, Trend
    from trienkhai.opinion.models import OpinionReport, PressingIssue, ReportTopic, Topic
    from trienkhai.orgs.models import Unit

    rnd = random.Random(35)
    t0 = time.perf_counter()
    districts, communes_per = 10, 25
    cells_total = units_total - 1 - districts - districts * communes_per
    rows: list[Unit] = []
    root = Unit(
        path=seg(1),
        depth=1,
        numchild=districts,
        name="Tỉnh ủy Thử nghiệm",
        name_folded="tinh uy thu nghiem",
        kind="tinh_uy",
    )
    rows.append(root)
    cell_no = 0
    for d in range(1, districts + 1):
        dpath = root.path + seg(d)
        rows.append(
            Unit(
                path=dpath,
                depth=2,
                numchild=communes_per,
                name=f"Huyện ủy {d}",
                name_folded=f"huyen uy {d}",
                kind="huyen_uy",
            )
        )
        for c in range(1, communes_per + 1):
            cpath = dpath + seg(c)
            idx = (d - 1) * communes_per + (c - 1)
            n_cells = cells_total // (districts * communes_per) + (
                1 if idx < cells_total % (districts * communes_per) else 0
            )
            rows.append(
                Unit(
                    path=cpath,
                    depth=3,
                    numchild=n_cells,
                    name=f"Đảng ủy xã {d}-{c}",
                    name_folded=f"dang uy xa {d}-{c}",
                    kind="dang_uy_xa",
                )
            )
            for k in range(1, n_cells + 1):
                cell_no += 1
                rows.append(
                    Unit(
                        path=cpath + seg(k),
                        depth=4,
                        numchild=0,
                        name=f"Chi bộ {d}-{c}-{k}",
                        name_folded=f"chi bo {d}-{c}-{k}",
                        kind="chi_bo",
                    )
                )
    topics = list(Topic.objects.values_list("pk", flat=True))
    moods, spreads, trends = Mood.values, Spread.values, Trend.values
    with transaction.atomic():
        units = Unit.objects.bulk_create(rows, batch_size=2000)
        n_reports = n_topics = n_issues = 0
        for month in range(1, 13):
            # ~3% of units skip a month, so "did not report" has something to find
            reps = [
                OpinionReport(
                    unit_id=u.pk,
                    period_kind="month",
                    year=YEAR,
                    period_no=month,
                    report_date=f"{YEAR}-{month:02d}-25",
                    mood=rnd.choices(moods, weights=[30, 40, 18, 8, 4])[0],
                    illustrative=True,
                )
                for u in units
                if rnd.random() > 0.03
            ]
            reps = OpinionReport.objects.bulk_create(reps, batch_size=2000)
            trows, irows = [], []
            for r in reps:
                for t in rnd.sample(topics, 5):
                    trows.append(
                        ReportTopic(
                            report_id=r.pk,
                            topic_id=t,
                            mood=rnd.choice(moods),
                            spread=rnd.choice(spreads),
                            trend=rnd.choice(trends),
                            summary="",
                        )
                    )
                if rnd.random() < 0.05:
                    irows.append(
                        PressingIssue(
                            report_id=r.pk,
                            topic_id=rnd.choice(topics),
                            description="Vấn đề tổng hợp (tổng hợp giả lập)",
                            proposed_solution="Giải pháp",
                        )
                    )
            ReportTopic.objects.bulk_create(trows, batch_size=5000)
            PressingIssue.objects.bulk_create(irows, batch_size=5000)
            n_reports, n_topics, n_issues = (
                n_reports + len(reps),
                n_topics + len(trows),
                n_issues + len(irows),
            )
    user_create(username="bench", password="bench-password-not-used", is_superuser=True, acting_user=SYSTEM)
    return {
        "units": len(units),
        "reports": n_reports,
        "topic_rows": n_topics,
        "issues": n_issues,
        "build_s": time.perf_counter() - t0,
    }


def measure(repeat: int) -> dict:
    from django.db import connection

    from trienkhai.accounts.models import User
    from trienkhai.opinion.selectors import opinion_synthesis
    from trienkhai.orgs.models import Unit

    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute("ANALYZE")
    else:
        with connection.cursor() as cur:
            cur.execute("ANALYZE")
    viewer = User.objects.get(username="bench")
    root = Unit.objects.get(depth=1)

    def selector():
        s = opinion_synthesis(viewer=viewer, unit=root, period_kind="month", year=YEAR, period_no=MONTH)
        return s.reports, [(t.topic_id, t.units, t.prev_units) for t in s.topics]

    def raw():
        with connection.cursor() as cur:
            cur.execute(
                SQL,
                {
                    "prefix": root.path + "%",
                    "year": YEAR,
                    "month": MONTH,
                    "prev": MONTH - 1,
                    "width": len(root.path) + 4,
                },
            )
            return cur.fetchall()

    # the same figures, both ways
    reports, topics = selector()
    rows = raw()
    cur_units = {int(k): n for what, k, p, n, _m, _o in rows if what == "topic" and p == MONTH}
    prev_units = {int(k): n for what, k, p, n, _m, _o in rows if what == "topic" and p == MONTH - 1}
    assert {t: u for t, u, _ in topics} == cur_units, "selector and SQL disagree on topic counts"
    assert {t: p for t, _, p in topics} == {t: prev_units.get(t, 0) for t in cur_units}
    assert reports == sum(n for what, _k, _p, n, _m, _o in rows if what == "mood")

    # Interleaved, so a busy machine slows both sides alike.
    selector(), raw()
    sel_t, sql_t = [], []
    for _ in range(repeat):
        t0 = time.perf_counter()
        selector()
        t1 = time.perf_counter()
        raw()
        sel_t.append(t1 - t0)
        sql_t.append(time.perf_counter() - t1)
    sel, sql = statistics.median(sel_t), statistics.median(sql_t)
    return {
        "selector_ms": sel * 1000,
        "sql_ms": sql * 1000,
        "ratio": sel / sql if sql else float("inf"),
        "reports_in_month": reports,
    }


def child(engine: str, units: int, repeat: int) -> None:
    """Runs inside the subprocess: settings from DATABASE_URL, migrate, build, measure."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "trienkhai.settings")
    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    sizes = build(units)
    result = measure(repeat)
    print("RESULT " + json.dumps({"engine": engine, **sizes, **result}))


def prepare_postgres() -> None:
    import psycopg

    with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as conn:
        conn.execute("DROP DATABASE IF EXISTS trienkhai_bench")
        conn.execute("CREATE DATABASE trienkhai_bench")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--postgres", action="store_true")
    ap.add_argument("--units", type=int, default=2600)
    ap.add_argument("--repeat", type=int, default=15)
    ap.add_argument("--child", choices=["sqlite", "postgres"], help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        child(args.child, args.units, args.repeat)
        return
    engines = ["sqlite"] + (["postgres"] if args.postgres else [])
    print(
        f"synthetic province: {args.units} units × 12 monthly reports × 5 topics; synthesis of month {MONTH}/{YEAR} for the root"
    )
    for engine in engines:
        with tempfile.TemporaryDirectory() as tmp:
            env = dict(os.environ, TRIENKHAI_VAR_DIR=tmp, TRIENKHAI_MEDIA_ROOT=tmp)
            if engine == "sqlite":
                env["DATABASE_URL"] = f"sqlite:///{tmp}/bench.sqlite3"
            else:
                try:
                    prepare_postgres()
                except Exception as exc:  # no server: say so and go on
                    print(f"postgres: not available ({exc.__class__.__name__}: {exc})")
                    continue
                env["DATABASE_URL"] = PG_URL
            cmd = [
                sys.executable,
                __file__,
                "--child",
                engine,
                "--units",
                str(args.units),
                "--repeat",
                str(args.repeat),
            ]
            out = subprocess.run(cmd, env=env, cwd=ROOT, capture_output=True, text=True)
            line = next((x for x in out.stdout.splitlines() if x.startswith("RESULT ")), None)
            if line is None:
                print(f"{engine}: failed\n{out.stderr[-3000:]}")
                continue
            r = json.loads(line[7:])
            print(
                f"{engine:8s} rows: {r['units']} units, {r['reports']} reports, {r['topic_rows']} topic rows, "
                f"{r['issues']} issues (built in {r['build_s']:.1f} s)\n"
                f"{'':8s} selector opinion_synthesis: {r['selector_ms']:8.1f} ms (median of {args.repeat})\n"
                f"{'':8s} hand-written SQL aggregate: {r['sql_ms']:8.1f} ms\n"
                f"{'':8s} ratio selector / SQL:       {r['ratio']:8.2f}×  (target ≤ 2×)"
            )


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    main()
