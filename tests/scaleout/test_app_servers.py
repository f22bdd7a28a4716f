"""Two app servers behind one PostgreSQL and one Redis serve the same sessions and the same counts.

GIVEN a city with 5 chi bộ and one rollout of 2 steps (so each step is owed by 5 units), and two
gunicorn servers started with the production settings on two ports, sharing the database and
the Redis cache (sessions ``cached_db``)
WHEN the city's editor signs in on server A
THEN server B knows the session; both report the same coverage (5 in scope, 0 done); after two
records arrive they both report 2 done; a sign-out on B ends the session on A too.
"""

from __future__ import annotations

import http.client
import json
import os
import re
import subprocess
import sys
import time
import urllib.parse
from http.cookies import SimpleCookie
from pathlib import Path

import pytest

from .conftest import ROOT, app_env, free_port, site, stop

pytestmark = pytest.mark.scaleout

UNITS = 5
PASSWORD = "scale-out-password-2026"
CSRF_RE = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class Browser:
    """One visitor: its cookies, sent to whichever server it asks (as behind a load balancer)."""

    def __init__(self) -> None:
        self.cookies: dict[str, str] = {}

    def request(self, port: int, method: str, path: str, form: dict | None = None) -> tuple[int, str, dict]:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        headers = {
            "Host": "127.0.0.1",
            "X-Forwarded-Proto": "https",  # as from the TLS proxy the production settings trust
            "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()),
        }
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = "https://127.0.0.1/"
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        text = response.read().decode("utf-8", "replace")
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                jar = SimpleCookie()
                jar.load(value)
                for key, morsel in jar.items():
                    if morsel.value:
                        self.cookies[key] = morsel.value
                    else:
                        self.cookies.pop(key, None)
        conn.close()
        return response.status, text, dict(response.getheaders())

    def sign_in(self, port: int, username: str) -> int:
        _status, html, _h = self.request(port, "GET", "/accounts/login/")
        token = CSRF_RE.search(html).group(1)
        status, _html, _h = self.request(
            port,
            "POST",
            "/accounts/login/",
            {"csrfmiddlewaretoken": token, "username": username, "password": PASSWORD},
        )
        return status

    def sign_out(self, port: int) -> int:
        _status, html, _h = self.request(port, "GET", "/accounts/profile/")
        token = CSRF_RE.search(html).group(1)
        status, _html, _h = self.request(port, "POST", "/accounts/logout/", {"csrfmiddlewaretoken": token})
        return status

    def coverage(self, port: int, rollout: int) -> tuple[int, list[tuple[int, int, int]]]:
        status, text, _h = self.request(port, "GET", f"/api/v1/rollouts/{rollout}/coverage")
        if status != 200:
            return status, []
        return status, [(s["in_scope"], s["done_on_time"], s["done_late"]) for s in json.loads(text)["steps"]]


def start_server(env: dict[str, str], port: int, log: Path) -> subprocess.Popen:
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
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail("the app server exited: " + log.read_text()[-3000:])
        try:
            if Browser().request(port, "GET", "/accounts/login/")[0] == 200:
                return proc
        except OSError:
            time.sleep(0.2)
    stop(proc)
    pytest.fail("the app server did not start")


def test_two_app_servers_share_sessions_and_counts(tmp_path, pg_url, redis_url):
    env = app_env(
        tmp_path,
        pg_url,
        redis_url,
        TRIENKHAI_ENV="production",
        TRIENKHAI_SECRET_KEY="scale-out-" + os.urandom(16).hex(),  # the same for both servers
        TRIENKHAI_ALLOWED_HOSTS="127.0.0.1",
        TRIENKHAI_SSL_REDIRECT="false",
        TRIENKHAI_HSTS_SECONDS="0",
        TRIENKHAI_CACHE_URL=redis_url,
        TRIENKHAI_WEB_WORKERS="1",
    )
    built = site(env, "seed", "--units", str(UNITS), "--rollouts", "1", "--password", PASSWORD)
    rollout, first_step = built["rollouts"][0], built["steps"][0]
    subprocess.run(  # noqa: S603
        [sys.executable, "-m", "trienkhai.cli", "collectstatic", "--no-input"],
        env=env,
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    a_port, b_port = free_port(), free_port()
    a = start_server(env, a_port, tmp_path / "a.log")
    b = start_server(env, b_port, tmp_path / "b.log")
    try:
        visitor = Browser()
        assert visitor.sign_in(a_port, "scaleout-editor") == 302
        # The session made on A is known on B: a signed-in page and the API both answer.
        assert visitor.request(b_port, "GET", "/accounts/profile/")[0] == 200
        nothing_done = [(UNITS, 0, 0), (UNITS, 0, 0)]
        assert visitor.coverage(a_port, rollout) == (200, nothing_done)
        assert visitor.coverage(b_port, rollout) == (200, nothing_done)

        site(env, "submit", "--step", str(first_step), "--count", "2")  # two chi bộ report
        two_done = [(UNITS, 2, 0), (UNITS, 0, 0)]
        assert visitor.coverage(b_port, rollout) == (200, two_done)
        assert visitor.coverage(a_port, rollout) == (200, two_done)

        # Signed out on B: the session is gone on A as well.
        assert visitor.sign_out(b_port) == 302
        status, _html, headers = visitor.request(a_port, "GET", "/accounts/profile/")
        assert status == 302 and "/accounts/login/" in headers.get("Location", "")
    finally:
        stop(a)
        stop(b)
