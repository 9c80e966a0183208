"""Unit tests for app.crypto: Fernet cipher with rotation, and secret helpers."""

import base64
import re
import sys
from pathlib import Path

import pytest

try:
    from app.data import encryption as crypto
except ModuleNotFoundError:
    # Without a root conftest or installed package the project root is not on
    # sys.path when pytest is run as `.venv/bin/pytest`.
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    from app.data import encryption as crypto

Cipher = crypto.Cipher
DecryptionError = crypto.DecryptionError

WELSH = "Cynhadledd amddiffyn plant — ŵyr, ŷd, llawenydd"
URDU = "بچوں کے تحفظ کی کانفرنس"


def test_generate_key_is_32_urlsafe_bytes_and_new_each_time():
    key = crypto.generate_key()
    assert isinstance(key, str)
    assert len(base64.urlsafe_b64decode(key)) == 32
    assert crypto.generate_key() != key


def test_bytes_round_trip_and_ciphertext_hides_plaintext():
    cipher = Cipher(crypto.generate_key())
    plaintext = b"%PDF-1.7 social work report about the family"
    token = cipher.encrypt(plaintext)
    assert plaintext not in token
    assert b"social work" not in base64.urlsafe_b64decode(token)
    assert cipher.decrypt(token) == plaintext


def test_each_encryption_is_different():
    cipher = Cipher(crypto.generate_key())
    assert cipher.encrypt(b"same") != cipher.encrypt(b"same")


@pytest.mark.parametrize("text", ["", "Plain English", WELSH, URDU, "emoji 👪 mix"])
def test_text_round_trip_including_non_ascii(text):
    cipher = Cipher(crypto.generate_key())
    token = cipher.encrypt_text(text)
    assert isinstance(token, bytes)
    if text:
        assert text.encode("utf-8") not in token
    assert cipher.decrypt_text(token) == text


def test_wrong_key_fails_with_decryption_error():
    token = Cipher(crypto.generate_key()).encrypt_text("private")
    with pytest.raises(DecryptionError):
        Cipher(crypto.generate_key()).decrypt_text(token)


def test_tampered_token_fails_with_decryption_error():
    cipher = Cipher(crypto.generate_key())
    raw = bytearray(base64.urlsafe_b64decode(cipher.encrypt(b"private note")))
    raw[40] ^= 0x01  # a bit inside the ciphertext, after version, time and IV
    tampered = base64.urlsafe_b64encode(bytes(raw))
    with pytest.raises(DecryptionError):
        cipher.decrypt(tampered)


@pytest.mark.parametrize("token", [b"", b"not a token", b"gAAAAA"])
def test_garbage_token_fails_with_decryption_error(token):
    with pytest.raises(DecryptionError):
        Cipher(crypto.generate_key()).decrypt(token)


def test_decryption_error_is_an_exception_subclass():
    assert issubclass(DecryptionError, Exception)


def test_rotation_old_tokens_decrypt_and_new_tokens_use_new_key():
    old, new = crypto.generate_key(), crypto.generate_key()
    old_token = Cipher(old).encrypt_text("written last year")

    rotated = Cipher(f"{new},{old}")
    assert rotated.decrypt_text(old_token) == "written last year"

    new_token = rotated.encrypt_text("written today")
    assert Cipher(new).decrypt_text(new_token) == "written today"
    with pytest.raises(DecryptionError):
        Cipher(old).decrypt_text(new_token)


def test_rotate_reencrypts_with_first_key():
    old, new = crypto.generate_key(), crypto.generate_key()
    old_token = Cipher(old).encrypt(b"data")
    moved = Cipher(f"{new},{old}").rotate(old_token)
    assert Cipher(new).decrypt(moved) == b"data"


def test_keys_may_have_spaces_around_commas():
    old, new = crypto.generate_key(), crypto.generate_key()
    token = Cipher(old).encrypt(b"x")
    assert Cipher(f" {new} , {old} ").decrypt(token) == b"x"


@pytest.mark.parametrize(
    "keys",
    [
        "",
        "   ",
        "not-a-key",
        "abc,def",
        base64.urlsafe_b64encode(b"too short").decode(),
        "!" * 44,
    ],
)
def test_malformed_or_empty_key_raises_value_error(keys):
    with pytest.raises(ValueError):
        Cipher(keys)


def test_empty_entry_in_key_list_raises_value_error():
    with pytest.raises(ValueError, match="empty"):
        Cipher(f"{crypto.generate_key()},,{crypto.generate_key()}")


def test_malformed_key_error_does_not_echo_the_key():
    bad = "secret-looking-value-that-is-not-a-key"
    with pytest.raises(ValueError) as caught:
        Cipher(f"{crypto.generate_key()},{bad}")
    assert bad not in str(caught.value)
    assert "2" in str(caught.value)  # says which key in the list is wrong


def test_repr_does_not_show_keys():
    key = crypto.generate_key()
    assert key not in repr(Cipher(key))


def test_hash_secret_is_hmac_sha256_hex_deterministic_per_pepper():
    first = crypto.hash_secret("123456", "pepper-one")
    assert re.fullmatch(r"[0-9a-f]{64}", first)
    assert crypto.hash_secret("123456", "pepper-one") == first
    assert crypto.hash_secret("123456", "pepper-two") != first
    assert crypto.hash_secret("123457", "pepper-one") != first


def test_hash_secret_matches_reference_hmac():
    import hashlib
    import hmac

    expected = hmac.new(b"pepper", "ŵ-token".encode(), hashlib.sha256).hexdigest()
    assert crypto.hash_secret("ŵ-token", "pepper") == expected


def test_hash_secret_requires_a_pepper():
    with pytest.raises(ValueError):
        crypto.hash_secret("123456", "")


def test_secrets_match():
    assert crypto.secrets_match("abc", "abc")
    assert not crypto.secrets_match("abc", "abd")
    assert not crypto.secrets_match("abc", "abcd")
    assert crypto.secrets_match("ŵyr", "ŵyr")  # non-ASCII must not raise
    assert not crypto.secrets_match("ŵyr", "wyr")


def test_one_time_codes_are_six_digits_and_vary():
    codes = [crypto.new_one_time_code() for _ in range(200)]
    assert all(re.fullmatch(r"[0-9]{6}", code) for code in codes)
    assert len(set(codes)) > 150


def test_one_time_code_keeps_leading_zeros(monkeypatch):
    monkeypatch.setattr(crypto.secrets, "randbelow", lambda n: 42)
    assert crypto.new_one_time_code() == "000042"


def test_new_token_is_urlsafe_and_unique():
    tokens = {crypto.new_token() for _ in range(50)}
    assert len(tokens) == 50
    for token in tokens:
        assert re.fullmatch(r"[A-Za-z0-9_-]+", token)
        assert len(token) >= 43  # 32 bytes of randomness
    assert len(crypto.new_token(16)) >= 22
