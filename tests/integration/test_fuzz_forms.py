"""Every form of every role, posted with hostile values, never gives a server error.

The forms are found by crawling the pages each person reaches (a new form is covered
without being listed here). Hypothesis fills them with very long text, control characters,
NUL, right-to-left marks, emoji, impossible dates, wrong choices, missing and duplicated
fields, on SQLite and PostgreSQL. Each database's app is built, and each person signed in,
once; the number of examples per form keeps the whole file within two minutes."""

import io
import shutil
from datetime import timedelta

import pytest
from conftest import make_app
from crawl import PUBLIC, csrf_token, explore, start_pages, submit, visitor_for
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.data import demo
from app.extensions import db

ROLES = (None, "parent", "young_person", "advocate", "supporter", "interpreter",
         "professional", "chair", "social_worker", "coordinator", "admin")
EXAMPLES_PER_FORM = 5
# A form already fuzzed as another role (the same route and fields), or one with nothing to
# fill in but its token, gets fewer examples: the role is what is new.
EXAMPLES_AGAIN = 2
# What a supporter and an interpreter reach has no form today (they read); if one appears it
# is fuzzed like any other.
READ_ONLY = {"supporter", "interpreter"}

HOSTILE = [
    "", " ", "\x00", "a\x00b", "\x00" * 20, "\x1b[31mred\x1b[0m", "\x07\x08\x0b\x0c\x7f\x85",
    "\u202e\u200f\u200e\u2066reversed\u2069", "\ufeff", "\U0001F600" * 400, "👨‍👩‍👧‍👦🏳️‍🌈",
    "x" * 20_000, "word " * 3_000, "2027-02-30", "0000-00-00", "9999-99-99", "31/02/2027",
    "2027-13-01", "24:61", "99:99", "-1", "1e309", "99999999999999999999999", "NaN",
    "<script>alert(1)</script>", "'; DROP TABLE participants; --", "%00", "../../etc/passwd",
    "{{7*7}}", "a@", "@example.com", "\r\n\r\nBcc: x@example.com", "+44 (0) 7700 900 123",
    "ﷺ" * 100, "\u0645\u0631\u062d\u0628\u0627", "Zalgo ̸̡̢̛̖̗̘̙̜̝̞̟̠̤̥̦̩̪̫̬̭̮̯̰̱̲̳̹̺̻̼ͅ",
]
TEXT = st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=60)
VALUE = st.one_of(st.sampled_from(HOSTILE), TEXT,
                  st.lists(st.sampled_from(HOSTILE), min_size=2, max_size=4).map("".join))
FILE_BYTES = st.one_of(
    st.sampled_from([b"", b"\x00" * 64, b"%PDF-1.4\n%%EOF", b"\x89PNG\r\n\x1a\n" + b"\x00" * 40,
                     b"\xff\xd8\xff\xe0" + b"\x00" * 40, b"<html></html>"]),
    st.binary(max_size=200),
)


@st.composite
def submission(draw, form, csrf_token):
    """The form's fields, each left out, given once, or given twice, with hostile values."""
    data = []
    for name, (kind, offered) in form.fields.items():
        if name == "csrf_token":
            how = draw(st.sampled_from(["valid"] * 8 + ["missing", "twice", "hostile"]))
            if how != "missing":
                data.append((name, csrf_token if how != "hostile" else draw(VALUE)))
            if how == "twice":
                data.append((name, csrf_token))
            continue
        times = draw(st.sampled_from([1, 1, 1, 1, 1, 1, 0, 2]))
        for _ in range(times):
            if kind == "file":
                data.append((name, (io.BytesIO(draw(FILE_BYTES)), draw(VALUE) or "file")))
            elif offered and draw(st.booleans()):
                data.append((name, draw(st.sampled_from(offered))))  # a right choice
            else:
                data.append((name, draw(VALUE)))  # a wrong choice or hostile text
    if draw(st.booleans()):
        data.append((draw(VALUE) or "extra", draw(VALUE)))  # a field nobody asked for
    return data


@pytest.fixture(scope="module", params=["sqlite", "postgres"])
def everyone(request, tmp_path_factory):
    """One app per database, every role signed in once and its forms found by crawling."""
    tmp_path = tmp_path_factory.mktemp(f"fuzz-{request.param}")
    app = make_app(tmp_path, request.param)
    with app.app_context():
        db.create_all()
        demo.load(app.config["SECRET_KEY"])
        visitors = {role: (visitor_for(app, role), start_pages(role),
                           PUBLIC if role else ()) for role in ROLES}
        found = explore(visitors, files=False)
        people = {role: (visitors[role][0], found[role][1]) for role in ROLES}
        yield app, people, set()
        db.session.remove()
        db.engine.dispose()
    if app.config.get("_schema"):
        from conftest import _drop_schema

        _drop_schema(app.config["_schema"])
    shutil.rmtree(tmp_path, ignore_errors=True)


@pytest.mark.parametrize("role", ROLES, ids=lambda r: r or "signed_out")
def test_hostile_values_in_every_form_never_cause_a_server_error(everyone, role):
    app, people, fuzzed = everyone
    visitor, forms = people[role]
    assert forms or role in READ_ONLY, f"{role}: no form found by crawling"
    for form in forms:
        trivial = not set(form.fields) - {"csrf_token", "submit"}
        examples = EXAMPLES_AGAIN if trivial or form.key in fuzzed else EXAMPLES_PER_FORM
        fuzzed.add(form.key)
        _fuzz(role, visitor, form, csrf_token(visitor, form.page), examples)


def _fuzz(role, visitor, form, token, examples):
    @settings(max_examples=examples, deadline=timedelta(seconds=10), database=None,
              suppress_health_check=list(HealthCheck))
    @given(values=submission(form, token))
    def post_hostile(values):
        try:
            response = submit(visitor, form, values)
        except Exception as error:  # the test client re-raises what would be a 500
            raise AssertionError(f"{role}: {form.method} {form.action} raised {error!r} "
                                 f"with {_summary(values)}") from error
        assert response.status_code < 500, (
            f"{role}: {form.method} {form.action} answered {response.status_code} "
            f"with {_summary(values)}")

    post_hostile()


def _summary(values):
    return [(name, value if isinstance(value, str) and len(value) < 80 else
             f"<{type(value).__name__} {len(value) if isinstance(value, str) else ''}>")
            for name, value in values]
