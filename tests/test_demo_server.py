"""`make demo` serves with DEBUG off: the project's error pages, and the static files still served."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest

from trienkhai.demo.management.commands import demo as demo_command

PORT = 8150  # this suite's own port range (8150-8159)


def test_the_demo_serves_in_a_process_with_debug_off(monkeypatch):
    calls = []
    monkeypatch.setattr(demo_command.subprocess, "run", lambda cmd, **kw: calls.append((cmd, kw)))
    monkeypatch.setenv("TRIENKHAI_DEBUG", "1")  # even a developer's shell setting is overridden
    demo_command.Command().serve("127.0.0.1:8000", debug=False)
    ((command, kwargs),) = calls
    assert command[-3:] == ["runserver", "127.0.0.1:8000", "--noreload"]
    assert kwargs["env"]["TRIENKHAI_DEBUG"] == "0"
    calls.clear()
    demo_command.Command().serve("127.0.0.1:8000", debug=True)
    assert calls[0][1]["env"]["TRIENKHAI_DEBUG"] == "1"


def _wait_for(port: int, process: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail("the server exited: " + process.stdout.read().decode(errors="replace"))
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.3)
    pytest.fail("the server did not start")


def _get(url: str) -> tuple[int, str, str]:
    try:
        with urllib.request.urlopen(url, timeout=20) as response:  # noqa: S310 (our own server)
            return response.status, response.headers.get("Content-Type", ""), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("Content-Type", ""), error.read().decode()


def test_the_demo_environment_serves_static_files_and_the_vietnamese_404(tmp_path):
    env = demo_command.serve_environment()
    env.update(
        TRIENKHAI_VAR_DIR=str(tmp_path),
        DATABASE_URL=f"sqlite:///{tmp_path / 'demo.sqlite3'}",
        TRIENKHAI_TESTING="0",
    )
    env.pop("DJANGO_SETTINGS_MODULE", None)
    process = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "trienkhai.cli", "runserver", f"127.0.0.1:{PORT}", "--noreload"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        _wait_for(PORT, process)
        status, content_type, css = _get(f"http://127.0.0.1:{PORT}/static/css/app.css")
        assert status == 200 and content_type.startswith("text/css") and ".topbar" in css
        status, _type, html = _get(f"http://127.0.0.1:{PORT}/khong-co-trang-nay/")
        assert status == 404
        assert "<h1>Không tìm thấy</h1>" in html and 'class="topbar"' in html
        assert "URLconf" not in html and "api/v1/" not in html
    finally:
        process.terminate()
        process.wait(timeout=20)
