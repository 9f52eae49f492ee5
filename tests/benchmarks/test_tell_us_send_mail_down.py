"""make bench: how long a young person waits for Tell us's Send when the mail server is down (issue 20). Two kinds of
down: nothing listening (the connection is refused at once), and a server that takes the connection but never answers
(a hung server, or a firewall that swallows packets: the sender waits for its timeout). With the outbox, Send only
writes rows, so both take as long as with the server up. Printed for the issue notes, never asserted against a clock."""

import socket
import time

import pytest

from tests.conftest import free_port
from tests.tell_us.conftest import walk

pytestmark = pytest.mark.benchmark

ROUNDS = 3


def send_ms(app, pages):
    """Walk a 'not safe' complaint with an email reply (a duty alert and an acknowledgement), then time Send."""
    timings = []
    for _ in range(ROUNDS):
        pages.client.delete_cookie("portal_session")
        walk(pages, replace={"are-you-safe": {"safe_now": "no"}})
        token = pages.csrf_token()
        started = time.perf_counter()
        response = pages.client.post("/tell-us/send", data={"csrf_token": token})
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 302, response.status_code
    return sorted(timings)[len(timings) // 2]


def test_tell_us_send_time_with_the_mail_server_down(app, pages, capsys):
    app.config.update(TELL_US_LIMIT_PER_DEVICE="100 per hour", MAIL_SERVER="127.0.0.1")
    rows = []
    app.config["MAIL_PORT"] = free_port()  # nothing listens: refused at once
    rows.append(("refused (nothing listening)", send_ms(app, pages)))
    with socket.socket() as hung:
        hung.bind(("127.0.0.1", 0))
        hung.listen(64)  # the kernel completes the connection; nobody ever says hello
        app.config["MAIL_PORT"] = hung.getsockname()[1]
        rows.append(("hung (connects, never answers)", send_ms(app, pages)))
    with capsys.disabled():
        print(f"\nTell us Send with the mail server down (median of {ROUNDS}, ms):")
        for label, ms in rows:
            print(f"  {ms:9.1f} ms  {label}")
