"""Made-up cases for the demo: a few hundred, of every kind, spread from 1 April three reporting years ago to
today, so triage and the annual report have something to work on. Seeded, so every demo database is the same."""

import random
from datetime import UTC, datetime, time, timedelta

from portal.cases.labels import AGE_BANDS, DISABILITY, ETHNICITIES, GENDERS
from portal.cases.references import hash_tracking_code, new_reference, new_tracking_code
from portal.clock import LONDON, london_today
from portal.db import get_session
from portal.models import Case, CaseKind, CaseStatus, Channel, EqualityAnswers, Outcome
from portal.tell_us import forms
from portal.working_days import add_working_days

WORDS = {
    CaseKind.COMPLAINT: [
        "My social worker changed again and nobody told me.",
        "I was not asked before my placement moved.",
        "I have not had my pocket money for three weeks.",
        "My review meeting was cancelled twice.",
        "I asked for help with my college course and nobody called me back.",
        "I am not allowed to see my brother as often as I was promised.",
        "My personal adviser does not answer my messages.",
        "The flat I was offered was damp and far from my college.",
        "Nobody explained my care plan to me.",
        "I waited months for a dentist appointment.",
    ],
    CaseKind.REPRESENTATION: [
        "I want to stay with my foster carer after I turn 18.",
        "Please let me have a say in where I go to school.",
        "I would like more time with my mum.",
        "I want a social worker who speaks my language.",
    ],
    CaseKind.SUGGESTION: [
        "Young people should be able to message their social worker.",
        "Have a drop-in for care leavers on Saturdays.",
        "Give everyone a bus pass when they start college.",
        "Make the review meeting shorter and let us choose where.",
    ],
    CaseKind.COMPLIMENT: [
        "My foster carer helped me get ready for my exams.",
        "My personal adviser helped me find my first flat.",
        "The Role Model Army trip was brilliant.",
        "My social worker always listens to me.",
    ],
}
KIND_WEIGHTS = {CaseKind.COMPLAINT: 50, CaseKind.REPRESENTATION: 15, CaseKind.SUGGESTION: 10, CaseKind.COMPLIMENT: 25}
TOLD_BY_WEIGHTS = {"young_person": 70, "parent": 8, "carer": 6, "foster_carer": 6, "advocate": 8, "other": 2}
OUTCOME_WEIGHTS = {Outcome.UPHELD: 35, Outcome.PARTLY_UPHELD: 35, Outcome.NOT_UPHELD: 30}


def _pick(rng, weights):
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def start_of_reporting_years_ago(today, years):
    """1 April of the reporting year `years` before the one today falls in (a year runs 1 April to 31 March)."""
    first_year = today.year if today.month >= 4 else today.year - 1
    return today.replace(year=first_year - years, month=4, day=1)


def demo_case(rng, received, today, code_hash):
    kind = _pick(rng, KIND_WEIGHTS)
    told_by = _pick(rng, TOLD_BY_WEIGHTS)
    safe_now = rng.choices(["yes", "no", "not_sure"], weights=[92, 4, 4])[0]
    route = rng.choice(list(forms.REPLY))
    received_day = received.astimezone(LONDON).date()
    case = Case(
        reference=new_reference(),
        tracking_code_hash=code_hash,
        kind=kind,
        channel=rng.choices(list(Channel), weights=[80, 12, 3, 5])[0],
        received_at=received,
        acknowledge_by=add_working_days(received_day, 2),
        told_by=told_by,
        young_person_agrees=None if told_by == "young_person" else rng.choice(["yes", "yes", "not_sure", "no"]),
        safe_now=safe_now,
        urgent=safe_now != "yes",
        words=rng.choice(WORDS[kind]),
        happened_when=rng.choice(list(forms.WHEN)),
        advocate_wanted=None if kind == CaseKind.COMPLIMENT else rng.choice(["yes", "no", "no", "not_sure"]),
        reply_route=route,
        reply_email="someone@example.org" if route == "email" else None,
        reply_phone="07700 900982" if route in ("phone", "text") else None,
        interpreter_needed=rng.random() < 0.05,
    )
    case.over_a_year_old = case.happened_when == "over_a_year"
    case.add_event("received", "Received (demo data).", at=received)
    age_in_days = (today - received_day).days
    if age_in_days > 3:
        case.add_event("acknowledged", "Acknowledged.", at=received + timedelta(days=1))
        case.status = CaseStatus.BEING_LOOKED_AT
    if kind in (CaseKind.COMPLIMENT, CaseKind.SUGGESTION):
        if age_in_days > 10:
            _close(case, Outcome.RESOLVED, received + timedelta(days=8))
    elif age_in_days > 30:
        escalated = rng.random() < 0.12
        _close(case, _pick(rng, OUTCOME_WEIGHTS), received + timedelta(days=rng.randint(10, 40 if escalated else 20)))
    elif age_in_days > 3:
        case.status = CaseStatus.STAGE_1
        case.reply_by = add_working_days(received_day, 10)
    if rng.random() < 0.6:
        case.equality = EqualityAnswers(
            age_band=rng.choice(list(AGE_BANDS)[:6]),
            gender=rng.choice(list(GENDERS)),
            ethnicity=rng.choice(list(ETHNICITIES)),
            disability=rng.choice(list(DISABILITY)),
        )
    return case


def _close(case, outcome, at):
    case.status = CaseStatus.CLOSED
    case.outcome = outcome
    case.add_event("closed", f"Closed: {outcome.value.replace('_', ' ')}.", at=at)


def load_demo_cases(count=360, seed=2012):
    """Add count demo cases spread from three reporting years ago to today. Returns how many were added."""
    rng = random.Random(seed)  # noqa: S311 - made-up data, not security
    db = get_session()
    today = london_today()
    first_day = start_of_reporting_years_ago(today, 3)
    span_days = (today - first_day).days
    # One shared hash: nobody can track a demo case, and hashing 360 codes would slow set-up for nothing.
    code_hash = hash_tracking_code(new_tracking_code())
    references = set()
    for _ in range(count):
        day = first_day + timedelta(days=rng.randrange(span_days))
        received = datetime.combine(day, time(rng.randint(7, 22), rng.randint(0, 59)), LONDON).astimezone(UTC)
        case = demo_case(rng, received, today, code_hash)
        while case.reference in references:
            case.reference = new_reference()
        references.add(case.reference)
        db.add(case)
    db.commit()
    return count
