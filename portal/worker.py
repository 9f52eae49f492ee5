"""`flask --app wsgi worker`: delivers the outbox and runs the scheduled jobs, so no cron is needed. Run as many as you
like, on any machines sharing the database: messages are claimed (portal/outbox.py), and each job runs once per period
because only one worker's insert of (job, period) into job_runs can succeed."""

import signal
import threading
from datetime import timedelta

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from portal import outbox, schedule
from portal.clock import london_today, now
from portal.db import get_session
from portal.kept.reminders import send_reminders
from portal.models import JobRun
from portal.retention import run_retention
from portal.tell_us.services import delete_expired_drafts
from portal.triage import notify


def how_many(count, one, many):
    """'1 address', '2 addresses': a count with the word that goes with it, for the lines on the admin's jobs page."""
    return f"{count} {one if count == 1 else many}"


def _digest(_moment):
    return f"{how_many(notify.send_digests(), 'digest email', 'digest emails')} written to the outbox."


def _reminders(_moment):
    sent, _failed = send_reminders()
    return f"{how_many(len(sent), 'progress reminder', 'progress reminders')} written to the outbox."


def _monthly_summary(_moment):
    first_day = (london_today().replace(day=1) - timedelta(days=1)).replace(day=1)
    sent, _counts = notify.send_monthly_summary(first_day)
    return f"The summary for {first_day:%B %Y} written to the outbox for {how_many(sent, 'address', 'addresses')}."


def _retention(moment):
    return run_retention(apply=True, now=moment).summary()


def _expired_drafts(_moment):
    return f"{how_many(delete_expired_drafts(), 'expired Tell us draft', 'expired Tell us drafts')} deleted."


# What each job in schedule.JOBS does; each returns a line for the admin's jobs page.
JOB_FUNCTIONS = {
    "digest": _digest,
    "reminders": _reminders,
    "monthly-summary": _monthly_summary,
    "retention": _retention,
    "expired-drafts": _expired_drafts,
}
# The jobs that email people. On a deployment's first worker start, one whose time has already passed this period
# waits for its next time: a first start on the 30th must not send last month's summary (nor repeat a digest or
# reminders the cron this replaces sent this morning). Retention and expired drafts catch up at once: they are
# housekeeping, and running them twice changes nothing.
EMAILING_JOBS = ("digest", "reminders", "monthly-summary")


def run_job_if_due(name, moment=None):
    """Run one job if its time has come in this period and no worker has run it for this period. True if this worker
    ran it. The JobRun row is committed before the job starts, so a second worker's insert fails and it moves on."""
    moment = moment or now()
    period = schedule.parse(current_app.config[schedule.JOBS[name]]).due_period(moment)
    if period is None:
        return False
    db = get_session()
    if db.scalar(select(JobRun.id).where(JobRun.job == name, JobRun.period == period)) is not None:
        return False
    run = JobRun(job=name, period=period, started_at=now())
    db.add(run)
    try:
        db.commit()
    except IntegrityError:
        db.rollback()  # another worker got there first: it is running this period's run
        return False
    try:
        outcome = JOB_FUNCTIONS[name](moment)
    except Exception as error:  # a job that fails is recorded and not tried again this period; the worker goes on
        db.rollback()
        current_app.logger.exception("Scheduled job %s for %s failed", name, period)
        outcome = f"Failed: {error}"
    run = db.get(JobRun, run.id)
    run.finished_at = now()
    run.outcome = outcome[:2000]
    db.commit()
    current_app.logger.info("Scheduled job %s for %s: %s", name, period, outcome)
    return True


def skip_missed_first_runs(moment=None):
    """For each emailing job that has never run, record this period as not run if its time has already passed, so
    its first run is at its next time. After that, a job whose time passed while no worker ran still catches up."""
    moment = moment or now()
    db = get_session()
    for name in EMAILING_JOBS:
        period = schedule.parse(current_app.config[schedule.JOBS[name]]).due_period(moment)
        if period is None or db.scalar(select(JobRun.id).where(JobRun.job == name).limit(1)) is not None:
            continue
        outcome = "Not run: the first worker started after this period's time. The first run is at the next."
        db.add(JobRun(job=name, period=period, started_at=moment, finished_at=moment, outcome=outcome))
        try:
            db.commit()
        except IntegrityError:
            db.rollback()  # another worker starting at the same time recorded it


def work_once(app):
    """One round: every job whose time has come, then one batch of the outbox. Returns how many messages were
    claimed. Each part has its own context (a fresh database session); links in emails written by jobs point at
    PORTAL_URL, since there is no request to take the address from."""
    with app.test_request_context(base_url=app.config["PORTAL_URL"]):
        for name in JOB_FUNCTIONS:
            run_job_if_due(name)
    with app.app_context():
        return outbox.deliver_due()


def run(app, stop=None):
    """Work until stop is set (SIGTERM or SIGINT set it): between rounds, wait OUTBOX_POLL_SECONDS when there was
    nothing to send. A round in progress finishes its message first, so stopping never cuts a delivery in half."""
    stop = stop or threading.Event()
    with app.app_context():
        skip_missed_first_runs()
    for signal_number in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signal_number, lambda *_args: stop.set())
    app.logger.info("Worker started")
    while not stop.is_set():
        try:
            claimed = work_once(app)
        except Exception:  # the database restarting, say: log it, wait, and go on rather than die
            app.logger.exception("Worker round failed; trying again")
            claimed = 0
        if not claimed:
            stop.wait(app.config["OUTBOX_POLL_SECONDS"])
    app.logger.info("Worker stopped")


@click.command("worker")
@with_appcontext
@click.option("--once", is_flag=True, help="One round (due jobs, then one batch of messages), then stop.")
def worker_command(once):
    """Deliver the outbox (emails and texts) and run the scheduled jobs on their schedules, until stopped."""
    app = current_app._get_current_object()
    if once:
        skip_missed_first_runs()
        click.echo(f"Claimed {work_once(app)} messages.")
        return
    run(app)


COMMANDS = [worker_command]
