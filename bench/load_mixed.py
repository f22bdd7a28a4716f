"""Mixed load on the production setup (issue 8 point 8). Prints figures; never fails on timing.

    .venv/bin/python bench/load_mixed.py                      # 50 users, 60 s, think time ~1 s
    .venv/bin/python bench/load_mixed.py --think 0            # no think time (a stress test)
    .venv/bin/python bench/load_mixed.py --users 10 --seconds 15 --rollouts 10   # a quick look
    .venv/bin/python bench/load_mixed.py --reuse              # keep the database of the last run
    .venv/bin/python bench/load_mixed.py --no-redis           # per-process cache, database sessions
    .venv/bin/python bench/load_mixed.py --threads 4          # gthread workers (measured slower here)
    .venv/bin/python bench/load_mixed.py --server-priority 10 # gunicorn's session ahead of other work
    .venv/bin/python bench/load_mixed.py --sign-ins           # every user signs in inside the window (issue 16)
    .venv/bin/python bench/load_mixed.py --sign-ins --old-hashes   # ... with PBKDF2 hashes, as before 0064

What it does: a fresh PostgreSQL database ``trienkhai_load`` (127.0.0.1) with the synthetic
province of ``bench/rollup.py`` (100 communes, 2,500 chi bộ, ``--rollouts`` rollouts of 5
steps, ~70 % done) plus 300 documents, 1,000 proposals (10 per commune from its chi bộ) and
one editor per commune; ``collectstatic``; then gunicorn with the project's configuration
(``trienkhai/gunicorn_conf.py``: 2 sync workers; ``--threads N`` for gthread) and
``TRIENKHAI_ENV=production`` (secret key, allowed host 127.0.0.1, no SSL redirect; requests
carry ``X-Forwarded-Proto: https`` as from a TLS proxy, which the production settings trust),
with the shared Redis cache on 127.0.0.1:6379 when it answers (``TRIENKHAI_CACHE_URL``).

Each simulated user signs in (CSRF), then loops until the time is up: committee dashboard,
coverage drill-down, a step record page, its POST (CSRF) and the page it redirects to, a
document search, the proposals inbox and one proposal opened from it; one loop in ten also
fetches a static file (``/static/css/app.css``, served by the same gunicorn through WhiteNoise) as
the baseline of the same run. With ``--sign-ins`` every user signs in again when the window opens
(50 sign-ins at once: the storm of issue 16 point 7) and again every ~15 loops, each sign-in
measured (its form and its POST); ``--old-hashes`` stores every user's password with Django's
PBKDF2 (1,500,000 iterations) again just before the window (the warm-up sign-ins rewrote them),
so the storm checks PBKDF2 — as every sign-in did before decisions/0064 — and rewrites each hash
as Argon2id, so later sign-ins in the window are Argon2id ones. The users are asyncio
tasks in this one process, each with its own keep-alive connection and cookies, so the load
generator costs little CPU on the machine it shares with the server; its own CPU time is
printed with the figures. Only 127.0.0.1 is contacted; the request count and the time are
bounded; the server is stopped at the end.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import datetime as dt
import os
import random
import re
import resource
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from http.cookies import SimpleCookie
from pathlib import Path

sys.path.insert(0, os.path.dirname(__file__))
import _django  # noqa: E402

from trienkhai.core.scoping import SYSTEM

HOST = "127.0.0.1"
DB = "trienkhai_load"
DB_URL = f"postgres://postgres@{HOST}:5432/{DB}"
REDIS_URL = "redis://127.0.0.1:6379/0"
PASSWORD = "load-test-password-2024"
MAX_REQUESTS = 200_000  # a hard bound besides the time
READ_TARGET_MS, WRITE_TARGET_MS = 300, 800


# --- data ------------------------------------------------------------------------------------------


def seed(rollouts: int) -> None:
    """Build the province in-process (bulk, like bench/rollup.py), documents, proposals, users."""
    from rollup import build_rollouts, build_tree

    from trienkhai.accounts.models import User
    from trienkhai.accounts.services import role_grant, user_create
    from trienkhai.documents.services import document_register
    from trienkhai.orgs.models import Unit
    from trienkhai.proposals.choices import ProposalCategory
    from trienkhai.proposals.services import proposal_acknowledge, proposal_answer, proposal_send
    from trienkhai.rollout.models import StepRecord

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
            acting_user=SYSTEM,
        )
    # Proposals: 10 per commune from its chi bộ; a third acknowledged, a third answered.
    categories = list(ProposalCategory.values)
    for commune in communes:
        cells = Unit.objects.filter(path__startswith=commune.path, kind="chi_bo").order_by("path")[:10]
        for j, cell in enumerate(cells):
            sent = today - dt.timedelta(days=rng.randint(0, 90))
            topic = rng.choice(words)
            p = proposal_send(
                sender=cell,
                addressee=commune,
                category=rng.choice(categories),
                title=f"Kiến nghị về {topic}",
                content=f"Chi bộ đề nghị hướng dẫn thêm về {topic}.\nCần tài liệu và kinh phí tổ chức.",
                sent_on=sent,
                acting_user=SYSTEM,
            )
            if j % 3 == 1:
                proposal_acknowledge(proposal=p, on=sent, acting_user=SYSTEM)
            elif j % 3 == 2:
                answered = min(today, sent + dt.timedelta(days=rng.randint(1, 40)))
                proposal_answer(proposal=p, text=f"Đã hướng dẫn về {topic}.", on=answered, acting_user=SYSTEM)
    first = user_create(username="load-0", password=PASSWORD, acting_user=SYSTEM)
    for i, commune in enumerate(communes[:100]):
        user = first if i == 0 else user_create(username=f"load-{i}", password=None, acting_user=SYSTEM)
        role_grant(user=user, unit=commune, role="editor", acting_user=SYSTEM)
    User.objects.filter(username__startswith="load-").update(password=first.password)  # one hash: fast set-up
    # Planner statistics, as autovacuum keeps them in production (this machine's PostgreSQL
    # runs with autovacuum off): without them every plan over the bulk-loaded tables is a guess.
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(
        f"seeded {Unit.objects.count():,} units, {len(made)} rollouts, {StepRecord.objects.count():,} records, "
        f"300 documents, {len(communes) * 10:,} proposals, 100 users in {time.perf_counter() - t:.0f} s"
    )


def collect() -> dict:
    """What the users need: (username, commune), the rollouts, and per commune the (step, chi bộ)
    pairs without a record, for the write part of the workload."""
    from trienkhai.accounts.models import Role
    from trienkhai.orgs.models import Unit
    from trienkhai.rollout.models import Rollout, StepRecord
    from trienkhai.rollout.services import units_in_scope

    roles = Role.objects.filter(user__username__startswith="load-").select_related("user", "unit")
    users = sorted(((r.user.username, r.unit_id) for r in roles), key=lambda u: int(u[0].split("-")[1]))
    communes = list(Unit.objects.filter(kind="dang_uy_xa").order_by("path"))
    rollouts = list(Rollout.objects.order_by("pk"))
    todo: dict[int, list[tuple[int, int, str]]] = {}
    for r in rollouts:
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
    return {"users": users, "rollouts": [r.pk for r in rollouts], "todo": todo}


def use_existing_database() -> bool:
    """--reuse: point Django at the database of the last run if it has the load users."""
    probe = subprocess.run(
        ["psql", "-h", HOST, "-U", "postgres", "-d", DB, "-tAc", "select count(*) from accounts_user"],
        capture_output=True,
        text=True,
    )
    if probe.returncode != 0 or not probe.stdout.strip().isdigit() or int(probe.stdout) < 100:
        return False
    os.environ.update(DATABASE_URL=DB_URL, TRIENKHAI_TESTING="0")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "trienkhai.settings")
    import django

    django.setup()
    return True


# --- server ----------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def redis_answers(url: str) -> bool:
    parts = urllib.parse.urlsplit(url)
    try:
        with socket.create_connection((parts.hostname or HOST, parts.port or 6379), timeout=1) as s:
            s.sendall(b"PING\r\n")
            return s.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def server_env(tmp: Path, args: argparse.Namespace) -> dict[str, str]:
    env = dict(os.environ)
    for name in (
        "TRIENKHAI_CACHE_URL",
        "TRIENKHAI_CACHE_PREFIX",
        "TRIENKHAI_WEB_WORKERS",
        "TRIENKHAI_WEB_THREADS",
    ):
        env.pop(name, None)
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
        TRIENKHAI_WEB_WORKERS=str(args.workers),
        TRIENKHAI_WEB_THREADS=str(args.threads),
        DATABASE_URL=DB_URL,
    )
    if args.cache_url:
        # A prefix of its own per run: nothing cached by an earlier run (another database) is read.
        env.update(
            TRIENKHAI_CACHE_URL=args.cache_url, TRIENKHAI_CACHE_PREFIX=f"load-{os.getpid()}-{time.time():.0f}"
        )
    return env


def start_server(env: dict[str, str], port: int, priority: int = 0) -> subprocess.Popen:
    exe = Path(sys.executable)
    subprocess.run(
        [str(exe.with_name("trienkhai")), "collectstatic", "--no-input"],
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
        cwd=_django.ROOT,
    )
    # --server-priority N: gunicorn at nice -N, ahead of whatever else shares the machine
    # (on a dedicated server nothing else competes with it; this client is not reniced).
    nice = ["nice", "-n", str(-priority)] if priority else []
    proc = subprocess.Popen(
        [
            *nice,
            str(exe.with_name("gunicorn")),
            "trienkhai.wsgi:application",
            "--config",
            "python:trienkhai.gunicorn_conf",
            "--bind",
            f"{HOST}:{port}",
            "--log-level",
            "error",
        ],
        env=env,
        cwd=_django.ROOT,
        start_new_session=True,
    )
    if priority:
        # The kernel shares the CPU between sessions (autogroups) before nice counts inside
        # one: raise the server's session as a whole.
        try:
            Path(f"/proc/{proc.pid}/autogroup").write_text(str(-priority))
        except OSError:
            pass
    for _ in range(150):
        try:
            with socket.create_connection((HOST, port), timeout=2) as s:
                s.sendall(b"GET /accounts/login/ HTTP/1.0\r\nX-Forwarded-Proto: https\r\n\r\n")
                if s.recv(12).split(b" ")[1:2] == [b"200"]:
                    return proc
        except OSError:
            pass
        time.sleep(0.2)
    os.killpg(proc.pid, signal.SIGTERM)
    raise SystemExit("the server did not start")


# --- CPU accounting --------------------------------------------------------------------------------

TICK = os.sysconf("SC_CLK_TCK")


def _proc_cpu(pid: int) -> float:
    """utime + stime of a process (all its threads), seconds; 0 if it is gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / TICK
    except (OSError, IndexError, ValueError):
        return 0.0


def _machine_ticks() -> tuple[int, int]:
    """(busy, total) ticks of all CPUs since boot."""
    values = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = values[3] + values[4]  # idle + iowait
    return sum(values) - idle, sum(values)


def cpu_snapshot(server_pid: int) -> dict:
    """CPU seconds so far of this client, of the gunicorn master and workers, of each PostgreSQL
    process (those serving the load database marked), and the machine's busy/total ticks."""
    server = 0.0
    postgres: dict[int, tuple[float, bool]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        pid = int(entry.name)
        try:
            stat = Path(f"/proc/{pid}/stat").read_text()
            cmdline = (
                Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode("utf-8", "replace")
            )
        except OSError:
            continue
        comm = stat[stat.index("(") + 1 : stat.rindex(")")]
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        if pid == server_pid or ppid == server_pid:
            server += _proc_cpu(pid)
        elif comm == "postgres" or cmdline.startswith("postgres"):
            cpu = _proc_cpu(pid)
            if "postgres:" not in cmdline:  # the postmaster: add its exited backends (reaped children)
                fields = stat.rsplit(")", 1)[1].split()
                cpu += (int(fields[13]) + int(fields[14])) / TICK
            postgres[pid] = (cpu, f" {DB} " in cmdline)
    usage = resource.getrusage(resource.RUSAGE_SELF)
    busy, total = _machine_ticks()
    return {
        "client": usage.ru_utime + usage.ru_stime,
        "server": server,
        "postgres": postgres,
        "busy": busy / TICK,
        "total": total / TICK,
    }


def cpu_used(before: dict, after: dict) -> dict:
    """What was spent between two snapshots. PostgreSQL: every process (the backends that
    ended in between through the postmaster's reaped-children times); the load database's
    share counts only its backends alive at the end (a lower bound: CONN_MAX_AGE recycles them)."""
    used = {k: after[k] - before[k] for k in ("client", "server", "busy", "total")}
    pg = [
        (cpu - before["postgres"].get(pid, (0.0, False))[0], load)
        for pid, (cpu, load) in after["postgres"].items()
    ]
    used["postgres"] = sum(cpu for cpu, _load in pg)
    used["postgres_load"] = sum(cpu for cpu, load in pg if load)
    return used


# --- clients ---------------------------------------------------------------------------------------


class Session:
    """One signed-in user: its own keep-alive HTTP/1.1 connection and cookies (asyncio streams)."""

    def __init__(self, port: int):
        self.port = port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None
        self.cookies: dict[str, str] = {}

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None

    async def _exchange(self, raw: bytes) -> tuple[int, list[tuple[str, str]], bytes]:
        if self.writer is None or self.reader is None or self.reader.at_eof():
            self.close()
            self.reader, self.writer = await asyncio.open_connection(HOST, self.port)
        self.writer.write(raw)
        line = await self.reader.readline()
        if not line:
            raise ConnectionResetError("closed by the server")
        status = int(line.split()[1])
        headers = []
        while True:
            line = await self.reader.readline()
            if line in (b"\r\n", b"\n", b""):
                break
            name, _sep, value = line.decode("latin-1").partition(":")
            headers.append((name.strip().lower(), value.strip()))
        fields = dict(headers)
        if "content-length" in fields:
            body = await self.reader.readexactly(int(fields["content-length"]))
        elif fields.get("transfer-encoding", "").lower() == "chunked":
            parts = []
            while True:
                size = int((await self.reader.readline()).split(b";")[0], 16)
                if size == 0:
                    await self.reader.readline()
                    break
                parts.append(await self.reader.readexactly(size))
                await self.reader.readline()
            body = b"".join(parts)
        else:
            body = await self.reader.read()
            self.close()
        if fields.get("connection", "").lower() == "close":
            self.close()
        return status, headers, body

    async def request(
        self, method: str, path: str, form: dict | list | None = None
    ) -> tuple[int, str, float, dict[str, str]]:
        lines = [
            f"{method} {path} HTTP/1.1",
            f"Host: {HOST}:{self.port}",
            "X-Forwarded-Proto: https",
            f"Referer: https://{HOST}:{self.port}{path}",
            "Accept-Encoding: identity",
        ]
        if self.cookies:
            lines.append("Cookie: " + "; ".join(f"{k}={v}" for k, v in self.cookies.items()))
        body = b""
        if form is not None:
            body = urllib.parse.urlencode(form, doseq=True).encode()
            lines += [
                "Content-Type: application/x-www-form-urlencoded",
                f"X-CSRFToken: {self.cookies.get('csrftoken', '')}",
            ]
        lines.append(f"Content-Length: {len(body)}")
        raw = ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body
        t = time.perf_counter()
        for attempt in range(2):
            try:
                status, headers, data = await self._exchange(raw)
                break
            except (ConnectionError, asyncio.IncompleteReadError):
                self.close()  # a keep-alive connection closed while idle: open a new one once
                if attempt:
                    raise
        ms = (time.perf_counter() - t) * 1000
        for name, value in headers:
            if name == "set-cookie":
                jar = SimpleCookie()
                jar.load(value)
                for k, morsel in jar.items():
                    self.cookies[k] = morsel.value
        return status, data.decode("utf-8", "replace"), ms, dict(headers)


CSRF_RE = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
PROPOSAL_RE = re.compile(r'href="(/proposals/\d+/)"')


async def measured_login(s: Session, username: str, stats: Stats) -> None:
    """A sign-in from a fresh browser, timed: the form, then its POST."""
    s.cookies.clear()
    status, html, ms, _h = await s.request("GET", "/accounts/login/")
    stats.add("sign-in page", status, ms, status == 200, "/accounts/login/")
    m = CSRF_RE.search(html)
    if not m:
        return
    status, text, ms, _h = await s.request(
        "POST",
        "/accounts/login/",
        {"csrfmiddlewaretoken": m.group(1), "username": username, "password": PASSWORD},
    )
    stats.add("sign-in (POST)", status, ms, status == 302 and "sessionid" in s.cookies, text[-300:])


async def login(s: Session, username: str) -> None:
    _status, html, _ms, _h = await s.request("GET", "/accounts/login/")
    token = CSRF_RE.search(html).group(1)
    status, _html, _ms, _h = await s.request(
        "POST", "/accounts/login/", {"csrfmiddlewaretoken": token, "username": username, "password": PASSWORD}
    )
    if status != 302 or "sessionid" not in s.cookies:
        raise SystemExit(f"login of {username} failed: {status}")


class Stats:
    def __init__(self):
        self.samples: dict[str, list[float]] = {}
        self.status: dict[str, dict[int, int]] = {}
        self.errors: list[str] = []
        self.count = 0

    def add(self, label: str, status: int, ms: float, ok: bool, detail: str = "") -> None:
        self.count += 1
        self.samples.setdefault(label, []).append(ms)
        st = self.status.setdefault(label, {})
        st[status] = st.get(status, 0) + 1
        if not ok and len(self.errors) < 20:
            self.errors.append(f"{label} {status} {detail[:300]}")


async def user_loop(
    port: int,
    username: str,
    commune: int,
    data: dict,
    stats: Stats,
    clock: dict,
    think: float,
    seed_: int,
    ready: asyncio.Event,
    signed_in: list[int],
    sign_ins: bool = False,
) -> None:
    rng = random.Random(seed_)
    s = Session(port)
    try:
        await login(s, username)
        # Warm-up, not measured: the workers' first imports and this user's first pages.
        for path in (
            "/rollouts/",
            f"/rollouts/{data['rollouts'][0]}/?unit={commune}",
            "/documents/?q=x",
            "/proposals/",
        ):
            await s.request("GET", path)
        signed_in[0] += 1
        await ready.wait()
        if sign_ins:  # all at once, as at the start of a meeting: the sign-in storm
            await measured_login(s, username, stats)
        if think:  # users do not all click at the same instant: spread the first requests
            await asyncio.sleep(rng.uniform(0, think))
        todo = list(data["todo"].get(commune, []))
        rng.shuffle(todo)
        queries = ["kế hoạch", "chuyển đổi số", "xay dung dang", "12-KH", "nông thôn", "giáo dục", "an sinh"]
        today = dt.date.today().isoformat()

        async def get(label: str, path: str) -> tuple[int, str]:
            status, text, ms, _h = await s.request("GET", path)
            stats.add(label, status, ms, status == 200, path)
            return status, text

        async def pause() -> None:
            if think:
                await asyncio.sleep(rng.uniform(0.5 * think, 1.5 * think))

        while time.monotonic() < clock["stop"] and stats.count < MAX_REQUESTS:
            if rng.random() < 0.1:
                await get("static file", "/static/css/app.css")
            if sign_ins and rng.random() < 1 / 15:
                await measured_login(s, username, stats)
            roll = rng.random()
            rollout = rng.choice(data["rollouts"])
            if roll < 0.25:
                await get("dashboard", "/rollouts/")
            elif roll < 0.45:
                await get("coverage drill-down", f"/rollouts/{rollout}/?unit={commune}")
            elif roll < 0.65 and todo:
                # Recording a step: open the form, think, submit, land on the record page again.
                step, unit, kind = todo.pop()
                path = f"/rollouts/steps/{step}/units/{unit}/"
                status, html = await get("record page", path)
                m = CSRF_RE.search(html)
                if status == 200 and m:
                    await pause()
                    form = [("csrfmiddlewaretoken", m.group(1)), ("done_on", today), ("note", "tải thử")]
                    if kind in ("review", "report"):
                        form.append(("outcome", "Đã thực hiện đầy đủ"))
                    if kind == "dissemination":
                        form += [("channels", "zalo"), ("reach", str(rng.randint(10, 500)))]
                    status, text, ms, headers = await s.request("POST", path, form)
                    stats.add("record a step (POST)", status, ms, status == 302, text[-300:])
                    if status == 302:
                        target = urllib.parse.urlsplit(headers.get("location", path)).path
                        await get("record page, redirected", target)
            elif roll < 0.85:
                await get(
                    "document search", "/documents/?" + urllib.parse.urlencode({"q": rng.choice(queries)})
                )
            else:
                # The inbox, then one of the proposals it lists.
                status, html = await get("proposals inbox", "/proposals/")
                links = PROPOSAL_RE.findall(html)
                if status == 200 and links:
                    await pause()
                    await get("proposal (open)", rng.choice(links))
            await pause()
    finally:
        s.close()


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


async def drive(
    port: int, users: list, data: dict, stats: Stats, args, server_pid: int
) -> tuple[float, dict]:
    ready = asyncio.Event()
    signed_in = [0]
    clock = {"stop": time.monotonic() + args.seconds + 600}
    tasks = [
        asyncio.create_task(
            user_loop(
                port, username, commune, data, stats, clock, args.think, i, ready, signed_in, args.sign_ins
            )
        )
        for i, (username, commune) in enumerate(users)
    ]
    # Sign-ins and warm-up are not measured: the clock starts once every user is ready.
    deadline = time.monotonic() + 300
    while signed_in[0] < len(users):
        failed = [t for t in tasks if t.done()]
        if failed or time.monotonic() > deadline:
            for t in tasks:
                t.cancel()
            for t in failed:
                if not t.cancelled() and t.exception() is not None:
                    raise t.exception()
            raise SystemExit("the users did not all sign in")
        await asyncio.sleep(0.05)
    if args.old_hashes:
        # The warm-up sign-ins rewrote the hashes as Argon2id: store PBKDF2 ones again, so the
        # storm that opens the window checks PBKDF2, as every sign-in did before decisions/0064.
        await asyncio.to_thread(store_passwords, True)
    before = cpu_snapshot(server_pid)
    clock["stop"] = time.monotonic() + args.seconds
    t0 = time.monotonic()
    ready.set()
    results = await asyncio.gather(*tasks, return_exceptions=True)
    elapsed = time.monotonic() - t0
    after = cpu_snapshot(server_pid)
    for r in results:
        if isinstance(r, BaseException):
            stats.add("client error", 0, 0, False, repr(r))
    return elapsed, cpu_used(before, after)


def store_passwords(old: bool) -> None:
    """Every load user's password, hashed once: as Argon2id (today's default) or as PBKDF2."""
    from django.contrib.auth.hashers import make_password
    from django.db import connections
    from django.test import override_settings

    from trienkhai.accounts.models import User

    pbkdf2 = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
    with override_settings(PASSWORD_HASHERS=pbkdf2) if old else contextlib.nullcontext():
        encoded = make_password(PASSWORD)
    User.objects.filter(username__startswith="load-").update(password=encoded)
    connections.close_all()
    print(f"passwords stored as {'$'.join(encoded.split('$')[:-2])}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--rollouts", type=int, default=50)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=1, help="threads per worker (1 = sync workers)")
    parser.add_argument(
        "--think", type=float, default=1.0, help="mean pause between a user's requests, seconds"
    )
    parser.add_argument("--cache-url", default=REDIS_URL, help="TRIENKHAI_CACHE_URL (if it answers)")
    parser.add_argument("--no-redis", dest="cache_url", action="store_const", const="")
    parser.add_argument("--reuse", action="store_true", help="keep the database of the last run if any")
    parser.add_argument("--sign-ins", action="store_true", help="every user signs in inside the window")
    parser.add_argument(
        "--old-hashes", action="store_true", help="PBKDF2 hashes before the run (as before 0064)"
    )
    parser.add_argument(
        "--server-priority",
        type=int,
        default=0,
        help="run gunicorn at nice -N (root only): on a machine shared with other work",
    )
    args = parser.parse_args()
    if args.seconds > 600 or args.users > 200:
        raise SystemExit("bounded: at most 600 s and 200 users")
    if args.cache_url and not redis_answers(args.cache_url):
        print(f"no Redis at {args.cache_url}: the per-process cache")
        args.cache_url = ""

    tmp = Path(tempfile.mkdtemp(prefix="trienkhai-load-"))
    env = server_env(tmp, args)
    os.environ.update({k: env[k] for k in ("TRIENKHAI_VAR_DIR", "TRIENKHAI_MEDIA_ROOT")})
    if not (args.reuse and use_existing_database()):
        _django.setup("postgres", DB)  # drop, create and migrate trienkhai_load
        seed(args.rollouts)
    data = collect()
    store_passwords(False)
    from django.db import connections

    connections.close_all()
    port = free_port()
    server = start_server(env, port, args.server_priority)
    stats = Stats()
    users = data["users"][: args.users]
    setup = (
        f"gunicorn {args.workers} workers × {args.threads} threads "
        f"({'gthread' if args.threads > 1 else 'sync'}), production settings, PostgreSQL, "
        f"cache {'Redis (shared), sessions cached_db' if args.cache_url else 'per-process LocMem, sessions db'}"
        + (f", gunicorn at nice -{args.server_priority}" if args.server_priority else "")
    )
    print(
        f"{len(users)} users for {args.seconds} s; {setup}; think time ~{args.think} s; "
        f"sign-ins in the window: {'yes' if args.sign_ins else 'no'}"
    )
    load_before = os.getloadavg()
    try:
        elapsed, cpu = asyncio.run(drive(port, users, data, stats, args, server.pid))
        load_after = os.getloadavg()
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
        if args.cache_url:  # leave the shared Redis as it was: drop this run's keys
            import redis

            client = redis.Redis.from_url(args.cache_url)
            for key in client.scan_iter(match=f"{env['TRIENKHAI_CACHE_PREFIX']}:*", count=1000):
                client.delete(key)

    print(
        f"\n{stats.count:,} requests in {elapsed:.0f} s ({stats.count / elapsed:.1f}/s), "
        f"think time ~{args.think} s"
    )
    print(f"  {'page':<24} {'n':>6} {'median':>9} {'p95':>9} {'p99':>9}   status")
    server_errors = 0
    verdicts = []
    for label, values in sorted(stats.samples.items()):
        statuses = stats.status[label]
        server_errors += sum(n for code, n in statuses.items() if code >= 500)
        med, p95, p99 = statistics.median(values), pct(values, 95), pct(values, 99)
        write = "POST" in label
        target = WRITE_TARGET_MS if write else READ_TARGET_MS
        if label != "client error":
            verdicts.append(p95 < target)
        print(
            f"  {label:<24} {len(values):>6} {med:>7.0f}ms {p95:>7.0f}ms {p99:>7.0f}ms   {dict(sorted(statuses.items()))}"
            f"   target p95 < {target} ms: {'met' if p95 < target else 'NOT met'}"
        )
    groups = {
        "(all reads)": [
            v
            for label, values in stats.samples.items()
            if "POST" not in label and label != "static file"
            for v in values
        ],
        "(all writes)": [v for label, values in stats.samples.items() if "POST" in label for v in values],
        "(all pages)": [
            v for label, values in stats.samples.items() if label != "static file" for v in values
        ],
    }
    for name, values in groups.items():
        if values:
            print(
                f"  {name:<24} {len(values):>6} {statistics.median(values):>7.0f}ms {pct(values, 95):>7.0f}ms"
                f" {pct(values, 99):>7.0f}ms"
            )
    print(f"server errors (5xx): {server_errors}")
    cores = os.cpu_count() or 1
    wall = cpu["total"] / cores
    other = cpu["busy"] - cpu["client"] - cpu["server"] - cpu["postgres"]
    print(
        f"CPU over the {elapsed:.0f} s ({cores} cores = {wall * cores:.0f} core-s): machine busy "
        f"{100 * cpu['busy'] / cpu['total']:.0f} %; gunicorn {cpu['server']:.1f} s, PostgreSQL "
        f"{cpu['postgres']:.1f} s (all databases; the load database's live backends {cpu['postgres_load']:.1f} s), this client "
        f"{cpu['client']:.1f} s ({1000 * cpu['client'] / max(stats.count, 1):.2f} ms per request), "
        f"everything else {other:.1f} s; load average {load_before[0]:.1f} before, {load_after[0]:.1f} after"
    )
    print(
        f"server CPU per request: gunicorn {1000 * cpu['server'] / max(stats.count, 1):.1f} ms + "
        f"PostgreSQL (all databases) {1000 * cpu['postgres'] / max(stats.count, 1):.1f} ms"
    )
    for e in stats.errors:
        print("  !", e)
    print("all targets met" if all(verdicts) and verdicts else "targets NOT all met")
    return 1 if server_errors or stats.errors else 0


if __name__ == "__main__":
    sys.exit(main())
