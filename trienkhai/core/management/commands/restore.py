"""`trienkhai restore FILE`: replace the database and the attachments with a backup."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from trienkhai.core.backup import BackupError, archive_verify, backup_restore


class Command(BaseCommand):
    help = (
        "Khôi phục từ một bản sao lưu: kiểm tra toàn bộ tệp trước, rồi thay cơ sở dữ liệu và tệp đính kèm. "
        "Dừng máy chủ web và tiến trình nền trước khi khôi phục."
    )
    # The system checks open the database (a model check asks SQLite about JSON), which would
    # create an empty SQLite file before the restore can decide it is refused.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="tệp .tar do lệnh backup tạo")
        parser.add_argument(
            "--noinput", "--no-input", action="store_false", dest="interactive", help="không hỏi xác nhận"
        )
        parser.add_argument("--check", action="store_true", help="chỉ kiểm tra tệp, không khôi phục")

    def handle(
        self, *args: Any, file: str, interactive: bool = True, check: bool = False, **options: Any
    ) -> None:
        try:
            manifest = archive_verify(Path(file))
            if check:
                self.stdout.write(f"Bản sao lưu hợp lệ: {manifest['engine']}, tạo lúc {manifest['created']}.")
                return
            if interactive:
                answer = input("Toàn bộ dữ liệu hiện tại sẽ bị thay bằng bản sao lưu. Gõ “yes” để tiếp tục: ")
                if answer.strip().lower() != "yes":
                    raise CommandError("Đã hủy khôi phục.")
            manifest = backup_restore(Path(file))
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(
            f"Đã khôi phục bản sao lưu tạo lúc {manifest['created']} ({len(manifest['files']) - 1} tệp đính kèm)."
        )
