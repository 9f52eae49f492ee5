"""`flask --app wsgi reminders` emails the partner leads whose updates are late, through a real SMTP server on
loopback, and nobody else."""

from datetime import timedelta

from portal.accounts import create_user
from portal.clock import london_today
from portal.db import get_session
from portal.kept import services
from portal.models import Role
from tests.conftest import PASSWORD
from tests.kept.conftest import make_world


def make_late_world(app, days_late=12):
    with app.test_request_context():
        world = make_world()
        services.plan_for(world.health).next_due = london_today() - timedelta(days=days_late)
        # A second, inactive lead for the same partner is never emailed.
        gone = create_user("gone@test.example.org", "Gone Lead", Role.PARTNER_LEAD, PASSWORD, "Health Team")
        gone.active = False
        get_session().commit()
        return world


def test_reminders_email_the_lead_of_each_late_promise_only(app, runner, inbox):
    world = make_late_world(app)
    app.config["PORTAL_URL"] = "https://pledge.example.org"
    result = runner.invoke(args=["reminders"])
    assert result.exit_code == 0, result.output
    assert result.output == f"Reminded {world.health_lead} about 1 late update.\n"
    assert [to for to, _message in inbox] == [[world.health_lead]]
    message = inbox[0][1]
    assert "Subject: Pledge progress is late: 1 promise" in message
    assert "Look after your health" in message and "12 days late" in message
    assert f"https://pledge.example.org/partner/promises/{world.health}" in message
    assert "Help you learn" not in message


def test_reminders_say_so_when_nothing_is_late(app, runner, inbox):
    with app.test_request_context():
        make_world()
    result = runner.invoke(args=["reminders"])
    assert result.exit_code == 0
    assert result.output == "No progress updates are late.\n"
    assert list(inbox) == []


def test_reminders_wait_in_the_outbox_while_the_mail_server_is_down(app, runner):
    from portal.models import Message
    from tests.conftest import free_port

    make_late_world(app)
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=free_port())  # nothing listens there
    result = runner.invoke(args=["reminders"])
    assert result.exit_code == 0, "writing to the outbox does not wait for a mail server"
    with app.app_context():
        (message,) = get_session().query(Message).all()
    assert (message.kind, message.recipient, message.state) == ("reminder", "health.lead@test.example.org", "waiting")
