"""Issue 8 point 3: imports and launches are atomic, also when the process is killed.

The SIGKILL tests run the application's own importer in a child process against a
file-based SQLite database (``crash_worker.py``), wait for it to announce row N, kill it,
and count every table. The fail-at-row-k tests raise from a monkeypatched service inside
the test process.
"""

from __future__ import annotations

import io
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError

from trienkhai.accounts.models import User
from trienkhai.core.importing import ImportFailed
from trienkhai.orgs import importers as unit_importers
from trienkhai.rollout import importers as record_importers
from trienkhai.rollout import services as rollout_services
from trienkhai.rollout.choices import Purpose, StepKind
from trienkhai.rollout.models import Rollout
from trienkhai.rollout.services import bulk as rollout_bulk
from trienkhai.rollout.services import periods as rollout_periods

from . import crash_worker

WORKER = Path(__file__).with_name("crash_worker.py")
SEED = int(os.environ.get("RELIABILITY_SEED", time.time_ns() % 10_000))


def _env(d: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
    env.update(
        DATABASE_URL=f"sqlite:///{d / 'db.sqlite3'}",
        TRIENKHAI_MEDIA_ROOT=str(d / "media"),
        TRIENKHAI_VAR_DIR=str(d / "var"),
        TRIENKHAI_TESTING="1",
        DJANGO_SETTINGS_MODULE="trienkhai.settings",
    )
    return env


def worker(d: Path, *args: str, timeout: int = 120) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(WORKER), args[0], str(d), *args[1:]],
        env=_env(d),
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def table_counts(d: Path) -> dict[str, int]:
    out = worker(d, "counts")
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


def kill_at(d: Path, mode: str, marker: str) -> str:
    """Start ``mode --slow``, wait for the line ``marker``, SIGKILL the process."""
    proc = subprocess.Popen(
        [sys.executable, str(WORKER), mode, str(d), "--slow"],
        env=_env(d),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    seen = []
    deadline = time.monotonic() + 120
    try:
        for line in proc.stdout:
            seen.append(line.strip())
            if line.strip() == marker:
                proc.send_signal(signal.SIGKILL)
                break
            assert time.monotonic() < deadline, "worker too slow"
        else:
            pytest.fail(f"worker ended before {marker!r}: {seen[-3:]} {proc.stderr.read()[-2000:]}")
    finally:
        proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL, (proc.returncode, seen[-3:])
    return seen[-1]


@pytest.fixture(scope="module")
def seeded(tmp_path_factory) -> Path:
    d = tmp_path_factory.mktemp("crash-seed")
    out = worker(d, "setup", timeout=300)
    assert out.returncode == 0, out.stderr[-3000:]
    return d


@pytest.fixture
def world(seeded, tmp_path) -> Path:
    """A private copy of the seeded database (and its sheets) for one test."""
    d = tmp_path / "world"
    shutil.copytree(seeded, d)
    return d


#: What a refused import leaves behind: one refused-attempt event and nothing else.
REFUSED_ONCE = {"core.AuditEvent(refused)": 1}


def diff(a: dict[str, int], b: dict[str, int]) -> dict[str, int]:
    return {k: b[k] - a.get(k, 0) for k in b if b[k] != a.get(k, 0)}


# --- SIGKILL mid-import -----------------------------------------------------------------------


def test_units_import_killed_mid_way(world):
    rng = random.Random(SEED)
    k = rng.randint(2, crash_worker.UNIT_ROWS - 2)
    before = table_counts(world)
    kill_at(world, "units", f"row {k}")
    assert diff(before, table_counts(world)) == {}, f"seed {SEED}, killed at row {k}"
    out = worker(world, "units")
    assert out.stdout.strip() == f"done {crash_worker.UNIT_ROWS}", out.stderr[-2000:]
    after = table_counts(world)
    n = crash_worker.UNIT_ROWS
    changed = diff(before, after)
    assert changed["orgs.Unit"] == n and changed["orgs.MemberCount"] == n
    assert changed["core.AuditEvent"] == n + n + 1  # unit.create + unit.members per row, + unit.import
    # Again: every row is refused (the units exist), nothing is added.
    again = worker(world, "units")
    assert again.returncode == 3 and again.stdout.startswith("refused"), again.stdout + again.stderr[-2000:]
    assert "Đã có đơn vị" in again.stdout or "đã được dùng" in again.stdout
    assert diff(after, table_counts(world)) == REFUSED_ONCE


def test_records_import_killed_mid_way(world):
    """The plan step: each row writes a record, a plan document, a link and audit rows."""
    rng = random.Random(SEED + 1)
    k = rng.randint(2, 28)
    before = table_counts(world)
    kill_at(world, "records", f"row {k}")
    assert diff(before, table_counts(world)) == {}, f"seed {SEED}, killed at row {k}"
    out = worker(world, "records")
    assert out.stdout.strip() == "done 30", out.stderr[-2000:]
    after = table_counts(world)
    changed = diff(before, after)
    assert changed["rollout.StepRecord"] == 30 and changed["documents.Document"] == 30
    again = worker(world, "records")
    assert again.returncode == 3 and "đã báo cáo" in again.stdout, again.stdout + again.stderr[-2000:]
    assert diff(after, table_counts(world)) == REFUSED_ONCE


def test_bulk_records_import_killed_before_commit(world):
    """The bulk path inserts every record and audit row, then counts them: killed there."""
    before = table_counts(world)
    kill_at(world, "bulk", "row 1")
    assert diff(before, table_counts(world)) == {}
    out = worker(world, "bulk")
    assert out.stdout.strip() == "done 30", out.stderr[-2000:]
    after = table_counts(world)
    assert diff(before, after)["rollout.StepRecord"] == 30
    assert diff(before, after)["core.AuditEvent"] == 31  # one per record + the import
    again = worker(world, "bulk")
    assert again.returncode == 3 and "đã báo cáo" in again.stdout
    assert diff(after, table_counts(world)) == REFUSED_ONCE


def test_launch_killed_mid_way(world):
    before = table_counts(world)
    kill_at(world, "launch", "step 3")
    assert diff(before, table_counts(world)) == {}
    out = worker(world, "launch")
    assert out.stdout.strip() == "done 6", out.stderr[-2000:]
    assert diff(before, table_counts(world))["rollout.Step"] == 6


# --- an exception at row k (in process) -------------------------------------------------------


def counts() -> dict[str, int]:
    rows = {m._meta.label: m._default_manager.count() for m in apps.get_models()}
    # A refused attempt is logged (one event with refused=True); change events are the rest.
    refused = apps.get_model("core", "AuditEvent").objects.filter(refused=True).count()
    rows["core.AuditEvent"] -= refused
    rows["core.AuditEvent(refused)"] = refused
    return rows


def units_xlsx(rows: int = 12) -> bytes:
    return crash_worker.units_sheet("T-PROV", rows)


def fail_at(k: int, fn, exc: Exception):
    calls = {"n": 0}

    def inner(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == k:
            raise exc
        return fn(*args, **kwargs)

    return inner


@pytest.fixture
def admin(db):
    from conftest import make_user

    return make_user("reliability-admin", None, is_superuser=True)


@pytest.mark.parametrize(
    "exc", [RuntimeError("boom"), ValidationError("không hợp lệ")], ids=["crash", "invalid"]
)
def test_units_import_failing_at_row_k(tree, admin, monkeypatch, exc):
    k = random.Random(SEED).randint(2, 11)
    before = counts()
    with monkeypatch.context() as m:
        m.setattr(unit_importers, "unit_create", fail_at(k, unit_importers.unit_create, exc))
        with pytest.raises(type(exc) if isinstance(exc, RuntimeError) else ImportFailed) as err:
            unit_importers.units_import(
                upload=io.BytesIO(units_xlsx()), filename="u.xlsx", root=tree.prov, acting_user=admin
            )
    if isinstance(exc, ValidationError):
        assert err.value.row_errors == [(k + 1, "không hợp lệ")]
    # A crash is not a refusal; a row refused by a rule makes the import a refused attempt.
    expected = REFUSED_ONCE if isinstance(exc, ValidationError) else {}
    assert diff(before, counts()) == expected, f"seed {SEED}, failed at row {k}"
    result = unit_importers.units_import(
        upload=io.BytesIO(units_xlsx()), filename="u.xlsx", root=tree.prov, acting_user=admin
    )
    assert len(result.created) == 12
    after = counts()
    with pytest.raises(ImportFailed):
        unit_importers.units_import(
            upload=io.BytesIO(units_xlsx()), filename="u.xlsx", root=tree.prov, acting_user=admin
        )
    assert diff(after, counts()) == REFUSED_ONCE


@pytest.mark.parametrize("kind", [StepKind.PLAN, StepKind.DISSEMINATION])
def test_records_import_failing_at_row_k(campaign, admin, monkeypatch, kind):
    step = campaign.steps[kind]
    values = (
        (lambda i: {"plan_code": f"{i + 1}-KH/ĐU", "plan_title": f"Kế hoạch {i + 1}"})
        if kind == StepKind.PLAN
        else (lambda i: {"channels": "Zalo", "reach": i})
    )
    sheet = crash_worker.records_sheet(step, campaign.cells[:12], values)
    k = random.Random(SEED).randint(2, 11)
    before = counts()
    # Plan rows go through step_record_submit one by one; the bulk path validates each row
    # with check_record_values, then writes: fail at row k in the per-row function, and
    # (bulk) also in the write itself.
    target = "step_record_submit" if kind == StepKind.PLAN else "check_record_values"
    with monkeypatch.context() as m:
        m.setattr(rollout_bulk, target, fail_at(k, getattr(rollout_bulk, target), RuntimeError("boom")))
        with pytest.raises(RuntimeError):
            record_importers.records_import(
                step=step, upload=io.BytesIO(sheet), filename="r.xlsx", acting_user=admin
            )
    assert diff(before, counts()) == {}
    if kind != StepKind.PLAN:
        with monkeypatch.context() as m:
            m.setattr(  # the bulk path's last write: counting the records into the tallies
                rollout_bulk,
                "_count_first_records",
                fail_at(1, rollout_bulk._count_first_records, RuntimeError()),
            )
            with pytest.raises(RuntimeError):
                record_importers.records_import(
                    step=step, upload=io.BytesIO(sheet), filename="r.xlsx", acting_user=admin
                )
        assert diff(before, counts()) == {}
    n = record_importers.records_import(
        step=step, upload=io.BytesIO(sheet), filename="r.xlsx", acting_user=admin
    )
    assert n == 12
    after = counts()
    with pytest.raises(ImportFailed) as err:
        record_importers.records_import(
            step=step, upload=io.BytesIO(sheet), filename="r.xlsx", acting_user=admin
        )
    assert len(err.value.row_errors) == 12
    assert diff(after, counts()) == REFUSED_ONCE


def test_launch_failing_on_third_step_leaves_nothing(campaign, admin, monkeypatch):
    before = counts()
    kwargs = dict(
        document=campaign.document,
        owner_unit=campaign.tree.prov,
        title="Đợt hai",
        purpose=Purpose.STUDY,
        scope_kinds=["chi_bo"],
        starts_on=campaign.rollout.starts_on,
        steps=[{"kind": StepKind.PLAN, "due": campaign.rollout.starts_on}] * 5,
        acting_user=admin,
    )
    with monkeypatch.context() as m:
        m.setattr(rollout_periods, "tally_rebuild", fail_at(3, rollout_periods.tally_rebuild, RuntimeError()))
        with pytest.raises(RuntimeError):
            rollout_services.rollout_launch(**kwargs)
    assert diff(before, counts()) == {}
    assert Rollout.objects.count() == 1
    rollout_services.rollout_launch(**kwargs)
    assert Rollout.objects.count() == 2 and User.objects.filter(pk=admin.pk).exists()
