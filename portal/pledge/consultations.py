"""Consultation on a draft: anyone with the link answers each promise once per device (a second answer replaces
the first) until the closing date."""

import secrets

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from portal.clock import london_today, now
from portal.db import get_session
from portal.models.pledge import (
    Answer,
    Consultation,
    ConsultationAnswer,
    VersionStatus,
)
from portal.pledge.versions import PledgeError, check_editable


def open_consultation(version, closes_on, by):
    """Open a draft for anyone with the link until closes_on (or move the closing date)."""
    check_editable(version)
    if closes_on <= london_today():
        raise PledgeError("The closing date must be in the future")
    consultation = version.consultation
    if consultation is None:
        consultation = Consultation(
            version=version,
            token=secrets.token_urlsafe(16),
            opened_by_id=by.id,
            opened_at=now(),
            closes_on=closes_on,
        )
        get_session().add(consultation)
    else:
        consultation.closes_on = closes_on
    get_session().commit()
    return consultation


def consultation_for(token):
    """The consultation with this link, or None."""
    if not token or len(token) > 64:
        return None
    return get_session().scalar(select(Consultation).where(Consultation.token == token))


def consultation_is_open(consultation, today=None):
    return (
        consultation is not None
        and consultation.version.status == VersionStatus.DRAFT
        and (today or london_today()) <= consultation.closes_on
    )


def record_answer(consultation, promise, device, answer):
    """One answer per device per promise: a second answer replaces the first."""
    if not consultation_is_open(consultation):
        raise PledgeError("This consultation has closed")
    if promise.version_id != consultation.version_id or promise.removed_at is not None:
        raise PledgeError("That promise is not in this consultation")
    answer = Answer(answer)
    query = select(ConsultationAnswer).where(
        ConsultationAnswer.consultation_id == consultation.id,
        ConsultationAnswer.version_promise_id == promise.id,
        ConsultationAnswer.device == device,
    )
    existing = get_session().scalar(query)
    if existing is None:
        get_session().add(
            ConsultationAnswer(
                consultation_id=consultation.id,
                version_promise_id=promise.id,
                device=device,
                answer=answer,
                answered_at=now(),
            )
        )
        try:
            get_session().commit()
            return
        except IntegrityError:  # the same device answered twice at once: keep one, with this answer
            get_session().rollback()
            existing = get_session().scalar(query)
    existing.answer, existing.answered_at = answer, now()
    get_session().commit()


def answers_of_device(consultation, device):
    rows = get_session().scalars(
        select(ConsultationAnswer).where(
            ConsultationAnswer.consultation_id == consultation.id, ConsultationAnswer.device == device
        )
    )
    return {row.version_promise_id: row.answer for row in rows}


def consultation_results(version):
    """{version_promise_id: {Answer: count}} for a version's consultation."""
    results = {}
    if version.consultation is None:
        return results
    rows = get_session().execute(
        select(ConsultationAnswer.version_promise_id, ConsultationAnswer.answer, func.count())
        .where(ConsultationAnswer.consultation_id == version.consultation.id)
        .group_by(ConsultationAnswer.version_promise_id, ConsultationAnswer.answer)
    )
    for promise_id, answer, count in rows:
        results.setdefault(promise_id, dict.fromkeys(Answer, 0))[Answer(answer)] = count
    return results
