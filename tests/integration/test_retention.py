"""Retention: expired things go, and a conference whose final minutes are older than its
authority's retention period is exported (one encrypted bundle) and then purged, leaving a
tombstone and the audit chain whole. The other conference is untouched."""

import io
import json
import os
import zipfile
from datetime import timedelta

import pytest
import sqlalchemy as sa
from conftest import participant, sign_in, staff_sign_in

from app.data import models as m
from app.extensions import db
from app.rules import clock
from app.services import audit, retention
from tests.helpers import blank_pdf

pytestmark = pytest.mark.both_databases


def _conferences():
    return db.session.scalars(sa.select(m.Conference).order_by(m.Conference.starts_at)).all()


def _publish_minutes(conference, days_ago):
    published = clock.utcnow() - timedelta(days=days_ago)
    minutes = m.Minutes(conference_id=conference.id, published_at=published)
    minutes.versions.append(m.MinutesVersion(content=blank_pdf(), size=len(blank_pdf()),
                                             pages=1))
    db.session.add(minutes)
    report_author = next(p for p in conference.participants if p.role == m.SOCIAL_WORKER)
    report = m.Report(conference_id=conference.id, author_id=report_author.id,
                      agency="Eastmere children's services (fictional)",
                      title="Social work report (fictional)", summary="A fictional summary.")
    db.session.add(report)
    db.session.flush()
    db.session.add(m.ReportVersion(report_id=report.id, content=blank_pdf(),
                                   size=len(blank_pdf()), pages=1))
    db.session.commit()
    return published


def _rows_of(conference_id):
    """How many rows of each table belong to the conference."""
    counts = {}
    for table in retention.conference_tables():
        counts[table.name] = db.session.scalar(sa.select(sa.func.count()).select_from(
            table).where(retention._belongs(table, conference_id)))
    return counts


def _run(app, tmp_path):
    return retention.run(clock.utcnow(), tmp_path / "exports", idle_minutes=30, max_hours=12)


def test_a_conference_past_its_retention_is_exported_then_purged_to_a_tombstone(app, tmp_path):
    first, other = _conferences()
    _publish_minutes(first, days_ago=91)
    family_name = next(p.name for p in first.participants if p.role == m.PARENT)
    before = _rows_of(first.id)
    other_before = _rows_of(other.id)
    assert before["participants"] > 3 and before["report_versions"] == 1
    audit.record("report.viewed", conference_id=first.id, object_type="report", object_id="x",
                 commit=True)
    audit_length = audit.verify().length

    result = _run(app, tmp_path)

    [(conference_id, path, sha256, deleted)] = result.purged
    assert conference_id == first.id
    assert deleted == sum(before.values())
    # The bundle: encrypted, only for the portal's own user, and complete.
    raw = path.read_bytes()
    assert not raw.startswith(b"PK") and family_name.encode() not in raw
    assert oct(os.stat(path).st_mode & 0o777) == "0o600"
    with zipfile.ZipFile(io.BytesIO(retention.unpack(raw))) as archive:
        names = archive.namelist()
        people = json.loads(archive.read("participants.json"))
        trail = json.loads(archive.read("audit_trail.json"))
        pdfs = [n for n in names if n.endswith(".pdf")]
        assert archive.read(pdfs[0]).startswith(b"%PDF")
    assert family_name in [p["name"] for p in people]
    assert len(people) == before["participants"]
    assert any(e["event"] == "report.viewed" for e in trail)
    assert len(pdfs) == 2  # the minutes and the report
    assert "conference.json" in names and "children.json" in names

    # The purge: nothing of the conference left but its tombstone; the other one whole.
    assert set(_rows_of(first.id).values()) == {0}
    assert _rows_of(other.id) == other_before
    tombstone = db.session.get(m.Conference, first.id)
    assert tombstone.status == "purged" and tombstone.venue is None
    assert tombstone.joining_details is None and tombstone.export_sha256 == sha256
    assert tombstone.purged_at is not None
    # The audit chain is whole and says what happened.
    verdict = audit.verify()
    assert verdict.broken is None and verdict.length == audit_length + 1
    assert audit.events("retention.purged")[0].conference_id == first.id


def test_nothing_is_purged_before_the_authority_period_and_the_authority_sets_it(app, tmp_path):
    first, _other = _conferences()
    _publish_minutes(first, days_ago=10)
    assert _run(app, tmp_path).purged == []
    assert db.session.get(m.Conference, first.id).purged_at is None

    first.authority.timescales = {**(first.authority.timescales or {}),
                                  "retention_days_after_minutes": 7}
    db.session.commit()
    assert [item.conference.id for item in retention.due(clock.utcnow())] == [first.id]
    assert [p[0] for p in _run(app, tmp_path).purged] == [first.id]


def test_a_conference_without_published_minutes_is_never_due(app, tmp_path):
    first, _other = _conferences()
    db.session.add(m.Minutes(conference_id=first.id, published_at=None))
    db.session.commit()
    assert retention.due(clock.utcnow() + timedelta(days=3650)) == []


def test_an_export_that_cannot_be_written_leaves_the_conference_whole(app, tmp_path):
    first, _other = _conferences()
    _publish_minutes(first, days_ago=120)
    before = _rows_of(first.id)
    blocked = tmp_path / "exports"
    blocked.write_text("a file where the folder should be")
    with pytest.raises(OSError):
        _run(app, tmp_path)
    db.session.rollback()
    assert _rows_of(first.id) == before
    assert db.session.get(m.Conference, first.id).purged_at is None


def test_expired_sessions_codes_links_and_kept_text_go_and_live_ones_stay(app, tmp_path):
    now = clock.utcnow()
    parent = db.session.scalars(sa.select(m.Participant).filter_by(role=m.PARENT)).first()
    db.session.add_all([
        m.UserSession(id="s-live", participant_id=parent.id, created_at=now,
                      last_seen_at=now),
        m.UserSession(id="s-idle", participant_id=parent.id, created_at=now,
                      last_seen_at=now - timedelta(hours=2)),
        m.UserSession(id="s-ended", participant_id=parent.id, created_at=now,
                      last_seen_at=now, ended_at=now),
        m.SignInCode(participant_id=parent.id, code_hash="a", attempt_hash="live",
                     channel="email", expires_at=now + timedelta(minutes=5)),
        m.SignInCode(participant_id=parent.id, code_hash="b", attempt_hash="old",
                     channel="email", expires_at=now - timedelta(minutes=5)),
        m.OutboxMessage(participant_id=parent.id, purpose="old", channel="email",
                        backend="outbox", created_at=now - timedelta(days=200)),
        m.OutboxMessage(participant_id=parent.id, purpose="new", channel="email",
                        backend="outbox", created_at=now),
    ])
    db.session.commit()
    invitations_before = db.session.scalar(sa.select(sa.func.count(m.Invitation.id)).where(
        m.Invitation.expires_at < now))

    counts = _run(app, tmp_path).expired

    assert counts["sessions"] >= 2 and counts["sign-in codes"] >= 1
    assert counts["invitation links"] == invitations_before
    assert counts["records of messages sent"] == 1
    assert {s.id for s in db.session.scalars(sa.select(m.UserSession))} >= {"s-live"}
    assert db.session.get(m.UserSession, "s-idle") is None
    assert db.session.get(m.UserSession, "s-ended") is None
    assert [c.attempt_hash for c in db.session.scalars(sa.select(m.SignInCode))] == ["live"]
    assert [o.purpose for o in db.session.scalars(sa.select(m.OutboxMessage))] == ["new"]


def test_the_command_line_exports_purges_and_unpacks(app, tmp_path):
    first, _other = _conferences()
    _publish_minutes(first, days_ago=95)
    app.config["EXPORT_DIR"] = str(tmp_path / "exports")
    runner = app.test_cli_runner()
    listed = runner.invoke(args=["retention", "due"])
    assert first.id in listed.output and "1 conferences due" in listed.output
    result = runner.invoke(args=["retention", "run"])
    assert result.exit_code == 0, result.output
    assert "1 conferences exported and purged" in result.output
    [bundle] = list((tmp_path / "exports").iterdir())
    out = tmp_path / "case-record.zip"
    unpacked = runner.invoke(args=["retention", "unpack", str(bundle), str(out)])
    assert unpacked.exit_code == 0, unpacked.output
    assert zipfile.ZipFile(out).testzip() is None
    assert "conference.json" in zipfile.ZipFile(out).namelist()


def test_the_retention_page_is_for_the_coordinator_and_admin_only(app, tmp_path):
    first, other = _conferences()
    _publish_minutes(first, days_ago=80)  # due in 10 days
    admin = db.session.scalar(sa.select(m.StaffUser).filter_by(role="admin"))
    page = staff_sign_in(app, admin).get("/staff/retention")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "1 conference due within 30 days" in text
    assert "Due on" in text and f"/staff/conferences/{first.id}" in text
    assert f"/staff/conferences/{other.id}" not in text
    assert "/staff/retention" in staff_sign_in(app, admin).get("/staff/").get_data(as_text=True)

    for role in ("chair", "social_worker"):
        for label in ("A", "B"):
            visitor = staff_sign_in(app, participant(role, label).staff_user)
            assert visitor.get("/staff/retention").status_code == 404, (role, label)
            assert "/staff/retention" not in visitor.get("/staff/").get_data(as_text=True)
    assert sign_in(app, participant("parent", "A")).get("/staff/retention").status_code == 404

    retention.run(clock.utcnow() + timedelta(days=11), tmp_path / "exports", idle_minutes=30,
                  max_hours=12)
    after = staff_sign_in(app, admin).get("/staff/retention").get_data(as_text=True)
    assert "0 conferences due within 30 days" in after
    assert "Exported and removed" in after and "Bundle fingerprint" in after
