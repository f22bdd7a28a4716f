"""Training figures benchmark (issue 6). Prints figures; compares the selector with a
hand-written SQL aggregate over the same rows, measured in the same run. Not a test: it
never fails on timing.

    .venv/bin/python bench/training_figures.py              # SQLite
    .venv/bin/python bench/training_figures.py --postgres   # PostgreSQL at 127.0.0.1

The synthetic province: 1 provincial committee, 100 commune-level committees, 2,500 chi bộ
(2,601 units), 20,000 tracked staff, 300 courses of two sessions with ~40 participants
each (12,000 enrolments, 24,000 attendance marks), about 80 % completed. Rows are
bulk-inserted directly (this is a benchmark, not the application's write path).
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys

sys.path.insert(0, __import__("os").path.dirname(__file__))
import _django  # noqa: E402

from trienkhai.core.scoping import SYSTEM

YEAR = 2022
COMMUNES, CELLS, STAFF, COURSES, PER_COURSE = 100, 25, 20_000, 300, 40


def _enc(i: int) -> str:
    from trienkhai.orgs.models import Unit

    alphabet = Unit.alphabet
    out = ""
    while True:
        i, r = divmod(i, len(alphabet))
        out = alphabet[r] + out
        if i == 0:
            break
    return out.rjust(Unit.steplen, "0")


def build() -> tuple:
    from trienkhai.orgs.models import Unit
    from trienkhai.training.choices import RoleCategory
    from trienkhai.training.models import Attendance, Course, Enrolment, Person, Session

    rng = random.Random(6)
    units = [
        Unit(
            path=_enc(1),
            depth=1,
            numchild=COMMUNES,
            name="Tỉnh ủy (bench)",
            kind="tinh_uy",
            name_folded="tinh uy bench",
        )
    ]
    for b in range(1, COMMUNES + 1):
        units.append(
            Unit(
                path=_enc(1) + _enc(b),
                depth=2,
                numchild=CELLS,
                name=f"Đảng ủy xã {b}",
                kind="dang_uy_xa",
                name_folded=f"dang uy xa {b}",
            )
        )
        for c in range(1, CELLS + 1):
            units.append(
                Unit(
                    path=_enc(1) + _enc(b) + _enc(c),
                    depth=3,
                    numchild=0,
                    name=f"Chi bộ {b}-{c}",
                    kind="chi_bo",
                    name_folded=f"chi bo {b}-{c}",
                )
            )
    Unit.objects.bulk_create(units, batch_size=5000)
    root = Unit.objects.get(depth=1)
    all_units = list(Unit.objects.values_list("pk", flat=True))
    # Leave some chi bộ without any tracked staff and most with a few.
    staffed = rng.sample(all_units, int(len(all_units) * 0.9))
    categories = RoleCategory.values
    Person.objects.bulk_create(
        [
            Person(
                full_name=f"Cán bộ {i}",
                name_folded=f"can bo {i}",
                unit_id=rng.choice(staffed),
                title="Cán bộ",
                category=rng.choice(categories),
            )
            for i in range(STAFF)
        ],
        batch_size=5000,
    )
    people = list(Person.objects.values_list("pk", "unit_id"))
    communes = list(Unit.objects.filter(depth=2).values_list("pk", flat=True))
    courses = []
    for n in range(COURSES):
        start = dt.date(YEAR if n % 5 else YEAR - 1, 1 + n % 12, 1 + n % 27)
        organiser = root.pk if n % 10 == 0 else rng.choice(communes)
        courses.append(
            Course(
                organiser_id=organiser,
                reach_id=organiser,
                title=f"Lớp {n}",
                audiences=categories,
                starts_on=start,
                ends_on=start + dt.timedelta(days=1),
                form="truc_tiep",
                search_folded=f"lop {n}",
            )
        )
    Course.objects.bulk_create(courses, batch_size=1000)
    courses = list(Course.objects.all())
    Session.objects.bulk_create(
        [
            Session(course=c, index=i + 1, on=c.starts_on + dt.timedelta(days=i))
            for c in courses
            for i in range(2)
        ],
        batch_size=5000,
    )
    enrolments = []
    for c in courses:
        for pk, unit_id in rng.sample(people, PER_COURSE):
            done = rng.random() < 0.8
            enrolments.append(
                Enrolment(
                    course=c,
                    person_id=pk,
                    unit_id=unit_id,
                    status="completed" if done else "nominated",
                    completed_on=c.ends_on if done else None,
                )
            )
    Enrolment.objects.bulk_create(enrolments, batch_size=5000)
    sessions = {}
    for s in Session.objects.all():
        sessions.setdefault(s.course_id, []).append(s.pk)
    Attendance.objects.bulk_create(
        [
            Attendance(enrolment_id=e, session_id=s, present=rng.random() < 0.9)
            for e, c in Enrolment.objects.values_list("pk", "course_id")
            for s in sessions[c]
        ],
        batch_size=5000,
    )
    return root


SQL_CATEGORIES = """
SELECT p.category, COUNT(*) AS staff,
       SUM(CASE WHEN EXISTS (SELECT 1 FROM training_enrolment e
                             WHERE e.person_id = p.id AND e.status = 'completed'
                               AND e.completed_on BETWEEN %s AND %s) THEN 1 ELSE 0 END) AS trained
FROM training_person p JOIN orgs_unit u ON u.id = p.unit_id
WHERE u.path LIKE %s
GROUP BY p.category
"""

SQL_UNITS_WITHOUT = """
SELECT COUNT(*) FROM (
  SELECT p.unit_id
  FROM training_person p JOIN orgs_unit u ON u.id = p.unit_id
  WHERE u.path LIKE %s
  GROUP BY p.unit_id
  HAVING SUM(CASE WHEN EXISTS (SELECT 1 FROM training_enrolment e
                               WHERE e.person_id = p.id AND e.status = 'completed'
                                 AND e.completed_on BETWEEN %s AND %s) THEN 1 ELSE 0 END) = 0
) AS t
"""


def sql_figures(root) -> tuple[dict, int]:
    from django.db import connection

    start, end = dt.date(YEAR, 1, 1), dt.date(YEAR, 12, 31)
    with connection.cursor() as cur:
        cur.execute(SQL_CATEGORIES, [start, end, root.path + "%"])
        by_cat = {row[0]: (row[1], int(row[2])) for row in cur.fetchall()}
        cur.execute(SQL_UNITS_WITHOUT, [root.path + "%", start, end])
        without = cur.fetchone()[0]
    return by_cat, without


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--postgres", action="store_true")
    args = parser.parse_args()
    engine = "postgres" if args.postgres else "sqlite"
    _django.setup(engine, "bench_training")

    from trienkhai.accounts.services import role_grant, user_create
    from trienkhai.orgs.models import Unit
    from trienkhai.training.models import Attendance, Course, Enrolment, Person
    from trienkhai.training.selectors import training_figures

    root = build()
    admin = user_create(username="bench-root", password="x" * 20, is_superuser=True, acting_user=SYSTEM)
    editor = user_create(username="bench-province", password="x" * 20, acting_user=SYSTEM)
    role_grant(user=editor, unit=root, role="viewer", acting_user=SYSTEM)
    print(
        f"\n[{engine}] synthetic province: {Unit.objects.count():,} units, {Person.objects.count():,} staff, "
        f"{Course.objects.count():,} courses, {Enrolment.objects.count():,} enrolments, "
        f"{Attendance.objects.count():,} attendance marks"
    )

    by_cat, without = sql_figures(root)
    for viewer in (admin, editor):
        fig = training_figures(viewer=viewer, unit=root, year=YEAR)
        ours = {c.category: (c.staff, c.trained) for c in fig.categories if c.staff}
        assert ours == by_cat, (ours, by_cat)
        assert fig.units_without_count == without, (fig.units_without_count, without)
    print(
        f"  figures for {YEAR}: {fig.trained:,}/{fig.staff:,} staff trained; "
        f"{fig.units_without_count:,} of {fig.units_with_staff:,} staffed units with nobody trained "
        f"(selector and SQL agree)"
    )
    print("  training figures for the root (selector) vs a hand-written SQL aggregate over the same rows:")
    base = _django.timed(lambda: sql_figures(root))
    for viewer, label in ((admin, "superuser"), (editor, "role at the province")):
        ours = _django.timed(lambda v=viewer: training_figures(viewer=v, unit=root, year=YEAR))
        print(_django.row(f"training_figures, root, {label}", ours, base))
    commune = Unit.objects.filter(depth=2).order_by("path").first()
    ours = _django.timed(lambda: training_figures(viewer=editor, unit=commune, year=YEAR))
    base_c = _django.timed(lambda: sql_figures(commune))
    print(_django.row("training_figures, one commune (25 chi bộ)", ours, base_c))
    print("  target: ratio ≤ 2×")


if __name__ == "__main__":
    main()
