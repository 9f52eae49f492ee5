"""Start the real portal under gunicorn on its own database, for tests that need real workers or settings of their own
(the shared live_server in tests/browser/conftest.py runs one worker with the development settings)."""

import os
import secrets
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from tests.browser.conftest import (
    drop_postgres_database,
    own_postgres_database,
    run_flask_command,
    wait_until_healthy,
)
from tests.conftest import free_port

ROOT = Path(__file__).resolve().parents[1]


class RunningPortal:
    def __init__(self, base_url, database_url, access_log, env=None):
        self.base_url = base_url
        self.database_url = database_url
        self.access_log = access_log
        self.env = env

    def run_worker_once(self):
        """One round of `flask worker` on this portal's database and settings: the outbox's waiting messages go."""
        run_flask_command(Path(sys.executable).parent, self.env, "worker", "--once")

    def query(self, sql):
        """The first value of a query on the portal's database."""
        engine = create_engine(self.database_url)
        try:
            with engine.connect() as connection:
                return connection.execute(text(sql)).scalar()
        finally:
            engine.dispose()


@contextmanager
def serve_portal(workdir, name, workers=1, **settings):
    """Migrate a database of its own, load demo data, and serve wsgi:app with gunicorn; settings become environment
    variables. Access log lines are "pid method path status"."""
    bin_dir = Path(sys.executable).parent
    env = {key: value for key, value in os.environ.items() if key not in ("DATABASE_URL", "TEST_DATABASE_URL")}
    env.update(PORTAL_ENV="development", SECRET_KEY=secrets.token_hex(32), PYTHONUNBUFFERED="1")
    env.update({key: str(value) for key, value in settings.items()})
    shared_url = os.environ.get("TEST_DATABASE_URL") or os.environ.get("DATABASE_URL")
    postgres_admin_url = None
    if shared_url and make_url(shared_url).get_backend_name() == "postgresql":
        postgres_admin_url = shared_url
        env["DATABASE_URL"] = own_postgres_database(shared_url, name)
    else:
        env["DATABASE_URL"] = f"sqlite:///{workdir / f'{name}.sqlite3'}"
    server = None
    log_path = workdir / f"{name}-gunicorn.log"
    access_log = workdir / f"{name}-access.log"
    log = log_path.open("w")
    try:
        run_flask_command(bin_dir, env, "migrate")
        run_flask_command(bin_dir, env, "demo")
        base_url = f"http://127.0.0.1:{free_port()}"
        server = subprocess.Popen(
            [
                str(bin_dir / "gunicorn"),
                "--bind",
                base_url.removeprefix("http://"),
                "--workers",
                str(workers),
                "--access-logfile",
                str(access_log),
                "--access-logformat",
                "%(p)s %(m)s %(U)s %(s)s",
                "wsgi:app",
            ],
            cwd=ROOT,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        wait_until_healthy(base_url, server, log_path)
        yield RunningPortal(base_url, env["DATABASE_URL"], access_log, env)
    finally:
        if server is not None:
            server.terminate()
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
        log.close()
        if postgres_admin_url:
            drop_postgres_database(env["DATABASE_URL"], postgres_admin_url)
