"""Issue 13, point 1 in a real browser: a ward's editor records a chi bộ's conference with two
photos chosen from disk, then corrects it with the photos again, at a phone's and a desk's size;
the record's page then shows the photos (loaded, not broken images)."""

from __future__ import annotations

import datetime as dt
import random

import pytest
from django.utils import timezone
from PIL import Image
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from conftest import PASSWORD, make_user
from tests.browser.conftest import shot
from trienkhai.core.scoping import SYSTEM
from trienkhai.documents.services import document_register
from trienkhai.orgs.choices import UnitKind
from trienkhai.orgs.services import member_count_set
from trienkhai.rollout.choices import Purpose, StepKind
from trienkhai.rollout.models import StepRecord
from trienkhai.rollout.services import rollout_launch

pytestmark = pytest.mark.browser


def _jpeg(path, side):
    rng = random.Random(side)
    img = Image.new("RGB", (side, side))
    img.putdata([(rng.randrange(256), rng.randrange(256), rng.randrange(256)) for _ in range(side * side)])
    img.save(path, "JPEG", quality=85)
    assert 1_000 <= path.stat().st_size <= 300_000
    return path


@pytest.fixture
def ward_step(transactional_db, tree):
    """A city rollout with one conference step for every chi bộ; a ward editor "phuong"."""
    today = timezone.localdate()
    member_count_set(unit=tree.cell, as_of=today - dt.timedelta(days=30), members=20, acting_user=SYSTEM)
    doc = document_register(
        issuing_unit=tree.root,
        code="35-NQ/TW",
        title="Nghị quyết 35",
        issued_on=dt.date(2018, 10, 22),
        acting_user=SYSTEM,
    )
    rollout = rollout_launch(
        document=doc,
        owner_unit=tree.city,
        title="Triển khai Nghị quyết 35",
        purpose=Purpose.STUDY,
        scope_kinds=[UnitKind.PARTY_CELL],
        starts_on=today - dt.timedelta(days=10),
        steps=[{"kind": StepKind.CONFERENCE, "due": today + dt.timedelta(days=20)}],
        today=today,
        acting_user=SYSTEM,
    )
    make_user("phuong", tree.ward, "editor")
    return rollout.steps.get()


def _sign_in(browser, base):
    browser.get(base + "/accounts/login/")
    browser.find_element(By.NAME, "username").send_keys("phuong")
    browser.find_element(By.NAME, "password").send_keys(PASSWORD)
    browser.find_element(By.CSS_SELECTOR, ".login button[type=submit]").click()
    WebDriverWait(browser, 10).until(lambda d: "/accounts/login/" not in d.current_url)


@pytest.mark.parametrize("size", [(390, 844), (1366, 900)], ids=["phone", "desk"])
def test_a_ward_records_a_conference_with_two_photos(
    browser, live_server, ward_step, tree, settings, tmp_path, size
):
    settings.MEDIA_ROOT = tmp_path / "media"
    today = timezone.localdate()
    step = ward_step
    photos = [_jpeg(tmp_path / "hoi-nghi-1.jpg", 40), _jpeg(tmp_path / "hoi-nghi-2.jpg", 240)]

    browser.set_window_size(*size)
    base = live_server.url
    _sign_in(browser, base)

    record_url = f"{base}/rollouts/steps/{step.pk}/units/{tree.cell.pk}/"
    for present in ("15", "16"):  # the record, then its correction
        browser.get(record_url)
        done_on = browser.find_element(By.NAME, "done_on")
        browser.execute_script("arguments[0].value = arguments[1]", done_on, today.isoformat())
        browser.find_element(By.CSS_SELECTOR, "select[name=form] option[value=truc_tiep]").click()
        members = browser.find_element(By.NAME, "members_present")
        members.clear()
        members.send_keys(present)
        browser.find_element(By.CSS_SELECTOR, "input[type=file][name=files]").send_keys(
            "\n".join(str(p) for p in photos)
        )
        browser.find_element(By.CSS_SELECTOR, "form.form button[type=submit]").click()
        WebDriverWait(browser, 10).until(EC.presence_of_element_located((By.CSS_SELECTOR, ".messages")))
        assert "Đã ghi nhận kết quả" in browser.find_element(By.CSS_SELECTOR, ".messages").text

    current = StepRecord.objects.get(step=step, unit=tree.cell, is_current=True)
    assert current.version == 2 and current.members_present == 16
    assert sorted(a.original_name for a in current.attachments.all()) == ["hoi-nghi-1.jpg", "hoi-nghi-2.jpg"]
    # Both versions show their two photos, each one loaded by the browser (they load lazily:
    # each is brought into view first, as the user scrolling would).
    images = browser.find_elements(By.CSS_SELECTOR, ".record-files img")
    assert len(images) == 4
    for img in images:
        browser.execute_script("arguments[0].scrollIntoView()", img)
        WebDriverWait(browser, 10).until(
            lambda d, img=img: d.execute_script(
                "return arguments[0].complete && arguments[0].naturalWidth > 0", img
            )
        )
    assert sorted({i.get_attribute("alt") for i in images}) == ["hoi-nghi-1.jpg", "hoi-nghi-2.jpg"]
    assert browser.execute_script("return document.documentElement.scrollWidth <= window.innerWidth")
    shot(browser, f"rollout-record-photos-{size[0]}")


@pytest.mark.parametrize("size", [(390, 844), (1366, 900)], ids=["phone", "desk"])
def test_a_refused_upload_shows_its_message_on_screen_and_focused(
    browser, live_server, ward_step, tree, settings, tmp_path, size
):
    """Issue 13.8: after a rejected upload the message sat below the visible area of a phone.
    A program disguised as a photo is refused; the page comes back with the message in view,
    focused, and nothing recorded."""
    settings.MEDIA_ROOT = tmp_path / "media"
    fake = tmp_path / "anh-hoi-nghi.jpg"
    fake.write_bytes(b"MZ\x90\x00" + b"\x00" * 2000)  # a Windows program's header, named .jpg
    browser.set_window_size(*size)
    _sign_in(browser, live_server.url)
    browser.get(f"{live_server.url}/rollouts/steps/{ward_step.pk}/units/{tree.cell.pk}/")
    done_on = browser.find_element(By.NAME, "done_on")
    browser.execute_script("arguments[0].value = arguments[1]", done_on, timezone.localdate().isoformat())
    browser.find_element(By.CSS_SELECTOR, "select[name=form] option[value=truc_tiep]").click()
    browser.find_element(By.NAME, "members_present").send_keys("15")
    browser.find_element(By.CSS_SELECTOR, "input[type=file][name=files]").send_keys(str(fake))
    browser.find_element(By.CSS_SELECTOR, "form.form button[type=submit]").click()
    error = WebDriverWait(browser, 10).until(
        EC.presence_of_element_located((By.CSS_SELECTOR, "main .errorlist"))
    )
    WebDriverWait(browser, 5).until(
        lambda d: d.execute_script("return document.activeElement === arguments[0]", error)
    )
    top, bottom, height = browser.execute_script(
        "const r = arguments[0].getBoundingClientRect(); return [r.top, r.bottom, window.innerHeight]", error
    )
    assert 0 <= top and bottom <= height, (top, bottom, height)
    assert error.text  # a message, not an empty list
    assert not StepRecord.objects.filter(step=ward_step, unit=tree.cell).exists()
    shot(browser, f"rollout-record-refused-upload-{size[0]}")
