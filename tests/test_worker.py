"""Real `flask --app wsgi worker` processes sharing one database (issue 20): two workers deliver 1,000 messages with
none lost and none twice, counted by Message-ID at a real SMTP server, even when one is killed with SIGKILL halfway
(PostgreSQL, where workers claim with FOR UPDATE SKIP LOCKED); and each scheduled job runs once per period with two
workers running (on whichever database the suite runs)."""

import email
import os
import secrets
import signal
import subprocess
import sys
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from email import policy
from pathlib import Path

import pytest
import time_machine
from aiosmtpd.controller import Controller
from sqlalchemy import func, select
from sqlalchemy.engine import make_url

from portal import outbox, schedule
from portal.clock import london_today
from portal.models import JobRun, Message, MessageState, User
from tests.conftest import free_port
from tests.tell_us.conftest import Inbox
from tests.triage.conftest import new_case

ROOT = Path(__file__).resolve().parents[1]
# How long to wait for the workers to finish what they were given: a deadline for a stuck worker, not a measure.
DEADLINE_SECONDS = 180


@pytest.fixture
def smtp_server():
    received = Inbox()
    controller = Controller(received, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield controller.port, received
    controller.stop()


def start_worker(log_path, database_url, mail_port, **settings):
    env = {key: value for key, value in os.environ.items() if key not in ("DATABASE_URL", "TEST_DATABASE_URL")}
    env.update(
        PORTAL_ENV="development",
        SECRET_KEY=secrets.token_hex(16),
        DATABASE_URL=database_url,
        MAIL_SERVER="127.0.0.1",
        MAIL_PORT=str(mail_port),
        OUTBOX_POLL_SECONDS="0.1",
        PYTHONUNBUFFERED="1",
        **settings,
    )
    with open(log_path, "w") as log:
        worker = subprocess.Popen(
            [str(Path(sys.executable).parent / "flask"), "--app", "wsgi", "worker"],
            cwd=ROOT,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    worker.log_path = log_path
    return worker


def wait_for(condition, what):
    deadline = time.monotonic() + DEADLINE_SECONDS
    while not condition():
        assert time.monotonic() < deadline, f"gave up waiting: {what}"
        time.sleep(0.2)


def stop(worker):
    if worker.poll() is None:
        worker.send_signal(signal.SIGTERM)
    try:
        worker.wait(timeout=30)
    finally:
        if worker.poll() is None:
            worker.kill()
            worker.wait()
    return worker.returncode, Path(worker.log_path).read_text(errors="replace")


def test_two_workers_deliver_1000_messages_once_each_though_one_is_killed_halfway(
    app, database_url, db_session, smtp_server, tmp_path
):
    if make_url(database_url).get_backend_name() != "postgresql":
        pytest.skip(
            "workers claim with FOR UPDATE SKIP LOCKED on PostgreSQL; run with DATABASE_URL=postgresql+psycopg://..."
        )
    port, received = smtp_server
    with app.app_context():
        written = [
            outbox.enqueue("digest", f"officer{n}@example.org", f"Message {n}", f"Body {n}") for n in range(1000)
        ]
        outbox.get_session().commit()
        expected_ids = {message.message_id for message in written}
    # Short claims, so the killed worker's messages are taken over within seconds.
    settings = {"OUTBOX_CLAIM_SECONDS": "4", "MAIL_TIMEOUT_SECONDS": "1"}
    first = start_worker(tmp_path / "first.log", database_url, port, **settings)
    second = start_worker(tmp_path / "second.log", database_url, port, **settings)
    try:
        wait_for(lambda: len(received) >= 500, "half the messages")
        first.send_signal(signal.SIGKILL)
        first.wait()

        def all_sent():
            db_session.expire_all()
            return db_session.scalar(select(func.count()).where(Message.state == MessageState.SENT)) == 1000

        wait_for(all_sent, "every message sent")
    finally:
        stop(first)
        returncode, errors = stop(second)
    assert returncode == 0, errors[-2000:]

    ids = Counter(email.message_from_string(raw, policy=policy.default)["Message-ID"] for _to, raw in received)
    assert set(ids) == expected_ids, "none lost"
    repeated = {message_id: count for message_id, count in ids.items() if count > 1}
    # At least once: the only message that may come twice is the one the killed worker was handing over at the
    # instant it died (the server took it, the worker never recorded it). Its Message-ID says it is a repeat.
    assert len(repeated) <= 1 and all(count == 2 for count in repeated.values()), repeated
    print(f"\n1,000 messages, {len(received)} deliveries, repeated Message-IDs: {len(repeated)}")


def test_each_scheduled_job_runs_once_per_period_with_two_workers(
    app, database_url, db_session, make_user, smtp_server, tmp_path
):
    port, _received = smtp_server
    officer = make_user("complaints_officer")
    # An overdue case assigned to the officer, so the digest writes one email per run.
    officer_id = db_session.scalar(select(User.id).where(User.email == officer))
    new_case(db_session, london_today() - timedelta(days=60), assigned_to_id=officer_id)
    # A deployment that has run its jobs before (a first start would hold the emailing jobs back to their next time).
    for name in schedule.JOBS:
        db_session.add(JobRun(job=name, period="earlier", started_at=datetime.now(UTC), outcome="Done."))
    db_session.commit()
    # Every job due now: each runs once this hour, however many workers look.
    every_hour = {setting: "hourly" for setting in schedule.JOBS.values()}
    workers = [start_worker(tmp_path / f"worker{n}.log", database_url, port, **every_hour) for n in range(2)]
    try:

        def every_job_finished():
            db_session.expire_all()
            return db_session.scalar(select(func.count()).where(JobRun.finished_at.is_not(None))) >= len(schedule.JOBS)

        wait_for(every_job_finished, "every job run")
        time.sleep(1)  # both workers go round several more times (OUTBOX_POLL_SECONDS is 0.1): none may run a job again
        assert all(worker.poll() is None for worker in workers), "both workers were running throughout"
    finally:
        outcomes = [stop(worker) for worker in workers]
    assert [code for code, _errors in outcomes] == [0, 0], [errors[-2000:] for _code, errors in outcomes]

    db_session.expire_all()
    runs = db_session.scalars(select(JobRun)).all()
    runs = [run for run in runs if run.period != "earlier"]
    per_job = Counter(run.job for run in runs)
    periods = {job: {run.period for run in runs if run.job == job} for job in per_job}
    assert set(per_job) == set(schedule.JOBS)
    assert all(per_job[job] == len(periods[job]) for job in per_job), "once per period"
    assert all(run.outcome and not run.outcome.startswith("Failed") for run in runs), [run.outcome for run in runs]
    digests = db_session.scalars(select(Message).where(Message.kind == "digest")).all()
    assert len(digests) == per_job["digest"], "one digest email per run, not one per worker"
    assert digests[0].recipient == officer


def test_a_first_worker_start_after_a_jobs_time_sends_no_late_email_but_catches_up_later(app, make_user, db_session):
    """Started for the first time on 30 November, the worker does not send October's summary, nor this morning's
    digest or this week's reminders; retention catches up at once. Once a job has a history, a run missed while no
    worker ran (1 December's summary, with every worker down that day) is caught up."""
    from portal.worker import run_job_if_due, skip_missed_first_runs

    make_user("manager")  # the monthly summary's one address
    first_start = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)  # a Monday, after 07:00, 07:30 and 08:00
    with app.test_request_context(base_url=app.config["PORTAL_URL"]):
        with time_machine.travel(first_start, tick=False):
            skip_missed_first_runs()
            ran = {name: run_job_if_due(name) for name in schedule.JOBS}
        assert ran == {
            "digest": False,
            "reminders": False,
            "monthly-summary": False,
            "retention": True,
            "expired-drafts": True,
        }
        assert db_session.scalars(select(Message)).all() == []
        with time_machine.travel(datetime(2026, 12, 2, 9, 0, tzinfo=UTC), tick=False):  # a restart after an outage
            skip_missed_first_runs()
            assert run_job_if_due("monthly-summary") is True
    assert [message.subject for message in db_session.scalars(select(Message))] == [
        "Complaints from children in care: November 2026 in numbers"
    ]
