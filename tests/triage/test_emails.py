"""Staff emails read as their reader reads them: one case or item per line, a blank line between paragraphs.

The portal's Jinja environment trims the newline after a block tag (trim_blocks), so a tag that ends a line of
text, as in `- ... {% endif %}`, swallows that line's end and runs the next item on. These tests read the words."""

import re
from datetime import date, timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest
from sqlalchemy import select

from portal import mail
from portal.clock import london_today
from portal.models import User
from tests.triage.conftest import new_case

EMAILS = Path(__file__).resolve().parents[2] / "templates" / "email"


def test_the_daily_digest_puts_each_case_on_its_own_line(runner, db_session, make_user, inbox):
    email = make_user("complaints_officer")
    officer_id = db_session.scalar(select(User.id).where(User.email == email))
    overdue = [f"TU-OVER-{n}2" for n in range(2, 9)]  # 7 overdue cases, as the tester's officer had
    for number, reference in enumerate(overdue):
        case = new_case(
            db_session, london_today() - timedelta(days=30 + number), reference=reference, urgent=number == 0
        )
        case.assigned_to_id = officer_id
    soon = new_case(db_session, london_today(), reference="TU-SOON-22")
    soon.assigned_to_id = officer_id
    db_session.commit()
    runner.invoke(args=["digest"])
    ((_, message),) = inbox
    lines = message.splitlines()
    case_lines = [line for line in lines if line.startswith("- TU-")]
    assert len(case_lines) == 8, message
    assert "Replies waiting (0):" in message
    for line in case_lines:
        assert line.count("TU-") == 1 and line.count("due") == 1, line
    assert sum(line.endswith("(urgent)") for line in case_lines) == 1
    heading = lines.index("Due soon (1):")
    assert lines[heading - 1] == "" and lines[heading - 2].startswith("- TU-OVER-")
    assert lines[heading + 1].startswith("- TU-SOON-22: due ")


def render(name, **context):
    return mail.render(name, **context)


def test_a_digest_with_nothing_due_says_none_under_each_heading(app):
    with app.test_request_context():
        text = render(
            "triage_digest",
            officer=SimpleNamespace(name="Ada"),
            overdue=[],
            due_soon=[],
            replied=[],
            today=date(2026, 9, 28),
            days=3,
            url="https://x.example/staff/cases",
        )
    assert "Overdue (0):\n- none\n\nDue soon (0):\n- none\n\nReplies waiting (0): " in text
    assert "since.\n- none\n\nOpen your cases here" in text


@pytest.mark.parametrize("urgent", [True, False])
def test_the_assigned_email_keeps_its_paragraphs(app, urgent):
    case = SimpleNamespace(reference="TU-WWXQ-KN", urgent=urgent, next_due_on=date(2026, 9, 28))
    with app.test_request_context():
        text = render("triage_assigned", case=case, officer=SimpleNamespace(name="Ada"), url="https://x.example/c/1")
    paragraphs = text.strip().split("\n\n")
    assert paragraphs[-2:] == [
        "Next date due: Monday 28 September 2026.",
        "Open it here (you will need to sign in): https://x.example/c/1",
    ]
    assert paragraphs[2].startswith("It is marked urgent") == urgent


def test_the_safeguarding_email_lists_its_facts_one_a_line(app):
    case = SimpleNamespace(reference="TU-WWXQ-KN")
    referral = SimpleNamespace(referred_by=None, referred_to="MASH", their_reference="M-1")
    with app.test_request_context():
        text = render("safeguarding_referral", case=case, referral=referral, url="https://x.example/c/1")
    assert "\nReferred to: MASH\nTheir reference: M-1\n\nThe case is out" in text


def test_the_monthly_summary_lists_one_theme_a_line(app):
    counts = dict.fromkeys(
        ("received", "urgent", "safeguarding", "overdue_now", "stage_2_requests", "stage_3_requests", "closed"), 1
    )
    with app.test_request_context():
        text = render(
            "triage_monthly_summary", month=date(2026, 9, 1), counts=counts, theme_counts=[("Contact", 3), ("Moves", 1)]
        )
    assert "cases received:\n- Contact: 3\n- Moves: 1\n\nThis summary" in text


def test_no_email_template_ends_a_line_of_words_with_a_block_tag():
    """With trim_blocks, `words{% endif %}` at the end of a line loses the newline: a block tag there stands alone."""
    for template in sorted(EMAILS.glob("*.txt")):
        for number, line in enumerate(template.read_text().splitlines(), 1):
            if line.rstrip().endswith("%}"):
                words = re.sub(r"{%.*?%}", "", line)
                assert not words.strip(), f"{template.name}:{number}: put {line.strip()!r}'s block tag on its own line"
