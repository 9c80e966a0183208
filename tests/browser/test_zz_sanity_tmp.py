import pytest

from .conftest import _run_axe, _run_axe_on_snapshot


@pytest.mark.parametrize("js", [True, False])
def test_axe_sees_a_violation(new_page, live_server, _auditor, js):
    page = new_page(java_script_enabled=js)
    page.route("**/guide/parents", lambda route: route.fulfill(
        status=200, content_type="text/html",
        body="<html lang='en'><head><title>t</title></head><body><main><h1>x</h1>"
             "<img src='/static/none.png'><script>document.body.innerHTML='';</script>"
             "</main></body></html>"))
    page.goto(live_server.link("/guide/parents"))
    violations = _run_axe(page) if js else _run_axe_on_snapshot(_auditor, page)
    print(js, [v["id"] for v in violations])
    if js:
        assert violations == []  # script emptied the body
    else:
        assert [v["id"] for v in violations] == ["image-alt"]
