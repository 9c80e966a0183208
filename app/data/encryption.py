"""Encryption at rest for documents and family free text, and small secret helpers.

The encryption key comes from the environment as one Fernet key or several
comma-separated keys. The first key encrypts; every key can decrypt, so a key can
be rotated by putting the new key first and keeping the old one until all data
has been re-encrypted.

Columns of type EncryptedText / EncryptedBytes / EncryptedJSON encrypt on the way into
the database and decrypt on the way out, so no route handles ciphertext.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from sqlalchemy import LargeBinary
from sqlalchemy.types import TypeDecorator


class DecryptionError(Exception):
    """The ciphertext was tampered with, truncated, or made with a key we do not hold."""


def generate_key() -> str:
    """Return a new key (URL-safe base64 of 32 random bytes) for ``Cipher``."""
    return Fernet.generate_key().decode("ascii")


class Cipher:
    """Authenticated symmetric encryption (Fernet: AES-128-CBC + HMAC-SHA256)."""

    def __init__(self, keys: str) -> None:
        if not isinstance(keys, str) or not keys.strip():
            raise ValueError("No encryption key given: set it to the output of generate_key().")
        fernets = []
        for position, key in enumerate(keys.split(","), start=1):
            key = key.strip()
            if not key:
                raise ValueError(f"Encryption key {position} of the list is empty.")
            try:
                fernets.append(Fernet(key))
            except (ValueError, TypeError):
                # Never echo the key itself: error messages end up in logs.
                raise ValueError(
                    f"Encryption key {position} of the list is malformed: it must be "
                    "32 bytes in URL-safe base64, as made by generate_key()."
                ) from None
        self._fernet = MultiFernet(fernets)

    def __repr__(self) -> str:
        return "<Cipher>"

    def encrypt(self, data: bytes) -> bytes:
        return self._fernet.encrypt(bytes(data))

    def decrypt(self, token: bytes) -> bytes:
        try:
            return self._fernet.decrypt(token)
        except InvalidToken:
            raise DecryptionError("Data could not be decrypted: wrong key or tampered.") from None

    def rotate(self, token: bytes) -> bytes:
        """Re-encrypt ``token`` with the current (first) key, for key rotation jobs."""
        try:
            return self._fernet.rotate(token)
        except InvalidToken:
            raise DecryptionError("Data could not be decrypted: wrong key or tampered.") from None

    def encrypt_text(self, text: str) -> bytes:
        return self.encrypt(text.encode("utf-8"))

    def decrypt_text(self, token: bytes) -> str:
        data = self.decrypt(token)
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            # Authentic but not text: the caller mixed up a document and a text field.
            raise DecryptionError("Decrypted data is not UTF-8 text.") from None


def hash_secret(secret: str, pepper: str) -> str:
    """HMAC-SHA256 (hex) of ``secret`` keyed with ``pepper``.

    One-time codes and link tokens are stored only in this form, so a copy of the
    database alone is not enough to use them; the pepper lives outside the database.
    """
    if not pepper:
        # An empty key would make the hash a plain, guessable SHA-256 of a 6-digit code.
        raise ValueError("A non-empty pepper is required.")
    return hmac.new(pepper.encode("utf-8"), secret.encode("utf-8"), hashlib.sha256).hexdigest()


def secrets_match(a: str, b: str) -> bool:
    """Compare two secrets (or their hashes) in constant time."""
    # compare_digest only accepts ASCII str, so compare the UTF-8 bytes instead.
    return hmac.compare_digest(a.encode("utf-8"), b.encode("utf-8"))


def new_one_time_code() -> str:
    """Six random digits, leading zeros kept (for example "042917")."""
    return f"{secrets.randbelow(1_000_000):06d}"


def new_token(nbytes: int = 32) -> str:
    """A URL-safe random token carrying ``nbytes`` bytes of randomness."""
    return secrets.token_urlsafe(nbytes)

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
