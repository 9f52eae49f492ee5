"""The lists of service areas and themes that classify cases, kept by admins at /admin/case-lists."""

from sqlalchemy import select

from portal.models import Role, ServiceArea


def test_admins_keep_the_lists_of_service_areas_and_themes(pages, sign_in_as, db_session):
    sign_in_as(Role.ADMIN)
    pages.post("/admin/case-lists/service-areas/0", {"name": "Youth justice", "active": "yes"})
    assert db_session.scalar(select(ServiceArea.name)) == "Youth justice"
    page = pages.post(
        "/admin/case-lists/service-areas/0", {"name": "Youth justice", "active": "yes"}, expected_status=200
    )
    assert "already on the list" in " ".join(page.error_messages())
