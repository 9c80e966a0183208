import pytest
from conftest import participant, sign_in, staff_sign_in


def test_guide_pages_render_without_sign_in(app):
    client = app.test_client()
    for url in ("/", "/guide/parents", "/guide/young-people", "/guide/children",
                "/accessibility", "/privacy", "/contact", "/complain", "/sign-in",
                "/staff/sign-in"):
        response = client.get(url)
        assert response.status_code == 200, url


@pytest.mark.both_databases
def test_parent_signs_in_and_sees_home(app):
    parent = participant("parent")
    visitor = sign_in(app, parent, through_link=True)
    page = visitor.get("/home").get_data(as_text=True)
    assert "Your conference" in page


@pytest.mark.both_databases
def test_staff_sign_in(app):
    chair = participant("chair").staff_user
    visitor = staff_sign_in(app, chair, with_password=True)
    assert visitor.get("/staff/").status_code == 200
