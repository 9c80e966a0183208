"""The README's backup and restore commands, run for real against PostgreSQL: pg_dump of
the portal's database, pg_restore into a new database, and every row is back (encrypted
text still reads with the same key)."""

import shutil
import subprocess
import uuid

import pytest
import sqlalchemy
from conftest import POSTGRES_URL, participant

from app.data import models as m
from app.extensions import db


def _libpq(url):
    return url.replace("postgresql+psycopg://", "postgresql://")


@pytest.mark.postgres
def test_pg_dump_and_pg_restore_bring_back_every_row(postgres_app, tmp_path):
    if not shutil.which("pg_dump") or not shutil.which("pg_restore"):
        pytest.skip("pg_dump and pg_restore are not installed")
    schema = postgres_app.config["_schema"]
    dump = tmp_path / "portal.dump"
    source = _libpq(POSTGRES_URL)
    # README, "Backups": the dump (here of this test's schema only).
    subprocess.run(["pg_dump", "--format=custom", "--no-owner", f"--schema={schema}",
                    f"--file={dump}", source], check=True, timeout=60)
    restored = "restore_" + uuid.uuid4().hex[:10]
    admin = sqlalchemy.create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sqlalchemy.text(f"CREATE DATABASE {restored}"))
    target_url = source.rsplit("/", 1)[0] + "/" + restored
    try:
        subprocess.run(["pg_restore", "--no-owner", "--exit-on-error",
                        f"--dbname={target_url}", str(dump)], check=True, timeout=60)
        target = sqlalchemy.create_engine(
            f"{POSTGRES_URL.rsplit('/', 1)[0]}/{restored}",
            connect_args={"options": f"-csearch_path={schema}"})
        try:
            with target.connect() as conn:
                for table in db.metadata.sorted_tables:
                    before = db.session.scalar(
                        sqlalchemy.select(sqlalchemy.func.count()).select_from(table))
                    after = conn.scalar(
                        sqlalchemy.select(sqlalchemy.func.count()).select_from(table))
                    assert after == before, table.name
                parent = participant("parent")
                name = conn.scalar(sqlalchemy.select(m.Participant.__table__.c.name)
                                   .where(m.Participant.__table__.c.id == parent.id))
                assert name == parent.name  # decrypted with the same key
        finally:
            target.dispose()
    finally:
        with admin.connect() as conn:
            conn.execute(sqlalchemy.text(f"DROP DATABASE IF EXISTS {restored} WITH (FORCE)"))
        admin.dispose()
