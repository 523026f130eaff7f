"""Customers and their encrypted templates: enroll, unlock, erase, export, retention, rotation.

The vectors handed in and out here are the only plaintext biometric data in the product, and
they never leave memory: what is stored is ``vault.seal``'s ciphertext and wrapped key.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any, Callable

import numpy as np
from sqlalchemy import delete, func, or_, select
from sqlalchemy.orm import Session

from pos_app.core import audit, vault
from pos_app.core.config import KEY_MODES
from pos_app.core.consent import ConsentText
from pos_app.core.db import Database, affected
from pos_app.core.errors import InvalidInput, NotFound
from pos_app.core.models import (
    AuditEvent, BankToken, Consent, Customer, FaceTemplate, Operator, Terminal, TokenRevocation, Transaction, new_id,
)
from pos_app.core.operators import OperatorInfo
from pos_app.core.passes import FacePayPass
from pos_app.core.permissions import Permission
from pos_app.core.text import clean_text

# A number typed without a country code is taken as Norwegian: a shopper at the kiosk types
# "912 34 567", the desk may have written "+47 912 34 567"; both must be the same customer.
DEFAULT_COUNTRY_CODE = "47"


# The column's length (models.Customer.display_name).
NAME_MAX = 128


def normalise_phone(phone: str) -> str:
    """The number in E.164 form (+4791234567)."""
    digits = re.sub(r"[\s().-]", "", phone.strip())
    if digits.startswith("00"):
        digits = "+" + digits[2:]
    if not re.fullmatch(r"\+?\d{8,15}", digits):
        raise InvalidInput(f"{phone!r} is not a phone number (8 to 15 digits, optionally with +)")
    return digits if digits.startswith("+") else f"+{DEFAULT_COUNTRY_CODE}{digits}"


@dataclass(frozen=True)
class Enrollment:
    customer_id: str
    template_id: str
    key_mode: str
    facepay_pass: FacePayPass | None


def _kek_for(keys: vault.KeyFile, key_mode: str, customer_id: str, secret: bytes | None) -> tuple[bytes, str | None]:
    if key_mode == "store":
        kek = keys.active_kek  # re-reads the key file if a rotation changed it
        return kek, keys.active
    assert secret is not None
    return vault.shopper_kek(secret, keys.pepper, customer_id), None


def enroll(
    db: Database, keys: vault.KeyFile, *, name: str, phone: str | None, template: np.ndarray,
    model_id: str, key_mode: str, consent: ConsentText, operator: OperatorInfo, terminal_id: str,
    terminal_name: str, customer_id: str | None = None, pass_secret: bytes | None = None,
    bank_token: Any = None,
) -> Enrollment:
    """Create the customer, their consent record and their sealed template, in one transaction.

    ``customer_id`` and ``pass_secret`` may be chosen by the caller, so that the pass can be
    written to disk before this commits (and removed if it fails).
    """
    operator.require(Permission.ENROLL_CUSTOMER)
    if key_mode not in KEY_MODES:
        raise InvalidInput(f"unknown key mode {key_mode!r}; choose shopper or store")
    name = clean_text(name, "the customer's name", NAME_MAX)
    phone_norm = normalise_phone(phone) if phone else None
    if key_mode == "store" and not phone_norm:
        raise InvalidInput("store-key mode needs the customer's phone number (it is how they claim at the kiosk)")
    cid = customer_id or new_id()
    secret = (pass_secret or vault.new_pass_secret()) if key_mode == "shopper" else None
    tid = new_id()
    kek, kek_id = _kek_for(keys, key_mode, cid, secret)
    sealed = vault.seal(template, kek, customer_id=cid, template_id=tid, model_id=model_id, key_mode=key_mode)
    with db.session() as s:
        s.add(Customer(id=cid, display_name=name, phone=phone_norm, key_mode=key_mode))
        s.flush()
        s.add(Consent(customer_id=cid, text_version=consent.version, language=consent.language,
                      text_sha256=consent.sha256, terminal_id=terminal_id, operator_id=operator.id))
        s.add(FaceTemplate(id=tid, customer_id=cid, model_id=model_id, ciphertext=sealed.ciphertext,
                           wrapped_key=sealed.wrapped_key, key_wrap=key_mode, kek_id=kek_id))
        if bank_token is not None:  # the bank's opaque token and masked hint; never the account number
            s.add(BankToken(customer_id=cid, token=vault.seal_token(bank_token.token, keys.token_key, cid),
                            account_hint=bank_token.account_hint))
        audit.record(s, actor=operator.username, action="customer.enroll", terminal=terminal_name,
                     subject_type="customer", subject_id=cid,
                     after={"key_mode": key_mode, "model_id": model_id, "consent_version": consent.version,
                            "consent_language": consent.language, "consent_sha256": consent.sha256,
                            "bank_linked": bank_token is not None})
    return Enrollment(cid, tid, key_mode, FacePayPass(cid, secret) if secret else None)


def reenroll(
    db: Database, keys: vault.KeyFile, customer_id: str, *, template: np.ndarray, model_id: str,
    operator: OperatorInfo, terminal_name: str, pass_secret: bytes | None = None,
) -> Enrollment:
    """A lost pass, or a new engine: the old template is destroyed and a new one sealed."""
    operator.require(Permission.ENROLL_CUSTOMER)
    with db.session() as s:
        customer = _active_customer(s, customer_id)
        secret = (pass_secret or vault.new_pass_secret()) if customer.key_mode == "shopper" else None
        tid = new_id()
        kek, kek_id = _kek_for(keys, customer.key_mode, customer_id, secret)
        sealed = vault.seal(template, kek, customer_id=customer_id, template_id=tid, model_id=model_id,
                            key_mode=customer.key_mode)
        destroyed = affected(s.execute(delete(FaceTemplate).where(FaceTemplate.customer_id == customer_id)))
        s.add(FaceTemplate(id=tid, customer_id=customer_id, model_id=model_id, ciphertext=sealed.ciphertext,
                           wrapped_key=sealed.wrapped_key, key_wrap=customer.key_mode, kek_id=kek_id))
        audit.record(s, actor=operator.username, action="customer.reenroll", terminal=terminal_name,
                     subject_type="customer", subject_id=customer_id,
                     after={"templates_destroyed": destroyed, "model_id": model_id})
        mode = customer.key_mode
    return Enrollment(customer_id, tid, mode, FacePayPass(customer_id, secret) if secret else None)


def _active_customer(s: Session, customer_id: str) -> Customer:
    customer = s.get(Customer, customer_id)
    if customer is None:
        raise NotFound(f"no customer {customer_id}")
    if customer.status != "active":
        raise NotFound(f"customer {customer_id} has {customer.status} their consent; no template is held")
    return customer


def require_active(db: Database, customer_id: str) -> None:
    with db.session() as s:
        _active_customer(s, customer_id)


@dataclass(frozen=True)
class UnlockedTemplate:
    customer_id: str
    display_name: str
    model_id: str
    vector: np.ndarray


def unlock_template(db: Database, keys: vault.KeyFile, customer_id: str,
                    facepay_pass: FacePayPass | None = None) -> UnlockedTemplate:
    """Decrypt a customer's template: with their pass (shopper key) or the store key (opt-in)."""
    with db.session() as s:
        customer = _active_customer(s, customer_id)
        row = s.scalar(select(FaceTemplate).where(FaceTemplate.customer_id == customer_id))
        if row is None:
            raise NotFound(f"customer {customer_id} has no template; enroll them again")
        name, model_id = customer.display_name, row.model_id
        sealed = vault.Sealed(row.ciphertext, row.wrapped_key)
        wrap, kek_id, tid = row.key_wrap, row.kek_id, row.id
    if wrap == "shopper":
        if facepay_pass is None or facepay_pass.customer_id != customer_id:
            raise InvalidInput("this customer holds their own key: show their FacePay pass")
        kek = vault.shopper_kek(facepay_pass.secret, keys.pepper, customer_id)
    else:
        kek = keys.kek(kek_id)
    vector = vault.open_sealed(sealed, kek, customer_id=customer_id, template_id=tid, model_id=model_id, key_mode=wrap)
    return UnlockedTemplate(customer_id, name, model_id, vector)


def store_key_candidates(db: Database, keys: vault.KeyFile, phone_last4: str) -> list[UnlockedTemplate]:
    """Opt-in store-key customers whose phone ends in these 4 digits, for 1:N among them only."""
    if not re.fullmatch(r"\d{4}", phone_last4):
        raise InvalidInput("give the last 4 digits of the phone number")
    with db.session() as s:
        ids = s.scalars(select(Customer.id).where(
            Customer.status == "active", Customer.key_mode == "store", Customer.phone.like(f"%{phone_last4}"))).all()
    return [unlock_template(db, keys, cid) for cid in ids]


def erase_customer(db: Database, customer_id: str, *, actor: str, terminal: str, reason: str,
                   operator: OperatorInfo | None = None) -> int:
    """Crypto-erasure: delete the template and its wrapped key, and the bank token; keep an audit
    event without biometric data. Returns how many templates were destroyed."""
    if reason not in ("withdrawn", "erased", "retention"):
        raise InvalidInput(f"unknown erase reason {reason!r}")
    if operator is not None:
        operator.require(Permission.ERASE_CUSTOMER)
    now = datetime.now(timezone.utc)
    with db.session() as s:
        customer = s.get(Customer, customer_id)
        if customer is None:
            raise NotFound(f"no customer {customer_id}")
        destroyed = affected(s.execute(delete(FaceTemplate).where(FaceTemplate.customer_id == customer_id)))
        # A deleted token would still charge at the bank: each is queued, still sealed, until the
        # bank confirms its revocation (flows/erasure.py), and only then deleted.
        for row in s.scalars(select(BankToken).where(BankToken.customer_id == customer_id)):
            if row.revoked_at is None:
                s.add(TokenRevocation(customer_id=customer_id, token=row.token, created_at=now))
        tokens = affected(s.execute(delete(BankToken).where(BankToken.customer_id == customer_id)))
        for consent in customer.consents:
            consent.withdrawn_at = consent.withdrawn_at or now
        before = {"status": customer.status}
        customer.status = "withdrawn" if reason == "withdrawn" else "erased"
        customer.phone = None
        customer.display_name = ""
        audit.record(s, actor=actor, action=f"customer.{reason}", terminal=terminal, subject_type="customer",
                     subject_id=customer_id, before=before,
                     after={"status": customer.status, "templates_destroyed": destroyed, "bank_tokens_deleted": tokens})
    db.purge_freed()  # the deleted rows' old pages must not outlive the erasure in the WAL
    return destroyed


@dataclass(frozen=True)
class PendingRevocation:
    id: str
    customer_id: str | None
    token: str  # sealed under the key file's token key, bound to the customer
    attempts: int
    last_error: str


def pending_revocations(db: Database) -> list[PendingRevocation]:
    with db.session() as s:
        return [PendingRevocation(r.id, r.customer_id, r.token, r.attempts, r.last_error)
                for r in s.scalars(select(TokenRevocation).order_by(TokenRevocation.created_at))]


def revocation_done(db: Database, revocation_id: str, *, actor: str, terminal: str = "") -> None:
    """The bank confirmed: the sealed token is deleted, and its pages with it."""
    with db.session() as s:
        row = s.get(TokenRevocation, revocation_id)
        if row is None:
            return
        audit.record(s, actor=actor, action="customer.bank_link_revoked", terminal=terminal,
                     subject_type="customer", subject_id=row.customer_id or "", after={"attempts": row.attempts + 1})
        s.delete(row)
    db.purge_freed()


def revocation_failed(db: Database, revocation_id: str, why: str) -> None:
    with db.session() as s:
        row = s.get(TokenRevocation, revocation_id)
        if row is not None:
            row.attempts += 1
            row.last_error = why[:200]


def retention_run(db: Database, months: int, *, now: datetime | None = None, actor: str = "retention",
                  terminal: str = "") -> list[str]:
    """Erase the templates of customers with no use (or enrollment) in ``months`` months."""
    moment = now or datetime.now(timezone.utc)
    cutoff = moment - timedelta(days=round(months * 30.44))
    with db.session() as s:
        stale = s.scalars(select(Customer.id).where(
            Customer.status == "active",
            or_(Customer.last_used_at < cutoff, (Customer.last_used_at.is_(None)) & (Customer.created_at < cutoff)),
        )).all()
    for cid in stale:
        erase_customer(db, cid, actor=actor, terminal=terminal, reason="retention")
    with db.session() as s:  # the run itself is recorded: it is also how "is a run due?" is answered
        audit.record(s, actor=actor, action="retention.run", terminal=terminal, now=moment,
                     after={"retention_months": months, "erased": len(stale)})
    return list(stale)


def retention_if_due(db: Database, months: int, *, every: timedelta = timedelta(days=1),
                     now: datetime | None = None, terminal: str = "") -> list[str] | None:
    """Run retention unless one ran within ``every``; what a long-running app calls on a timer.
    Returns the erased ids, or None when no run was due."""
    moment = now or datetime.now(timezone.utc)
    with db.session() as s:
        last = s.scalar(select(func.max(AuditEvent.at)).where(AuditEvent.action == "retention.run"))
    if last is not None and datetime.fromisoformat(last) > moment - every:
        return None
    return retention_run(db, months, now=moment, terminal=terminal)


def export_customer(db: Database, customer_id: str) -> dict[str, Any]:
    """Everything held about a customer (GDPR Art. 15): metadata only, never template contents."""
    with db.session() as s:
        c = s.get(Customer, customer_id)
        if c is None:
            raise NotFound(f"no customer {customer_id}")
        names = dict(s.execute(select(Terminal.id, Terminal.name)).all())
        ops = dict(s.execute(select(Operator.id, Operator.username)).all())
        return {
            "customer": {"id": c.id, "name": c.display_name, "phone": c.phone, "key_mode": c.key_mode,
                         "status": c.status, "created_at": c.created_at, "last_used_at": c.last_used_at},
            "consents": [{"version": k.text_version, "language": k.language, "text_sha256": k.text_sha256,
                          "granted_at": k.granted_at, "terminal": names.get(k.terminal_id or ""),
                          "operator": ops.get(k.operator_id or ""), "withdrawn_at": k.withdrawn_at} for k in c.consents],
            "face_templates": [{"id": t.id, "model_id": t.model_id, "key": t.key_wrap, "created_at": t.created_at,
                                "note": "encrypted; its contents are not exported"}
                               for t in s.scalars(select(FaceTemplate).where(FaceTemplate.customer_id == customer_id))],
            "bank_links": [{"account": b.account_hint, "linked_at": b.created_at, "revoked_at": b.revoked_at}
                           for b in s.scalars(select(BankToken).where(BankToken.customer_id == customer_id))],
            "transactions": [{"id": t.id, "amount_minor": t.amount_minor, "currency": t.currency, "state": t.state,
                              "created_at": t.created_at}
                             for t in s.scalars(select(Transaction).where(Transaction.customer_id == customer_id))],
            "audit_events": [{"seq": e.seq, "at": e.at, "action": e.action, "actor": e.actor}
                             for e in s.scalars(select(AuditEvent).where(AuditEvent.subject_id == customer_id)
                                                .order_by(AuditEvent.seq))],
        }


def save_export(data: dict[str, Any], customer_id: str, folder: Path) -> Path:
    """An export already read, as a private JSON file (0600) in ``folder`` (0700), written whole."""
    from pos_app.core.files import write_private_bytes

    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        path = write_private_bytes(folder / f"customer-{customer_id}.json",
                                   json.dumps(data, indent=2, sort_keys=True, default=str).encode())
    except OSError as exc:
        raise InvalidInput(f"cannot write the export to {folder}: {exc.strerror or exc}") from None
    return path


def rotate_store_keys(db: Database, keys: vault.KeyFile, *, batch_size: int = 100,
                      progress: Callable[[int, int], None] | None = None, actor: str = "cli") -> int:
    """Re-wrap every store-key data key with a new KEK. Safe to interrupt: run it again to resume.

    Each batch commits on its own; the key file keeps the old KEK until the last row has moved.
    """
    active = keys.begin_rotation()
    with db.session() as s:
        total = s.scalar(select(func.count()).select_from(FaceTemplate).where(
            FaceTemplate.key_wrap == "store", FaceTemplate.kek_id != active)) or 0
    done = 0
    while True:
        with db.session() as s:
            rows = s.scalars(select(FaceTemplate).where(FaceTemplate.key_wrap == "store", FaceTemplate.kek_id != active)
                             .order_by(FaceTemplate.id).limit(batch_size).with_for_update()).all()
            for row in rows:
                ids = {"customer_id": row.customer_id, "template_id": row.id, "model_id": row.model_id,
                       "key_mode": "store"}
                data_key = vault.unwrap_key(row.wrapped_key, keys.kek(row.kek_id), **ids)
                row.wrapped_key = vault.wrap_key(data_key, keys.active_kek, **ids)
                row.kek_id = active
            if rows:
                audit.record(s, actor=actor, action="keys.rotate_batch", subject_type="key", subject_id=active,
                             after={"rewrapped": len(rows)})
        if not rows:
            break
        done += len(rows)
        if progress:
            progress(done, total)
    keys.finish_rotation()
    return done


def payment_token(db: Database, keys: vault.KeyFile, customer_id: str) -> tuple[str, str] | None:
    """The customer's bank token and the masked account a receipt may show, if one is linked.
    A token stored before tokens were sealed is sealed now, on its first use."""
    with db.session() as s:
        row = s.scalar(select(BankToken).where(BankToken.customer_id == customer_id, BankToken.revoked_at.is_(None))
                       .order_by(BankToken.created_at.desc()).with_for_update())
        if row is None:
            return None
        token = vault.open_token(row.token, keys.token_key, customer_id)
        if not vault.is_sealed(row.token):
            row.token = vault.seal_token(token, keys.token_key, customer_id)
        return token, row.account_hint


def customer_by_phone(db: Database, phone: str) -> str | None:
    """The active store-key customer with this phone number (a phone claim at the kiosk)."""
    with db.session() as s:
        return s.scalar(select(Customer.id).where(Customer.phone == normalise_phone(phone), Customer.status == "active",
                                                  Customer.key_mode == "store"))


@dataclass(frozen=True)
class CustomerRow:
    """What the desk and the admin screens list: no template, no bank token."""

    id: str
    name: str
    phone: str | None
    key_mode: str
    status: str
    created_at: datetime
    last_used_at: datetime | None
    # Erased, but the bank has not yet confirmed that the payment token is revoked.
    revocation_pending: bool = False
    # The recogniser the customer's template was made by ("" when none is held): a store that
    # changed engines sees who still pays on the old one until the desk re-enrols them.
    model_id: str = ""
    # ... and whether that is another than the store's engine now runs: re-enrol at the desk.
    on_old_model: bool = False


def find_customers(db: Database, text: str = "", *, limit: int = 50,
                   statuses: tuple[str, ...] = ("active",), current_model: str = "") -> list[CustomerRow]:
    """Customers whose name, phone or id contains ``text`` (a desk search by what the customer
    tells the operator; never by face). Newest first. `current_model`: the store's engine's model
    id, against which each row's `on_old_model` is judged."""
    query = (select(Customer).where(Customer.status.in_(statuses)).order_by(Customer.created_at.desc())
             .limit(limit))
    needle = text.strip()
    if needle:
        like = f"%{needle.lower()}%"
        query = query.where(or_(func.lower(Customer.display_name).like(like), Customer.phone.like(f"%{needle}%"),
                                Customer.id.like(f"{needle}%")))
    with db.session() as s:
        pending = set(s.scalars(select(TokenRevocation.customer_id)))
        found = list(s.scalars(query))
        models = dict(s.execute(select(FaceTemplate.customer_id, FaceTemplate.model_id)
                                .where(FaceTemplate.customer_id.in_([c.id for c in found]))).all())
        return [CustomerRow(c.id, c.display_name, c.phone, c.key_mode, c.status, c.created_at, c.last_used_at,
                            c.id in pending, models.get(c.id, ""),
                            bool(current_model) and models.get(c.id, current_model) != current_model)
                for c in found]


def mark_used(db: Database, customer_id: str) -> None:
    """A successful payment: what retention measures inactivity from."""
    with db.session() as s:
        customer = s.get(Customer, customer_id)
        if customer is not None:
            customer.last_used_at = datetime.now(timezone.utc)


@dataclass(frozen=True)
class CustomerCounts:
    active: int
    withdrawn: int
    erased: int
    used_last_30_days: int
    store_key: int


def customer_counts(db: Database, *, now: datetime | None = None) -> CustomerCounts:
    """The figures a manager sees at the top of the customer screen."""
    since = (now or datetime.now(timezone.utc)) - timedelta(days=30)
    with db.session() as s:
        by_status = dict(s.execute(select(Customer.status, func.count()).group_by(Customer.status)).all())
        recent = s.scalar(select(func.count()).select_from(Customer).where(Customer.status == "active",
                                                                           Customer.last_used_at >= since))
        store = s.scalar(select(func.count()).select_from(Customer).where(Customer.status == "active",
                                                                          Customer.key_mode == "store"))
    return CustomerCounts(int(by_status.get("active", 0)), int(by_status.get("withdrawn", 0)),
                          int(by_status.get("erased", 0)), int(recent or 0), int(store or 0))
