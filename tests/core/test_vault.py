"""The template vault: AES-GCM envelope encryption bound to its owner, keys held by the shopper."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from sqlalchemy import func, select, text

from pos_app.core import customers, vault
from pos_app.core.consent import load_consent
from pos_app.core.db import Database
from pos_app.core.errors import ConfigError, InvalidInput, NotFound, PermissionDenied
from pos_app.core.models import FaceTemplate
from pos_app.core.operators import add_operator, authenticate
from pos_app.core.passes import FacePayPass, parse_pass
from pos_app.core.terminals import ensure_terminal
from tests.biometric_scan import unit_vectors

MODEL = "dlib-resnet-v1"


def unit(seed: int, dim: int = 128) -> np.ndarray:
    v = np.random.default_rng(seed).standard_normal(dim).astype(np.float32)
    return v / np.linalg.norm(v)


@pytest.fixture
def keys(tmp_path: Path) -> vault.KeyFile:
    return vault.KeyFile.create(tmp_path / "keys" / "facepay.key")


@pytest.fixture
def desk(db: Database):  # type: ignore[no-untyped-def]
    add_operator(db, username="desk", display_name="Desk", role="admin", secret="4821", actor="test")
    return authenticate(db, "desk", "4821")


def enroll(db: Database, keys: vault.KeyFile, desk, seed: int, mode: str = "shopper",  # type: ignore[no-untyped-def]
           phone: str | None = None) -> customers.Enrollment:
    terminal = ensure_terminal(db, "desk-1", "desk")
    return customers.enroll(db, keys, name=f"Customer {seed}", phone=phone, template=unit(seed), model_id=MODEL,
                            key_mode=mode, consent=load_consent("en"), operator=desk, terminal_id=terminal,
                            terminal_name="desk-1")


# --- crypto, no database ------------------------------------------------------------------------

def test_seal_and_open_round_trip_exactly() -> None:
    kek, ids = vault.AESGCM.generate_key(bit_length=256), {"customer_id": "c", "template_id": "t", "model_id": MODEL,
                                                         "key_mode": "store"}
    assert np.array_equal(vault.open_sealed(vault.seal(unit(1), kek, **ids), kek, **ids), unit(1))


def test_a_flipped_ciphertext_byte_fails_with_a_clear_error() -> None:
    kek, ids = vault.AESGCM.generate_key(bit_length=256), {"customer_id": "c", "template_id": "t", "model_id": MODEL,
                                                         "key_mode": "store"}
    sealed = vault.seal(unit(1), kek, **ids)
    damaged = bytearray(sealed.ciphertext)
    damaged[20] ^= 0x01
    with pytest.raises(vault.VaultError, match="failed authentication: it was altered, damaged or moved"):
        vault.open_sealed(vault.Sealed(bytes(damaged), sealed.wrapped_key), kek, **ids)


def test_the_model_id_is_bound_too() -> None:
    kek = vault.AESGCM.generate_key(bit_length=256)
    sealed = vault.seal(unit(1), kek, customer_id="c", template_id="t", model_id=MODEL, key_mode="store")
    with pytest.raises(vault.VaultError):
        vault.open_sealed(sealed, kek, customer_id="c", template_id="t", model_id="insightface-buffalo_l",
                          key_mode="store")


def test_the_key_mode_is_bound_too() -> None:
    """A row switched between shopper-key and store-key fails authentication, even under the KEK
    that wrapped it."""
    kek = vault.AESGCM.generate_key(bit_length=256)
    ids = {"customer_id": "c", "template_id": "t", "model_id": MODEL}
    sealed = vault.seal(unit(1), kek, **ids, key_mode="shopper")
    assert np.array_equal(vault.open_sealed(sealed, kek, **ids, key_mode="shopper"), unit(1))
    with pytest.raises(vault.VaultError):
        vault.open_sealed(sealed, kek, **ids, key_mode="store")


def test_a_template_wrapped_before_the_mode_was_bound_still_opens() -> None:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    kek, ids = AESGCM.generate_key(bit_length=256), {"customer_id": "c", "template_id": "t", "model_id": MODEL}
    sealed = vault.seal(unit(2), kek, **ids, key_mode="store")
    data_key = vault.unwrap_key(sealed.wrapped_key, kek, **ids, key_mode="store")
    nonce = b"\x01" * 12  # the v1 layout: nonce + AES-GCM(KEK, data key) under the v1 binding
    legacy = nonce + AESGCM(kek).encrypt(nonce, data_key, vault._aad("key", "c", "t", MODEL))
    assert np.array_equal(vault.open_sealed(vault.Sealed(sealed.ciphertext, legacy), kek, **ids, key_mode="store"),
                          unit(2))


def test_the_key_file_is_private_and_never_overwritten(keys: vault.KeyFile) -> None:
    assert keys.path.stat().st_mode & 0o777 == 0o600
    with pytest.raises(vault.VaultError, match="already exists"):
        vault.KeyFile.create(keys.path)
    keys.path.chmod(0o644)
    with pytest.raises(ConfigError, match="readable by others"):
        vault.KeyFile.load(keys.path)


def test_a_damaged_pass_text_is_refused() -> None:
    good = FacePayPass("0b8f6f8e-3c1d-4c8e-9a51-3b1f5e2f7a10", bytes(range(16)))
    assert parse_pass(good.text()) == good
    for bad in (good.text()[:-3], "FACEPAY:1:nope", "hello"):
        with pytest.raises(InvalidInput, match="FacePay pass"):
            parse_pass(bad)
    assert "secret" not in repr(good) or "<hidden>" in repr(good)


# --- with a database ----------------------------------------------------------------------------

def test_the_right_pass_opens_the_template(db: Database, keys: vault.KeyFile, desk) -> None:  # type: ignore[no-untyped-def]
    e = enroll(db, keys, desk, 1)
    opened = customers.unlock_template(db, keys, e.customer_id, e.facepay_pass)
    assert np.allclose(opened.vector, unit(1)) and opened.model_id == MODEL


def test_a_wrong_pass_secret_fails(db: Database, keys: vault.KeyFile, desk) -> None:  # type: ignore[no-untyped-def]
    e = enroll(db, keys, desk, 1)
    forged = FacePayPass(e.customer_id, vault.new_pass_secret())
    with pytest.raises(vault.VaultError, match="does not unlock"):
        customers.unlock_template(db, keys, e.customer_id, forged)


def test_database_and_key_file_together_cannot_open_a_shopper_template(db: Database, keys: vault.KeyFile, desk) -> None:  # type: ignore[no-untyped-def]
    e = enroll(db, keys, desk, 1)
    with pytest.raises(InvalidInput, match="show their FacePay pass"):
        customers.unlock_template(db, keys, e.customer_id, None)
    with db.session() as s:
        row = s.scalar(select(FaceTemplate))
    for candidate in keys.keks.values():  # every key the store has
        with pytest.raises(vault.VaultError):
            vault.unwrap_key(row.wrapped_key, candidate, customer_id=e.customer_id, template_id=row.id, model_id=MODEL,
                             key_mode="shopper")


def test_swapping_two_customers_blobs_fails(db: Database, keys: vault.KeyFile, desk) -> None:  # type: ignore[no-untyped-def]
    a, b = enroll(db, keys, desk, 1, "store", "+4791234567"), enroll(db, keys, desk, 2, "store", "+4798765432")
    with db.engine.begin() as conn:
        rows = {r.customer_id: r for r in conn.execute(text("SELECT customer_id, ciphertext, wrapped_key FROM face_templates"))}
        for me, other in ((a.customer_id, b.customer_id), (b.customer_id, a.customer_id)):
            conn.execute(text("UPDATE face_templates SET ciphertext = :c, wrapped_key = :w WHERE customer_id = :id"),
                         {"c": rows[other].ciphertext, "w": rows[other].wrapped_key, "id": me})
    with pytest.raises(vault.VaultError):
        customers.unlock_template(db, keys, a.customer_id)


def test_erase_leaves_no_template_and_no_key(db: Database, keys: vault.KeyFile, desk) -> None:  # type: ignore[no-untyped-def]
    e = enroll(db, keys, desk, 1)
    assert customers.erase_customer(db, e.customer_id, actor="desk", terminal="desk-1", reason="withdrawn") == 1
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(FaceTemplate)) == 0
        after = s.execute(text("SELECT after FROM audit_events WHERE action = 'customer.withdrawn'")).scalar_one()
    assert '"templates_destroyed":1' in after
    with pytest.raises(NotFound, match="withdrawn their consent"):
        customers.unlock_template(db, keys, e.customer_id, e.facepay_pass)


def test_an_interrupted_rotation_resumes_without_losing_a_template(db: Database, keys: vault.KeyFile, desk) -> None:  # type: ignore[no-untyped-def]
    enrolled = [enroll(db, keys, desk, i, "store", f"+47912345{i:02d}") for i in range(7)]
    old_key = keys.active

    def crash_after_two_batches(done: int, total: int) -> None:
        if done >= 4:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        customers.rotate_store_keys(db, keys, batch_size=2, progress=crash_after_two_batches)
    # The key file now holds both keys, some rows moved, some not; every template still opens.
    reloaded = vault.KeyFile.load(keys.path)
    assert old_key in reloaded.keks and len(reloaded.keks) == 2
    for e in enrolled:
        customers.unlock_template(db, reloaded, e.customer_id)
    moved = customers.rotate_store_keys(db, reloaded, batch_size=2)
    assert moved == 3
    final = vault.KeyFile.load(keys.path)
    assert list(final.keks) == [reloaded.active] and reloaded.active != old_key
    for i, e in enumerate(enrolled):
        assert np.allclose(customers.unlock_template(db, final, e.customer_id).vector, unit(i))


def test_a_kiosk_started_before_a_rotation_neither_loses_nor_fails_templates(db: Database, keys: vault.KeyFile,  # type: ignore[no-untyped-def]
                                                                           desk) -> None:
    """The kiosk loaded the key file before `keys rotate` ran in another process: afterwards it must
    open the re-wrapped templates, and a template it seals must open anywhere (not under the
    retired key the rotation deleted)."""
    kiosk = vault.KeyFile.load(keys.path)  # the long-running process's copy
    before = enroll(db, kiosk, desk, 1, "store", "+4791234501")
    rotator = vault.KeyFile.load(keys.path)
    assert customers.rotate_store_keys(db, rotator) == 1
    assert np.allclose(customers.unlock_template(db, kiosk, before.customer_id).vector, unit(1))
    after = enroll(db, kiosk, desk, 2, "store", "+4791234502")
    fresh = vault.KeyFile.load(keys.path)
    assert list(fresh.keks) == [rotator.active]
    assert np.allclose(customers.unlock_template(db, fresh, after.customer_id).vector, unit(2))


def test_store_mode_needs_a_phone_and_finds_candidates_by_its_last_digits(db: Database, keys: vault.KeyFile, desk) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(InvalidInput, match="needs the customer's phone"):
        enroll(db, keys, desk, 1, "store")
    a = enroll(db, keys, desk, 1, "store", "+47 912 34 567")
    enroll(db, keys, desk, 2, "store", "+47 912 34 999")
    enroll(db, keys, desk, 3, "shopper", "+47 555 34 567")  # shopper-key: never a 1:N candidate
    found = customers.store_key_candidates(db, keys, "4567")
    assert [c.customer_id for c in found] == [a.customer_id]


def test_only_an_admin_may_enroll(db: Database, keys: vault.KeyFile) -> None:
    add_operator(db, username="kari", display_name="", role="cashier", secret="4821", actor="t")
    with pytest.raises(PermissionDenied):
        enroll(db, keys, authenticate(db, "kari", "4821"), 1)


def test_retention_erases_only_the_inactive(db: Database, keys: vault.KeyFile, desk) -> None:  # type: ignore[no-untyped-def]
    from datetime import datetime, timedelta, timezone

    old, recent = enroll(db, keys, desk, 1), enroll(db, keys, desk, 2)
    with db.engine.begin() as conn:
        conn.execute(text("UPDATE customers SET created_at = :t WHERE id = :id"),
                     {"t": datetime.now(timezone.utc) - timedelta(days=400), "id": old.customer_id})
    assert customers.retention_run(db, 12) == [old.customer_id]
    customers.unlock_template(db, keys, recent.customer_id, recent.facepay_pass)


def test_export_holds_metadata_but_no_template(db: Database, keys: vault.KeyFile, desk) -> None:  # type: ignore[no-untyped-def]
    import json

    e = enroll(db, keys, desk, 1)
    data = customers.export_customer(db, e.customer_id)
    assert data["customer"]["name"] == "Customer 1"
    assert data["consents"][0]["text_sha256"] == load_consent("en").sha256
    assert data["consents"][0]["operator"] == "desk" and data["consents"][0]["terminal"] == "desk-1"
    dumped = json.dumps(data, default=str)
    with db.session() as s:
        row = s.scalar(select(FaceTemplate))
    assert row.ciphertext.hex() not in dumped and "ciphertext" not in dumped


def test_a_database_dump_holds_no_plaintext_template(db: Database, keys: vault.KeyFile, desk) -> None:  # type: ignore[no-untyped-def]
    enroll(db, keys, desk, 1)
    enroll(db, keys, desk, 2, "store", "+4791234567")
    dump = bytearray()
    with db.engine.connect() as conn:
        for table in db.table_names():
            for row in conn.execute(text(f'SELECT * FROM "{table}"')):
                for value in row:
                    dump += value if isinstance(value, bytes) else str(value).encode()
    assert unit(1).tobytes() not in dump and unit(2).tobytes() not in dump
    assert unit_vectors(bytes(dump), 128) == 0
    # The detector does find a plaintext template where there is one.
    assert unit_vectors(bytes(dump) + vault.serialize_template(unit(1)), 128) >= 1


def test_retention_runs_at_most_daily_when_the_app_asks(db: Database, keys: vault.KeyFile, desk) -> None:  # type: ignore[no-untyped-def]
    from datetime import datetime, timedelta, timezone

    t0 = datetime.now(timezone.utc)
    assert customers.retention_if_due(db, 12, now=t0) == []
    assert customers.retention_if_due(db, 12, now=t0 + timedelta(hours=23)) is None
    assert customers.retention_if_due(db, 12, now=t0 + timedelta(hours=25)) == []


def test_a_lost_pass_means_re_enrollment_and_the_old_pass_opens_nothing(db: Database, keys: vault.KeyFile, desk) -> None:  # type: ignore[no-untyped-def]
    first = enroll(db, keys, desk, 1)
    again = customers.reenroll(db, keys, first.customer_id, template=unit(9), model_id=MODEL, operator=desk,
                               terminal_name="desk-1")
    assert again.customer_id == first.customer_id and again.facepay_pass != first.facepay_pass
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(FaceTemplate)) == 1
    with pytest.raises(vault.VaultError):
        customers.unlock_template(db, keys, first.customer_id, first.facepay_pass)
    assert np.allclose(customers.unlock_template(db, keys, first.customer_id, again.facepay_pass).vector, unit(9))


def test_a_bank_token_is_sealed_at_rest_and_bound_to_its_customer(db: Database, keys: vault.KeyFile) -> None:
    sealed = vault.seal_token("tok_abc123", keys.token_key, "cust-1")
    assert "tok_abc123" not in sealed and vault.open_token(sealed, keys.token_key, "cust-1") == "tok_abc123"
    with pytest.raises(vault.VaultError):
        vault.open_token(sealed, keys.token_key, "cust-2")  # moved to another customer's row
    assert vault.open_token("tok_legacy", keys.token_key, "cust-1") == "tok_legacy"  # stored before sealing
