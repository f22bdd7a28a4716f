"""Issue 16.4: disaster recovery onto an empty database, as an operator runs it.

GIVEN a system (its own var directory and database) with a unit and an attachment, backed up
by `trienkhai backup` while one app's newest migration was not yet applied (an archive made
by an older version of the software)
WHEN `trienkhai restore --noinput` runs on a new machine: a missing SQLite file, or a freshly
created PostgreSQL database
THEN the restore succeeds, the unit and the attachment are back, and every migration of the
installed version is applied afterwards (nothing left for `trienkhai migrate`);
AND an archive from a newer version (a migration this version lacks) and a damaged archive are
refused with their real reason, and the refused restore leaves no empty SQLite file behind.

Every step is a separate `trienkhai` process, with nothing shared with the test's database.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import tarfile
import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PG = "postgres://postgres@127.0.0.1:5432/"

CREATE = """
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from trienkhai.orgs.models import Unit
Unit.objects.add_root(instance=Unit(name="Đảng bộ khôi phục thử", kind="dang_bo_tinh"))
default_storage.save("documents/biên bản.pdf", ContentFile(b"%PDF-1.4 restore"))
"""

READ = """
from django.core.files.storage import default_storage
from trienkhai.orgs.models import Unit
print(Unit.objects.get(name="Đảng bộ khôi phục thử").kind)
print(default_storage.open("documents/biên bản.pdf").read().decode())
"""


def env_for(var: Path, database_url: str | None) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("PYTEST", "TRIENKHAI_", "DJANGO_", "DATABASE_URL"))
    }
    env.update(TRIENKHAI_VAR_DIR=str(var), TRIENKHAI_LOG_LEVEL="WARNING", TRIENKHAI_EMAIL_URL="console://")
    if database_url:
        env["DATABASE_URL"] = database_url
    return env


def trienkhai(env, *args, check=True):
    out = subprocess.run(  # noqa: S603
        [sys.executable, "-m", "trienkhai.cli", *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    if check:
        assert out.returncode == 0, (args, out.stdout[-2000:], out.stderr[-3000:])
    return out


def pg_available() -> bool:
    r = subprocess.run(
        ["psql", "-h", "127.0.0.1", "-U", "postgres", "-tAc", "select 1"], capture_output=True, text=True
    )
    return r.returncode == 0


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def engine(request):
    """A database factory for one engine, kept for the module: the PostgreSQL databases it
    creates are dropped once the engine's tests are done."""
    if request.param == "postgresql" and not pg_available():
        pytest.skip("PostgreSQL at 127.0.0.1:5432 not reachable")
    made: list[str] = []

    def database(var: Path) -> str | None:
        if request.param == "sqlite":
            return None  # the default: var/trienkhai.sqlite3, not created yet
        name = "trienkhai_restore_" + uuid.uuid4().hex[:10]
        subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", name], check=True)
        made.append(name)
        return PG + name

    database.kind = request.param
    yield database
    for name in made:
        subprocess.run(["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", name], check=False)


@pytest.fixture(scope="module")
def older_backup(engine, tmp_path_factory):
    """An archive whose schema lacks rollout's newest migration, as an older version makes.

    Made once per engine (four `trienkhai` processes and a whole migrate): the tests only read it,
    each restoring into a var directory and database of its own.
    """
    old_dir = tmp_path_factory.mktemp(f"old-{engine.kind}")
    old = env_for(old_dir / "old", engine(old_dir / "old"))
    trienkhai(old, "migrate", "-v0")
    latest = sorted(p.stem for p in (ROOT / "trienkhai/rollout/migrations").glob("0*.py"))
    trienkhai(old, "migrate", "rollout", latest[-2], "-v0")
    trienkhai(old, "shell", "-c", CREATE)
    archive = old_dir / "old.tar"
    trienkhai(old, "backup", "--output", str(archive))
    return archive, latest[-1]


def test_restore_onto_an_empty_database_migrates_after(engine, older_backup, tmp_path):
    archive, newest = older_backup
    var = tmp_path / "new"
    env = env_for(var, engine(var))
    if engine.kind == "sqlite":
        assert not (var / "trienkhai.sqlite3").exists()
    out = trienkhai(env, "restore", "--noinput", str(archive))
    assert "Đã khôi phục" in out.stdout
    kind, body = trienkhai(env, "shell", "-c", READ).stdout.splitlines()[-2:]
    assert (kind, body) == ("dang_bo_tinh", "%PDF-1.4 restore")
    plan = trienkhai(env, "showmigrations", "--plan").stdout
    assert f"[X]  rollout.{newest}" in plan
    assert "[ ]" not in plan


def rewrite_manifest(src: Path, dst: Path, change) -> Path:
    with tarfile.open(src) as tin, tarfile.open(dst, "w") as tout:
        for m in tin.getmembers():
            data = tin.extractfile(m).read()
            if m.name == "manifest.json":
                manifest = json.loads(data)
                change(manifest)
                data = json.dumps(manifest).encode()
                m.size = len(data)
            tout.addfile(m, io.BytesIO(data))
    return dst


def test_refused_restores_say_why_and_leave_no_empty_file(engine, older_backup, tmp_path):
    archive, _ = older_backup
    newer = rewrite_manifest(
        archive, tmp_path / "newer.tar", lambda m: m["schema"].update(rollout="9999_from_the_future")
    )
    raw = archive.read_bytes()
    with tarfile.open(archive) as t:
        last = t.getmembers()[-1]
    cut = tmp_path / "cut.tar"
    cut.write_bytes(raw[: last.offset + 200])  # half of the last member's header

    cases = [
        (newer, "phiên bản phần mềm mới hơn"),
        (cut, "bị cắt cụt"),
    ]
    for bad, reason in cases:
        var = tmp_path / ("var-" + bad.stem)
        env = env_for(var, engine(var))
        out = trienkhai(env, "restore", "--noinput", str(bad), check=False)
        assert out.returncode != 0
        assert reason in out.stderr, out.stderr[-2000:]
        assert "thiếu tệp" not in out.stderr
        if engine.kind == "sqlite":
            left = sorted(p.name for p in var.glob("trienkhai.sqlite3*"))
            assert left == [], left
        else:
            tables = subprocess.run(
                [
                    "psql",
                    env["DATABASE_URL"],
                    "-tAc",
                    "select count(*) from information_schema.tables where table_schema='public'",
                ],
                capture_output=True,
                text=True,
                check=True,
            ).stdout.strip()
            assert tables == "0"


def test_restore_over_a_database_of_another_schema_says_what_to_run(engine, older_backup, tmp_path):
    """A migrated database at another schema: refused, naming the empty-database procedure."""
    archive, _ = older_backup
    var = tmp_path / "current"
    env = env_for(var, engine(var))
    trienkhai(env, "migrate", "-v0")
    out = trienkhai(env, "restore", "--noinput", str(archive), check=False)
    assert out.returncode != 0
    assert "cơ sở dữ liệu trống" in out.stderr
    assert "trienkhai restore" in out.stderr
