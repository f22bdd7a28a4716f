"""Issue 16.2: one production start command, and a server that starts before the static files
are collected is not broken.

GIVEN the production settings, a fresh var directory (nothing collected) and SQLite there
WHEN `trienkhai serve` starts
THEN it collects the static files first, gunicorn answers the sign-in page and its
stylesheet with 200, and gunicorn's control socket lies in the var directory;
AND a gunicorn started directly, before anything was collected, still answers 200 (plain
file names, served from the apps' folders) instead of a 500 on every page;
AND `check --deploy` warns while the files are not collected.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.scaleout.conftest import stop

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def production_env(var: Path) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("PYTEST", "TRIENKHAI_", "DJANGO_", "DATABASE_URL"))
    }
    env.update(
        TRIENKHAI_ENV="production",
        TRIENKHAI_SECRET_KEY="serve-test-" + "k" * 50,
        TRIENKHAI_ALLOWED_HOSTS="127.0.0.1",
        TRIENKHAI_SSL_REDIRECT="0",
        TRIENKHAI_EMAIL_URL="console://",
        TRIENKHAI_VAR_DIR=str(var),
        TRIENKHAI_MEDIA_ROOT=str(var / "media"),
        TRIENKHAI_WEB_WORKERS="1",
        TRIENKHAI_LOG_LEVEL="WARNING",
    )
    return env


def trienkhai(env, *args, **kw):
    return subprocess.run(  # noqa: S603
        [sys.executable, "-m", "trienkhai.cli", *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        **kw,
    )


def get(url: str, timeout: float = 60.0) -> tuple[int, str]:
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=10) as r:  # noqa: S310
                return r.status, r.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as e:
            return e.code, e.read().decode("utf-8", "replace")
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.3)


def page_and_stylesheet(port: int) -> tuple[int, str, int]:
    status, body = get(f"http://127.0.0.1:{port}/accounts/login/")
    css = re.search(r'href="(/static/[^"]+\.css)"', body)
    assert css, body[:1500]
    css_status, _ = get(f"http://127.0.0.1:{port}{css.group(1)}")
    return status, css.group(1), css_status


@pytest.fixture
def var(tmp_path):
    var = tmp_path / "var"
    done = trienkhai(production_env(var), "migrate", "--no-input", timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    return var


def test_serve_collects_then_starts_gunicorn_with_its_socket_in_var(var, tmp_path):
    env = production_env(var)
    assert not (var / "static" / "staticfiles.json").exists()
    warned = trienkhai(env, "check", "--deploy", timeout=120)
    assert "core.W102" in warned.stdout + warned.stderr
    port = free_port()
    log = tmp_path / "serve.log"
    proc = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "trienkhai.cli", "serve", "--bind", f"127.0.0.1:{port}"],
        env=env,
        cwd=ROOT,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        status, css, css_status = page_and_stylesheet(port)
        assert status == 200 and css_status == 200, log.read_text()[-2000:]
        assert re.search(r"\.[0-9a-f]{12}\.css$", css), css  # the hashed, collected copy
        assert (var / "static" / "staticfiles.json").exists()
        assert (var / "gunicorn.ctl").exists(), log.read_text()[-2000:]
        assert "Collecting static files" in log.read_text()
    finally:
        stop(proc)
    assert "core.W102" not in (lambda d: d.stdout + d.stderr)(
        trienkhai(env, "check", "--deploy", timeout=120)
    )


def test_a_server_started_before_collectstatic_still_serves(var, tmp_path):
    env = production_env(var)
    port = free_port()
    log = tmp_path / "gunicorn.log"
    proc = subprocess.Popen(  # noqa: S603
        [
            str(Path(sys.executable).with_name("gunicorn")),
            "trienkhai.wsgi:application",
            "--config",
            "python:trienkhai.gunicorn_conf",
            "--bind",
            f"127.0.0.1:{port}",
        ],
        env=env,
        cwd=ROOT,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        status, css, css_status = page_and_stylesheet(port)
        assert status == 200 and css_status == 200, log.read_text()[-2000:]
        # collected later, while it runs: it keeps answering
        assert trienkhai(env, "collectstatic", "--no-input", timeout=300).returncode == 0
        status, css, css_status = page_and_stylesheet(port)
        assert status == 200 and css_status == 200, log.read_text()[-2000:]
    finally:
        stop(proc)


def test_serve_dry_run_names_the_projects_gunicorn_config(var):
    done = trienkhai(production_env(var), "serve", "--dry-run", "--workers", "3", timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "-m gunicorn trienkhai.wsgi -c python:trienkhai.gunicorn_conf --workers 3" in done.stdout
