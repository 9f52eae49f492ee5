"""The error pages speak to whoever meets them: a young person on the Role Model Army has no manager to ask."""

import pytest


@pytest.mark.parametrize(
    ("role", "says", "never"),
    [
        ("rma_member", "ask your participation officer", "manager"),
        ("partner_lead", "Your account (Partner lead) cannot use this page", "participation officer"),
        ("complaints_officer", "ask an admin to check your role", "participation officer"),
    ],
)
def test_the_403_page_is_written_for_whoever_is_signed_in(pages, sign_in_as, role, says, never):
    sign_in_as(role)
    page = pages.get("/admin/users", expected_status=403)
    assert says in page.text() and never not in page.text()
    assert page.h1 == "You cannot see this page"
