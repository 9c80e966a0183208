"""The busiest pages run statements built once (app/data/statements.py): SQLAlchemy works
out no new cache key for them on each request, which was about half the Python cost of
each short query. The values still come from the request: each account gets its own rows."""

from unittest import mock

import pytest
from sqlalchemy.sql import cache_key

from app.data import models as m
from app.data.statements import built_once, param
from app.extensions import db
from app.rules import clock
from app.services import caseload
from tests.helpers import pages_as_benchmarked, participant

# Statements a page may still build on each request. The two left are relationships
# loaded when first used (the conference's people on home, the child on the views page):
# SQLAlchemy makes those itself.
BUILT_PER_REQUEST = {
    "guide": 0,
    "parent home": 1,
    "young person's views": 1,
    "parent's report": 0,
    "chair's dashboard": 0,
    "chair's conversations": 0,
}


def _statements_built(person, url):
    """How many statement objects had their cache key worked out afresh during a request
    (the first, unmeasured request may build what is built once)."""
    person.get(url)
    built = []
    work_out = cache_key.HasCacheKey._generate_cache_key

    def counted(element):
        built.append(type(element).__name__)
        return work_out(element)

    with mock.patch.object(cache_key.HasCacheKey, "_generate_cache_key", counted):
        response = person.get(url)
    assert response.status_code == 200, url
    return built


@pytest.mark.both_databases
def test_the_busiest_pages_build_no_statement_on_each_request(app):
    pages = pages_as_benchmarked(app)
    built = {name: _statements_built(person, url) for name, (person, url) in pages.items()
             if name in BUILT_PER_REQUEST}
    over = {name: kinds for name, kinds in built.items()
            if len(kinds) > BUILT_PER_REQUEST[name]}
    assert not over, f"statements built on each request: {over}"


def test_a_statement_is_built_once_for_each_shape():
    calls = []

    @built_once
    def shaped(is_admin):
        calls.append(is_admin)
        return db.select(m.Conference.id).where(m.Conference.authority_id == param("a"))

    assert shaped(False) is shaped(False)
    assert shaped(True) is not shaped(False)
    assert calls == [False, True]


@pytest.mark.both_databases
def test_statements_built_once_take_each_accounts_values(app):
    """The same statements for two chairs, run one after the other, give each their own
    conferences and nobody else's."""
    now = clock.uk_now()
    chair_a = participant(m.CHAIR, "A").staff_user
    chair_b = participant(m.CHAIR, "B").staff_user
    assert chair_a.id != chair_b.id
    seen_by_a = {c.id for c in caseload.open_work(chair_a, now).conferences}
    seen_by_b = {c.id for c in caseload.open_work(chair_b, now).conferences}
    assert seen_by_a == {participant(m.CHAIR, "A").conference_id}
    assert seen_by_b == {participant(m.CHAIR, "B").conference_id}
    # And again the other way round: nothing of the first run is kept in the statement.
    assert {c.id for c in caseload.open_work(chair_a, now).conferences} == seen_by_a
