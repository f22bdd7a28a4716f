"""Issue 13, point 1: a unit's record (and its correction) carries one or more photos.

The files are real JPEGs written to disk by Pillow and posted as a browser posts them:
several parts under the one name ``files`` of a multipart body.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from django.urls import reverse
from PIL import Image

from trienkhai.rollout.choices import StepKind
from trienkhai.rollout.models import RecordAttachment, StepRecord


def jpeg(path: Path, size: tuple[int, int]) -> Path:
    """A photo-like JPEG (noise compresses badly, so its size follows its pixels)."""
    rng = random.Random(size[0])
    img = Image.new("RGB", size)
    img.putdata(
        [(rng.randrange(256), rng.randrange(256), rng.randrange(256)) for _ in range(size[0] * size[1])]
    )
    img.save(path, "JPEG", quality=85)
    return path


@pytest.fixture
def photos(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    small = jpeg(tmp_path / "hoi-nghi-1.jpg", (24, 24))
    large = jpeg(tmp_path / "hội nghị 2.jpg", (260, 260))
    assert 1_000 <= small.stat().st_size <= 300_000 and 1_000 <= large.stat().st_size <= 300_000
    return small, large


def _post(client, url, paths, **fields):
    handles = [p.open("rb") for p in paths]
    try:
        return client.post(url, {**fields, "files": handles})  # one part per file, same name
    finally:
        for h in handles:
            h.close()


def test_record_and_correction_with_two_photos(login, personas, rollout, cells, photos):
    """GIVEN the ward's editor on a chi bộ's conference
    WHEN they record it with two JPEGs, then correct the attendance with two more
    THEN both saves succeed, each version keeps its own two files, and the page links all four."""
    conf = rollout.steps.get(kind=StepKind.CONFERENCE)
    url = reverse("rollout:record", args=[conf.pk, cells[0].pk])
    c = login(personas.child)
    fields = {"done_on": "2022-02-20", "form": "truc_tiep", "members_present": "15"}

    r = _post(c, url, photos, **fields)
    assert r.status_code == 302, r.content.decode()[:2000]
    first = StepRecord.objects.get(step=conf, unit=cells[0], version=1)
    assert sorted(a.original_name for a in first.attachments.all()) == ["hoi-nghi-1.jpg", "hội nghị 2.jpg"]
    assert sorted(a.size for a in first.attachments.all()) == sorted(p.stat().st_size for p in photos)

    r = _post(c, url, photos, **{**fields, "members_present": "16", "expected_version": "1"})
    assert r.status_code == 302, r.content.decode()[:2000]
    second = StepRecord.objects.get(step=conf, unit=cells[0], version=2)
    assert second.members_present == 16 and second.attachments.count() == 2

    page = c.get(url).content.decode()
    for att in RecordAttachment.objects.all():
        assert reverse("rollout:attachment", args=[att.pk]) in page
    assert page.count('<img src="/rollouts/attachments/') == 4
    # The photo downloads as it was sent.
    att = first.attachments.get(original_name="hoi-nghi-1.jpg")
    r = c.get(reverse("rollout:attachment", args=[att.pk]))
    assert r.status_code == 200 and b"".join(r.streaming_content) == photos[0].read_bytes()


def test_one_photo_and_no_photo_still_record(login, personas, rollout, cells, photos):
    conf = rollout.steps.get(kind=StepKind.CONFERENCE)
    c = login(personas.child)
    fields = {"done_on": "2022-02-20", "form": "truc_tiep", "members_present": "15"}
    one = reverse("rollout:record", args=[conf.pk, cells[0].pk])
    assert _post(c, one, photos[:1], **fields).status_code == 302
    none = reverse("rollout:record", args=[conf.pk, cells[1].pk])
    assert c.post(none, fields).status_code == 302
    assert [r.attachments.count() for r in StepRecord.objects.order_by("unit_id")] == [1, 0]


def test_a_disguised_file_among_two_refuses_the_whole_record(
    login, personas, rollout, cells, photos, tmp_path
):
    fake = tmp_path / "anh.jpg"
    fake.write_bytes(b"this is not a jpeg at all" * 10)
    conf = rollout.steps.get(kind=StepKind.CONFERENCE)
    url = reverse("rollout:record", args=[conf.pk, cells[0].pk])
    fields = {"done_on": "2022-02-20", "form": "truc_tiep", "members_present": "15"}
    r = _post(login(personas.child), url, [photos[0], fake], **fields)
    assert r.status_code == 400 and "không đúng định dạng" in r.content.decode()
    assert not StepRecord.objects.exists() and not RecordAttachment.objects.exists()


@pytest.mark.parametrize("who,status", [("own", 200), ("parent", 200), ("sibling", 404), ("other", 404)])
def test_record_photo_download_is_scoped(login, personas, rollout, cells, photos, who, status):
    """The ward's photo: its city and the province see it; the sibling city and the other
    province get the same 404 as for a file that does not exist."""
    conf = rollout.steps.get(kind=StepKind.CONFERENCE)
    url = reverse("rollout:record", args=[conf.pk, cells[0].pk])
    fields = {"done_on": "2022-02-20", "form": "truc_tiep", "members_present": "15"}
    assert _post(login(personas.child), url, photos[:1], **fields).status_code == 302
    att = RecordAttachment.objects.get()
    c = login(getattr(personas, who))
    assert c.get(reverse("rollout:attachment", args=[att.pk])).status_code == status
    assert c.get(reverse("rollout:attachment", args=[att.pk + 1000])).status_code == 404
