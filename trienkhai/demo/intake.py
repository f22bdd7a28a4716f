"""The seed article itself, imported as a draft under Thành ủy Phổ Yên: open it on the
import screen to see every finding matched against the demo's records.

The text is read at load time from ``../shared/seeds/`` next to the project (it belongs to
its publisher and is never copied into the project); without it the section is skipped.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from django.conf import settings

from trienkhai.core.scoping import SYSTEM
from trienkhai.intake.models import ImportedReport
from trienkhai.intake.services import imported_report_create

SEED_NAME = "000_36899e6d4121a738.txt"
TITLE = "Bài báo: Ban Tuyên giáo Trung ương làm việc với Thành ủy Phổ Yên (11/8/2022)"


def seed_path() -> Path:
    return Path(settings.BASE_DIR).parent / "shared" / "seeds" / SEED_NAME


def load(context: dict) -> None:
    path = seed_path()
    if not path.is_file():
        return
    data = path.read_bytes()
    unit = context["units"]["TU-PY"]
    if ImportedReport.objects.filter(unit=unit, sha256=hashlib.sha256(data).hexdigest()).exists():
        return
    imported_report_create(unit=unit, title=TITLE, data=data, file_name=SEED_NAME, acting_user=SYSTEM)
