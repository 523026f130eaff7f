"""ORM tables. Biometric data appears only as encrypted blobs in face_templates; no images anywhere."""

from __future__ import annotations

import uuid
from datetime import datetime, timezone

from sqlalchemy import (
    BigInteger, Boolean, CheckConstraint, DateTime, ForeignKey, Integer, LargeBinary, MetaData,
    String, Text, TypeDecorator, UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from pos_app.core.states import TxState

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def new_id() -> str:
    return str(uuid.uuid4())


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


class UTCDateTime(TypeDecorator[datetime]):
    """Aware UTC datetimes on both databases (SQLite would otherwise hand back naive values)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: object) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the database; use an aware UTC datetime")
        return value.astimezone(timezone.utc)

    def process_result_value(self, value: datetime | None, dialect: object) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=timezone.utc) if value.tzinfo is None else value.astimezone(timezone.utc)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Terminal(Base):
    __tablename__ = "terminals"
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    name: Mapped[str] = mapped_column(String(64), unique=True)
    kind: Mapped[str] = mapped_column(String(16))  # kiosk | desk | register
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    __table_args__ = (CheckConstraint("kind IN ('kiosk','desk','register')", name="kind"),)


class Operator(Base):
    __tablename__ = "operators"
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(128))
    role: Mapped[str] = mapped_column(String(16))
    secret_hash: Mapped[str] = mapped_column(String(255))
    failed_attempts: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    disabled: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    __table_args__ = (CheckConstraint("role IN ('cashier','manager','admin')", name="role"),)


class Customer(Base):
    __tablename__ = "customers"
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    display_name: Mapped[str] = mapped_column(String(128))
    # Only needed for a phone-number claim in store-key mode; may be empty in shopper-key mode.
    phone: Mapped[str | None] = mapped_column(String(32), nullable=True, index=True)
    key_mode: Mapped[str] = mapped_column(String(16), default="shopper")  # shopper | store
    status: Mapped[str] = mapped_column(String(16), default="active")  # active | withdrawn | erased
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    consents: Mapped[list[Consent]] = relationship(back_populates="customer")
    __table_args__ = (
        CheckConstraint("key_mode IN ('shopper','store')", name="key_mode"),
        CheckConstraint("status IN ('active','withdrawn','erased')", name="status"),
    )


class Consent(Base):
    __tablename__ = "consents"
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    customer_id: Mapped[str] = mapped_column(ForeignKey("customers.id", ondelete="CASCADE"), index=True)
    text_version: Mapped[str] = mapped_column(String(32))
    language: Mapped[str] = mapped_column(String(8))
    text_sha256: Mapped[str] = mapped_column(String(64))
    granted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    terminal_id: Mapped[str | None] = mapped_column(ForeignKey("terminals.id"), nullable=True)
    operator_id: Mapped[str | None] = mapped_column(ForeignKey("operators.id"), nullable=True)
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    customer: Mapped[Customer] = relationship(back_populates="consents")


class FaceTemplate(Base):
    """An encrypted template: AES-256-GCM ciphertext plus its wrapped data key. Never plaintext."""

    __tablename__ = "face_templates"
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    customer_id: Mapped[str] = mapped_column(ForeignKey("customers.id", ondelete="CASCADE"), index=True)
    model_id: Mapped[str] = mapped_column(String(64))
    ciphertext: Mapped[bytes] = mapped_column(LargeBinary)
    wrapped_key: Mapped[bytes] = mapped_column(LargeBinary)
    key_wrap: Mapped[str] = mapped_column(String(16))  # shopper | store
    kek_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class BankToken(Base):
    """The bank's opaque payment token. Account and card numbers are never stored here."""

    __tablename__ = "bank_tokens"
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    customer_id: Mapped[str] = mapped_column(ForeignKey("customers.id", ondelete="CASCADE"), index=True)
    token: Mapped[str] = mapped_column(String(128), unique=True)
    # What a receipt may show, e.g. "•••• 4821"; the bank supplies it.
    account_hint: Mapped[str] = mapped_column(String(32), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)


class TokenRevocation(Base):
    """An erased customer's bank token, still sealed, until the bank confirms it is revoked; then
    the row is deleted. Until then the desk shows the erasure as pending at the bank."""

    __tablename__ = "token_revocations"
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    customer_id: Mapped[str | None] = mapped_column(ForeignKey("customers.id", ondelete="SET NULL"), nullable=True,
                                                    index=True)
    token: Mapped[str] = mapped_column(String(256))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    attempts: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    last_error: Mapped[str] = mapped_column(String(200), default="", server_default="")


class Shift(Base):
    __tablename__ = "shifts"
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    operator_id: Mapped[str] = mapped_column(ForeignKey("operators.id"))
    terminal_id: Mapped[str] = mapped_column(ForeignKey("terminals.id"))
    currency: Mapped[str] = mapped_column(String(3))
    opening_float_minor: Mapped[int] = mapped_column(BigInteger)
    opened_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    counted_cash_minor: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    expected_cash_minor: Mapped[int | None] = mapped_column(BigInteger, nullable=True)


class Transaction(Base):
    __tablename__ = "transactions"
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    terminal_id: Mapped[str] = mapped_column(ForeignKey("terminals.id"), index=True)
    shift_id: Mapped[str | None] = mapped_column(ForeignKey("shifts.id"), nullable=True)
    customer_id: Mapped[str | None] = mapped_column(ForeignKey("customers.id", ondelete="SET NULL"), nullable=True)
    amount_minor: Mapped[int] = mapped_column(BigInteger)
    currency: Mapped[str] = mapped_column(String(3))
    method: Mapped[str] = mapped_column(String(16), default="face")  # face | cash | card
    state: Mapped[str] = mapped_column(String(24), default=TxState.CREATED.value, index=True)
    # Written before the first send to the bank, so a retry or a reconcile can never charge twice.
    idempotency_key: Mapped[str] = mapped_column(String(64), unique=True)
    order_ref: Mapped[str] = mapped_column(String(64), default="")
    # The register's lines as JSON (core.basket), for the receipt; empty for a kiosk-typed amount.
    basket: Mapped[str | None] = mapped_column(Text, nullable=True)
    bank_payment_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    captured_minor: Mapped[int] = mapped_column(BigInteger, default=0)
    refunded_minor: Mapped[int] = mapped_column(BigInteger, default=0)
    decline_code: Mapped[str | None] = mapped_column(String(32), nullable=True)
    verification_score: Mapped[float | None] = mapped_column(nullable=True)
    # The cash-register rules (l10n_no): the register that rang the sale up (a face sale is
    # paid at a kiosk but belongs to its register's series), who rang it up, and training mode.
    register_id: Mapped[str | None] = mapped_column(ForeignKey("terminals.id"), nullable=True)
    cashier: Mapped[str] = mapped_column(String(64), default="", server_default="")
    training: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    liveness_decision: Mapped[str | None] = mapped_column(String(16), nullable=True)
    # A void: who did it, whether alone (no manager's PIN: it counts toward their limits), when.
    voided_by: Mapped[str | None] = mapped_column(String(36), nullable=True)
    void_alone: Mapped[bool | None] = mapped_column(Boolean, nullable=True)
    voided_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    __table_args__ = (
        CheckConstraint("amount_minor > 0", name="amount_positive"),
        CheckConstraint("refunded_minor >= 0 AND refunded_minor <= captured_minor", name="refund_bound"),
        CheckConstraint("method IN ('face','cash','card')", name="method"),
    )


class Refund(Base):
    __tablename__ = "refunds"
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    transaction_id: Mapped[str] = mapped_column(ForeignKey("transactions.id"), index=True)
    amount_minor: Mapped[int] = mapped_column(BigInteger)
    reason: Mapped[str] = mapped_column(String(255))
    operator_id: Mapped[str] = mapped_column(ForeignKey("operators.id"))
    idempotency_key: Mapped[str] = mapped_column(String(64), unique=True)
    bank_refund_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    # pending: written, the bank not yet sure to have done it; done; refused by the bank.
    status: Mapped[str] = mapped_column(String(16), default="pending", server_default="done")
    # The manager whose PIN allowed it, when the operator could not do it alone.
    approved_by: Mapped[str | None] = mapped_column(ForeignKey("operators.id"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    __table_args__ = (
        CheckConstraint("amount_minor > 0", name="amount_positive"),
        CheckConstraint("status IN ('pending','done','refused')", name="status"),
    )


class AuditEvent(Base):
    """Append-only and hash-chained: each row's hash covers its fields and the previous row's hash.

    ``at`` and the before/after payloads are stored as the exact text that was hashed, so a
    round-trip through either database cannot change what verification recomputes.
    """

    __tablename__ = "audit_events"
    seq: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=False)
    at: Mapped[str] = mapped_column(String(40), index=True)
    actor: Mapped[str] = mapped_column(String(128))
    action: Mapped[str] = mapped_column(String(64), index=True)
    terminal: Mapped[str] = mapped_column(String(64), default="")
    subject_type: Mapped[str] = mapped_column(String(32), default="")
    subject_id: Mapped[str] = mapped_column(String(64), default="", index=True)
    before: Mapped[str] = mapped_column(Text, default="null")
    after: Mapped[str] = mapped_column(Text, default="null")
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))
    __table_args__ = (UniqueConstraint("prev_hash", name="uq_audit_events_prev_hash"),)


class AuditAnchor(Base):
    """A keyed checkpoint of the audit chain (core/audit.anchor): the chain hash at ``seq`` and an
    HMAC over it and the previous anchor, under a key derived from the key file."""

    __tablename__ = "audit_anchors"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    seq: Mapped[int] = mapped_column(BigInteger)
    chain_hash: Mapped[str] = mapped_column(String(64))
    at: Mapped[str] = mapped_column(String(40))
    reason: Mapped[str] = mapped_column(String(64))
    prev_mac: Mapped[str] = mapped_column(String(64))
    mac: Mapped[str] = mapped_column(String(64))
    __table_args__ = (UniqueConstraint("prev_mac", name="uq_audit_anchors_prev_mac"),)


class AuditHead(Base):
    """One row: the chain's last seq and hash, updated with each append. It makes a deleted tail
    detectable and serialises concurrent appends (the row is locked for the append)."""

    __tablename__ = "audit_head"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    seq: Mapped[int] = mapped_column(BigInteger)
    hash: Mapped[str] = mapped_column(String(64))


# --- the register's price list, parked sales and customer display --------------------------
# Articles are never updated or deleted (migration 0004's guards): a price change is a new row.
# The legal records the Norwegian rules add are in pos_app/l10n_no/models.py.


class Article(Base):
    """A price-list entry. A price change is a new row (the old one stays, valid until then)."""

    __tablename__ = "articles"
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    code: Mapped[str] = mapped_column(String(32), index=True)  # the PLU, or the EAN when it has none
    ean: Mapped[str | None] = mapped_column(String(14), index=True, nullable=True)
    name: Mapped[str] = mapped_column(String(80))
    group_code: Mapped[str] = mapped_column(String(16))
    price_minor: Mapped[int] = mapped_column(BigInteger)
    vat_rate: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    __table_args__ = (CheckConstraint("price_minor > 0", name="price_positive"),)


class ParkedSale(Base):
    """A basket put aside at a register (13010) until it is taken up again, on that register or
    another of the store (13011). Kept in the database, so stopping the app loses none."""

    __tablename__ = "parked_sales"
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    register: Mapped[str] = mapped_column(String(64))  # the register that parked it
    basket: Mapped[str] = mapped_column(Text)  # Basket.to_json()
    total_minor: Mapped[int] = mapped_column(BigInteger)
    lines: Mapped[int] = mapped_column(Integer)
    parked_by: Mapped[str] = mapped_column(String(64))
    parked_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    resumed_by: Mapped[str | None] = mapped_column(String(64), nullable=True)
    resumed_on: Mapped[str | None] = mapped_column(String(64), nullable=True)
    resumed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True, index=True)


class CustomerDisplay(Base):
    """What a register is ringing up, shown on its kiosk's screen while the shopper watches: one
    row per kiosk, replaced as the basket changes and deleted when the sale is sent or dropped."""

    __tablename__ = "customer_displays"
    kiosk_id: Mapped[str] = mapped_column(String(36), ForeignKey("terminals.id"), primary_key=True)
    register: Mapped[str] = mapped_column(String(64))
    basket: Mapped[str] = mapped_column(Text)  # Basket.to_json()
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
