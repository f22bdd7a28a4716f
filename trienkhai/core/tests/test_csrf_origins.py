"""TRIENKHAI_CSRF_TRUSTED_ORIGINS is read in every mode, not only in production: the demo or a
test server behind a TLS proxy (or opened at another origin) needs it as much."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

_READ = (
    "import django,json;django.setup();from django.conf import settings;"
    "print(json.dumps(settings.CSRF_TRUSTED_ORIGINS))"
)
_PRODUCTION = {
    "TRIENKHAI_ENV": "production",
    "TRIENKHAI_SECRET_KEY": "x" * 60,
    "TRIENKHAI_ALLOWED_HOSTS": "trienkhai.example.vn",
}


def _origins(**env: str) -> list[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("TRIENKHAI_")}
    done = subprocess.run(
        [sys.executable, "-c", _READ],
        env={**clean, "DJANGO_SETTINGS_MODULE": "trienkhai.settings", **env},
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@pytest.mark.parametrize("mode", [{}, {"TRIENKHAI_ENV": "development"}, _PRODUCTION])
def test_the_origins_are_read_in_every_mode(mode):
    got = _origins(
        **mode, TRIENKHAI_CSRF_TRUSTED_ORIGINS="https://trienkhai.example.vn, https://demo.example.vn"
    )
    assert got == ["https://trienkhai.example.vn", "https://demo.example.vn"]


@pytest.mark.parametrize("mode", [{}, _PRODUCTION])
def test_without_the_variable_no_origin_is_trusted(mode):
    assert _origins(**mode) == []
