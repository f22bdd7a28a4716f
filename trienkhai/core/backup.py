"""Back up and restore the whole system: the database and the attachments, in one .tar.

The archive holds ``manifest.json`` (format, engine, creation time, the schema version =
the latest applied migration of every app, and a sha256 and size for every other member),
``database/db.sqlite3`` (SQLite, made with the online backup API) or ``database/db.dump``
(PostgreSQL, ``pg_dump -Fc``), and ``media/<path>`` for every file under MEDIA_ROOT.

A restore checks everything before it writes anything: member names (no absolute paths,
no ``..``, only regular files, nothing outside the manifest), every checksum, the engine
and the schema version. Then it replaces the database (SQLite: the backup API again;
PostgreSQL: ``pg_restore --clean --if-exists --single-transaction``) and swaps MEDIA_ROOT.
Onto an empty database (never migrated) any schema this version knows is accepted, and the
migrations newer than the archive run afterwards; an archive from a newer version is refused.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import IO, Any, cast

from django.conf import settings
from django.db import connections
from django.utils import timezone

FORMAT = 1
MANIFEST = "manifest.json"
SQLITE_MEMBER = "database/db.sqlite3"
PG_MEMBER = "database/db.dump"
CHUNK = 1024 * 1024


class BackupError(Exception):
    """The backup or restore cannot go on (message in Vietnamese, for the operator)."""


@dataclass
class BackupResult:
    path: Path
    size: int
    files: int
    seconds: float
    manifest: dict[str, Any]


def _engine(alias: str = "default") -> str:
    vendor = connections[alias].vendor
    if vendor not in ("sqlite", "postgresql"):
        raise BackupError(f"Chưa hỗ trợ sao lưu cơ sở dữ liệu loại “{vendor}”.")
    return vendor


def schema_version(alias: str = "default") -> dict[str, str]:
    """The latest applied migration of every app (by name: migrations are numbered)."""
    from django.db.migrations.recorder import MigrationRecorder

    latest: dict[str, str] = {}
    for app, name in MigrationRecorder(connections[alias]).applied_migrations():
        if name > latest.get(app, ""):
            latest[app] = name
    return dict(sorted(latest.items()))


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        while block := fh.read(CHUNK):
            h.update(block)
    return h.hexdigest()


def _pg_args(alias: str) -> tuple[list[str], dict[str, str]]:
    s = connections[alias].settings_dict
    args = ["-d", s["NAME"]]
    if s.get("HOST"):
        args += ["-h", str(s["HOST"])]
    if s.get("PORT"):
        args += ["-p", str(s["PORT"])]
    if s.get("USER"):
        args += ["-U", str(s["USER"])]
    env = dict(os.environ)
    if s.get("PASSWORD"):
        env["PGPASSWORD"] = str(s["PASSWORD"])
    return args, env


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(f"Không tìm thấy lệnh “{name}” trên PATH: hãy cài gói postgresql-client.")
    return path


def _dump_database(alias: str, engine: str, target: Path) -> None:
    if engine == "sqlite":
        conn = connections[alias]
        conn.ensure_connection()
        dst = sqlite3.connect(target)
        try:
            conn.connection.backup(dst)  # a consistent copy, even while others write
        finally:
            dst.close()
        return
    args, env = _pg_args(alias)
    out = subprocess.run(
        [_tool("pg_dump"), "-Fc", "--no-owner", "--no-privileges", "-f", str(target), *args],
        env=env,
        capture_output=True,
        text=True,
    )
    if out.returncode != 0:
        raise BackupError(f"pg_dump thất bại: {out.stderr.strip()[:500]}")


def _media_files(media_root: Path) -> list[tuple[str, Path]]:
    if not media_root.exists():
        return []
    files = []
    for dirpath, _dirs, names in os.walk(media_root):
        for name in names:
            p = Path(dirpath) / name
            if p.is_symlink() or not p.is_file():
                continue
            files.append(("media/" + p.relative_to(media_root).as_posix(), p))
    return sorted(files)


def backup_create(output: Path | None = None, *, alias: str = "default") -> BackupResult:
    """Write a backup archive; returns where, how big, how long."""
    started = time.perf_counter()
    engine = _engine(alias)
    if output is None:
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
        output = Path(settings.VAR_DIR) / "backups" / f"trienkhai-{stamp}.tar"
    output = Path(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    media_root = Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory(prefix="trienkhai-backup-", dir=output.parent) as tmp:
        db_member = SQLITE_MEMBER if engine == "sqlite" else PG_MEMBER
        db_file = Path(tmp) / Path(db_member).name
        _dump_database(alias, engine, db_file)
        members = [(db_member, db_file), *_media_files(media_root)]
        manifest = {
            "format": FORMAT,
            "app": "trienkhai",
            "engine": engine,
            "created": timezone.now().isoformat(),
            "schema": schema_version(alias),
            "files": {name: {"sha256": _sha256(p), "size": p.stat().st_size} for name, p in members},
        }
        partial = output.with_name(output.name + ".partial")
        with tarfile.open(partial, "w", format=tarfile.PAX_FORMAT) as tar:
            data = json.dumps(manifest, ensure_ascii=False, indent=2).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size, info.mtime, info.mode = len(data), int(time.time()), 0o600
            tar.addfile(info, io.BytesIO(data))
            for name, p in members:
                info = tarfile.TarInfo(name)
                info.size, info.mtime, info.mode = p.stat().st_size, int(p.stat().st_mtime), 0o600
                with p.open("rb") as fh:
                    tar.addfile(info, fh)
        os.replace(partial, output)
    return BackupResult(
        path=output,
        size=output.stat().st_size,
        files=len(members) - 1,
        seconds=time.perf_counter() - started,
        manifest=manifest,
    )


# --- restore --------------------------------------------------------------------------------------


def _safe_name(name: str) -> bool:
    if not name or "\\" in name or "\x00" in name or name.startswith("/") or ":" in name.split("/")[0]:
        return False
    parts = PurePosixPath(name).parts
    return all(p not in ("", ".", "..") for p in parts) and not PurePosixPath(name).is_absolute()


def _ends_properly(path: Path, offset: int) -> bool:
    """A .tar ends with two zero blocks after the last member; a cut-off copy does not."""
    with path.open("rb") as fh:
        fh.seek(offset)
        tail = fh.read(1024)
    return len(tail) == 1024 and not tail.strip(b"\x00")


def archive_verify(path: Path) -> dict[str, Any]:
    """Read the whole archive and check it; returns the manifest. Writes nothing."""
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"Không tìm thấy tệp sao lưu “{path}”.")
    try:
        tar = tarfile.open(path, "r:")
    except (tarfile.TarError, OSError) as exc:
        raise BackupError(
            f"Tệp “{path.name}” không phải bản sao lưu hợp lệ (không đọc được .tar: {exc})."
        ) from None
    with tar:
        try:
            members = tar.getmembers()
        except (tarfile.TarError, OSError, EOFError) as exc:
            raise BackupError(f"Bản sao lưu “{path.name}” bị hỏng ({exc}).") from None
        if not _ends_properly(path, tar.offset):
            # tarfile stops quietly at a header cut in half: without this, a truncated archive
            # would be reported as one that lacks its last files.
            raise BackupError(
                f"Bản sao lưu “{path.name}” bị hỏng: tệp bị cắt cụt (thiếu phần kết thúc của .tar) — "
                "hãy chép lại bản sao lưu từ nơi lưu trữ."
            )
        names = [m.name for m in members]
        for m in members:
            if not _safe_name(m.name):
                raise BackupError(
                    f"Bản sao lưu bị từ chối: tên tệp không an toàn “{m.name[:200]}” (đường dẫn tuyệt đối hoặc “..”)."
                )
            if not m.isfile():
                raise BackupError(
                    f"Bản sao lưu bị từ chối: “{m.name[:200]}” không phải tệp thường (liên kết, thiết bị…)."
                )
        if len(set(names)) != len(names):
            raise BackupError("Bản sao lưu bị từ chối: có tệp trùng tên.")
        if MANIFEST not in names:
            raise BackupError("Bản sao lưu thiếu manifest.json.")
        try:
            manifest = json.loads(cast(IO[bytes], tar.extractfile(MANIFEST)).read(10 * CHUNK))
            files = manifest["files"]
            assert isinstance(files, dict) and manifest["format"] == FORMAT
            assert isinstance(manifest["schema"], dict) and manifest["engine"] in ("sqlite", "postgresql")
        except Exception:
            raise BackupError("manifest.json của bản sao lưu bị hỏng hoặc không đúng định dạng.") from None
        expected = set(files)
        present = set(names) - {MANIFEST}
        if present - expected:
            extra = sorted(present - expected)[0]
            raise BackupError(f"Bản sao lưu bị từ chối: tệp “{extra[:200]}” không có trong manifest.")
        if expected - present:
            missing = sorted(expected - present)[0]
            raise BackupError(f"Bản sao lưu thiếu tệp “{missing[:200]}”.")
        db_member = SQLITE_MEMBER if manifest["engine"] == "sqlite" else PG_MEMBER
        if db_member not in present:
            raise BackupError("Bản sao lưu không có dữ liệu cơ sở dữ liệu.")
        for m in members:
            if m.name == MANIFEST:
                continue
            if not m.name.startswith(("database/", "media/")):
                raise BackupError(f"Bản sao lưu bị từ chối: tệp lạ “{m.name[:200]}”.")
            h = hashlib.sha256()
            try:
                fh = cast(IO[bytes], tar.extractfile(m))
                while block := fh.read(CHUNK):
                    h.update(block)
            except (tarfile.TarError, OSError, EOFError) as exc:
                raise BackupError(
                    f"Bản sao lưu “{path.name}” bị hỏng ở tệp “{m.name[:200]}” ({exc})."
                ) from None
            if h.hexdigest() != files[m.name].get("sha256") or m.size != files[m.name].get("size"):
                raise BackupError(
                    f"Bản sao lưu bị hỏng hoặc bị sửa: mã kiểm tra của “{m.name[:200]}” không khớp."
                )
    return manifest  # type: ignore[no-any-return]  # checked above to be a JSON object


def code_schema() -> dict[str, set[str]]:
    """Every migration this version of the software has on disk, by app."""
    from django.db.migrations.loader import MigrationLoader

    out: dict[str, set[str]] = {}
    for app, name in MigrationLoader(None, ignore_no_migrations=True).disk_migrations:
        out.setdefault(app, set()).add(name)
    return out


def _unknown_migrations(schema: dict[str, str]) -> list[str]:
    """The backup's migrations this version does not have: it was made by a newer version."""
    disk = code_schema()
    return sorted(f"{app}.{name}" for app, name in schema.items() if name not in disk.get(app, ()))


def _check_compatible(manifest: dict[str, Any], alias: str) -> bool:
    """Refuse what cannot be restored here; True when the database is empty (never migrated)."""
    engine = _engine(alias)
    if manifest["engine"] != engine:
        raise BackupError(
            f"Bản sao lưu được tạo từ cơ sở dữ liệu {manifest['engine']}, hệ thống đang dùng {engine}: "
            "không khôi phục được."
        )
    unknown = _unknown_migrations(manifest["schema"])
    if unknown:
        raise BackupError(
            "Bản sao lưu được tạo bởi phiên bản phần mềm mới hơn phiên bản đang cài "
            f"(có {len(unknown)} migration mà phiên bản này không có, ví dụ {', '.join(unknown[:3])}). "
            "Hãy cài phiên bản đã tạo bản sao lưu hoặc mới hơn, rồi khôi phục lại."
        )
    current = schema_version(alias)
    if not current:
        # A freshly created database (or a missing SQLite file): the archive brings its own
        # schema; migrations newer than the archive are applied after the restore.
        return True
    if manifest["schema"] != current:
        apps = sorted(
            a for a in set(current) | set(manifest["schema"]) if current.get(a) != manifest["schema"].get(a)
        )
        detail = "; ".join(
            f"{a}: bản sao lưu {manifest['schema'].get(a, '—')}, cơ sở dữ liệu {current.get(a, '—')}"
            for a in apps[:5]
        )
        raise BackupError(
            "Cơ sở dữ liệu hiện tại ở phiên bản cấu trúc khác với bản sao lưu "
            f"({detail}). Hãy khôi phục vào một cơ sở dữ liệu trống: {_empty_database_hint(alias)} "
            "rồi chạy lại “trienkhai restore”; các migration mới hơn bản sao lưu sẽ được áp dụng sau khi khôi phục."
        )
    return False


def _empty_database_hint(alias: str) -> str:
    conn = connections[alias]
    if conn.vendor == "sqlite":
        return f"dừng hệ thống, chuyển tệp “{conn.settings_dict['NAME']}” sang chỗ khác,"
    name = conn.settings_dict["NAME"]
    return f"tạo cơ sở dữ liệu mới (ví dụ “createdb {name}_moi”), đặt DATABASE_URL trỏ tới nó,"


def _restore_database(alias: str, engine: str, source: Path) -> None:
    conn = connections[alias]
    if engine == "sqlite":
        conn.ensure_connection()
        if conn.in_atomic_block:
            raise BackupError("Không khôi phục được khi đang trong một giao dịch cơ sở dữ liệu.")
        src = sqlite3.connect(source)
        try:
            src.backup(conn.connection)  # replaces every page of the live database
        finally:
            src.close()
        return
    connections.close_all()
    args, env = _pg_args(alias)
    out = subprocess.run(
        [
            _tool("pg_restore"),
            "--clean",
            "--if-exists",
            "--single-transaction",
            "--no-owner",
            "--no-privileges",
            *args,
            str(source),
        ],
        env=env,
        capture_output=True,
        text=True,
    )
    if out.returncode != 0:
        raise BackupError(f"pg_restore thất bại (cơ sở dữ liệu giữ nguyên): {out.stderr.strip()[:800]}")


def backup_restore(path: Path, *, alias: str = "default") -> dict[str, Any]:
    """Check the archive, then replace the database and MEDIA_ROOT with its content."""
    path = Path(path)
    manifest = archive_verify(path)
    sqlite_file = _sqlite_file(alias)
    existed = sqlite_file is None or sqlite_file.exists()
    try:
        empty = _check_compatible(manifest, alias)
        manifest = _restore(path, manifest, alias)
    except BaseException:
        if not existed:
            _remove_new_sqlite(alias, sqlite_file)
        raise
    if empty:
        from django.core.management import call_command

        # Migrations of this version newer than the archive's schema (none when they match).
        call_command("migrate", database=alias, interactive=False, verbosity=0)
    return manifest


def _sqlite_file(alias: str) -> Path | None:
    conn = connections[alias]
    if conn.vendor != "sqlite":
        return None
    name = str(conn.settings_dict["NAME"])
    if name == ":memory:" or name.startswith("file:"):
        return None
    return Path(name)


def _remove_new_sqlite(alias: str, path: Path | None) -> None:
    """A refused restore onto a missing SQLite file leaves no empty database behind."""
    if path is None:
        return
    connections[alias].close()
    for p in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        p.unlink(missing_ok=True)


def _restore(path: Path, manifest: dict[str, Any], alias: str) -> dict[str, Any]:
    media_root = Path(settings.MEDIA_ROOT)
    media_root.parent.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now().strftime("%Y%m%d%H%M%S%f")
    with tempfile.TemporaryDirectory(prefix="trienkhai-restore-") as tmp:
        db_member = SQLITE_MEMBER if manifest["engine"] == "sqlite" else PG_MEMBER
        db_file = Path(tmp) / "db"
        new_media = media_root.parent / f".{media_root.name}.restore-{stamp}"
        new_media.mkdir()
        try:
            with tarfile.open(path, "r:") as tar:
                for m in tar.getmembers():
                    if m.name == MANIFEST:
                        continue
                    # Names were checked; the target is built here, never taken from the archive.
                    if m.name == db_member:
                        target = db_file
                    else:
                        rel = PurePosixPath(m.name).relative_to("media")
                        target = new_media.joinpath(*rel.parts)
                        target.parent.mkdir(parents=True, exist_ok=True)
                    with cast(IO[bytes], tar.extractfile(m)) as src, target.open("wb") as dst:
                        shutil.copyfileobj(src, dst, CHUNK)
                    if _sha256(target) != manifest["files"][m.name]["sha256"]:
                        raise BackupError(f"Tệp “{m.name}” thay đổi trong lúc khôi phục.")
            _restore_database(alias, manifest["engine"], db_file)
        except BaseException:
            shutil.rmtree(new_media, ignore_errors=True)
            raise
    old_media = media_root.parent / f".{media_root.name}.old-{stamp}"
    if media_root.exists():
        os.replace(media_root, old_media)
    os.replace(new_media, media_root)
    shutil.rmtree(old_media, ignore_errors=True)
    from django.contrib.contenttypes.models import ContentType

    ContentType.objects.clear_cache()  # ids may differ from those cached before the restore
    return manifest
