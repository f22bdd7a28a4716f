"""Issue 8 point 4: backup and restore.

Seed 10,000 step records (bulk) and attachments, back up, wipe (flush + delete the media),
restore, compare every table's rows and every file's checksum: identical. On SQLite and on
PostgreSQL (run with DATABASE_URL=postgres://…; skipped without pg_dump). Then the
refusals: another schema version, a changed byte, path traversal, absolute names,
links, extra or missing members — each refused before anything is written.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
import random
import shutil
import tarfile
import time
from pathlib import Path

import pytest
from django.apps import apps
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import connection

from trienkhai.core.backup import BackupError, archive_verify, backup_restore, schema_version
from trienkhai.core.scoping import SYSTEM
from trienkhai.orgs.choices import UnitKind
from trienkhai.orgs.models import Unit
from trienkhai.orgs.services import unit_create
from trienkhai.rollout.choices import Channel
from trienkhai.rollout.models import RecordAttachment, StepRecord
from trienkhai.rollout.services import tally_rebuild
from trienkhai.textmine.normalize import fold

from .conftest import build_campaign

RECORDS = 10_000
FIGURES = Path(os.environ.get("RELIABILITY_FIGURES", "/tmp/trienkhai-reliability-figures.jsonl"))


def needs_pg_tools():
    if connection.vendor == "postgresql" and not (shutil.which("pg_dump") and shutil.which("pg_restore")):
        pytest.skip("pg_dump/pg_restore not on PATH")


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MEDIA_ROOT.mkdir()
    return settings.MEDIA_ROOT


def seed(tree, cells: int, files: int) -> None:
    """``cells`` chi bộ (bulk) under the ward, a 5-step rollout, a record for every (cell, step)."""
    campaign = build_campaign(tree)  # 24 cells, one rollout of 3 steps, via the services
    ward = Unit.objects.get(pk=tree.ward.pk)
    start = ward.numchild + 1
    new = []
    for i in range(start, start + cells):
        name = f"Chi bộ khu dân cư {i}"
        new.append(
            Unit(
                path=Unit._get_path(ward.path, ward.depth + 1, i),
                depth=ward.depth + 1,
                numchild=0,
                name=name,
                name_folded=fold(name),
                kind=UnitKind.PARTY_CELL,
            )
        )
    Unit.objects.bulk_create(new, batch_size=2000)
    Unit.objects.filter(pk=ward.pk).update(numchild=start - 1 + cells)
    units = list(Unit.objects.filter(kind=UnitKind.PARTY_CELL).order_by("pk"))
    steps = list(campaign.rollout.steps.order_by("order"))
    rng = random.Random(8)
    records = []
    for step in steps:
        for u in units:
            if len(records) >= RECORDS:
                break
            records.append(
                StepRecord(
                    step=step,
                    unit=u,
                    done_on=dt.date(2022, 1, 10) + dt.timedelta(days=rng.randint(0, 300)),
                    note=f"Ghi chú {u.pk}/{step.pk} – đã hoàn thành",
                    form="truc_tiep" if step.kind == "hoi_nghi" else "",
                    members_present=rng.randint(5, 20) if step.kind == "hoi_nghi" else None,
                    members_on_roll=25 if step.kind == "hoi_nghi" else None,
                    channels=[Channel.ZALO, Channel.PRINT] if step.kind == "tuyen_truyen" else [],
                    reach=rng.randint(0, 900),
                    outcome="Tốt",
                )
            )
    StepRecord.objects.bulk_create(records, batch_size=2000)
    assert StepRecord.objects.count() == RECORDS, StepRecord.objects.count()
    for step in steps:
        tally_rebuild(step=step)
    some = list(StepRecord.objects.order_by("pk")[:files])
    for i, rec in enumerate(some):
        data = rng.randbytes(rng.randint(1, 200_000)) if i else b""
        sha = hashlib.sha256(data).hexdigest()
        name = default_storage.save(f"records/{rec.step_id}/{i:03d}-biên bản.pdf", ContentFile(data))
        RecordAttachment.objects.create(
            record=rec,
            file=name,
            original_name=f"biên bản {i}.pdf",
            content_type="application/pdf",
            extension=".pdf",
            size=len(data),
            sha256=sha,
        )


def table_contents() -> dict[str, list[tuple]]:
    out = {}
    for model in apps.get_models(include_auto_created=True):
        qs = model._base_manager.order_by("pk")
        out[model._meta.label] = list(qs.values_list())
    return out


def file_sums(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def record_figure(**fields) -> None:
    with FIGURES.open("a") as fh:
        fh.write(json.dumps({"point": 4, "engine": connection.vendor, **fields}) + "\n")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_backup_wipe_restore_is_identical(tree, media, tmp_path, capsys):
    needs_pg_tools()
    seed(tree, cells=3400, files=40)
    before, before_files = table_contents(), file_sums(media)
    assert len(before["rollout.StepRecord"]) == RECORDS and len(before_files) == 40

    archive = tmp_path / "b.tar"
    t0 = time.perf_counter()
    call_command("backup", output=str(archive))
    backup_s = time.perf_counter() - t0
    assert "Đã sao lưu" in capsys.readouterr().out
    manifest = archive_verify(archive)
    assert manifest["engine"] == connection.vendor and manifest["schema"] == schema_version()
    assert manifest["schema"]["rollout"] and dt.datetime.fromisoformat(manifest["created"])
    assert len(manifest["files"]) == 41 and all(len(f["sha256"]) == 64 for f in manifest["files"].values())

    call_command("flush", interactive=False, verbosity=0)
    shutil.rmtree(media)
    assert table_contents() != before and not media.exists()

    t0 = time.perf_counter()
    call_command("restore", str(archive), interactive=False)
    restore_s = time.perf_counter() - t0
    after = table_contents()
    assert after.keys() == before.keys()
    for label in before:
        assert after[label] == before[label], label
    assert file_sums(media) == before_files
    # The restored system works: the next unit gets a fresh id, the tallies are right.
    unit_create(
        parent=Unit.objects.get(pk=tree.ward.pk),
        name="Chi bộ sau khôi phục",
        kind=UnitKind.PARTY_CELL,
        acting_user=SYSTEM,
    )
    record_figure(
        records=RECORDS,
        files=40,
        archive_bytes=archive.stat().st_size,
        backup_seconds=round(backup_s, 2),
        restore_seconds=round(restore_s, 2),
    )


# --- refusals ----------------------------------------------------------------------------------


@pytest.fixture
def small_backup(tree, media, tmp_path):
    needs_pg_tools()
    (media / "documents").mkdir()
    (media / "documents" / "a.pdf").write_bytes(b"%PDF-1.4 hello")
    (media / "b.txt").write_bytes(b"b")
    archive = tmp_path / "small.tar"
    call_command("backup", output=str(archive), stdout=io.StringIO())
    # Changes after the backup: a refused restore must leave them in place.
    unit_create(parent=tree.ward, name="Chi bộ sau sao lưu", kind=UnitKind.PARTY_CELL, acting_user=SYSTEM)
    (media / "c.txt").write_bytes(b"written after the backup")
    return archive


def rewrite(src: Path, dst: Path, *, manifest=None, members=None, extra=()) -> Path:
    """Copy an archive, changing the manifest, member bytes, or adding raw TarInfo members."""
    with tarfile.open(src) as tin, tarfile.open(dst, "w", format=tarfile.PAX_FORMAT) as tout:
        data = json.loads(tin.extractfile("manifest.json").read())
        if manifest:
            manifest(data)
        raw = json.dumps(data).encode()
        info = tarfile.TarInfo("manifest.json")
        info.size = len(raw)
        tout.addfile(info, io.BytesIO(raw))
        for m in tin.getmembers():
            if m.name == "manifest.json":
                continue
            body = tin.extractfile(m).read()
            if members and m.name in members:
                body = members[m.name](body)
                m.size = len(body)
            tout.addfile(m, io.BytesIO(body))
        for info, body in extra:
            tout.addfile(info, io.BytesIO(body) if body is not None else None)
    return dst


def assert_untouched(media: Path, tmp_path: Path) -> None:
    assert Unit.objects.filter(name="Chi bộ sau sao lưu").exists()
    assert (media / "c.txt").read_bytes() == b"written after the backup"
    assert not list(media.parent.glob(".media.restore-*"))
    assert not (tmp_path / "evil.txt").exists() and not Path("/tmp/trienkhai-evil.txt").exists()


def entry(name: str, body: bytes | None = b"x", kind=tarfile.REGTYPE, link: str = ""):
    info = tarfile.TarInfo(name)
    info.type = kind
    info.linkname = link
    info.size = len(body) if body is not None and kind == tarfile.REGTYPE else 0
    return info, body if kind == tarfile.REGTYPE else None


def listed(name: str, body: bytes = b"x"):
    """Put ``name`` in the manifest with the right checksum, so only the name check can catch it."""

    def change(m):
        m["files"][name] = {"sha256": hashlib.sha256(body).hexdigest(), "size": len(body)}

    return change


CASES = {
    "schema version": (
        dict(manifest=lambda m: m["schema"].update(rollout="9999_tuong_lai")),
        "phiên bản phần mềm mới hơn",
    ),
    "missing app in schema": (
        dict(manifest=lambda m: m["schema"].pop("orgs")),
        "phiên bản cấu trúc khác với bản sao lưu",
    ),
    "other engine": (
        dict(manifest=lambda m: m.update(engine="postgresql" if connection.vendor == "sqlite" else "sqlite")),
        None,
    ),
    "changed byte": (dict(members={"media/b.txt": lambda b: b"c"}), "mã kiểm tra"),
    "changed database": (
        dict(
            members={
                "database/db.sqlite3": lambda b: b[:-1] + b"\x01",
                "database/db.dump": lambda b: b[:-1] + b"\x01",
            }
        ),
        "mã kiểm tra",
    ),
    "traversal": (dict(manifest=listed("../evil.txt"), extra=[entry("../evil.txt")]), "không an toàn"),
    "nested traversal": (
        dict(manifest=listed("media/../../evil.txt"), extra=[entry("media/../../evil.txt")]),
        "không an toàn",
    ),
    "absolute": (
        dict(manifest=listed("/tmp/trienkhai-evil.txt"), extra=[entry("/tmp/trienkhai-evil.txt")]),
        "không an toàn",
    ),
    "symlink": (
        dict(
            manifest=listed("media/link"), extra=[entry("media/link", None, tarfile.SYMTYPE, "/etc/passwd")]
        ),
        "không phải tệp thường",
    ),
    "not in manifest": (dict(extra=[entry("media/unlisted.txt")]), "không có trong manifest"),
    "missing member": (dict(manifest=listed("media/gone.txt")), "thiếu tệp"),
    "broken manifest": (dict(manifest=lambda m: m.pop("files")), "manifest.json"),
}


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("case", list(CASES))
def test_bad_archive_is_refused_before_anything_is_written(case, small_backup, media, tmp_path):
    kwargs, message = CASES[case]
    bad = rewrite(small_backup, tmp_path / "bad.tar", **kwargs)
    with pytest.raises(BackupError) as err:
        backup_restore(bad)
    if message:
        assert message in str(err.value)
    assert_untouched(media, tmp_path)
    # The command says the same, as a CommandError, and writes nothing either.
    from django.core.management import CommandError

    with pytest.raises(CommandError):
        call_command("restore", str(bad), interactive=False)
    assert_untouched(media, tmp_path)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_not_a_tar_is_refused(small_backup, media, tmp_path):
    junk = tmp_path / "junk.tar"
    junk.write_bytes(b"\x00garbage" * 100)
    with pytest.raises(BackupError, match="không phải bản sao lưu hợp lệ|bị hỏng|thiếu manifest"):
        backup_restore(junk)
    truncated = tmp_path / "cut.tar"
    truncated.write_bytes(small_backup.read_bytes()[:3000])
    with pytest.raises(BackupError):
        backup_restore(truncated)
    assert_untouched(media, tmp_path)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_small_backup_round_trip(small_backup, media):
    backup_restore(small_backup)
    assert not Unit.objects.filter(name="Chi bộ sau sao lưu").exists()
    assert file_sums(media) == {
        "b.txt": hashlib.sha256(b"b").hexdigest(),
        "documents/a.pdf": hashlib.sha256(b"%PDF-1.4 hello").hexdigest(),
    }
