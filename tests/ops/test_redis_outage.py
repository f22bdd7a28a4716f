"""Redis down or hanging: pages still serve (issue 16 point 3, decisions/0061).

The site runs as in production with ``TRIENKHAI_CACHE_URL`` set: the shared cache on Redis
and sessions in ``cached_db``. Three outages, each on a real socket: a Redis of the test's own
that is stopped mid-session, a port where nothing listens, and a server that accepts the
connection and never answers. In each, a person signs in, opens a signed-in page and the public
news page; the log says once that Redis is unreachable.
"""

from __future__ import annotations

import logging
import socket
import threading
import time

import pytest
from django.core.cache import caches
from django.test import Client, override_settings

from conftest import PASSWORD, make_user
from tests.scaleout.conftest import free_port, start_redis
from trienkhai.core.cache import reset_breakers

CACHED_DB = "django.contrib.sessions.backends.cached_db"


def production_cache(port: int, *, retry_after: float = 30, timeout: float = 0.5):
    return override_settings(
        CACHES={
            "default": {
                "BACKEND": "trienkhai.core.cache.ResilientRedisCache",
                "LOCATION": f"redis://127.0.0.1:{port}/0",
                "KEY_PREFIX": "outage-test",
                "OPTIONS": {
                    "socket_connect_timeout": timeout,
                    "socket_timeout": timeout,
                    "retry_after": retry_after,
                },
            }
        },
        SESSION_ENGINE=CACHED_DB,
    )


@pytest.fixture(autouse=True)
def _no_breaker_left():
    reset_breakers()
    yield
    reset_breakers()


@pytest.fixture
def ward_user(tree):
    return make_user("phuong", tree.ward, "editor")


def sign_in(client: Client) -> int:
    return client.post("/accounts/login/", {"username": "phuong", "password": PASSWORD}).status_code


def everyday_pages(client: Client) -> None:
    """A signed-in page and the public news page answer 200 and show the right person."""
    profile = client.get("/accounts/profile/")
    assert profile.status_code == 200
    assert "phuong" in profile.content.decode()
    assert client.get("/news/").status_code == 200


def cache_warnings(caplog) -> list[str]:
    return [
        r.getMessage() for r in caplog.records if r.name == "trienkhai.cache" and r.levelno == logging.WARNING
    ]


@pytest.mark.django_db(transaction=True)
def test_redis_stopped_in_the_middle_of_a_session(tmp_path, ward_user, caplog):
    proc, port = start_redis(tmp_path)
    try:
        with production_cache(port, retry_after=0.2):
            client = Client()
            assert sign_in(client) == 302
            everyday_pages(client)
            assert caches["default"].get("portal:pages:gen") is not None  # Redis was in use

            proc.terminate()
            proc.wait(timeout=10)
            caplog.set_level(logging.INFO, logger="trienkhai.cache")
            # Still signed in: the session is read back from the database.
            everyday_pages(client)
            assert client.post("/accounts/logout/").status_code == 302
            assert client.get("/accounts/profile/").status_code == 302  # signed out for real
            assert sign_in(Client()) == 302
            assert len(cache_warnings(caplog)) == 1, cache_warnings(caplog)
            assert "unreachable" in cache_warnings(caplog)[0]

            # Redis comes back on the same port: the next try after the pause uses it again.
            proc, _ = start_redis(tmp_path, port)
            time.sleep(0.3)
            caches["default"].set("back", 1)
            assert caches["default"].get("back") == 1
            assert any("reachable again" in r.getMessage() for r in caplog.records)
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@pytest.mark.django_db(transaction=True)
def test_nothing_listens_on_the_redis_port(ward_user, caplog):
    caplog.set_level(logging.INFO, logger="trienkhai.cache")
    with production_cache(free_port()):
        client = Client()
        assert sign_in(client) == 302
        everyday_pages(client)
        everyday_pages(client)
    assert len(cache_warnings(caplog)) == 1
    assert "ConnectionError" in cache_warnings(caplog)[0]


class SilentServer:
    """Accepts connections, reads what is sent and never answers: a hung Redis."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.port = self.sock.getsockname()[1]
        self.accepted = 0
        self.held: list[socket.socket] = []
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.accepted += 1
            self.held.append(conn)  # kept open, never written to

    def close(self) -> None:
        self.sock.close()
        for conn in self.held:
            conn.close()


@pytest.mark.django_db(transaction=True)
def test_a_redis_that_never_answers(ward_user, caplog):
    caplog.set_level(logging.INFO, logger="trienkhai.cache")
    silent = SilentServer()
    try:
        with production_cache(silent.port):
            client = Client()
            assert sign_in(client) == 302
            after_first_timeout = silent.accepted
            assert after_first_timeout >= 1  # the cache did try Redis, and waited for it
            everyday_pages(client)
            everyday_pages(client)
            assert sign_in(Client()) == 302
            # The breaker is open: no page after the first waits on Redis again.
            assert silent.accepted == after_first_timeout
        assert len(cache_warnings(caplog)) == 1
        assert "TimeoutError" in cache_warnings(caplog)[0]
    finally:
        silent.close()


def test_the_production_settings_use_the_resilient_cache(tmp_path):
    """With TRIENKHAI_CACHE_URL at a dead port, the settings' own cache misses instead of raising."""
    import os
    import subprocess
    import sys

    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST", "TRIENKHAI_", "DJANGO_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="trienkhai.settings",
        TRIENKHAI_VAR_DIR=str(tmp_path / "var"),
        TRIENKHAI_CACHE_URL=f"redis://127.0.0.1:{port}/0",
    )
    code = (
        "import django; django.setup()\n"
        "from django.conf import settings; from django.core.cache import cache\n"
        "cache.set('k', 1); print(cache.get('k', 'missed'), settings.SESSION_ENGINE)\n"
    )
    done = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.split() == ["missed", CACHED_DB]
    assert "Redis cache unreachable" in done.stderr
