"""The scale-out tests' helper, run as its own process against the database in DATABASE_URL.

    python tests/scaleout/site.py seed --units 120 --rollouts 10   # migrate, build, print ids (JSON)
    python tests/scaleout/site.py submit --step 7 --count 5          # record 5 units' step
    python tests/scaleout/site.py enqueue --steps 1 2 3              # queue their reminder tasks

The tree it builds: one city committee (Thành ủy Thử nghiệm) with ``--units`` chi bộ, each
chi bộ with one editor (``ed-<n>``, no e-mail); ``--rollouts`` rollouts launched by the city to
its chi bộ, each with two steps due in two days (so every chi bộ owes every step a reminder);
one editor of the whole city, ``scaleout-editor``, with the password given by ``--password`` (an
editor: production asks administrators for a second factor).
Everything goes through the services, as the application writes it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
from pathlib import Path

from trienkhai.core.scoping import SYSTEM

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "trienkhai.settings")


def seed(units: int, rollouts: int, password: str) -> dict:
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)

    from trienkhai.accounts.services import role_grant, user_create
    from trienkhai.documents.services import document_register
    from trienkhai.orgs.choices import UnitKind
    from trienkhai.orgs.services import unit_create
    from trienkhai.rollout.choices import Purpose, StepKind
    from trienkhai.rollout.services import rollout_launch

    today = dt.date.today()
    city = unit_create(
        parent=None,
        name="Thành ủy Thử nghiệm",
        kind=UnitKind.CITY_COMMITTEE,
        valid_from=today - dt.timedelta(days=400),
        acting_user=SYSTEM,
    )
    cells = []
    for n in range(units):
        cell = unit_create(
            parent=city,
            name=f"Chi bộ số {n + 1}",
            kind=UnitKind.PARTY_CELL,
            valid_from=today - dt.timedelta(days=400),
            acting_user=SYSTEM,
        )
        editor = user_create(username=f"ed-{n + 1}", password=None, acting_user=SYSTEM)
        role_grant(user=editor, unit=cell, role="editor", acting_user=SYSTEM)
        cells.append(cell.pk)
    editor = user_create(username="scaleout-editor", password=password, acting_user=SYSTEM)
    role_grant(user=editor, unit=city, role="editor", acting_user=SYSTEM)
    doc = document_register(
        issuing_unit=city,
        code="1-KH/TU",
        title="Kế hoạch thử nghiệm",
        issued_on=today - dt.timedelta(days=30),
        acting_user=SYSTEM,
    )
    steps, made = [], []
    for r in range(rollouts):
        rollout = rollout_launch(
            document=doc,
            owner_unit=city,
            title=f"Đợt thử nghiệm {r + 1}",
            purpose=Purpose.STUDY,
            scope_kinds=[UnitKind.PARTY_CELL],
            starts_on=today - dt.timedelta(days=20),
            steps=[
                {"kind": StepKind.CONFERENCE, "due": today + dt.timedelta(days=2)},
                {"kind": StepKind.DISSEMINATION, "due": today + dt.timedelta(days=2)},
            ],
            acting_user=SYSTEM,
        )
        made.append(rollout.pk)
        steps += list(rollout.steps.order_by("pk").values_list("pk", flat=True))
    return {"city": city.pk, "cells": cells, "rollouts": made, "steps": steps}


def submit(step_id: int, count: int) -> dict:
    from trienkhai.rollout.models import Step
    from trienkhai.rollout.services import step_record_submit, units_in_scope

    step = Step.objects.select_related("rollout").get(pk=step_id)
    units = list(units_in_scope(rollout=step.rollout, step=step).order_by("path")[:count])
    for unit in units:
        step_record_submit(
            step=step,
            unit=unit,
            done_on=dt.date.today(),
            form="truc_tiep",
            members_present=10,
            members_on_roll=12,
            acting_user=SYSTEM,
        )
    return {"submitted": len(units)}


def enqueue(steps: list[int]) -> dict:
    """One reminder task per step on the configured backend; prints the task ids."""
    from trienkhai.rollout.tasks import send_step_reminders

    return {"ids": [send_step_reminders.enqueue(step).id for step in steps]}


def main() -> None:
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="command", required=True)
    s = sub.add_parser("seed")
    s.add_argument("--units", type=int, default=120)
    s.add_argument("--rollouts", type=int, default=10)
    s.add_argument("--password", default="scale-out-password-2026")
    t = sub.add_parser("submit")
    t.add_argument("--step", type=int, required=True)
    t.add_argument("--count", type=int, default=1)
    e = sub.add_parser("enqueue")
    e.add_argument("--steps", type=int, nargs="+", required=True)
    args = parser.parse_args()

    import django

    django.setup()
    if args.command == "seed":
        out = seed(args.units, args.rollouts, args.password)
    elif args.command == "submit":
        out = submit(args.step, args.count)
    else:
        out = enqueue(args.steps)
    print(json.dumps(out))


if __name__ == "__main__":
    main()
