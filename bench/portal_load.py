"""Load test of the public news portal on this machine, production setup.

Starts gunicorn (2 workers, TRIENKHAI_ENV=production) on a free port of 127.0.0.1
over a temporary SQLite database with the demo loaded and static files collected,
then puts N concurrent anonymous readers on the home page, an article page and
— the baseline, same server, same run — a static file padded to the article
page's size, each for a bounded time. Prints errors, median and 95th-percentile
latency and throughput. Uses ``wrk`` when installed, else a Python thread client.

    .venv/bin/python bench/portal_load.py [--duration 20] [--connections 50] [--client auto|wrk|python]

Only ever targets 127.0.0.1. A script, not a test.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from http.client import HTTPConnection
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"

WRK_LUA = r"""
done = function(summary, latency, requests)
  io.write(string.format("RESULT requests=%d duration_us=%d errors=%d non2xx=%d p50_us=%d p95_us=%d p99_us=%d\n",
    summary.requests, summary.duration,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.errors.status, latency:percentile(50), latency:percentile(95), latency:percentile(99)))
end
"""


FALLBACK_LOADER = """
from django.db import transaction
from trienkhai.demo import accounts, documents, orgs, portal
with transaction.atomic():
    units = orgs.load()
    docs = documents.load(units)
    accounts.load()
    portal.load({"units": units, "documents": docs})
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def run(cmd: list[str], env: dict[str, str]) -> None:
    subprocess.run(cmd, env=env, cwd=ROOT, check=True, stdout=subprocess.DEVNULL)


def prepare(tmp: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        TRIENKHAI_ENV="production",
        TRIENKHAI_SECRET_KEY="bench-" + os.urandom(24).hex(),
        TRIENKHAI_ALLOWED_HOSTS=HOST,
        TRIENKHAI_SSL_REDIRECT="false",
        TRIENKHAI_VAR_DIR=str(tmp / "var"),
        TRIENKHAI_MEDIA_ROOT=str(tmp / "media"),
        DATABASE_URL=f"sqlite:///{tmp / 'bench.sqlite3'}",
        TRIENKHAI_LOG_LEVEL="ERROR",
    )
    exe = str(Path(sys.executable).with_name("trienkhai"))
    t0 = time.perf_counter()
    try:
        run([exe, "demo", "--no-serve"], env)
    except subprocess.CalledProcessError:
        # Another app's demo section failing must not stop a portal benchmark:
        # load the foundation and the portal section only, through the same loaders.
        print("the full demo failed to load; loading orgs, documents, accounts and the portal only")
        run([exe, "migrate", "--no-input"], env)
        run([exe, "shell", "-c", FALLBACK_LOADER], env)
    run([exe, "collectstatic", "--no-input"], env)
    print(f"demo loaded and static collected in {time.perf_counter() - t0:.1f} s ({tmp})")
    return env


def start_server(env: dict[str, str], port: int) -> subprocess.Popen:
    gunicorn = str(Path(sys.executable).with_name("gunicorn"))
    proc = subprocess.Popen(
        [
            gunicorn,
            "trienkhai.wsgi:application",
            "--workers",
            "2",
            "--bind",
            f"{HOST}:{port}",
            "--log-level",
            "error",
        ],
        env=env,
        cwd=ROOT,
        start_new_session=True,
    )
    for _ in range(100):
        try:
            with urllib.request.urlopen(f"http://{HOST}:{port}/news/", timeout=2) as r:
                if r.status == 200:
                    return proc
        except OSError:
            time.sleep(0.2)
    proc.kill()
    raise SystemExit("the server did not start")


def fetch(port: int, path: str) -> bytes:
    with urllib.request.urlopen(f"http://{HOST}:{port}{path}", timeout=10) as r:
        return r.read()


def article_path(port: int) -> str:
    html = fetch(port, "/news/").decode()
    match = re.search(r'href="(/news/tin/\d+/[\w-]+/)"', html)
    if not match:
        raise SystemExit("no article link on the home page")
    return match.group(1)


def static_baseline(env: dict[str, str], size: int) -> str:
    """A static file of the article page's size, served by the same server (WhiteNoise)."""
    static_root = Path(env["TRIENKHAI_VAR_DIR"]) / "static"
    name = "bench-baseline.html"
    (static_root / name).write_bytes((b"<!-- baseline -->" + b"x" * size)[:size])
    return f"/static/{name}"


# --- clients ----------------------------------------------------------------------------------


def with_wrk(port: int, path: str, seconds: int, connections: int, tmp: Path) -> dict:
    script = tmp / "report.lua"
    script.write_text(WRK_LUA)
    out = subprocess.run(
        [
            "wrk",
            f"-t{min(4, connections)}",
            f"-c{connections}",
            f"-d{seconds}s",
            "--timeout",
            "10s",
            "-s",
            str(script),
            f"http://{HOST}:{port}{path}",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    line = next(ln for ln in out.splitlines() if ln.startswith("RESULT "))
    v = {k: int(x) for k, x in re.findall(r"(\w+)=(\d+)", line)}
    return {
        "requests": v["requests"],
        "errors": v["errors"] + v["non2xx"],
        "p50_ms": v["p50_us"] / 1000,
        "p95_ms": v["p95_us"] / 1000,
        "rps": v["requests"] / (v["duration_us"] / 1e6),
    }


def with_threads(port: int, path: str, seconds: int, connections: int, tmp: Path) -> dict:
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    stop = time.perf_counter() + seconds

    def reader() -> None:
        conn = HTTPConnection(HOST, port, timeout=10)
        mine: list[float] = []
        bad = 0
        while time.perf_counter() < stop:
            t0 = time.perf_counter()
            try:
                conn.request("GET", path, headers={"Accept-Encoding": "identity"})
                r = conn.getresponse()
                r.read()
                if r.status != 200:
                    bad += 1
            except OSError:
                bad += 1
                conn.close()
                conn = HTTPConnection(HOST, port, timeout=10)
            mine.append(time.perf_counter() - t0)
        with lock:
            latencies.extend(mine)
            errors[0] += bad

    t_start = time.perf_counter()
    threads = [threading.Thread(target=reader) for _ in range(connections)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - t_start
    latencies.sort()
    return {
        "requests": len(latencies),
        "errors": errors[0],
        "p50_ms": statistics.median(latencies) * 1000,
        "p95_ms": latencies[int(len(latencies) * 0.95) - 1] * 1000,
        "rps": len(latencies) / elapsed,
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--duration", type=int, default=20, help="seconds per target")
    ap.add_argument("--connections", type=int, default=50)
    ap.add_argument("--client", choices=["auto", "wrk", "python"], default="auto")
    args = ap.parse_args()
    client = args.client
    if client == "auto":
        client = "wrk" if shutil.which("wrk") else "python"
    measure = with_wrk if client == "wrk" else with_threads

    tmp = Path(tempfile.mkdtemp(prefix="portal-bench-"))
    env = prepare(tmp)
    port = free_port()
    server = start_server(env, port)
    try:
        article = article_path(port)
        sizes = {"/news/": len(fetch(port, "/news/")), article: len(fetch(port, article))}
        # WhiteNoise indexes the static files when a worker starts: write the
        # baseline, then restart the server so it is served like any static file.
        baseline = static_baseline(env, sizes[article])
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=10)
        server = start_server(env, port)
        sizes[baseline] = len(fetch(port, baseline))
        targets = [("home page", "/news/"), ("article page", article), ("static file, same size", baseline)]
        print(
            f"\ngunicorn, 2 workers, TRIENKHAI_ENV=production, SQLite; {args.connections} concurrent readers, "
            f"{args.duration} s per target, client: {client}, CPUs: {os.cpu_count()}\n"
        )
        print(
            f"{'target':<26}{'bytes':>8}{'requests':>10}{'errors':>8}{'median ms':>11}{'p95 ms':>9}{'req/s':>9}"
        )
        results = {}
        for label, path in targets:
            r = measure(port, path, args.duration, args.connections, tmp)
            results[label] = r
            print(
                f"{label:<26}{sizes[path]:>8}{r['requests']:>10}{r['errors']:>8}"
                f"{r['p50_ms']:>11.1f}{r['p95_ms']:>9.1f}{r['rps']:>9.0f}"
            )
        base = results["static file, same size"]["rps"]
        print()
        for label in ("home page", "article page"):
            print(f"{label}: {results[label]['rps'] / base:.0%} of the static file's throughput")
        total_errors = sum(r["errors"] for r in results.values())
        print(f"errors in total: {total_errors}")
        return 0 if total_errors == 0 else 1
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=10)
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
