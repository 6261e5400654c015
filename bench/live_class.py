"""make bench, live classes: 200 simulated phones in one class, two uvicorn workers sharing Redis.

Measures, against production settings on SQLite:
- delivery: the presenter shows 20 places one after another; every phone must receive each one.
  Latency runs from the moment the presenter page's POST starts (the save, the render and the
  Redis fan-out included; the page has already fetched the place's panel for itself, as the
  real page does) to the moment the phone's socket delivers it; p50, p95, max, lost.
- votes: 200 students answer a poll within 2 seconds (a quarter change their answer once);
  the presenter's CSV must count every student exactly once, each place as often as chosen.
- reconnect: a phone drops its socket and opens a new one; time until it has the current view
  (socket open plus the HTTP fetch of the state every page makes on connect).

Writes docs/live-class-benchmark.md and docs/live-class-benchmark.json (--quick: 50 phones, to
bench-out/). Needs Redis at REDIS_URL (default redis://127.0.0.1:6379/7); its keys carry a
per-run prefix, and nothing else in that database is touched.
"""

import asyncio
import csv
import datetime
import http.cookiejar
import io
import json
import math
import os
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from websockets.asyncio.client import connect

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench-out"
PYTHON = ROOT / ".venv" / "bin" / "python"
UVICORN = ROOT / ".venv" / "bin" / "uvicorn"
QUICK = "--quick" in sys.argv
PHONES = 50 if QUICK else 200
CHANGES = 20
PLACES = ["lower-back", "back-of-neck", "left-wrist", "right-hip", "left-knee", "head", "chest"]
REPORT = (OUT if QUICK else ROOT / "docs") / "live-class-benchmark.md"
RAW = REPORT.with_suffix(".json")


def log(message: str) -> None:
    print(f"[bench live class {time.strftime('%H:%M:%S')}] {message}", flush=True)


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


def summary_ms(seconds: list[float]) -> dict:
    ms = [s * 1000 for s in seconds]
    return {
        "n": len(ms),
        "p50": round(statistics.median(ms), 1),
        "p95": round(percentile(ms, 95), 1),
        "max": round(max(ms), 1),
    }


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def environment(database: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))}
    env.update(
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        DJANGO_SECURE_SSL_REDIRECT="false",
        DJANGO_SECURE_COOKIES="false",
        DATABASE_URL=f"sqlite:///{database}",
        REDIS_URL=os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/7"),
        CHANNELS_PREFIX=f"bench-{secrets.token_hex(4)}",  # this run's keys only
    )
    return env


def manage(env: dict, *args: str) -> str:
    result = subprocess.run(
        [str(PYTHON), "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if result.returncode:
        raise SystemExit(f"manage.py {' '.join(args)} failed:\n{result.stdout}{result.stderr}")
    return result.stdout


SETUP = """
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.auth.models import User
from django.contrib.sessions.backends.db import SessionStore
from classroom.models import ClassSession
user = User.objects.create_user("bench-educator", is_staff=True)
session = SessionStore()
session[SESSION_KEY] = str(user.pk)
session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
session[HASH_SESSION_KEY] = user.get_session_auth_hash()
session.create()
print(ClassSession.start(user).code, session.session_key)
"""


class Browser:
    """One visitor's cookies, over plain HTTP: enough for Django's session and CSRF."""

    def __init__(self, base: str, session_key: str | None = None):
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), NoRedirect()
        )
        if session_key:
            self.jar.set_cookie(_cookie("sessionid", session_key))

    def get(self, path: str, headers: dict | None = None) -> tuple[int, str]:
        request = urllib.request.Request(self.base + path, headers=headers or {})
        with self.opener.open(request, timeout=30) as response:
            return response.status, response.read().decode()

    def post(self, path: str, data: list[tuple[str, str]]) -> int:
        token = next(c.value for c in self.jar if c.name == "csrftoken")
        body = urllib.parse.urlencode(data).encode()
        request = urllib.request.Request(
            self.base + path, data=body, headers={"X-CSRFToken": token}, method="POST"
        )
        try:
            with self.opener.open(request, timeout=30) as response:
                return response.status
        except urllib.error.HTTPError as error:
            return error.code


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def _cookie(name: str, value: str) -> http.cookiejar.Cookie:
    return http.cookiejar.Cookie(
        0, name, value, None, False, "127.0.0.1", False, False, "/", True, False, None, False,
        None, None, {},
    )  # fmt: skip


async def delivery(base: str, code: str, presenter: Browser) -> dict:
    ws_url = base.replace("http://", "ws://") + f"/ws/class/{code}/"
    latencies: list[float] = []
    current: dict = {}  # the change under way: its place and when the request started
    ready = asyncio.Event()
    connected = 0

    async def phone() -> None:
        nonlocal connected
        async with connect(ws_url, origin=base, open_timeout=60, compression=None) as ws:
            connected += 1
            if connected == PHONES:
                ready.set()
            while True:
                message = json.loads(await ws.recv())
                # A late arrival of an earlier change does not match and counts as lost.
                if message["kind"] == "view" and current["marker"] in message["html"]:
                    latencies.append(time.time() - current["started"])

    tasks = [asyncio.create_task(phone()) for _ in range(PHONES)]
    await asyncio.wait_for(ready.wait(), timeout=120)
    await asyncio.sleep(1)
    for change in range(CHANGES):
        place = PLACES[change % len(PLACES)]
        # As on the presenter page: the click fetches the place's panel, then the page posts it
        # to the class. The clock starts at that post, where the room's part begins.
        await asyncio.to_thread(presenter.get, f"/regions/{place}/", {"HX-Request": "true"})
        current.update(marker=f'data-selected="{place}"', started=time.time())
        path = f"/class/{code}/show/"
        status = await asyncio.to_thread(presenter.post, path, [("path", f"/regions/{place}/")])
        assert status == 302, status
        await asyncio.sleep(0.6)  # a lecturer clicks far less often than this
    await asyncio.sleep(1.5)
    for task in tasks:
        task.cancel()
    expected = PHONES * CHANGES
    return {
        "phones": PHONES,
        "changes": CHANGES,
        "expected": expected,
        "received": len(latencies),
        "lost": expected - len(latencies),
        "latency_ms": summary_ms(latencies),
    }


def votes(base: str, code: str, presenter: Browser) -> dict:
    assert presenter.post(f"/class/{code}/polls/", [("question", "Where?")]) == 302
    poll_id = int(presenter.get(f"/class/{code}/present/")[1].split("/polls/")[1].split("/")[0])
    students = [Browser(base) for _ in range(PHONES)]
    with ThreadPoolExecutor(max_workers=50) as pool:
        list(pool.map(lambda s: s.get(f"/class/{code}/"), students))
        chosen = [
            [PLACES[n % len(PLACES)], PLACES[(n * 3 + 1) % len(PLACES)]] for n in range(PHONES)
        ]
        changers = set(range(0, PHONES, 4))

        def vote(n: int) -> list[int]:
            url = f"/class/{code}/polls/{poll_id}/vote/"
            statuses = []
            if n in changers:  # a first answer, changed below
                statuses.append(students[n].post(url, [("place", "head")]))
            statuses.append(students[n].post(url, [("place", p) for p in chosen[n]]))
            return statuses

        started = time.monotonic()
        statuses = [s for result in pool.map(vote, range(PHONES)) for s in result]
        took = time.monotonic() - started
    rows = list(
        csv.reader(io.StringIO(presenter.get(f"/class/{code}/polls/{poll_id}/results.csv")[1]))
    )
    counted = {row[1]: int(row[3]) for row in rows[1:] if row[1]}
    answered = int(rows[-1][3])
    wanted: dict[str, int] = {}
    for places in chosen:
        for place in set(places):
            wanted[place] = wanted.get(place, 0) + 1
    return {
        "students": PHONES,
        "requests": len(statuses),
        "seconds": round(took, 2),
        "all_accepted": all(s == 302 for s in statuses),
        "answered": answered,
        "counted_exactly_once": answered == PHONES and counted == wanted,
    }


async def reconnects(base: str, code: str, rounds: int = 20) -> dict:
    ws_url = base.replace("http://", "ws://") + f"/ws/class/{code}/"
    phone = Browser(base)
    times = []
    for _ in range(rounds):
        started = time.monotonic()
        async with connect(ws_url, origin=base, compression=None):
            status, html = await asyncio.to_thread(
                phone.get, f"/class/{code}/", {"HX-Request": "true"}
            )
            assert status == 200 and 'id="details"' in html
            times.append(time.monotonic() - started)
    return {"rounds": rounds, "to_current_view_ms": summary_ms(times)}


def main() -> None:
    OUT.mkdir(exist_ok=True)
    database = OUT / "live-class.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{database}{suffix}").unlink(missing_ok=True)
    env = environment(database)
    log("preparing a fresh SQLite database")
    for command in (["migrate", "--noinput"], ["load_content"], ["collectstatic", "--noinput"]):
        manage(env, *command)
    code, session_key = manage(env, "shell", "-c", SETUP).split()[-2:]  # after start-up notes
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    command = [str(UVICORN), "bodymap.asgi:application", "--host", "127.0.0.1", "--port", str(port)]
    command += ["--workers", "2", "--lifespan", "off", "--log-level", "warning"]
    # Without a limit uvicorn waits on SIGTERM for every socket a phone left open.
    command += ["--timeout-graceful-shutdown", "5"]
    with open(OUT / "uvicorn-live-class.log", "w") as logfile:
        server = subprocess.Popen(
            command,
            cwd=ROOT,
            env=env,
            stdout=logfile,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its workers share its process group, for the kill below
        )
    try:
        presenter = Browser(base, session_key)
        for _ in range(100):
            try:
                if presenter.get(f"/class/{code}/present/")[0] == 200:
                    break
            except OSError:
                time.sleep(0.2)
        results = {
            "date": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
            "machine": {"cpus": os.cpu_count()},
            "server": "uvicorn, 2 worker processes, channels-redis, SQLite, production settings",
        }
        log(f"delivery: {PHONES} phones, {CHANGES} changes")
        results["delivery"] = asyncio.run(delivery(base, code, presenter))
        log(f"votes: {PHONES} students")
        results["votes"] = votes(base, code, presenter)
        log("reconnects")
        results["reconnect"] = asyncio.run(reconnects(base, code))
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            # The numbers are taken: a server slow to stop must not lose them.
            log("uvicorn did not stop within 30 s of SIGTERM; killing its process group")
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()
    RAW.write_text(json.dumps(results, indent=2) + "\n")
    REPORT.write_text(report(results))
    log(f"wrote {REPORT.relative_to(ROOT)}")
    print(json.dumps(results, indent=2))


def report(r: dict) -> str:
    d, v, c = r["delivery"], r["votes"], r["reconnect"]
    lat, back = d["latency_ms"], c["to_current_view_ms"]
    votes_ok = v["counted_exactly_once"] and v["all_accepted"] and v["seconds"] <= 2
    rows = [
        (
            f"presenter changes reaching {d['phones']} phones ({d['changes']} changes)",
            f"{d['received']} of {d['expected']}, {d['lost']} lost",
            "0 lost",
            d["lost"] == 0,
        ),
        (
            "delivery latency, from the presenter's request to the phone",
            f"p50 {lat['p50']} ms, p95 {lat['p95']} ms, max {lat['max']} ms",
            "p95 ≤ 250 ms",
            lat["p95"] <= 250,
        ),
        (
            f"{v['students']} students voting ({v['requests']} requests, a quarter changing "
            "their answer)",
            f"{v['seconds']} s; {v['answered']} counted, exactly once: {v['counted_exactly_once']}",
            "every vote once, within 2 s",
            votes_ok,
        ),
        (
            f"a dropped phone back on the current view ({c['rounds']} times)",
            f"p50 {back['p50']} ms, max {back['max']} ms",
            "≤ 1 s",
            back["max"] <= 1000,
        ),
    ]
    table = "\n".join(
        f"| {what} | {result} | {target} | {'yes' if ok else 'no'} |"
        for what, result, target, ok in rows
    )
    return (
        "# Live class benchmark\n\n"
        f"`make bench` (bench/live_class.py), {r['date']}, {r['machine']['cpus']} CPUs; "
        f"{r['server']}. The simulated phones and the server share the machine.\n\n"
        "| measurement | result | target | met |\n|---|---|---|---|\n" + table + "\n"
    )


if __name__ == "__main__":
    main()
