"""The admin's view of the outbox (every email and text, by state, a failed one sent again) and of the scheduled
jobs (each one's schedule, last run and next run)."""

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from sqlalchemy import select

from portal import outbox, schedule
from portal.access import roles
from portal.admin import bp
from portal.clock import now
from portal.db import get_session
from portal.forms import PortalForm
from portal.models import JobRun, Message, MessageState, Role


class RetryForm(PortalForm):
    """Only its CSRF token: the "Send again" button is the whole form."""


# The states in the order the page lists them: what needs someone first.
STATES = (MessageState.FAILED, MessageState.WAITING, MessageState.BY_HAND, MessageState.SENT, MessageState.KEPT)
# What the page says when a state has no messages, in words.
NOTHING_IN = {
    MessageState.FAILED: "No failed messages.",
    MessageState.WAITING: "No messages waiting to send.",
    MessageState.BY_HAND: "No texts to send by hand.",
    MessageState.SENT: "No messages sent yet.",
    MessageState.KEPT: "No messages kept here.",
}
# Messages to young people carry their own email address or phone number: the outbox page does not show it.
TO_YOUNG_PEOPLE = ("young_person_update", "young_person_text", "acknowledgement")


@bp.get("/outbox")
@roles(Role.ADMIN)
def outbox_page():
    counts = outbox.count_by_state()
    # Open on the first state, in the order of what needs someone first, that has any messages: an admin who comes
    # to look sees messages, not "Failed: none" above an empty page.
    state = request.args.get("state") or next((each for each in STATES if counts.get(each)), MessageState.FAILED)
    if state not in STATES:
        abort(404)
    return render_template(
        "admin/outbox.html",
        state=state,
        states=STATES,
        labels=MessageState.LABELS,
        nothing_in=NOTHING_IN,
        counts=counts,
        messages=outbox.messages_by_state(state),
        what=outbox.what,
        to_young_people=TO_YOUNG_PEOPLE,
        # In development the page is where a newcomer reads the emails the portal sends; in production, admins are
        # not case workers, so the words stay in the mailboxes they went to.
        show_text=current_app.config["OUTBOX_SHOWS_TEXT"],
        oldest_seconds=outbox.oldest_undelivered_age(),
        form=RetryForm(),
    )


@bp.post("/outbox/<int:message_id>/retry")
@roles(Role.ADMIN)
def retry_message(message_id):
    message = get_session().get(Message, message_id) or abort(404)
    if RetryForm().validate_on_submit():
        if message.state != MessageState.FAILED:
            flash("Only a failed message can be sent again; this one is not failed.")
        else:
            outbox.retry(message)
            get_session().commit()
            flash(f"The {outbox.what(message)} will be sent again by the worker.")
    return redirect(url_for("admin.outbox_page", state=MessageState.FAILED))


@bp.get("/jobs")
@roles(Role.ADMIN)
def jobs():
    moment = now()
    db = get_session()
    rows = []
    for name, setting in schedule.JOBS.items():
        plan = schedule.parse(current_app.config[setting])
        period, _due = plan.run_time(moment)
        last = db.scalars(select(JobRun).where(JobRun.job == name).order_by(JobRun.started_at.desc()).limit(1)).first()
        ran_this_period = last is not None and last.period == period
        rows.append(
            {
                "name": name,
                "schedule": current_app.config[setting],
                "setting": setting,
                "last": last,
                "next_due": plan.next_due(moment, ran_this_period),
            }
        )
    return render_template("admin/jobs.html", jobs=rows, now=moment)
