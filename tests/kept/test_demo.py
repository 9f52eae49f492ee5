"""The demo monitoring data: plans for every published promise, a year of updates with some late, hundreds of
answers with small counts somewhere (so the scorecard shows suppression), and awareness records."""

from sqlalchemy import func, select

from portal.models.kept import AwarenessTap, KeptAnswer, MonitoringPlan, PledgeGiven, ProgressUpdate


def test_demo_loads_monitoring_that_shows_every_part(runner, db_session, pages):
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    promises = db_session.scalar(select(func.count(MonitoringPlan.id)))
    assert promises >= 8
    updates = db_session.scalars(select(ProgressUpdate)).all()
    assert len(updates) > 3 * promises
    assert any(update.was_late for update in updates) and any(not update.was_late for update in updates)
    assert db_session.scalar(select(func.count(KeptAnswer.id))) >= 500
    assert db_session.scalar(select(func.count(AwarenessTap.id))) > 50
    assert db_session.scalar(select(func.count(PledgeGiven.id))) >= 10

    assert "fewer than 5" in pages.get("/pledge/scorecard").text()
    pages.sign_in("participation@example.org", "demo-pledge-portal")
    dashboard = pages.get("/staff/pledge")
    assert dashboard.html.select("#promises .govuk-tag--red")  # some promises are late now
    pages.sign_out()
    pages.sign_in("health@example.org", "demo-pledge-portal")
    assert pages.get("/partner/promises").html.select("main table a")


def test_demo_monitoring_is_loaded_once(runner, db_session):
    runner.invoke(args=["demo"])
    before = db_session.scalar(select(func.count(KeptAnswer.id)))
    runner.invoke(args=["demo"])
    db_session.expire_all()
    assert db_session.scalar(select(func.count(KeptAnswer.id))) == before
