"""Demo monitoring (made up, marked as demo data like everything portal.demo loads): a partner lead for each partner,
a monitoring plan for every published promise, a year of progress updates (some late, some still missing),
hundreds of "is it kept for you?" answers with different patterns per promise, a few "tell us more" words, awareness
taps and records of the Pledge given out, and some demo complaints citing promises. Seeded: every demo is the same."""

import random
import secrets
from datetime import UTC, datetime, time, timedelta

from sqlalchemy import select

from portal import accounts
from portal.clock import london_today
from portal.db import get_session
from portal.kept import services
from portal.models import Case, CaseKind, Role, User
from portal.models.kept import AwarenessTap, Kept, KeptAnswer, MonitoringPlan, PledgeGiven, ProgressStatus
from portal.published import published_promises
from portal.site import DEMO_PASSWORD

PARTNER_LEADS = (
    ("socialcare@example.org", "Jo Mensah", "Children's Social Care"),
    ("health@example.org", "Dr Amira Khan", "Looked After Children Health Team (NHS)"),
    ("housing@example.org", "Lee Parker", "Housing Service"),
    ("leavingcare@example.org", "Nat Reid", "Leaving Care Service"),
    ("participationteam@example.org", "Kim Osei", "Participation Team"),
)

# Per promise, in Pledge order: (frequency, measure, target, how its year went, answer weights yes/partly/not yet/
# don't know per quarter oldest first, answers per quarter). "late" plans stop posting a while ago. The sixth has
# only 3 answers this quarter, so the scorecard shows "fewer than 5" for it.
PLANS = [
    (
        "monthly",
        "Visits seen alone, and calls returned by the end of the next working day",
        "95% of both",
        "late",
        [(5, 3, 2, 1), (5, 3, 2, 1), (4, 3, 3, 1), (3, 3, 4, 1)],
        [40, 45, 50, 55],
    ),
    (
        "quarterly",
        "Young people who say their identity and culture are respected",
        "9 in 10 say yes",
        "on_track",
        [(6, 2, 1, 1), (6, 2, 1, 1), (7, 2, 1, 1), (7, 2, 1, 1)],
        [20, 25, 22, 30],
    ),
    (
        "quarterly",
        "Personal Education Plans written with the young person, on time",
        "100% on time",
        "concerns",
        [(3, 3, 3, 1), (4, 3, 2, 1), (5, 3, 2, 1), (6, 2, 1, 1)],
        [30, 35, 35, 40],
    ),
    (
        "quarterly",
        "Yearly health checks done on time; waits for emotional health help",
        "95%; under 4 weeks",
        "off_track",
        [(3, 2, 5, 1), (3, 2, 5, 1), (2, 2, 6, 1), (2, 2, 6, 1)],
        [25, 30, 30, 35],
    ),
    (
        "monthly",
        "Concerns about safety acted on the same day",
        "Every one",
        "on_track",
        [(7, 2, 1, 1), (7, 2, 1, 1), (8, 1, 1, 1), (8, 1, 1, 1)],
        [35, 30, 40, 45],
    ),
    (
        "six_monthly",
        "Care leavers in safe, suitable homes; nobody in bed and breakfast",
        "100%, and none",
        "late",
        [(4, 3, 2, 1), (4, 3, 2, 1), (4, 2, 3, 1), (0, 1, 2, 0)],
        [15, 18, 12, 3],
    ),
    (
        "quarterly",
        "Young people who say they were part of decisions about them",
        "8 in 10 say yes",
        "concerns",
        [(5, 3, 2, 1), (5, 3, 2, 1), (5, 3, 2, 1), (5, 3, 2, 1)],
        [25, 25, 28, 30],
    ),
    (
        "quarterly",
        "Care leavers with a skills plan for living on their own",
        "Everyone from 16",
        "on_track",
        [(4, 3, 2, 1), (5, 3, 2, 1), (6, 2, 1, 1), (6, 2, 1, 1)],
        [20, 20, 25, 28],
    ),
]

DONE = {
    ProgressStatus.ON_TRACK: "Checked every case this period and followed up the few that slipped.",
    ProgressStatus.SOME_CONCERNS: "Most are on time, but staff shortages mean some are waiting longer than we want.",
    ProgressStatus.OFF_TRACK: "Waiting times went up again this period. We have asked for more staff.",
}
NEXT = {
    ProgressStatus.ON_TRACK: "Keep checking monthly and share what works with other teams.",
    ProgressStatus.SOME_CONCERNS: "Weekly checks on the waiting list until it is back under target.",
    ProgressStatus.OFF_TRACK: "A recovery plan goes to the Corporate Parenting Advisory Panel next month.",
}
STATUS_PATTERNS = {
    "on_track": [ProgressStatus.ON_TRACK],
    "late": [ProgressStatus.ON_TRACK, ProgressStatus.SOME_CONCERNS],
    "concerns": [ProgressStatus.SOME_CONCERNS, ProgressStatus.ON_TRACK],
    "off_track": [ProgressStatus.SOME_CONCERNS, ProgressStatus.OFF_TRACK],
}
MORE = [
    "My social worker came to see me but my carer was there the whole time.",
    "I had my health check but I am still waiting to talk to someone about how I feel.",
    "My PEP meeting was good. I got to say what I wanted.",
    "Nobody has talked to me about getting my own flat yet.",
    "I do not know who my personal adviser is.",
]
TEAMS = ["Children in Care Team", "Leaving Care Service", "Virtual School", "Participation Team"]


def _lead_for(plan, leads_by_partner):
    for owner in plan.owners:
        if owner.id in leads_by_partner:
            return leads_by_partner[owner.id]
    return None


def load_demo_kept(today=None):
    """Load the demo monitoring records unless there are plans already; returns how many answers were made."""
    db = get_session()
    if db.scalar(select(MonitoringPlan.id).limit(1)) is not None:
        return 0
    texts = published_promises()
    if not texts:
        return 0
    today = today or london_today()
    rng = random.Random(9)  # noqa: S311 - made-up records, not security

    for email, name, partner in PARTNER_LEADS:
        if accounts.user_by_email(email) is None:
            accounts.create_user(email, name, Role.PARTNER_LEAD, DEMO_PASSWORD, partner)
    leads_by_partner = {
        user.partner_id: user
        for user in db.scalars(select(User).where(User.role == Role.PARTNER_LEAD).order_by(User.id.desc()))
    }

    year_ago = today - timedelta(days=365)
    periods = services.recent_periods(today)
    answers = 0
    for index, text in enumerate(texts):
        frequency, measure, target, pattern, weights, per_quarter = PLANS[index % len(PLANS)]
        plan = services.save_plan(
            text.promise_id,
            owner_ids=[owner.id for owner in text.owners],
            measure=measure,
            target=target,
            frequency=frequency,
            next_due=year_ago + timedelta(days=rng.randint(0, 20)),
        )
        lead = _lead_for(plan, leads_by_partner)
        # A year of updates. Late plans stop some months back, so they show as late now.
        stop = today - timedelta(days=60 if pattern == "late" else 0)
        statuses = STATUS_PATTERNS[pattern]
        while lead is not None and plan.next_due <= stop:
            due = plan.next_due
            posted_on = due + timedelta(days=rng.choice([-6, -3, -1, 0, 2, 9, 21]))
            posted_on = min(posted_on, today)
            status = statuses[min(len(statuses) - 1, int(len(statuses) * (due - year_ago).days / 366))]
            number = float(rng.randint(60, 99)) if rng.random() < 0.6 else None
            services.post_update(
                lead,
                text.promise_id,
                status=status,
                done=DONE[status],
                next_steps=NEXT[status],
                evidence_number=number,
                evidence_about="per cent on time" if number is not None else None,
                at=datetime.combine(posted_on, time(10, rng.randint(0, 59)), tzinfo=UTC),
            )
            db.refresh(plan)

        for period, weight, count in zip(periods, weights, per_quarter, strict=True):
            period_end = min(services.add_months(period, 3) - timedelta(days=1), today)
            for _ in range(count):
                day = period + timedelta(days=rng.randint(0, max(0, (period_end - period).days)))
                db.add(
                    KeptAnswer(
                        promise_id=text.promise_id,
                        period_start=period,
                        device_hash=secrets.token_hex(32),
                        answer=rng.choices(list(Kept), weights=weight)[0],
                        answered_at=datetime.combine(day, time(16, 0), tzinfo=UTC),
                    )
                )
                answers += 1
        db.commit()

    for words in MORE:
        text = rng.choice(texts)
        services.add_kept_comment(text.promise_id, words, rng.choice([Kept.PARTLY, Kept.NOT_YET]))

    for days_back in range(365, 0, -1):
        moment = datetime.combine(today - timedelta(days=days_back), time(12, 0), tzinfo=UTC)
        # More young people say they know about the Pledge as the year goes on.
        if rng.random() < 0.15 + 0.5 * (365 - days_back) / 365:
            db.add(AwarenessTap(device_hash=secrets.token_hex(32), tapped_at=moment))
        if days_back % 30 == 0:
            db.add(
                PledgeGiven(
                    given_on=moment.date(),
                    count=rng.randint(5, 25),
                    team=rng.choice(TEAMS),
                    recorded_at=moment,
                )
            )
    db.commit()

    _cite_promises_in_demo_complaints(texts, rng)
    return answers


def _cite_promises_in_demo_complaints(texts, rng):
    """Some demo complaints name a promise, so the scorecard has complaints to count (only when none do yet)."""
    db = get_session()
    if db.scalar(select(Case.id).where(Case.promise_id.is_not(None)).limit(1)) is not None:
        return
    complaints = db.scalars(select(Case).where(Case.kind == CaseKind.COMPLAINT).order_by(Case.id)).all()
    for case in complaints:
        if rng.random() < 0.3:
            case.promise_id = rng.choice(texts).promise_id
    db.commit()
