"""The base of every attachment: a checked upload becomes a row, its bytes a file named by hash."""

from __future__ import annotations

import hashlib
import io

import pytest

from trienkhai.core.files import check_upload
from trienkhai.core.models import discard_files
from trienkhai.documents.models import Attachment
from trienkhai.emulation.models import PracticeAttachment
from trienkhai.proposals.models import ProposalAttachment
from trienkhai.rollout.models import RecordAttachment, StepRecord

PDF = b"%PDF-1.4\n% bao cao\n"


@pytest.mark.parametrize(
    "model,owner,folder",
    [
        (Attachment, {"document_id": 7}, "documents/7"),
        (ProposalAttachment, {"proposal_id": 7}, "proposals/7"),
        (PracticeAttachment, {"practice_id": 7}, "practices/7"),
        (RecordAttachment, {"record": StepRecord(step_id=7)}, "records/7"),  # by step, not by record
    ],
)
def test_a_checked_upload_becomes_an_unsaved_row_and_a_stored_file(settings, tmp_path, model, owner, folder):
    """GIVEN a PDF that passed check_upload
    WHEN an attachment model builds its row from it
    THEN the row records name, type, extension, size and hash and is not saved yet,
    and the bytes lie under the app's own folder, named by their hash."""
    settings.MEDIA_ROOT = tmp_path
    checked = check_upload(io.BytesIO(PDF), "Báo cáo.PDF", (".pdf",))

    att = model.from_checked(checked, **owner)

    digest = hashlib.sha256(PDF).hexdigest()
    assert att.pk is None
    assert (att.original_name, att.content_type, att.extension, att.size, att.sha256) == (
        "Báo cáo.PDF",
        "application/pdf",
        ".pdf",
        len(PDF),
        digest,
    )
    assert str(att) == "Báo cáo.PDF"
    assert att.file.name == f"{folder}/{digest[:16]}.pdf"
    assert (tmp_path / att.file.name).read_bytes() == PDF


def test_discard_files_removes_the_bytes_of_rows_that_did_not_commit(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    checked = check_upload(io.BytesIO(PDF), "a.pdf", (".pdf",))
    stored = [
        Attachment.from_checked(checked, document_id=1),
        Attachment.from_checked(checked, document_id=2),
    ]

    discard_files(stored)

    assert not list(tmp_path.rglob("*.pdf"))
