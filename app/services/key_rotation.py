"""Retiring an old encryption key: re-encrypt every stored value under the newest key.

PORTAL_ENCRYPTION_KEY holds one key or several, newest first. Every key can read, only the
first writes, so after a new key is put first, old values still read. To retire the old
key, every encrypted value must be rewritten under the new one: that is what `rotate`
does, a batch of rows at a time, each batch in its own transaction.

It is resumable without keeping any state of its own: a value that the newest key alone
can already read is left as it is, so a run that was stopped (or that crashed) is simply
run again and carries on where the work remains. `remaining` counts what still needs the
old keys: when it is zero, the old keys can be taken out of the setting.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

import sqlalchemy as sa
from cryptography.fernet import Fernet, InvalidToken

from app.data import encryption
from app.extensions import db

ENCRYPTED_TYPES = (encryption.EncryptedBytes, encryption.EncryptedText, encryption.EncryptedJSON)


@dataclass(frozen=True)
class Column:
    table: sa.Table
    name: str

    @property
    def label(self) -> str:
        return f"{self.table.name}.{self.name}"


@dataclass
class Progress:
    column: str
    rewritten: int = 0
    already_new: int = 0


def encrypted_columns() -> list[Column]:
    """Every column stored encrypted, in a fixed order (tables sorted, then columns)."""
    found = []
    for table in db.metadata.sorted_tables:
        for column in table.columns:
            if isinstance(column.type, ENCRYPTED_TYPES):
                found.append(Column(table, column.name))
    return found


def _newest_only(keys: str) -> Fernet:
    return Fernet(keys.split(",")[0].strip().encode())


def _primary_key(table: sa.Table) -> sa.Column:
    (key,) = table.primary_key.columns
    return key


def _raw(column: Column):
    """The column's stored bytes, read without decrypting."""
    return sa.column(column.name, sa.LargeBinary)


def _batches(column: Column, size: int) -> Iterator[list[tuple]]:
    key = _primary_key(column.table)
    last = None
    while True:
        query = (sa.select(key, _raw(column)).select_from(column.table)
                 .where(sa.column(column.name).is_not(None)).order_by(key).limit(size))
        if last is not None:
            query = query.where(key > last)
        rows = db.session.execute(query).all()
        if not rows:
            return
        yield rows
        last = rows[-1][0]


def _readable_by(fernet: Fernet, token: bytes) -> bool:
    try:
        fernet.decrypt(bytes(token))
        return True
    except InvalidToken:
        return False


def rotate(keys: str, batch_size: int = 500,
           report: Callable[[Progress], None] | None = None) -> list[Progress]:
    """Rewrite every encrypted value that the newest key cannot read on its own."""
    cipher = encryption.Cipher(keys)
    newest = _newest_only(keys)
    results = []
    for column in encrypted_columns():
        progress = Progress(column.label)
        key = _primary_key(column.table)
        for rows in _batches(column, batch_size):
            for row_id, token in rows:
                if _readable_by(newest, token):
                    progress.already_new += 1
                    continue
                db.session.execute(
                    sa.update(column.table).where(key == row_id)
                    .values({column.name: sa.literal(cipher.rotate(bytes(token)), sa.LargeBinary)})
                )
                progress.rewritten += 1
            db.session.commit()  # each batch is done for good: a rerun carries on from here
            if report:
                report(progress)
        results.append(progress)
    return results


def remaining(keys: str) -> dict[str, int]:
    """How many values, per column, still need an older key to be read."""
    newest = _newest_only(keys)
    left = {}
    for column in encrypted_columns():
        count = sum(1 for rows in _batches(column, 1000) for _id, token in rows
                    if not _readable_by(newest, token))
        if count:
            left[column.label] = count
    return left
