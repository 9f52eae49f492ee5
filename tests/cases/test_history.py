"""A case's history is append-only."""

import pytest
from sqlalchemy import select

from portal.models import CaseEvent
from tests.track.test_views import sent_case


def test_case_history_cannot_be_changed(db_session, pages):
    from portal.models.cases import AppendOnlyError

    sent_case(pages)
    event = db_session.scalar(select(CaseEvent))
    event.summary = "rewritten"
    with pytest.raises(AppendOnlyError):
        db_session.commit()
    db_session.rollback()
    db_session.delete(db_session.scalar(select(CaseEvent)))
    with pytest.raises(AppendOnlyError):
        db_session.commit()
