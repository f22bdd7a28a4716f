"""Mixed load on the production setup (issue 8 point 8). Prints figures; never fails on timing.

    .venv/bin/python bench/load_mixed.py                      # 50 users, 60 s, think time ~1 s
    .venv/bin/python bench/load_mixed.py --think 0            # no think time (a stress test)
    .venv/bin/python bench/load_mixed.py --users 10 --seconds 15 --rollouts 10   # a quick look

What it does: a fresh PostgreSQL database ``trienkhai_load`` (127.0.0.1) with the synthetic
province of ``bench/rollup.py`` (100 communes, 2,500 chi bộ, ``--rollouts`` rollouts of 5
steps, ~70 % done) plus 300 documents and one editor per commune; ``collectstatic``; then
gunicorn with 2 workers and ``TRIENKHAI_ENV=production`` (secret key, allowed host
127.0.0.1, no SSL redirect; requests carry ``X-Forwarded-Proto: https`` as from a TLS
proxy, which the production settings trust). Each simulated user signs in (CSRF), then
loops until the time is up: committee dashboard, coverage drill-down, a step record page
and its POST (CSRF), a document search, the proposals inbox. Only 127.0.0.1 is contacted;
the request count and the time are bounded; the server is stopped at the end.
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import os
import random
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from http.cookies import SimpleCookie
from pathlib import Path

sys.path.insert(0, os.path.dirname(__file__))
import _django  # noqa: E402

HOST = "127.0.0.1"
DB = "trienkhai_load"
PASSWORD = "load-test-password-2024"
MAX_REQUESTS = 200_000  # a hard bound besides the time
READ_TARGET_MS, WRITE_TARGET_MS = 300, 800


# --- data ------------------------------------------------------------------------------------------


def seed(rollouts: int) -> dict:
    """Build the province in-process (bulk, like bench/rollup.py) and return what users need."""
    from rollup import build_rollouts, build_tree

    from trienkhai.accounts.models import User
    from trienkhai.accounts.services import role_grant, user_create
    from trienkhai.documents.services import document_register
    from trienkhai.orgs.models import Unit
    from trienkhai.rollout.models import StepRecord
    from trienkhai.rollout.services import units_in_scope

    today = dt.date.today()
    t = time.perf_counter()
    _root, provinces = build_tree(provinces=1, communes=100, cells_per_commune=25, members=40)
    province = provinces[0]
    made = build_rollouts(owner=province, count=rollouts, done_share=0.7, today=today)
    communes = list(Unit.objects.filter(kind="dang_uy_xa").order_by("path"))
    words = [
        "chuyển đổi số",
        "xây dựng Đảng",
        "nông thôn mới",
        "an sinh xã hội",
        "cải cách hành chính",
        "phòng chống tham nhũng",
        "học tập và làm theo",
        "kinh tế tập thể",
        "giáo dục",
        "quốc phòng",
    ]
    rng = random.Random(3)
    for i in range(300):
        unit = communes[i % len(communes)]
        document_register(
            issuing_unit=unit,
            code=f"{i + 1}-KH/ĐU",
            title=f"Kế hoạch về {rng.choice(words)} số {i + 1}",
            issued_on=today - dt.timedelta(days=rng.randint(0, 700)),
            acting_user=None,
        )
    first = user_create(username="load-0", password=PASSWORD, acting_user=None)
    users = []
    for i, commune in enumerate(communes[:100]):
        user = first if i == 0 else user_create(username=f"load-{i}", password=None, acting_user=None)
        role_grant(user=user, unit=commune, role="editor", acting_user=None)
        users.append((user.username, commune.pk))
    User.objects.filter(username__startswith="load-").update(password=first.password)  # one hash: fast set-up
    # For each commune: (step, chi bộ) pairs without a record, for the write part of the workload.
    todo: dict[int, list[tuple[int, int, str]]] = {}
    for r in made:
        for step in r.steps.filter(kind__in=["review", "report", "dissemination"]):
            done = set(StepRecord.objects.filter(step=step).values_list("unit_id", flat=True))
            for uid, path in (
                units_in_scope(rollout=r, step=step).filter(kind="chi_bo").values_list("pk", "path")
            ):
                if uid in done:
                    continue
                commune = next((c for c in communes if path.startswith(c.path)), None)
                if commune is not None:
                    todo.setdefault(commune.pk, []).append((step.pk, uid, step.kind))
    print(
        f"seeded {Unit.objects.count():,} units, {len(made)} rollouts, {StepRecord.objects.count():,} records, "
        f"300 documents, {len(users)} users in {time.perf_counter() - t:.0f} s"
    )
    return {"users": users, "rollouts": [r.pk for r in made], "todo": todo, "province": province.pk}


# --- server ----------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def server_env(tmp: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        TRIENKHAI_ENV="production",
        TRIENKHAI_SECRET_KEY="load-" + os.urandom(24).hex(),
        TRIENKHAI_ALLOWED_HOSTS=HOST,
        TRIENKHAI_SSL_REDIRECT="false",
        TRIENKHAI_HSTS_SECONDS="0",
        TRIENKHAI_VAR_DIR=str(tmp / "var"),
        TRIENKHAI_MEDIA_ROOT=str(tmp / "media"),
        TRIENKHAI_TESTING="0",
        TRIENKHAI_LOG_LEVEL="ERROR",
        DATABASE_URL=f"postgres://postgres@{HOST}:5432/{DB}",
    )
    return env


def start_server(env: dict[str, str], port: int, workers: int) -> subprocess.Popen:
    exe = Path(sys.executable)
    subprocess.run(
        [str(exe.with_name("trienkhai")), "collectstatic", "--no-input"],
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
        cwd=_django.ROOT,
    )
    proc = subprocess.Popen(
        [
            str(exe.with_name("gunicorn")),
            "trienkhai.wsgi:application",
            "--workers",
            str(workers),
            "--bind",
            f"{HOST}:{port}",
            "--log-level",
            "error",
        ],
        env=env,
        cwd=_django.ROOT,
        start_new_session=True,
    )
    for _ in range(150):
        try:
            c = http.client.HTTPConnection(HOST, port, timeout=2)
            c.request("GET", "/accounts/login/", headers={"X-Forwarded-Proto": "https"})
            if c.getresponse().status == 200:
                return proc
        except OSError:
            time.sleep(0.2)
    os.killpg(proc.pid, signal.SIGTERM)
    raise SystemExit("the server did not start")


# --- clients ---------------------------------------------------------------------------------------


class Session:
    """One signed-in user: its own connection and cookies."""

    def __init__(self, port: int):
        self.port = port
        self.conn = http.client.HTTPConnection(HOST, port, timeout=30)
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, form: dict | list | None = None) -> tuple[int, str, float]:
        headers = {
            "X-Forwarded-Proto": "https",
            "Host": f"{HOST}:{self.port}",
            "Referer": f"https://{HOST}:{self.port}{path}",
        }
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["X-CSRFToken"] = self.cookies.get("csrftoken", "")
        t = time.perf_counter()
        for attempt in range(2):
            try:
                self.conn.request(method, path, body=body, headers=headers)
                resp = self.conn.getresponse()
                text = resp.read().decode("utf-8", "replace")
                break
            except (http.client.HTTPException, ConnectionError):
                self.conn.close()
                if attempt:
                    raise
        ms = (time.perf_counter() - t) * 1000
        for header in resp.headers.get_all("Set-Cookie") or []:
            jar = SimpleCookie()
            jar.load(header)
            for k, morsel in jar.items():
                self.cookies[k] = morsel.value
        if resp.getheader("Connection", "").lower() == "close":
            self.conn.close()
        return resp.status, text, ms


CSRF_RE = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def login(s: Session, username: str) -> None:
    status, html, _ms = s.request("GET", "/accounts/login/")
    token = CSRF_RE.search(html).group(1)
    status, _html, _ms = s.request(
        "POST", "/accounts/login/", {"csrfmiddlewaretoken": token, "username": username, "password": PASSWORD}
    )
    if status != 302 or "sessionid" not in s.cookies:
        raise SystemExit(f"login of {username} failed: {status}")


class Stats:
    def __init__(self):
        self.lock = threading.Lock()
        self.samples: dict[str, list[float]] = {}
        self.status: dict[str, dict[int, int]] = {}
        self.errors: list[str] = []
        self.count = 0

    def add(self, label: str, status: int, ms: float, ok: bool, detail: str = "") -> None:
        with self.lock:
            self.count += 1
            self.samples.setdefault(label, []).append(ms)
            st = self.status.setdefault(label, {})
            st[status] = st.get(status, 0) + 1
            if not ok and len(self.errors) < 20:
                self.errors.append(f"{label} {status} {detail[:300]}")


def user_loop(
    port: int,
    username: str,
    commune: int,
    data: dict,
    stats: Stats,
    stop_at: list[float],
    think: float,
    seed_: int,
    ready,
) -> None:
    rng = random.Random(seed_)
    s = Session(port)
    login(s, username)
    # Warm-up, not measured: the workers' first imports and this user's first pages.
    for path in (
        "/rollouts/",
        f"/rollouts/{data['rollouts'][0]}/?unit={commune}",
        "/documents/?q=x",
        "/proposals/",
    ):
        s.request("GET", path)
    ready()
    if think:  # users do not all click at the same instant: spread the first requests
        time.sleep(rng.uniform(0, think))
    todo = list(data["todo"].get(commune, []))
    rng.shuffle(todo)
    queries = ["kế hoạch", "chuyển đổi số", "xay dung dang", "12-KH", "nông thôn", "giáo dục", "an sinh"]
    today = dt.date.today().isoformat()

    def get(label: str, path: str, expect=(200,)):
        status, text, ms = s.request("GET", path)
        stats.add(label, status, ms, status in expect and status < 500, path)
        return status, text

    while time.monotonic() < stop_at[0] and stats.count < MAX_REQUESTS:
        roll = rng.random()
        rollout = rng.choice(data["rollouts"])
        if roll < 0.25:
            get("dashboard", "/rollouts/")
        elif roll < 0.45:
            get("coverage drill-down", f"/rollouts/{rollout}/?unit={commune}")
        elif roll < 0.65 and todo:
            step, unit, kind = todo.pop()
            path = f"/rollouts/steps/{step}/units/{unit}/"
            status, html = get("record page", path)
            m = CSRF_RE.search(html)
            if status == 200 and m:
                form = [("csrfmiddlewaretoken", m.group(1)), ("done_on", today), ("note", "tải thử")]
                if kind in ("review", "report"):
                    form.append(("outcome", "Đã thực hiện đầy đủ"))
                if kind == "dissemination":
                    form += [("channels", "zalo"), ("reach", str(rng.randint(10, 500)))]
                status, text, ms = s.request("POST", path, form)
                stats.add(
                    "record step (POST)", status, ms, status == 302, text[-300:] if status != 302 else ""
                )
        elif roll < 0.85:
            get("document search", "/documents/?" + urllib.parse.urlencode({"q": rng.choice(queries)}))
        else:
            get("proposals inbox", "/proposals/")
        if think:
            time.sleep(rng.uniform(0.5 * think, 1.5 * think))


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--rollouts", type=int, default=50)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--think", type=float, default=1.0, help="mean pause between a user's requests, seconds"
    )
    args = parser.parse_args()
    if args.seconds > 600 or args.users > 200:
        raise SystemExit("bounded: at most 600 s and 200 users")

    tmp = Path(tempfile.mkdtemp(prefix="trienkhai-load-"))
    env = server_env(tmp)
    os.environ.update({k: env[k] for k in ("TRIENKHAI_VAR_DIR", "TRIENKHAI_MEDIA_ROOT")})
    _django.setup("postgres", DB)  # drop, create and migrate trienkhai_load
    data = seed(args.rollouts)
    from django.db import connections

    connections.close_all()
    port = free_port()
    server = start_server(env, port, args.workers)
    stats = Stats()
    try:
        users = data["users"][: args.users]
        print(
            f"{len(users)} users for {args.seconds} s against gunicorn ({args.workers} workers, production "
            f"settings, PostgreSQL) on {HOST}:{port}; think time ~{args.think} s"
        )
        # Sign-ins and warm-up are not measured: the clock starts once every user is ready.
        stop_at = [time.monotonic() + args.seconds + 300]
        started = threading.Barrier(len(users) + 1)
        threads = []

        def run(i: int, username: str, commune: int) -> None:
            try:
                user_loop(port, username, commune, data, stats, stop_at, args.think, i, started.wait)
            except threading.BrokenBarrierError:
                pass
            except BaseException as exc:  # noqa: BLE001
                stats.add("client error", 0, 0, False, repr(exc))
                started.abort()

        for i, (username, commune) in enumerate(users):
            threads.append(threading.Thread(target=run, args=(i, username, commune), daemon=True))
            threads[-1].start()
        started.wait(timeout=300)
        stop_at[0] = time.monotonic() + args.seconds
        t0 = time.monotonic()
        for t in threads:
            t.join(timeout=args.seconds + 120)
        elapsed = time.monotonic() - t0
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)

    print(
        f"\n{stats.count:,} requests in {elapsed:.0f} s ({stats.count / elapsed:.0f}/s), "
        f"think time ~{args.think} s"
    )
    print(f"  {'page':<24} {'n':>6} {'median':>9} {'p95':>9}   status")
    server_errors = 0
    verdicts = []
    for label, values in sorted(stats.samples.items()):
        statuses = stats.status[label]
        server_errors += sum(n for code, n in statuses.items() if code >= 500)
        med, p95 = statistics.median(values), pct(values, 95)
        write = "POST" in label
        target = WRITE_TARGET_MS if write else READ_TARGET_MS
        if label != "client error":
            verdicts.append(p95 < target)
        print(
            f"  {label:<24} {len(values):>6} {med:>7.0f}ms {p95:>7.0f}ms   {dict(sorted(statuses.items()))}"
            f"   target p95 < {target} ms: {'met' if p95 < target else 'NOT met'}"
        )
    print(f"server errors (5xx): {server_errors}")
    for e in stats.errors:
        print("  !", e)
    print("all targets met" if all(verdicts) and verdicts else "targets NOT all met")
    return 1 if server_errors or stats.errors else 0


if __name__ == "__main__":
    sys.exit(main())
