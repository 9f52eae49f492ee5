"""Demo triage: the demo cases assigned to the demo complaints officer, with service areas and themes, and spread
across every stage, outcome, pause and extension, some overdue, one sent to safeguarding. Seeded, so repeatable."""

import random
from datetime import UTC, datetime, time, timedelta

from sqlalchemy import select

from portal.cases.deadlines import received_on
from portal.cases.lists import seed_default_lists
from portal.clock import LONDON, london_today
from portal.db import get_session
from portal.models import (
    Case,
    CaseKind,
    CasePause,
    CaseStage,
    CaseStatus,
    Channel,
    ComplaintPoint,
    Outcome,
    QualityTheme,
    ServiceArea,
    User,
    YoungPersonsWords,
)
from portal.models.triage import CaseLearning, SafeguardingReferral
from portal.working_days import add_working_days

OUTCOMES = [Outcome.UPHELD, Outcome.PARTLY_UPHELD, Outcome.NOT_UPHELD, Outcome.RESOLVED, Outcome.WITHDRAWN]
# Open cases made to stand in each place of the procedure: (name, working days ago it was received).
OPEN_SCENARIOS = [
    ("stage 1 overdue", 16),
    ("stage 1 extended", 14),
    ("stage 2 investigating", 40),
    ("stage 2 extended and overdue", 90),
    ("stage 2 asked, statement not agreed", 30),
    ("stage 3 panel due", 70),
    ("paused for court", 12),
    ("not acknowledged, overdue", 5),
    ("safeguarding", 3),
]
# The languages of the pages some demo cases were told on (the rest English), and the interpreter each asked for, if
# any: so the queue's Language filter and the annual report's language table have something to show.
DEMO_LANGUAGES = [
    ("fa-AF", "Dari"),
    ("ar", "Arabic"),
    ("ti", "Tigrinya"),
    ("ps", None),
    ("sq", "Albanian"),
    ("fa-AF", None),
    ("vi", "Vietnamese"),
    ("ckb", "Sorani Kurdish"),
]


def _received(days_ago):
    day = london_today()
    for _ in range(days_ago):
        day -= timedelta(days=1)
        while day.weekday() >= 5:
            day -= timedelta(days=1)
    return datetime.combine(day, time(10, 30), LONDON).astimezone(UTC)


def _event(case, kind, summary, day, officer):
    case.add_event(kind, f"{summary} (demo data)", by_user_id=officer.id, at=datetime.combine(day, time(11), LONDON))


def _closed_with_stages(rng, case, officer, escalate_to):
    start = received_on(case)
    case.acknowledged_on = add_working_days(start, 1)
    outcome = case.outcome or rng.choice(OUTCOMES)
    one = CaseStage(number=1, started_on=start)
    if rng.random() < 0.2:
        one.extended_to, one.extension_reason = 20, "Waiting for the placement provider's records."
    one.responded_on = add_working_days(start, rng.randint(6, one.extended_to or 10))
    one.outcome = outcome
    case.stages.append(one)
    _event(case, "stage_1_response", f"Stage 1 response: {outcome.value.replace('_', ' ')}", one.responded_on, officer)
    last = one.responded_on
    if escalate_to >= 2:
        asked = add_working_days(last, rng.choice([5, 12, 25]))  # 25: a late request, flagged not refused
        two = CaseStage(number=2, requested_on=asked, late_request=asked > add_working_days(last, 20))
        two.started_on = add_working_days(asked, 5)
        two.investigating_officer, two.independent_person = "Jo Baker (investigating officer)", "Dr Lee Shah"
        if rng.random() < 0.4:
            two.extended_to, two.extension_reason = 65, "Three complaint points and two agencies to interview."
        two.responded_on = add_working_days(two.started_on, rng.randint(20, two.extended_to or 25))
        two.outcome = rng.choice(OUTCOMES[:3])
        case.stages.append(two)
        for point in ("Not told about the change of social worker", "Visits cancelled without notice"):
            case.complaint_points.append(ComplaintPoint(summary=point, outcome=rng.choice(OUTCOMES[:3])))
        last = two.responded_on
    if escalate_to >= 3:
        three = CaseStage(number=3, requested_on=add_working_days(last, 10))
        three.panel_on = add_working_days(three.requested_on, 25)
        three.report_on = add_working_days(three.panel_on, 4)
        three.responded_on = add_working_days(three.report_on, 12)
        three.outcome = rng.choice(OUTCOMES[:3])
        case.stages.append(three)
        case.ombudsman_referred_on = add_working_days(three.responded_on, 15)
        case.ombudsman_decided_on = add_working_days(case.ombudsman_referred_on, 60)
        case.ombudsman_decision = "Fault found: delay at stage 2."
        case.ombudsman_remedy = "An apology and £150 for the time and trouble."
    case.status, case.outcome = CaseStatus.CLOSED, outcome
    case.closed_on = last


def _open_scenario(case, name, officer):
    start = received_on(case)
    case.acknowledged_on = add_working_days(start, 1)
    case.status, case.outcome, case.closed_on = CaseStatus.STAGE_1, None, None
    one = CaseStage(number=1, started_on=start)
    if name not in ("not acknowledged, overdue", "safeguarding"):
        case.stages.append(one)
    if name == "not acknowledged, overdue":
        case.acknowledged_on, case.status = None, CaseStatus.RECEIVED
    elif name == "stage 1 extended":
        one.extended_to, one.extension_reason = 20, "The young person's foster carer is away until next week."
        # A question on /track, and the young person's answer waiting for the officer: the queue marks it.
        asked = datetime.combine(add_working_days(start, 2), time(11), LONDON)
        case.add_event(
            "message",
            "Can you tell us when your foster carer is back?",
            shared_with_young_person=True,
            by_user_id=officer.id,
            at=asked,
        )
        answered = asked + timedelta(hours=5)
        case.young_persons_words.append(
            YoungPersonsWords(at=answered, words="She is back on Friday. My nan is looking after me.")
        )
        case.add_event("young_person_wrote", "The young person wrote on /track.", at=answered)
        case.young_person_replied_at = answered
    elif name == "paused for court":
        case.pauses.append(
            CasePause(
                reason_kind="court",
                reason="Care proceedings are under way; the court's decision comes first.",
                started_on=add_working_days(start, 3),
            )
        )
    elif name == "safeguarding":
        case.urgent, case.safe_now = True, "no"
        case.status, case.safeguarding = CaseStatus.SAFEGUARDING, True
        case.safeguarding_referrals.append(
            SafeguardingReferral(
                referred_by_id=officer.id,
                referred_at=datetime.combine(start, time(15), LONDON),
                referred_to="Multi-Agency Safeguarding Hub (MASH)",
                their_reference="MASH-2026-0412",
            )
        )
    elif name.startswith("stage 2") or name.startswith("stage 3"):
        one.responded_on, one.outcome = add_working_days(start, 9), Outcome.NOT_UPHELD
        two = CaseStage(number=2, requested_on=add_working_days(one.responded_on, 3))
        case.stages.append(two)
        case.status = CaseStatus.STAGE_2
        if name != "stage 2 asked, statement not agreed":
            two.started_on = add_working_days(two.requested_on, 2)
            two.investigating_officer, two.independent_person = "Jo Baker", "Dr Lee Shah"
        if name == "stage 2 extended and overdue":
            two.extended_to, two.extension_reason = 30, "Waiting for health records."
        if name.startswith("stage 3"):
            two.responded_on, two.outcome = add_working_days(two.started_on, 20), Outcome.PARTLY_UPHELD
            case.stages.append(CaseStage(number=3, requested_on=add_working_days(two.responded_on, 4)))
            case.status = CaseStatus.STAGE_3
    _event(case, "demo", f"Demo scenario: {name}", start, officer)


def load_demo_triage(seed=2013):
    """Spread the demo cases over triage; returns how many cases were touched."""
    rng = random.Random(seed)  # noqa: S311 - made-up data
    db = get_session()
    seed_default_lists()
    # The demo accounts portal.demo made (their emails are already lower case).
    officer = db.scalar(select(User).where(User.email == "complaints@example.org"))
    manager = db.scalar(select(User).where(User.email == "manager@example.org"))
    areas = db.scalars(select(ServiceArea)).all()
    themes = db.scalars(select(QualityTheme)).all()
    cases = db.scalars(select(Case).order_by(Case.id)).all()
    staged = [c for c in cases if c.kind in (CaseKind.COMPLAINT, CaseKind.REPRESENTATION)]
    scenarios = iter(OPEN_SCENARIOS)
    for index, case in enumerate(cases):
        case.assigned_to = manager if index % 10 == 9 else officer
        case.service_areas = rng.sample(areas, rng.randint(1, 2))
        case.themes = rng.sample(themes, rng.randint(1, 3))
        if case.channel == Channel.WEB and not case.page_language:
            case.page_language = "en"
            if index % 4 == 1:
                case.page_language, interpreter = DEMO_LANGUAGES[(index // 4) % len(DEMO_LANGUAGES)]
                if interpreter:
                    case.interpreter_needed, case.language = True, interpreter
        if case.status != CaseStatus.RECEIVED and case.acknowledged_on is None:
            case.acknowledged_on = add_working_days(received_on(case), 1)
    for index, case in enumerate(staged):
        scenario = next(scenarios, None) if index % 7 == 3 else None
        if scenario is not None:
            case.received_at = _received(scenario[1])
            _open_scenario(case, scenario[0], officer)
        elif case.status == CaseStatus.CLOSED:
            escalate = 3 if index % 41 == 0 else (2 if index % 9 == 0 else 1)
            _closed_with_stages(rng, case, officer, escalate)
            if index % 13 == 0:
                case.outcome = case.stages[-1].outcome = Outcome.WITHDRAWN
            if index % 11 == 0:
                first = received_on(case) + timedelta(days=2)
                case.pauses.append(
                    CasePause(
                        reason_kind="police",
                        reason="Police investigation into the same events.",
                        started_on=first,
                        ended_on=first + timedelta(days=20),
                    )
                )
        elif case.status == CaseStatus.STAGE_1 and not case.stages:
            case.stages.append(CaseStage(number=1, started_on=received_on(case)))
        if index % 6 == 0 and case.status == CaseStatus.CLOSED:
            case.learning.append(
                CaseLearning(
                    kind="action",
                    words="Tell young people before their social worker changes, in person.",
                    owner="Head of Children in Care",
                    due_on=received_on(case) + timedelta(days=60),
                    done_on=received_on(case) + timedelta(days=50),
                    publish=True,
                )
            )
    db.commit()
    return len(cases)
