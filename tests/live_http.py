"""A real gunicorn with production settings, for what Django's test client hides.

The test client skips CSRF checks unless asked, never sends bytes over a socket (so HEAD bodies,
Host headers and X-Forwarded-For reach the view as Python values, not as a server sees them),
and re-raises exceptions instead of answering 500. Tests that must see the site as a browser,
curl or a load balancer does use `live_server()` (tests/test_live_http.py).
"""

import os
import secrets
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GUNICORN = Path(sys.executable).parent / "gunicorn"
# The ports this project's issue 14 uses for servers on shared machines; any free one otherwise.
PREFERRED_PORTS = range(8140, 8150)


@dataclass
class LiveServer:
    base_url: str
    host: str
    port: int
    log: Path
    env: dict

    def raw(self, request: bytes, timeout: float = 30) -> bytes:
        """Send `request` as bytes and read everything the server answers until it closes."""
        with socket.create_connection((self.host, self.port), timeout=timeout) as connection:
            connection.sendall(request)
            chunks = []
            while chunk := connection.recv(65536):
                chunks.append(chunk)
        return b"".join(chunks)

    def request(
        self, method: str, target: str, headers: dict | None = None, body: bytes = b""
    ) -> tuple[int, dict[str, str], bytes]:
        """One HTTP/1.0 request with `target` sent exactly as given (already %-encoded)."""
        lines = [f"{method} {target} HTTP/1.0", f"Host: {self.host}:{self.port}"]
        lines += [f"{name}: {value}" for name, value in (headers or {}).items()]
        if body or method not in ("GET", "HEAD"):
            lines.append(f"Content-Length: {len(body)}")
        head = "\r\n".join(lines).encode("latin-1") + b"\r\n\r\n"
        return parse_response(self.raw(head + body))

    def manage(self, *args: str) -> str:
        return manage(self.env, *args)


def parse_response(raw: bytes) -> tuple[int, dict[str, str], bytes]:
    head, _, body = raw.partition(b"\r\n\r\n")
    status_line, *header_lines = head.decode("latin-1").split("\r\n")
    headers = {}
    for line in header_lines:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    return int(status_line.split()[1]), headers, body


def manage(env: dict, *args: str) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    if result.returncode:
        raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{result.stdout}{result.stderr}")
    return result.stdout


def production_env(database: Path, **overrides: str) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))}
    env.pop("REDIS_URL", None)
    env.update(
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        DJANGO_SECURE_SSL_REDIRECT="false",  # plain HTTP on 127.0.0.1, as behind a proxy
        DJANGO_SECURE_COOKIES="false",
        DJANGO_LOG_LEVEL="WARNING",
        DATABASE_URL=f"sqlite:///{database}",
        DJANGO_STATIC_ROOT=str(database.parent / "static"),  # not the checkout's staticfiles/
        **overrides,
    )
    return env


def free_port() -> int:
    for port in PREFERRED_PORTS:
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def live_server(directory: Path, **settings: str) -> Iterator[LiveServer]:
    """gunicorn (2 workers, production settings) on a fresh SQLite database in `directory`
    holding the shipped content and lessons; `settings` are extra environment variables."""
    env = production_env(directory / "db.sqlite3", **settings)
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "load_content")
    manage(env, "load_lessons")
    manage(env, "collectstatic", "--noinput", "-v0")
    port = free_port()
    log = directory / "gunicorn.log"
    with open(log, "w") as logfile:
        process = subprocess.Popen(
            [str(GUNICORN), "bodymap.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "2"]
            + ["--no-control-socket"],
            cwd=ROOT,
            env=env,
            stdout=logfile,
            stderr=subprocess.STDOUT,
        )
    server = LiveServer(f"http://127.0.0.1:{port}", "127.0.0.1", port, log, env)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if server.request("GET", "/healthz")[0] == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline or process.poll() is not None:
                raise RuntimeError(f"gunicorn did not start:\n{log.read_text()}")
            time.sleep(0.2)
        yield server
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
