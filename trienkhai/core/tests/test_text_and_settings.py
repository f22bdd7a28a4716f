from __future__ import annotations

import os
import subprocess
import sys
import unicodedata

import pytest

from trienkhai.textmine.normalize import clean_text, fold, fold_compact, modern_tones


@pytest.mark.parametrize(
    "old,new",
    [
        ("hoà", "hòa"),
        ("thuỷ", "thủy"),
        ("Thành uỷ", "Thành ủy"),
        ("khoẻ", "khỏe"),
        ("quý", "quý"),
        ("hoàn", "hoàn"),
        ("Hoà Bình", "Hòa Bình"),
    ],
)
def test_tone_marks_move_to_the_modern_place(old, new):
    assert modern_tones(old) == new
    assert modern_tones(unicodedata.normalize("NFD", old)) == new


def test_fold_and_clean():
    assert fold("Phổ Yên") == "pho yen" == fold(unicodedata.normalize("NFD", "PHỔ YÊN"))
    assert fold("Đắc Sơn") == "dac son"
    assert fold_compact("0091- KH/TU") == fold_compact("0091-KH/TU")
    assert clean_text("  Ban\u00a0 Tuyên   giáo \n") == "Ban Tuyên giáo"


def _settings_db(url: str | None, var_dir: str | None = None) -> str:
    # Read in a fresh interpreter with only what the case sets: an operator's (or the test
    # run's) own DATABASE_URL or TRIENKHAI_VAR_DIR must not change the default under test.
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "TRIENKHAI_VAR_DIR")}
    if url:
        env["DATABASE_URL"] = url
    if var_dir:
        env["TRIENKHAI_VAR_DIR"] = var_dir
    code = (
        "import django,os;os.environ['DJANGO_SETTINGS_MODULE']='trienkhai.settings';"
        "from django.conf import settings;d=settings.DATABASES['default'];print(d['ENGINE'], d['NAME'])"
    )
    return subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    ).stdout


def test_database_url_selects_the_database(tmp_path):
    assert "sqlite3" in _settings_db(None) and "var/trienkhai.sqlite3" in _settings_db(None)
    # TRIENKHAI_VAR_DIR moves the default database with it.
    assert str(tmp_path / "var" / "trienkhai.sqlite3") in _settings_db(None, var_dir=str(tmp_path / "var"))
    path = tmp_path / "x.sqlite3"
    assert str(path) in _settings_db(f"sqlite:///{path}")
    assert _settings_db("postgres://postgres@127.0.0.1:5432/trienkhai").split() == [
        "django.db.backends.postgresql",
        "trienkhai",
    ]
