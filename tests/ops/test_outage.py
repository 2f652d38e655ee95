"""The database goes away while the site runs: a plain 503, then recovery.

A real PostgreSQL cluster of its own is started, stopped and started again under a
running gunicorn. Skipped where PostgreSQL's server programs are not installed.
"""

import contextlib
import glob
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings

PG_BIN = (sorted(glob.glob("/usr/lib/postgresql/*/bin")) or [""])[-1]
pytestmark = [
    pytest.mark.outage,
    pytest.mark.skipif(
        not os.path.exists(f"{PG_BIN}/initdb"), reason="PostgreSQL server programs not installed"
    ),
]


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Cluster:
    """A throwaway cluster in a temporary directory; as root, run as postgres."""

    def __init__(self):
        self.dir = Path(tempfile.mkdtemp(prefix="shandong-outage-"))
        self.port = free_port()
        self.as_owner = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        if self.as_owner:
            shutil.chown(self.dir, "postgres")
        self.run("initdb", "-D", f"{self.dir}/data", "-U", "postgres", "-A", "trust")

    def run(self, program, *args):
        subprocess.run(
            [*self.as_owner, f"{PG_BIN}/{program}", *args], check=True, capture_output=True
        )

    def start(self):
        options = f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c fsync=off"
        self.run(
            "pg_ctl",
            "-D",
            f"{self.dir}/data",
            "-l",
            f"{self.dir}/log",
            "-w",
            "-o",
            options,
            "start",
        )

    def stop(self, mode="fast"):
        self.run("pg_ctl", "-D", f"{self.dir}/data", "-m", mode, "-w", "stop")

    @property
    def url(self):
        return f"postgres://postgres@127.0.0.1:{self.port}/shandong"


@pytest.fixture
def cluster():
    cluster = Cluster()
    cluster.start()
    try:
        cluster.run(
            "psql",
            "-h",
            "127.0.0.1",
            "-p",
            str(cluster.port),
            "-U",
            "postgres",
            "-qc",
            "CREATE DATABASE shandong",
        )
        yield cluster
    finally:
        with contextlib.suppress(subprocess.CalledProcessError):  # already stopped
            cluster.stop("immediate")
        shutil.rmtree(cluster.dir, ignore_errors=True)


def fetch(url):
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode(), dict(response.headers)
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(), dict(error.headers)


def test_pages_answer_503_while_the_database_is_down_and_recover_when_it_returns(cluster):
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))}
    env = {
        **clean,
        "DATABASE_URL": cluster.url,
        "DJANGO_SETTINGS_MODULE": "tests.settings",  # plain HTTP, static files unhashed
        "DJANGO_SECRET_KEY": "outage-test-only",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
    }
    manage = [sys.executable, str(settings.BASE_DIR / "manage.py")]
    for command in (["migrate", "--noinput", "-v", "0"], ["seed"]):
        subprocess.run([*manage, *command], env=env, check=True, capture_output=True)
    port = free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "shandong.wsgi",
            "--workers",
            "1",
            "--bind",
            f"127.0.0.1:{port}",
            "--error-logfile",
            "-",
        ],
        env=env,
        cwd=settings.BASE_DIR,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    pages = [
        "/",
        "/statements/",
        "/people/sun-haisheng/",
        "/search/?q=hydrogen",
        "/statements/?format=csv",
    ]
    try:
        for _ in range(100):
            try:
                fetch(base + "/")
                break
            except OSError:
                time.sleep(0.1)
        assert [fetch(base + page)[0] for page in pages] == [200] * len(pages)

        cluster.stop()
        for page in pages:
            status, body, headers = fetch(base + page)
            assert status == 503, page
            assert "cannot reach its database" in body
            assert "Traceback" not in body and "OperationalError" not in body
            assert headers["Retry-After"] == "60"

        cluster.start()
        assert [fetch(base + page)[0] for page in pages] == [200] * len(pages)
    finally:
        server.terminate()
        server.wait(timeout=10)
