"""Who sees which report, through the pages: every role, in its own conference (A) and the
other one (B), including a parent's redacted version, reports for the young person, reports
kept for professionals only, reports waiting for the chair, and an audit row for every view
and download."""

import io

import pytest
from conftest import Person, participant, sign_in, staff_sign_in
from pypdf import PdfWriter

from app.data import models as m
from app.extensions import db
from app.services import audit


def pdf_bytes(marker):
    """A one-page PDF whose metadata carries a marker, so two files can be told apart."""
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    writer.add_metadata({"/Title": marker.replace("-", "")})  # pypdf escapes "-"
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def add_report(conference_label, key, *, sharing=m.SHARING_FAMILY, for_young_person=False,
               shared=True):
    author = participant("professional", conference_label, agency="Police")
    report = m.Report(conference_id=author.conference_id, author_id=author.id, agency="Police",
                      author_role="Constable", title=f"Title {key}",
                      summary=f"Summary {key}", sharing=sharing,
                      for_young_person=for_young_person,
                      shared_at=m.utcnow() if shared else None)
    pdf = pdf_bytes(f"FULL-{key}")
    report.versions.append(m.ReportVersion(content=pdf, size=len(pdf), pages=1,
                                           body=f"Full text {key}"))
    db.session.add(report)
    db.session.flush()
    return report


def build_reports(label):
    reports = {
        "family": add_report(label, f"family-{label}"),
        "young_person": add_report(label, f"yp-{label}", for_young_person=True),
        "professionals": add_report(label, f"prof-{label}", sharing=m.SHARING_PROFESSIONALS,
                                    shared=False),
        "awaiting": add_report(label, f"wait-{label}", sharing=m.SHARING_AWAITING_CHAIR,
                               shared=False),
        "redacted": add_report(label, f"red-{label}"),
    }
    first_parent = participant("parent", label, 0)
    pdf = pdf_bytes(f"REDACTED-{label}")
    reports["redacted"].versions.append(m.ReportVersion(
        recipient_id=first_parent.id, content=pdf, size=len(pdf), pages=1,
        body=f"Redacted text red-{label}", summary=f"Redacted summary red-{label}"))
    db.session.commit()
    return reports


FAMILY_SEES = {"family", "young_person", "redacted"}
ALL = {"family", "young_person", "professionals", "awaiting", "redacted"}
# who -> which of their own conference's reports they can open
EXPECTED = {
    "parent_redacted": FAMILY_SEES,
    "parent_other": FAMILY_SEES,
    "young_person": {"young_person"},
    "supporter": set(),
    "interpreter": set(),
    "interpreter_allowed": FAMILY_SEES,
    "police": ALL,
    "school": ALL,
    "chair": ALL,
    "social_worker": ALL,
    "admin": ALL,
}


def visitor_for(app, who, label="A"):
    if who == "admin":
        return staff_sign_in(app, db.session.scalar(db.select(m.StaffUser).filter_by(
            role="admin"))), None
    if who in ("chair", "social_worker"):
        person = participant(who, label)
        return staff_sign_in(app, person.staff_user), person
    if who == "interpreter_allowed":
        person = participant("interpreter", label)
        person.may_see_reports = True
        db.session.commit()
        return sign_in(app, person), person
    person = {
        "parent_redacted": lambda: participant("parent", label, 0),
        "parent_other": lambda: participant("parent", label, 1),
        "young_person": lambda: participant("young_person", label),
        "supporter": lambda: participant("supporter", label),
        "interpreter": lambda: participant("interpreter", label),
        "police": lambda: participant("professional", label, agency="Police"),
        "school": lambda: participant("professional", label, agency="School"),
    }[who]()
    return sign_in(app, person), person


@pytest.mark.parametrize("who", sorted(EXPECTED))
def test_report_visibility_by_role(app, who):
    own = build_reports("A")
    other = build_reports("B")
    visitor, person = visitor_for(app, who)
    for key, report in own.items():
        expected = 200 if key in EXPECTED[who] else 404
        for suffix in ("", "/file", "/download"):
            got = visitor.get(f"/reports/{report.id}{suffix}").status_code
            assert got == expected, (who, key, suffix)
    # The other conference's reports do not exist for anyone but the authority's admin.
    for key, report in other.items():
        expected = 200 if who == "admin" else 404
        assert visitor.get(f"/reports/{report.id}").status_code == expected, (who, key)
    if person is not None and person.role not in ("chair", "social_worker"):
        listing = visitor.get("/reports").get_data(as_text=True)
        for key, report in own.items():
            assert (report.title in listing) == (key in EXPECTED[who]), (who, key)
        assert not any(report.title in listing for report in other.values())


def test_anonymous_visitors_are_sent_to_sign_in(app):
    report = build_reports("A")["family"]
    visitor = Person(app)
    for suffix in ("", "/file", "/download"):
        response = visitor.get(f"/reports/{report.id}{suffix}")
        assert response.status_code == 302 and "/sign-in" in response.headers["Location"]
    assert visitor.get(f"/staff/reports/{report.id}/redacted").status_code == 302


def test_redacted_parent_sees_only_their_version_and_cannot_tell(app):
    report = build_reports("A")["redacted"]
    mine = sign_in(app, participant("parent", "A", 0))
    theirs = sign_in(app, participant("parent", "A", 1))
    page = mine.get(f"/reports/{report.id}").get_data(as_text=True)
    full_page = theirs.get(f"/reports/{report.id}").get_data(as_text=True)
    assert "Redacted text red-A" in page and "Redacted summary red-A" in page
    assert "Full text red-A" not in page and "Summary red-A" not in page
    assert "Full text red-A" in full_page and "Redacted" not in full_page
    assert b"REDACTEDA" in mine.get(f"/reports/{report.id}/file").data
    assert b"FULLredA" in theirs.get(f"/reports/{report.id}/download").data
    # The same page, link for link: nothing says another version exists.
    for text in (page, full_page):
        assert "redact" not in text.replace("Redacted text", "").replace(
            "Redacted summary", "").lower()
        assert "version" not in text.lower()
    # Professionals read the full report, and see that a redacted version exists.
    police = sign_in(app, participant("professional", "A", agency="Police"))
    staff_page = police.get(f"/reports/{report.id}").get_data(as_text=True)
    assert "Full text red-A" in staff_page and "Redacted text" not in staff_page
    assert "Redacted versions for:" in staff_page


def test_an_allowed_interpreter_reads_the_redacted_version(app):
    """They may be interpreting for the parent it was made for."""
    report = build_reports("A")["redacted"]
    visitor, _person = visitor_for(app, "interpreter_allowed")
    page = visitor.get(f"/reports/{report.id}").get_data(as_text=True)
    assert "Redacted text red-A" in page and "Full text red-A" not in page
    assert b"REDACTEDA" in visitor.get(f"/reports/{report.id}/file").data


@pytest.mark.both_databases
def test_every_view_and_download_is_audited(app):
    reports = build_reports("A")
    parent = participant("parent", "A", 0)
    visitor = sign_in(app, parent)
    redacted_version = next(v for v in reports["redacted"].versions if v.recipient_id)
    full_version = next(v for v in reports["family"].versions)
    cases = [
        (reports["redacted"], "", "report.viewed", redacted_version),
        (reports["redacted"], "/file", "report.file_viewed", redacted_version),
        (reports["redacted"], "/download", "report.downloaded", redacted_version),
        (reports["family"], "", "report.viewed", full_version),
        (reports["family"], "/download", "report.downloaded", full_version),
    ]
    for report, suffix, event, version in cases:
        before = len(audit.events(event, participant_id=parent.id, object_id=version.id))
        assert visitor.get(f"/reports/{report.id}{suffix}").status_code == 200
        after = audit.events(event, participant_id=parent.id, object_id=version.id)
        assert len(after) == before + 1, (event, suffix)
        assert after[-1].conference_id == parent.conference_id
    # Staff views are audited with their staff account too.
    chair = participant("chair", "A")
    staff_sign_in(app, chair.staff_user).get(f"/reports/{reports['family'].id}/file")
    rows = audit.events("report.file_viewed", staff_user_id=chair.staff_user_id)
    assert rows and rows[-1].participant_id == chair.id
    # A refused look is audited as refused.
    sign_in(app, participant("supporter", "A")).get(f"/reports/{reports['family'].id}")
    refused = audit.events("access.refused", participant_id=participant("supporter", "A").id)
    assert refused and refused[-1].outcome == "refused"


@pytest.mark.both_databases
def test_pdf_is_served_safely(app):
    report = build_reports("A")["family"]
    visitor = sign_in(app, participant("parent", "A", 1))
    inline = visitor.get(f"/reports/{report.id}/file")
    assert inline.mimetype == "application/pdf"
    assert inline.headers["Content-Disposition"].startswith("inline")
    # The browser's own viewer must be able to run: no sandbox, but nothing may frame it.
    assert inline.headers["Content-Security-Policy"] == "frame-ancestors 'none'"
    assert inline.headers["X-Content-Type-Options"] == "nosniff"
    assert inline.headers["Cache-Control"] == "no-store"
    download = visitor.get(f"/reports/{report.id}/download")
    assert download.headers["Content-Disposition"].startswith("attachment")
    assert "sandbox" in download.headers["Content-Security-Policy"]


def test_text_only_report_has_no_file_links(app):
    report = build_reports("A")["family"]
    version = report.versions[0]
    version.content, version.size, version.pages = b"", 0, 0
    db.session.commit()
    visitor = sign_in(app, participant("parent", "A", 1))
    page = visitor.get(f"/reports/{report.id}").get_data(as_text=True)
    assert "Full text family-A" in page and "/file" not in page
    assert visitor.get(f"/reports/{report.id}/file").status_code == 404


def test_a_report_page_is_made_before_the_audit_chain_is_locked(app, monkeypatch):
    """Reading a report takes the audit chain's lock only to write its record: while the
    page is being made, no record waits in the session, so another reader of another
    report is not held up for the time a page takes to make."""
    from app.reports import routes as report_routes

    report = build_reports("A")["family"]
    visitor = sign_in(app, participant("parent", "A", 0))
    pending_while_making = []
    make_page = report_routes._show_page

    def watched(*args, **kwargs):
        pending_while_making.append(
            [row for row in db.session.new if isinstance(row, m.AuditEvent)])
        return make_page(*args, **kwargs)

    monkeypatch.setattr(report_routes, "_show_page", watched)
    page = visitor.get(f"/reports/{report.id}")
    assert page.status_code == 200 and "Summary family-A" in page.get_data(as_text=True)
    assert pending_while_making == [[]]
    assert audit.events("report.viewed", participant_id=participant("parent", "A", 0).id)


def test_no_report_page_without_its_audit_record(app, monkeypatch):
    """If the view cannot be recorded, the report is not shown."""
    from sqlalchemy.exc import OperationalError

    from app.services import reports as report_service

    report = build_reports("A")["family"]
    visitor = sign_in(app, participant("parent", "A", 0))

    def broken(*_args, **_kwargs):
        raise OperationalError("INSERT INTO audit_events", {}, Exception("disk full"))

    monkeypatch.setattr(report_service.audit, "record", broken)
    page = visitor.get(f"/reports/{report.id}")
    assert page.status_code == 503
    assert "Summary family-A" not in page.get_data(as_text=True)
