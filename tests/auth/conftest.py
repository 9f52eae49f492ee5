"""A real SMTP server on loopback for the emails of signing in and accounts."""

import pytest
from aiosmtpd.controller import Controller

from tests.conftest import free_port
from tests.tell_us.conftest import WorkedInbox


@pytest.fixture
def inbox(app):
    """A real SMTP server on 127.0.0.1; reading it first delivers the outbox, as `flask worker` would."""
    messages = WorkedInbox(app)
    controller = Controller(messages, hostname="127.0.0.1", port=free_port())
    controller.start()
    app.config["MAIL_SERVER"] = "127.0.0.1"
    app.config["MAIL_PORT"] = controller.port
    yield messages
    controller.stop()
