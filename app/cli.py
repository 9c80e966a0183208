"""Command-line tasks: `flask --app wsgi demo`, `flask --app wsgi staff create`,
`flask --app wsgi audit verify` and `flask --app wsgi keys rotate`."""

import json

import click
import pyotp
from flask import current_app
from flask.cli import AppGroup, with_appcontext

from app.data import demo as demo_data
from app.data import models as m
from app.extensions import db
from app.services import audit, signin

staff_cli = AppGroup("staff", help="Staff accounts.")
audit_cli = AppGroup("audit", help="The audit trail.")
keys_cli = AppGroup("keys", help="The encryption keys.")
deliveries_cli = AppGroup("deliveries", help="Messages waiting to be delivered.")
retention_cli = AppGroup("retention", help="Exporting and purging what has done its job.")


@click.command("demo")
@click.option("--quiet", is_flag=True, help="Load only; print nothing.")
@click.option("--conferences", type=click.IntRange(min=0), default=0,
              help="Also add this many fictional conferences, to see the portal at scale.")
@with_appcontext
def demo_command(quiet, conferences):
    """Load fictional demo data if it is not there, then print each demo person as JSON."""
    if not demo_data.is_loaded():
        demo_data.load(current_app.config["SECRET_KEY"])
    if conferences:
        from app.data.demo_scale import add_conferences

        theirs = add_conferences(conferences, current_app.config["SECRET_KEY"])
        click.echo(f"Added {conferences} conferences; the demo chair sits in {theirs}.",
                   err=True)
    if quiet:
        return
    from app.services.invitations import send_invitation

    with current_app.test_request_context(base_url=current_app.config["PORTAL_BASE_URL"]):
        people = demo_data.people(send_invitation)
    click.echo(json.dumps(people, indent=2, ensure_ascii=False))


@staff_cli.command("create")
@click.option("--email", required=True)
@click.option("--name", required=True)
@click.option("--role", type=click.Choice(m.STAFF_ROLES), required=True)
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True)
@click.option("--authority", "authority_name", default=None,
              help="The authority's name (default: the first one).")
@with_appcontext
def create_staff(email, name, role, password, authority_name):
    """Make a staff account and print its TOTP secret for an authenticator app."""
    query = db.select(m.Authority)
    if authority_name:
        query = query.filter_by(name=authority_name)
    authority = db.session.scalar(query.order_by(m.Authority.name))
    if authority is None:
        raise click.ClickException("No such authority. Load one first (for example: demo).")
    if len(password) < 12:
        raise click.ClickException("The password must be at least 12 characters.")
    secret = signin.new_totp_secret()
    db.session.add(m.StaffUser(
        authority=authority, email=email.strip().lower(), name=name, role=role,
        password_hash=signin.hash_password(password), totp_secret=secret,
    ))
    db.session.commit()
    uri = pyotp.TOTP(secret).provisioning_uri(name=email, issuer_name="Conference portal")
    click.echo(json.dumps({"email": email, "role": role, "totp_secret": secret,
                           "totp_uri": uri}))


@audit_cli.command("verify")
@with_appcontext
def verify_audit():
    """Check the audit trail's hash chain; exit 1 and say where, if it is broken."""
    verdict = audit.verify()
    if verdict.broken:
        where = ("at the start" if verdict.broken.record_id is None
                 else f"at record {verdict.broken.record_id}")
        raise click.ClickException(
            f"The audit trail is broken {where}: {verdict.broken.reason}. "
            f"{verdict.length} records before it are intact.")
    click.echo(f"The audit trail is intact: {verdict.length} records, "
               f"newest hash {verdict.last_hash}.")


@keys_cli.command("rotate")
@click.option("--batch", "batch_size", type=click.IntRange(min=1), default=500,
              help="Rows re-encrypted per transaction.")
@with_appcontext
def rotate_keys(batch_size):
    """Re-encrypt every stored value under the first key of PORTAL_ENCRYPTION_KEY.

    Safe to stop and run again: values already under the first key are left alone."""
    from app.services import key_rotation

    keys = current_app.config["PORTAL_ENCRYPTION_KEY"]
    done = key_rotation.rotate(keys, batch_size, report=lambda p: click.echo(
        f"{p.column}: {p.rewritten} re-encrypted, {p.already_new} already under the first key",
        err=True))
    rewritten = sum(p.rewritten for p in done)
    left = key_rotation.remaining(keys)
    if left:
        raise click.ClickException(f"{sum(left.values())} values still need an older key: "
                                   f"{', '.join(left)}. Run this again.")
    click.echo(f"Re-encrypted {rewritten} values. Every value now reads with the first key "
               f"alone: the older keys can be removed from PORTAL_ENCRYPTION_KEY.")


@keys_cli.command("check")
@with_appcontext
def check_keys():
    """Say whether any stored value still needs an older key (exit 1 if so)."""
    from app.services import key_rotation

    left = key_rotation.remaining(current_app.config["PORTAL_ENCRYPTION_KEY"])
    if left:
        raise click.ClickException("Values still needing an older key: " + ", ".join(
            f"{column} {count}" for column, count in left.items()))
    click.echo("Every value reads with the first key alone.")


@retention_cli.command("run")
@with_appcontext
def retention_run():
    """Sweep expired sessions, codes, links and kept text; export and purge each conference
    whose final minutes are older than its authority's retention period. Run it daily."""
    from app.rules import clock
    from app.services import retention

    config = current_app.config
    result = retention.run(clock.utcnow(), config["EXPORT_DIR"],
                           idle_minutes=config["SESSION_IDLE_MINUTES"],
                           max_hours=config["SESSION_MAX_HOURS"],
                           messages_days=config["SENT_MESSAGE_RECORD_DAYS"])
    for kind, count in result.expired.items():
        click.echo(f"Expired {kind}: {count} deleted.")
    for conference_id, path, sha256, rows in result.purged:
        click.echo(f"Conference {conference_id}: exported to {path} (SHA-256 {sha256}), "
                   f"{rows} rows purged, tombstone kept.")
    click.echo(f"{len(result.purged)} conferences exported and purged.")


@retention_cli.command("due")
@click.option("--within", "within_days", type=click.IntRange(min=0), default=30,
              help="Also list what falls due within this many days.")
@with_appcontext
def retention_due(within_days):
    """List the conferences due (or soon due) for export and purge."""
    from app.rules import clock
    from app.services import retention

    items = retention.due(clock.utcnow(), within_days)
    for item in items:
        click.echo(f"{item.conference.id}  {item.conference.starts_at:%Y-%m-%d}  "
                   f"minutes {item.minutes_published:%Y-%m-%d}  due {item.due_on:%Y-%m-%d}")
    click.echo(f"{len(items)} conferences due within {within_days} days.")


@retention_cli.command("unpack")
@click.argument("bundle", type=click.Path(exists=True, dir_okay=False))
@click.argument("out", type=click.Path(dir_okay=False))
@with_appcontext
def retention_unpack(bundle, out):
    """Decrypt an export bundle into a zip file for the case record."""
    from pathlib import Path

    from app.services import retention

    Path(out).write_bytes(retention.unpack(Path(bundle).read_bytes()))
    click.echo(f"Wrote {out}.")


@deliveries_cli.command("work")
@click.option("--once", is_flag=True, help="One pass, then stop.")
@with_appcontext
def deliveries_work(once):
    """The delivery worker: queue the reminders that are due, deliver what is due, try
    again what failed (with a growing wait), and once a day run retention. Runs until
    stopped."""
    import time

    from app.rules import clock
    from app.services import delivery

    config = current_app.config
    last_retention = None
    while True:
        from app.services import reminders

        reminders.send_due(clock.uk_now(), config["PORTAL_BASE_URL"])
        counts = delivery.work_once()
        if counts["sent"] or counts["failed"]:
            click.echo(f"Delivered {counts['sent']}, not yet {counts['failed']}.", err=True)
        today = clock.uk_now().date()
        if config.get("RETENTION_IN_WORKER") and last_retention != today:
            from app.services import retention

            retention.run(clock.utcnow(), config["EXPORT_DIR"],
                          idle_minutes=config["SESSION_IDLE_MINUTES"],
                          max_hours=config["SESSION_MAX_HOURS"],
                          messages_days=config["SENT_MESSAGE_RECORD_DAYS"])
            last_retention = today
        if once:
            return
        db.session.remove()
        time.sleep(config["DELIVERY_POLL_SECONDS"])


def register(app):
    app.cli.add_command(demo_command)
    app.cli.add_command(staff_cli)
    app.cli.add_command(audit_cli)
    app.cli.add_command(keys_cli)
    app.cli.add_command(retention_cli)
    app.cli.add_command(deliveries_cli)
