from __future__ import annotations

import base64

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings

from vawg.core import crypto

KEY_1 = base64.urlsafe_b64encode(b"1" * 32).decode()
KEY_2 = base64.urlsafe_b64encode(b"2" * 32).decode()
AAD = crypto.associated_data("accounts_organisation", "0b9c", "confidential_address")


def test_it_round_trips_text_under_the_active_key() -> None:
    ring = crypto.parse_keys(f"k1:{KEY_1}")
    sealed = crypto.encrypt("12 Safe Street, Hertford", aad=AAD, ring=ring)

    assert sealed.startswith("enc1:k1:")
    assert "Safe Street" not in sealed
    assert crypto.decrypt(sealed, aad=AAD, ring=ring) == "12 Safe Street, Hertford"


def test_it_uses_a_fresh_nonce_for_every_value() -> None:
    ring = crypto.parse_keys(f"k1:{KEY_1}")
    assert crypto.encrypt("same", aad=AAD, ring=ring) != crypto.encrypt("same", aad=AAD, ring=ring)


@pytest.mark.parametrize(
    "other_aad",
    [
        crypto.associated_data("accounts_organisation", "another-row", "confidential_address"),
        crypto.associated_data("accounts_organisation", "0b9c", "another_field"),
        crypto.associated_data("another_table", "0b9c", "confidential_address"),
    ],
)
def test_it_refuses_a_value_moved_to_another_row_field_or_table(other_aad: bytes) -> None:
    ring = crypto.parse_keys(f"k1:{KEY_1}")
    sealed = crypto.encrypt("12 Safe Street", aad=AAD, ring=ring)

    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt(sealed, aad=other_aad, ring=ring)


def test_it_refuses_a_tampered_value() -> None:
    ring = crypto.parse_keys(f"k1:{KEY_1}")
    prefix, kid, payload = crypto.encrypt("12 Safe Street", aad=AAD, ring=ring).split(":")
    raw = bytearray(base64.urlsafe_b64decode(payload))
    raw[-1] ^= 1

    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt(f"{prefix}:{kid}:{base64.urlsafe_b64encode(bytes(raw)).decode()}", aad=AAD, ring=ring)


@pytest.mark.parametrize(
    "stored", ["plain text", "enc1:k1:", "enc1::abc", "enc1:k1:!!!", "enc1:k1:AAAA", "enc2:k1:AAAA"]
)
def test_it_refuses_values_not_in_the_encrypted_format(stored: str) -> None:
    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt(stored, aad=AAD, ring=crypto.parse_keys(f"k1:{KEY_1}"))


def test_it_still_decrypts_old_values_after_a_new_key_is_added() -> None:
    old_ring = crypto.parse_keys(f"k1:{KEY_1}")
    sealed = crypto.encrypt("12 Safe Street", aad=AAD, ring=old_ring)
    new_ring = crypto.parse_keys(f"k1:{KEY_1},k2:{KEY_2}")

    assert new_ring.active == "k2"
    assert crypto.decrypt(sealed, aad=AAD, ring=new_ring) == "12 Safe Street"
    assert crypto.key_id_of(crypto.encrypt("new", aad=AAD, ring=new_ring)) == "k2"


def test_it_says_which_key_is_missing() -> None:
    sealed = crypto.encrypt("x", aad=AAD, ring=crypto.parse_keys(f"k1:{KEY_1}"))
    with pytest.raises(crypto.DecryptionError, match="'k1'"):
        crypto.decrypt(sealed, aad=AAD, ring=crypto.parse_keys(f"k2:{KEY_2}"))


def test_it_lets_the_active_key_be_chosen() -> None:
    assert crypto.parse_keys(f"k1:{KEY_1},k2:{KEY_2}", "k1").active == "k1"


def test_it_accepts_keys_without_padding_or_in_standard_base64() -> None:
    key = base64.b64encode(bytes(range(200, 232))).decode()  # has "+" and "/"
    ring = crypto.parse_keys(f"a:{key.rstrip('=')},b:{key}")
    assert ring.keys["a"] == ring.keys["b"] == bytes(range(200, 232))


@pytest.mark.parametrize(
    ("spec", "active", "message"),
    [
        ("", "", "empty"),
        (f"{KEY_1}", "", "kid:base64key"),
        (f":{KEY_1}", "", "kid:base64key"),
        ("k1:" + base64.urlsafe_b64encode(b"short").decode(), "", "32 bytes"),
        ("k1:" + "!" * 43, "", "not valid base64"),
        ("k1:" + KEY_1[:20] + " " + KEY_1[20:], "", "not valid base64"),
        (f"k1:{KEY_1}", "k9", "not among"),
    ],
)
def test_it_refuses_bad_key_configuration(spec: str, active: str, message: str) -> None:
    with pytest.raises(ImproperlyConfigured, match=message):
        crypto.parse_keys(spec, active)


def test_it_reads_the_keys_from_settings() -> None:
    with override_settings(FIELD_ENCRYPTION_KEYS=f"k1:{KEY_1},k2:{KEY_2}", FIELD_ENCRYPTION_ACTIVE_KEY="k1"):
        ring = crypto.keyring()
    assert (sorted(ring.keys), ring.active) == (["k1", "k2"], "k1")


def test_it_generates_keys_it_accepts() -> None:
    assert len(crypto.parse_keys(f"new:{crypto.generate_key()}").keys["new"]) == 32
