"""A hand-built year of cases where every figure of the annual report is known in advance (worked out by hand in the
comments), for the report's tests."""

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine

from portal.models import (
    CaseKind,
    CaseLearning,
    CasePause,
    CaseStage,
    EqualityAnswers,
    Outcome,
    QualityTheme,
    ServiceArea,
)
from tests.triage.conftest import new_case

AS_OF = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)
CHRISTMAS = date(2025, 12, 19)  # a Friday: 10 working days later is 7 January (25, 26 Dec and 1 Jan are holidays)
EASTER = date(2025, 4, 14)  # a Monday: Good Friday 18 April, Easter Monday 21 April, Early May bank holiday 5 May
JUNE = date(2025, 6, 2)  # a Monday with no holidays near


@dataclass
class Stage1:
    started: date
    responded: date
    outcome: Outcome
    extended_to: int | None = None
    pause: tuple | None = None  # (first, last) paused day
    to_stage_2: bool = False


# Stage 1 of ten complaints. Due dates and working days taken, counted by hand:
STAGE_1 = [
    # On time (5): 10 working days across Christmas and New Year, due 7 January.
    Stage1(CHRISTMAS, date(2026, 1, 7), Outcome.UPHELD, to_stage_2=True),  # 10 days
    # Extended to 20 days: due 21 January, answered 14 January.
    Stage1(CHRISTMAS, date(2026, 1, 14), Outcome.UPHELD, extended_to=20),  # 15 days
    # Paused 22-24 April: due 30 April moves 3 working days, past the Early May bank holiday, to 6 May.
    Stage1(EASTER, date(2025, 5, 6), Outcome.UPHELD, pause=(date(2025, 4, 22), date(2025, 4, 24)), to_stage_2=True),
    Stage1(JUNE, date(2025, 6, 9), Outcome.UPHELD),  # 5 days
    Stage1(JUNE, date(2025, 6, 16), Outcome.UPHELD),  # 10 days: due 16 June
    # Late (5):
    Stage1(CHRISTMAS, date(2026, 1, 8), Outcome.NOT_UPHELD, to_stage_2=True),  # 11 days, due 7 January
    Stage1(EASTER, date(2025, 5, 6), Outcome.NOT_UPHELD),  # no pause: due 30 April; 13 days
    Stage1(CHRISTMAS, date(2026, 1, 22), Outcome.NOT_UPHELD, extended_to=20, to_stage_2=True),  # due 21 Jan; 21 days
    Stage1(JUNE, date(2025, 6, 17), Outcome.NOT_UPHELD),  # 11 days
    Stage1(JUNE, date(2025, 6, 30), Outcome.NOT_UPHELD, to_stage_2=True),  # 20 days
]
# Working days taken, sorted: 5 10 10 10 11 11 13 15 20 21 -> median 11.
STAGE_2_OUTCOMES = [Outcome.UPHELD, Outcome.UPHELD, Outcome.UPHELD, Outcome.PARTLY_UPHELD, Outcome.PARTLY_UPHELD]


@pytest.fixture
def known_year(app, db_session):
    """2025-26: 12 complaints (7 by young people, 5 by parents), 6 representations, 3 compliments; 2024-25: 5
    complaints by young people. Every case acknowledged the next day (on time)."""
    placements = ServiceArea(name="Placements", active=True)
    leaving = ServiceArea(name="Leaving care", active=True)
    talking = QualityTheme(name="Communication", kind="service_quality", active=True)
    db_session.add_all([placements, leaving, talking])
    db_session.commit()
    number = 0

    def case(received_on, kind=CaseKind.COMPLAINT, told_by="young_person", **values):
        nonlocal number
        number += 1
        made = new_case(
            db_session,
            received_on,
            kind=kind,
            reference=f"TU-KNWN-{number:02d}",
            acknowledged_on=received_on + timedelta(days=1),
            **values,
        )
        made.told_by = told_by
        db_session.commit()
        return made

    complaints = []
    for index, stage in enumerate(STAGE_1):
        made = case(
            stage.started - timedelta(days=3),
            told_by="young_person" if index < 7 else "parent",
            urgent=index < 2,
            advocate_wanted="yes" if index < 6 else "no",
            advocacy_provided_on=stage.started if index < 5 else None,
        )
        made.stages.append(
            CaseStage(
                number=1,
                started_on=stage.started,
                responded_on=stage.responded,
                outcome=stage.outcome,
                extended_to=stage.extended_to,
            )
        )
        if stage.pause:
            made.pauses.append(
                CasePause(reason_kind="police", reason="Police", started_on=stage.pause[0], ended_on=stage.pause[1])
            )
        if stage.to_stage_2:
            outcome = STAGE_2_OUTCOMES[sum(1 for c in complaints if len(c.stages) > 1)]
            made.stages.append(
                CaseStage(
                    number=2,
                    requested_on=date(2026, 1, 26),
                    started_on=date(2026, 1, 28),
                    responded_on=date(2026, 2, 20),
                    outcome=outcome,
                )
            )
        made.service_areas.append(placements if index < 6 else leaving if index < 8 else placements)
        if index < 5:
            made.themes.append(talking)
        db_session.commit()
        complaints.append(made)
    # Two more complaints by parents, with no stage yet: 7 by young people, 5 by parents.
    for _ in range(2):
        case(date(2026, 2, 2), told_by="parent")
    for _ in range(6):
        case(date(2025, 9, 1), kind=CaseKind.REPRESENTATION, told_by="carer")
    for _ in range(3):
        case(date(2025, 10, 1), kind=CaseKind.COMPLIMENT, told_by="young_person")
    # Equality answers from 5 people: all 13 to 15, 3 girls and 2 boys.
    for index, made in enumerate(complaints[:5]):
        db_session.add(
            EqualityAnswers(
                case_id=made.id,
                age_band="13_to_15",
                gender="girl" if index < 3 else "boy",
                ethnicity="prefer_not",
                disability="no",
            )
        )
    db_session.add_all(
        [
            CaseLearning(
                case_id=complaints[0].id,
                kind="action",
                words="We now tell you when your social worker changes.",
                done_on=date(2026, 2, 1),
                publish=True,
            ),
            CaseLearning(case_id=complaints[1].id, kind="lesson", words="Not for publication: names a carer."),
        ]
    )
    # Last year: 5 complaints by young people, no stages. Next year (after the report's year): 1, never counted.
    for _ in range(5):
        case(date(2024, 10, 1), told_by="young_person")
    case(date(2026, 4, 2), told_by="young_person")
    db_session.commit()
    return complaints


from tests.pledge.conftest import build  # noqa: E402, F401 - the fixture that publishes a Pledge, for promise rows


@pytest.fixture
def after_the_year():
    """The clock after 2025-26 has ended, whatever clock CI runs under: its young people's version can be published
    only then. Name it before the sign-in fixtures, so the session starts on this clock."""
    with time_machine.travel(AS_OF, tick=True):
        yield


@pytest.fixture
def before_the_year_ends():
    """The clock in March 2026, before 2025-26 ends and 2026-27 starts. Name it before the sign-in fixtures."""
    with time_machine.travel(datetime(2026, 3, 2, 12, 0, tzinfo=UTC), tick=True):
        yield
