"""Run one import (or launch) in its own process against a file-based database, so a test
can kill it with SIGKILL part-way. Not a test module; driven by ``test_crash_safety.py``.

    python crash_worker.py setup DIR            migrate, seed a province, write the sheets
    python crash_worker.py units DIR [--slow]   import units.xlsx under the province
    python crash_worker.py records DIR [--slow] import the plan step's records.xlsx
    python crash_worker.py bulk DIR [--slow]    import the dissemination step's sheet (bulk path)
    python crash_worker.py launch DIR [--slow]  launch a second rollout
    python crash_worker.py counts DIR           JSON: rows per model

With ``--slow`` a hook prints ``row N`` (flushed) after each written row and sleeps, so
the test can pick the moment to kill. Everything else is the application's own code.
DATABASE_URL, TRIENKHAI_MEDIA_ROOT and TRIENKHAI_VAR_DIR come from the environment.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import sys
import time
from pathlib import Path

from trienkhai.core.scoping import SYSTEM

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "trienkhai.settings")

UNIT_ROWS = 40
SLEEP = 0.03


def _setup_django() -> None:
    import django

    django.setup()


def hook(label: str = "row"):
    """A wrapper that announces each call (after it ran) and sleeps."""
    state = {"n": 0}

    def wrap(fn):
        def inner(*args, **kwargs):
            result = fn(*args, **kwargs)
            state["n"] += 1
            print(f"{label} {state['n']}", flush=True)
            time.sleep(SLEEP)
            return result

        return inner

    return wrap


def units_sheet(parent_code: str, rows: int = UNIT_ROWS) -> bytes:
    from openpyxl import Workbook

    from trienkhai.orgs.importers import TEMPLATE_HEADERS

    wb = Workbook()
    ws = wb.active
    ws.append(TEMPLATE_HEADERS)
    for i in range(1, rows + 1):
        ws.append([f"Đảng ủy xã Thử nghiệm {i}", "Đảng ủy xã", parent_code, f"X-{i:03d}", 100 + i])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def records_sheet(step, units, values) -> bytes:
    from openpyxl import Workbook

    from trienkhai.rollout.importers import columns

    cols = columns(step.kind)
    wb = Workbook()
    ws = wb.active
    ws.append([label for _k, label in cols])
    for i, u in enumerate(units):
        row = {"unit_id": u.pk, "unit": u.name, "done_on": "01/06/2022", **values(i)}
        ws.append([row.get(k, "") for k, _label in cols])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def setup(d: Path) -> None:
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    from trienkhai.accounts.services import user_create
    from trienkhai.documents.services import document_register
    from trienkhai.orgs.choices import UnitKind
    from trienkhai.orgs.services import member_count_set, unit_create
    from trienkhai.rollout.choices import Purpose, StepKind
    from trienkhai.rollout.services import rollout_launch

    user_create(username="admin", password="a-long-test-password", is_superuser=True, acting_user=SYSTEM)
    root = unit_create(
        parent=None, name="Trung ương", kind=UnitKind.CENTRAL_COMMITTEE, code="T-TW", acting_user=SYSTEM
    )
    prov = unit_create(
        parent=root,
        name="Tỉnh ủy An Hòa",
        kind=UnitKind.PROVINCIAL_COMMITTEE,
        code="T-PROV",
        acting_user=SYSTEM,
    )
    ward = unit_create(
        parent=prov,
        name="Đảng ủy phường Cẩm Thủy",
        kind=UnitKind.WARD_COMMITTEE,
        code="T-WARD",
        acting_user=SYSTEM,
    )
    cells = []
    for n in range(1, 31):
        c = unit_create(parent=ward, name=f"Chi bộ số {n}", kind=UnitKind.PARTY_CELL, acting_user=SYSTEM)
        member_count_set(unit=c, as_of=dt.date(2021, 12, 31), members=20 + n, acting_user=SYSTEM)
        cells.append(c)
    doc = document_register(
        issuing_unit=root,
        code="35-NQ/TW",
        title="Nghị quyết 35",
        issued_on=dt.date(2018, 10, 22),
        acting_user=SYSTEM,
    )
    rollout = rollout_launch(
        document=doc,
        owner_unit=prov,
        title="Triển khai Nghị quyết 35",
        purpose=Purpose.STUDY,
        scope_kinds=[UnitKind.PARTY_CELL],
        starts_on=dt.date(2022, 1, 10),
        steps=[
            {"kind": StepKind.PLAN, "due": dt.date(2022, 2, 1)},
            {"kind": StepKind.DISSEMINATION, "due": dt.date(2022, 9, 30)},
        ],
        acting_user=SYSTEM,
    )
    steps = {s.kind: s for s in rollout.steps.all()}
    (d / "units.xlsx").write_bytes(units_sheet("T-PROV"))
    (d / "records.xlsx").write_bytes(
        records_sheet(
            steps[StepKind.PLAN],
            cells,
            lambda i: {"plan_code": f"{i + 1}-KH/ĐU", "plan_title": f"Kế hoạch thực hiện số {i + 1}"},
        )
    )
    (d / "bulk.xlsx").write_bytes(
        records_sheet(steps[StepKind.DISSEMINATION], cells, lambda i: {"channels": "Zalo", "reach": 100 + i})
    )
    (d / "ids.json").write_text(
        json.dumps(
            {
                "prov": prov.pk,
                "plan": steps[StepKind.PLAN].pk,
                "bulk": steps[StepKind.DISSEMINATION].pk,
                "doc": doc.pk,
            }
        )
    )


def counts() -> dict[str, int]:
    from django.apps import apps

    rows = {m._meta.label: m._default_manager.count() for m in apps.get_models()}
    # A refused attempt is logged (one event with refused=True); change events are the rest.
    refused = apps.get_model("core", "AuditEvent").objects.filter(refused=True).count()
    rows["core.AuditEvent"] -= refused
    rows["core.AuditEvent(refused)"] = refused
    return rows


def main(argv: list[str]) -> int:
    mode, d = argv[0], Path(argv[1])
    slow = "--slow" in argv
    _setup_django()
    if mode == "setup":
        setup(d)
        return 0
    if mode == "counts":
        print(json.dumps(counts()))
        return 0
    from trienkhai.accounts.models import User
    from trienkhai.core.importing import ImportFailed

    ids = json.loads((d / "ids.json").read_text())
    admin = User.objects.get(username="admin")
    try:
        if mode == "units":
            from trienkhai.orgs import importers
            from trienkhai.orgs.models import Unit

            if slow:
                importers.unit_create = hook()(importers.unit_create)
            result = importers.units_import(
                upload=(d / "units.xlsx").open("rb"),
                filename="units.xlsx",
                root=Unit.objects.get(pk=ids["prov"]),
                acting_user=admin,
            )
            print(f"done {len(result.created)}", flush=True)
        elif mode in ("records", "bulk"):
            from trienkhai.rollout import importers
            from trienkhai.rollout.models import Step
            from trienkhai.rollout.services import bulk

            if slow:
                # Plan rows go one by one through step_record_submit; the bulk path writes all
                # rows then counts them into the tallies: announce that (the last write before
                # the commit).
                bulk.step_record_submit = hook()(bulk.step_record_submit)
                bulk._count_first_records = hook()(bulk._count_first_records)
            step = Step.objects.get(pk=ids["plan" if mode == "records" else "bulk"])
            name = f"{mode}.xlsx"
            n = importers.records_import(
                step=step, upload=(d / name).open("rb"), filename=name, acting_user=admin
            )
            print(f"done {n}", flush=True)
        elif mode == "launch":
            from trienkhai.documents.models import Document
            from trienkhai.orgs.choices import UnitKind
            from trienkhai.orgs.models import Unit
            from trienkhai.rollout import services
            from trienkhai.rollout.choices import Purpose, StepKind
            from trienkhai.rollout.services import periods

            if slow:
                periods.tally_rebuild = hook("step")(periods.tally_rebuild)
            r = services.rollout_launch(
                document=Document.objects.get(pk=ids["doc"]),
                owner_unit=Unit.objects.get(pk=ids["prov"]),
                title="Đợt hai",
                purpose=Purpose.STUDY,
                scope_kinds=[UnitKind.PARTY_CELL],
                starts_on=dt.date(2022, 1, 10),
                steps=[{"kind": k, "due": dt.date(2022, 2, 1)} for k in (StepKind.PLAN,) * 6],
                acting_user=admin,
            )
            print(f"done {r.steps.count()}", flush=True)
        else:
            print(f"unknown mode {mode}", file=sys.stderr)
            return 2
    except ImportFailed as exc:
        print("refused " + json.dumps(exc.row_errors[:3], ensure_ascii=False), flush=True)
        return 3
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
