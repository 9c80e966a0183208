"""The cipher that encrypts documents and family free text at rest.

Columns of type EncryptedText / EncryptedBytes encrypt on the way into the
database and decrypt on the way out, so no route handles ciphertext.
"""

import json

from sqlalchemy import LargeBinary
from sqlalchemy.types import TypeDecorator

from .crypto import Cipher

_cipher: Cipher | None = None


def configure(keys: str) -> None:
    global _cipher
    _cipher = Cipher(keys)


def cipher() -> Cipher:
    if _cipher is None:
        raise RuntimeError("encryption is not configured: create the app first")
    return _cipher


class EncryptedBytes(TypeDecorator):
    impl = LargeBinary
    cache_ok = True

    def process_bind_param(self, value, dialect):
        return None if value is None else cipher().encrypt(value)

    def process_result_value(self, value, dialect):
        return None if value is None else cipher().decrypt(bytes(value))


class EncryptedText(TypeDecorator):
    impl = LargeBinary
    cache_ok = True

    def process_bind_param(self, value, dialect):
        return None if value is None else cipher().encrypt_text(value)

    def process_result_value(self, value, dialect):
        return None if value is None else cipher().decrypt_text(bytes(value))


class EncryptedJSON(TypeDecorator):
    impl = LargeBinary
    cache_ok = True

    def process_bind_param(self, value, dialect):
        return None if value is None else cipher().encrypt_text(json.dumps(value))

    def process_result_value(self, value, dialect):
        return None if value is None else json.loads(cipher().decrypt_text(bytes(value)))
