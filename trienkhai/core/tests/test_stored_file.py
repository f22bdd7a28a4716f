"""The base of every attachment: a checked upload becomes a row, its bytes a file named by hash."""

from __future__ import annotations

import hashlib
import io

import pytest

from trienkhai.core.files import check_upload
from trienkhai.core.models import discard_files
from trienkhai.core.scoping import SYSTEM
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


@pytest.mark.django_db
def test_store_files_removes_what_it_wrote_when_a_later_file_fails(settings, tmp_path, monkeypatch, tree):
    """GIVEN three checked files for one attachment owner
    WHEN the second row fails to save
    THEN the error goes on and no bytes of the first two stay in storage."""
    from trienkhai.core.models import store_files
    from trienkhai.documents.services import document_register

    settings.MEDIA_ROOT = tmp_path
    doc = document_register(issuing_unit=tree.root, code="9-NQ/TW", title="Nghị quyết 9", acting_user=SYSTEM)
    files = [check_upload(io.BytesIO(PDF + bytes([i])), f"tep-{i}.pdf", (".pdf",)) for i in range(3)]
    saves = []
    real_save = Attachment.save

    def save(self, *args, **kwargs):
        saves.append(self.original_name)
        if len(saves) == 2:
            raise RuntimeError("disk full")
        return real_save(self, *args, **kwargs)

    monkeypatch.setattr(Attachment, "save", save)
    with pytest.raises(RuntimeError):
        store_files(Attachment, files, document=doc)
    assert saves == ["tep-0.pdf", "tep-1.pdf"]
    assert [p for p in tmp_path.rglob("*") if p.is_file()] == []
