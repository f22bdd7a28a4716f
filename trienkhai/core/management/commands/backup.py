"""`trienkhai backup [--output FILE]`: the database and the attachments in one .tar."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from trienkhai.core.backup import BackupError, backup_create


class Command(BaseCommand):
    help = "Sao lưu cơ sở dữ liệu và tệp đính kèm vào một tệp .tar (có manifest.json và mã kiểm tra)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--output", "-o", help="tệp .tar sẽ ghi (mặc định var/backups/trienkhai-<thời điểm>.tar)"
        )

    def handle(self, *args: Any, output: str | None = None, **options: Any) -> None:
        try:
            result = backup_create(Path(output) if output else None)
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(
            f"Đã sao lưu vào {result.path} ({result.size / 1048576:.1f} MB, {result.files} tệp đính kèm, "
            f"{result.seconds:.1f} giây)."
        )
