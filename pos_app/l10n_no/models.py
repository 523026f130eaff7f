"""The tables of the Norwegian cash-register rules (kassasystemforskrifta; docs/cash-register.md):
legal receipts in unbroken series, their one copy, print attempts, SAF-T signatures and keys, and Z
reports. Never updated or deleted: the guards in ``immutable`` refuse it on both databases."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Boolean, CheckConstraint, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from pos_app.core.models import Base, UTCDateTime, new_id, utcnow


class LegalReceipt(Base):
    """A receipt as the regulation defines it, issued in the same database transaction as the
    sale, return or void it documents. ``number`` runs unbroken per register and series; ``nr``
    runs unbroken per register over the receipts that are transactions (all but provisional
    ones): the SAF-T signature chain's order."""

    __tablename__ = "legal_receipts"
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    terminal_id: Mapped[str] = mapped_column(ForeignKey("terminals.id"), index=True)
    series: Mapped[str] = mapped_column(String(16))
    number: Mapped[int] = mapped_column(BigInteger)
    nr: Mapped[int | None] = mapped_column(BigInteger, nullable=True)  # none for a provisional receipt
    # What it documents, once only: "<transaction id>:sale", "<refund id>:return", ...
    source: Mapped[str] = mapped_column(String(80), unique=True)
    transaction_id: Mapped[str | None] = mapped_column(ForeignKey("transactions.id"), nullable=True, index=True)
    cashier: Mapped[str] = mapped_column(String(64))
    amount_minor: Mapped[int] = mapped_column(BigInteger)  # with VAT; negative for a return or void
    vat_minor: Mapped[int] = mapped_column(BigInteger)
    content: Mapped[str] = mapped_column(Text)  # the receipt as JSON, exactly as printed
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    __table_args__ = (
        UniqueConstraint("terminal_id", "series", "number", name="uq_legal_receipts_series_number"),
        UniqueConstraint("terminal_id", "nr", name="uq_legal_receipts_nr"),
        CheckConstraint("series IN ('sale','return','void','provisional','training','delivery')", name="series"),
    )


class ReceiptCopy(Base):
    """The one copy a receipt may have: a second insert fails on the unique receipt_id."""

    __tablename__ = "receipt_copies"
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    receipt_id: Mapped[str] = mapped_column(ForeignKey("legal_receipts.id"), unique=True)
    operator: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ReceiptPrint(Base):
    """Each attempt to print a receipt, copy or report, and how it went."""

    __tablename__ = "receipt_prints"
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    receipt_id: Mapped[str] = mapped_column(ForeignKey("legal_receipts.id"), index=True)
    copy: Mapped[bool] = mapped_column(Boolean, default=False)
    printed: Mapped[bool] = mapped_column(Boolean)
    detail: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ReceiptSignature(Base):
    """The SAF-T signature of a receipt: RSA-SHA1 over the previous signature and its own data."""

    __tablename__ = "receipt_signatures"
    receipt_id: Mapped[str] = mapped_column(ForeignKey("legal_receipts.id"), primary_key=True)
    terminal_id: Mapped[str] = mapped_column(ForeignKey("terminals.id"))
    nr: Mapped[int] = mapped_column(BigInteger)
    signature: Mapped[str] = mapped_column(Text)
    key_version: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    __table_args__ = (UniqueConstraint("terminal_id", "nr", name="uq_receipt_signatures_nr"),)


class SaftKey(Base):
    """Every SAF-T signing key version with its public key, kept for good: an auditor checks old
    receipts with the key that signed them."""

    __tablename__ = "saft_keys"
    version: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    public_pem: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ZReport(Base):
    """One per register per day, numbered; carries the running grand totals forward."""

    __tablename__ = "z_reports"
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    terminal_id: Mapped[str] = mapped_column(ForeignKey("terminals.id"))
    day: Mapped[str] = mapped_column(String(10))
    number: Mapped[int] = mapped_column(Integer)
    grand_sales_minor: Mapped[int] = mapped_column(BigInteger)
    grand_returns_minor: Mapped[int] = mapped_column(BigInteger)
    content: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    __table_args__ = (
        UniqueConstraint("terminal_id", "day", name="uq_z_reports_day"),
        UniqueConstraint("terminal_id", "number", name="uq_z_reports_number"),
    )
