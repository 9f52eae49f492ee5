"""Every page and email of inviting, forgotten passwords and changing your password reads at Flesch-Kincaid grade 5
or below (issue 22: a 14-year-old Role Model Army member uses them), measured as the Tell us journey is."""

from datetime import timedelta

import textstat
import time_machine

from portal.models import Role
from tests.auth.test_self_service import NEW_PASSWORD, START, emails_to, link_in
from tests.conftest import PageClient
from tests.tell_us.test_reading_age import MAX_GRADE, grade


def email_grade(body):
    lines = [line.strip() for line in body.splitlines() if line.strip() and "http" not in line]
    return textstat.flesch_kincaid_grade(" ".join(line if line[-1] in ".?!:" else line + "." for line in lines))


def test_every_page_and_email_reads_at_grade_5_or_below(app, make_user, sign_in_as, pages, inbox):
    seen = {}
    with time_machine.travel(START, tick=False) as clock:
        with app.app_context():
            from portal.accounts.self_service import invite_user

            invite_user("member@example.org", "Max Member", Role.RMA_MEMBER)
            invite_user("late@example.org", "Lee Late", Role.RMA_MEMBER)
        address = make_user(Role.RMA_MEMBER)
        visitor = PageClient(app.test_client())
        seen["forgotten password"] = visitor.get("/forgotten-password")
        visitor.post("/forgotten-password", {"email": address})
        seen["check your email"] = visitor.get("/forgotten-password/check-your-email")
        ((_subject, reset_email),) = emails_to(inbox, address)
        ((_subject, invitation),) = emails_to(inbox, "member@example.org")
        ((_subject, late_invitation),) = emails_to(inbox, "late@example.org")
        seen["choose a new password"] = visitor.get(link_in(reset_email))
        seen["set up your account"] = visitor.get(link_in(invitation))
        seen["stolen password refused"] = visitor.post(
            link_in(invitation), {"password": "qwerty123456"}, expected_status=200
        )
        visitor.post(link_in(invitation), {"password": NEW_PASSWORD})
        seen["used invitation"] = visitor.get(link_in(invitation), expected_status=410)
        seen["link that does not work"] = visitor.get("/reset-password/not-a-real-link", expected_status=404)
        visitor.post(link_in(reset_email), {"password": NEW_PASSWORD})
        seen["used reset link"] = visitor.get(link_in(reset_email), expected_status=410)
        seen["change your password"] = visitor.get("/account/password")
        (_ask, (_subject, changed_email)) = emails_to(inbox, address)

        clock.shift(timedelta(hours=73))
        expired = PageClient(app.test_client())
        seen["expired invitation"] = expired.get(link_in(late_invitation), expected_status=410)
        button = seen["expired invitation"].html.find("form", action=lambda action: action and "new-link" in action)
        seen["new invitation sent"] = expired.post(button["action"], {}, expected_status=200)
        expired.post("/forgotten-password", {"email": address})
        (*_, (_subject, second_reset)) = emails_to(inbox, address)
        clock.shift(timedelta(hours=2))
        seen["expired reset link"] = expired.get(link_in(second_reset), expected_status=410)

    grades = {name: round(grade(page), 1) for name, page in seen.items()}
    grades |= {
        "invitation email": round(email_grade(invitation), 1),
        "new-password email": round(email_grade(reset_email), 1),
        "password changed email": round(email_grade(changed_email), 1),
    }
    print(grades)
    too_hard = {name: value for name, value in grades.items() if value > MAX_GRADE}
    assert not too_hard, f"above grade {MAX_GRADE}: {too_hard}"
