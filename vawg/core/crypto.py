"""Field-level encryption for location-critical values (docs/security.md#s-41).

AES-256-GCM from `cryptography`. Each stored value carries the id of the key
that sealed it, so keys can rotate (``manage.py rotate_keys``), and the
associated data binds the ciphertext to its table, row and field: a value
copied to another row or field does not decrypt.

Stored form: ``enc1:<key id>:<urlsafe base64 of 12-byte nonce + ciphertext + tag>``.
Keys are configured as ``FIELD_ENCRYPTION_KEYS="kid:base64key,kid2:base64key"``
(32-byte keys); new values use ``FIELD_ENCRYPTION_ACTIVE_KEY`` (default: the last listed).
"""

from __future__ import annotations

import base64
import binascii
import os
from dataclasses import dataclass
from functools import cache

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

PREFIX = "enc1"


class DecryptionError(Exception):
    """A stored value cannot be decrypted: wrong key, wrong row, or tampered."""


@dataclass(frozen=True)
class Keyring:
    keys: dict[str, bytes]
    active: str


def _b64decode_strict(encoded: str) -> bytes:
    """URL-safe (or standard) base64, padding optional; any other character is an error, not skipped."""
    standard = encoded.strip().replace("-", "+").replace("_", "/")
    return base64.b64decode(standard + "=" * (-len(standard) % 4), validate=True)


def parse_keys(spec: str, active: str = "") -> Keyring:
    keys: dict[str, bytes] = {}
    for item in (part.strip() for part in spec.split(",")):
        if not item:
            continue
        kid, sep, encoded = item.partition(":")
        if not sep or not kid or ":" in kid:
            raise ImproperlyConfigured("FIELD_ENCRYPTION_KEYS entries look like 'kid:base64key'.")
        try:
            key = _b64decode_strict(encoded)
        except (binascii.Error, ValueError) as exc:
            raise ImproperlyConfigured(f"Field encryption key {kid!r} is not valid base64.") from exc
        if len(key) != 32:
            raise ImproperlyConfigured(f"Field encryption key {kid!r} must be 32 bytes, not {len(key)}.")
        keys[kid] = key
    if not keys:
        raise ImproperlyConfigured("FIELD_ENCRYPTION_KEYS is empty.")
    active = active or list(keys)[-1]
    if active not in keys:
        raise ImproperlyConfigured(f"FIELD_ENCRYPTION_ACTIVE_KEY {active!r} is not among the configured keys.")
    return Keyring(keys=keys, active=active)


@cache
def _keyring_for(spec: str, active: str) -> Keyring:
    return parse_keys(spec, active)


def keyring() -> Keyring:
    return _keyring_for(settings.FIELD_ENCRYPTION_KEYS, settings.FIELD_ENCRYPTION_ACTIVE_KEY)


def generate_key() -> str:
    """A new random key, encoded for FIELD_ENCRYPTION_KEYS."""
    return base64.urlsafe_b64encode(os.urandom(32)).decode().rstrip("=")


def associated_data(table: str, pk: object, field: str) -> bytes:
    return f"{table}|{pk}|{field}".encode()


def encrypt(plaintext: str, *, aad: bytes, ring: Keyring | None = None) -> str:
    ring = ring or keyring()
    nonce = os.urandom(12)
    sealed = AESGCM(ring.keys[ring.active]).encrypt(nonce, plaintext.encode("utf-8"), aad)
    return f"{PREFIX}:{ring.active}:{base64.urlsafe_b64encode(nonce + sealed).decode()}"


def key_id_of(stored: str) -> str:
    prefix, _, rest = stored.partition(":")
    if prefix != PREFIX:
        raise DecryptionError("Value is not in the encrypted format.")
    return rest.partition(":")[0]


def decrypt(stored: str, *, aad: bytes, ring: Keyring | None = None) -> str:
    ring = ring or keyring()
    prefix, _, rest = stored.partition(":")
    kid, _, payload = rest.partition(":")
    if prefix != PREFIX or not kid or not payload:
        raise DecryptionError("Value is not in the encrypted format.")
    key = ring.keys.get(kid)
    if key is None:
        raise DecryptionError(f"No key with id {kid!r} is configured.")
    try:
        raw = base64.urlsafe_b64decode(payload)
        return AESGCM(key).decrypt(raw[:12], raw[12:], aad).decode("utf-8")
    except (InvalidTag, ValueError, binascii.Error) as exc:
        raise DecryptionError("Value does not decrypt for this row and field.") from exc
