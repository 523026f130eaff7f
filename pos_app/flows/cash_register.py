"""The register's duties under the cash-register rules, as plain calls for the screens and the
CLI: print the receipt of a concluded sale (and open the drawer for cash), the one copy, a
provisional receipt, the drawer without a sale, training mode, X and Z reports on the printer and
as JSON and PDF, price look-ups, and the SAF-T export.

A printer that fails never loses anything: the receipt was issued with the sale; the failure is
journaled and the receipt waits in `unprinted()` to be printed again.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Callable

from pos_app.core.config import Settings
from pos_app.core.db import Database
from pos_app.core.errors import InvalidInput
from pos_app.core.files import write_private_bytes
from pos_app.core.operators import OperatorInfo
from pos_app.core.permissions import Permission
from pos_app.l10n_no import day_report, journal, receipts, saft, signing
from pos_app.l10n_no.printout import plain, receipt_lines
from pos_app.l10n_no.seller import Seller, seller_from
from pos_app.core.transactions import get_transaction
from pos_app.core.timezone import oslo
from pos_app.printing.escpos_printer import Job, PrinterUnavailable, compose, send


def _actor(who: OperatorInfo | str, permission: Permission) -> str:
    """An operator signed in at a screen (their role is checked), or the command line, which runs
    as the machine's administrator like every other `facepay` command."""
    if isinstance(who, str):
        return who
    who.require(permission)
    return who.username


@dataclass(frozen=True)
class Printed:
    """What went to the printer (the bytes), or why it did not (``problem``, in plain words)."""

    data: bytes
    problem: str = ""

    @property
    def ok(self) -> bool:
        return not self.problem


class SetupMissing(InvalidInput):
    """A register asked to open a shift before its seller and printer are set. ``missing`` holds
    the setting names, for a screen to phrase; the message names them for the command line."""

    def __init__(self, missing: list[str]) -> None:
        super().__init__(f"a register opens its first shift once a manager has set {', '.join(missing)} "
                         "(Settings page, or the config file): every sale needs its legal receipt")
        self.missing = missing


def missing_setup(settings: Settings) -> list[str]:
    """The settings a register needs before its first shift, each with why, in the order the
    settings page shows them. Empty when it may open. (The VAT rates are the statutory ones,
    the fiscal rules' vat_rates, and each article carries its own: there is nothing to set.)"""
    from pos_app.l10n_no.seller import org_number_problem

    missing = [name for name in ("company_name", "company_org_number", "company_address")
               if not getattr(settings, name).strip()]
    if settings.company_org_number.strip() and org_number_problem(settings.company_org_number):
        missing.append("company_org_number")
    if not settings.receipt_printer.strip():
        missing.append("receipt_printer")
    return missing


@dataclass
class CashRegister:
    db: Database
    settings: Settings
    register_id: str

    @property
    def name(self) -> str:
        return self.settings.register_name

    def seller(self) -> Seller:
        s = self.settings
        return seller_from(s.company_name, s.company_org_number, s.company_address)

    def signing_key(self) -> signing.SigningKey:
        key = self.db.signer if isinstance(self.db.signer, signing.SigningKey) else \
            signing.attach(self.db, self.settings.saft_key_path, terminal=self.name, create=True)
        if key is None:
            raise InvalidInput("the SAF-T signing key is missing on this machine", hint=signing.LOST_HINT)
        return key

    def __post_init__(self) -> None:
        if self.db.signer is None:  # receipts this register issues are signed as they are issued
            signing.attach(self.db, self.settings.saft_key_path, terminal=self.name, create=True)

    def _seal(self, terminal_id: str | None = None) -> None:
        signing.seal(self.db, self.signing_key(), terminal_id or self.register_id)

    def _print(self, job: Job, *, receipt_id: str = "", copy: bool = False, actor: str) -> Printed:
        data = compose(job)
        try:
            send(self.settings.receipt_printer, data)
        except PrinterUnavailable as exc:
            if receipt_id:
                receipts.record_print(self.db, receipt_id, printed=False, detail=str(exc), copy=copy, actor=actor,
                                      terminal=self.name)
            return Printed(data, f"{exc} {exc.hint or ''}".strip())
        if receipt_id:
            receipts.record_print(self.db, receipt_id, printed=True, copy=copy, actor=actor, terminal=self.name)
        return Printed(data)

    # --- receipts -------------------------------------------------------------------------------
    def conclude(self, who: OperatorInfo, tx_id: str) -> tuple[receipts.ReceiptInfo, Printed]:
        """The paid sale's receipt on the printer; for cash, the drawer opens with it (journaled)."""
        tx = get_transaction(self.db, tx_id)
        receipt = receipts.receipt_for(self.db, tx_id)
        self._seal(receipt.terminal_id)
        drawer = tx.method == "cash" and self.settings.cash_drawer == "printer" and not tx.training
        printed = self._print(Job(receipt_lines(receipt, self.seller()), open_drawer=drawer),
                              receipt_id=receipt.id, actor=who.username)
        if drawer and printed.ok:
            journal.open_drawer(self.db, who, self.name, transaction_id=tx_id)
        return receipt, printed

    def print_for(self, who: OperatorInfo, tx_id: str, series: str) -> Printed:
        """A sale's return or void receipt (issued when the money went back), on the printer; cash
        handed back opens the drawer with it, journaled as a drawer opening for that sale."""
        receipt = receipts.receipt_for(self.db, tx_id, series)
        self._seal(receipt.terminal_id)
        tx = get_transaction(self.db, tx_id)
        drawer = (tx.method == "cash" and self.settings.cash_drawer == "printer" and not tx.training
                  and who.can(Permission.OPEN_DRAWER) and not self.drawer_is_open())
        printed = self._print(Job(receipt_lines(receipt, self.seller()), open_drawer=drawer), receipt_id=receipt.id,
                              actor=who.username)
        if drawer and printed.ok:
            journal.open_drawer(self.db, who, self.name, transaction_id=tx_id)
        return printed

    def print_again(self, who: OperatorInfo, receipt_id: str) -> Printed:
        """A receipt whose print failed, printed now (the original, not a copy)."""
        receipt = receipts.get_receipt(self.db, receipt_id)
        return self._print(Job(receipt_lines(receipt, self.seller())), receipt_id=receipt.id, actor=who.username)

    def unprinted(self) -> list[receipts.ReceiptInfo]:
        return receipts.unprinted(self.db, self.register_id)

    def copy(self, who: OperatorInfo, tx_id: str) -> Printed:
        """The receipt's one copy, marked KOPI; a second is refused before anything prints."""
        who.require(Permission.REPRINT_RECEIPT)
        receipt = receipts.take_copy(self.db, receipts.receipt_for(self.db, tx_id).id, operator=who.username,
                                     terminal=self.name)
        return self._print(Job(receipt_lines(receipt, self.seller(), copy=True)), receipt_id=receipt.id, copy=True,
                           actor=who.username)

    def provisional(self, who: OperatorInfo, tx_id: str) -> Printed:
        who.require(Permission.SELL)
        receipt = receipts.issue_provisional(self.db, tx_id, actor=who.username, terminal=self.name)
        return self._print(Job(receipt_lines(receipt, self.seller())), receipt_id=receipt.id, actor=who.username)

    # --- drawer and training --------------------------------------------------------------------
    def open_drawer(self, who: OperatorInfo) -> Printed:
        """The drawer opened without a sale (journaled as such)."""
        if self.settings.cash_drawer != "printer":
            raise InvalidInput("no cash drawer is connected to this register (cash_drawer)")
        journal.open_drawer(self.db, who, self.name)
        return self._print(Job([], open_drawer=True), actor=who.username)

    def close_drawer(self, who: OperatorInfo) -> None:
        journal.close_drawer(self.db, who, self.name)

    def training(self, who: OperatorInfo, on: bool) -> bool:
        return journal.set_training(self.db, who, self.name, on)

    def in_training(self) -> bool:
        with self.db.session() as s:
            return journal.training_on(s, self.name)

    def drawer_is_open(self) -> bool:
        with self.db.session() as s:
            return journal.drawer_open(s, self.name)

    def print_journal(self, who: OperatorInfo | str, start: date, end: date) -> Printed:
        """This register's electronic journal for the Oslo days start..end, on its printer (a
        manager's or an auditor's check at the point of sale); the print itself is journaled."""
        from pos_app.core.takings import day_bounds
        from pos_app.l10n_no.printout import columns

        actor = _actor(who, Permission.VIEW_AUDIT)
        if end < start:
            raise InvalidInput(f"--to {end} is before --from {start}")
        lines: list[tuple[str, str]] = [("title", "Elektronisk journal"), ("center", self.name),
                                        ("center", f"{start} - {end}"), ("rule", "")]
        for e in journal.iter_entries(self.db, terminal=self.name, start=day_bounds(start)[0], end=day_bounds(end)[1]):
            lines.append(("normal", columns(f"{e.seq} {oslo(e.at):%d.%m %H:%M:%S} {e.code.predefined}", e.actor[:16])))
            lines.append(("normal", f"  {e.code.text_nb}"))
        printed = self._print(Job(lines), actor=actor)
        journal.journal(self.db, "report.other", actor=actor, terminal=self.name, what="journal",
                        start=start.isoformat(), end=end.isoformat(), printed=printed.ok)
        return printed

    # --- reports --------------------------------------------------------------------------------
    def report(self, who: OperatorInfo | str, kind: str) -> tuple[day_report.RegisterReport, Printed, Path, Path]:
        """An X or Z report of this register: journaled whole, printed, and kept as JSON and PDF."""
        from pos_app.core.takings import close_day, write_lines_pdf

        actor = _actor(who, Permission.Z_REPORT if kind == "z" else Permission.X_REPORT)
        if kind == "z":  # the one way a Z is taken (the shift screen, `register report z`, `report z`)
            report = close_day(self.db, self.settings, register_id=self.register_id, register=self.name,
                               actor=actor, anchor_key=self.anchor_key())
        else:
            report = day_report.build(self.db, kind, register_id=self.register_id, register=self.name,
                                      seller=self.seller())
            day_report.record_x(self.db, report, actor=actor)
        lines = day_report.report_lines(report)
        printed = self._print(Job(lines), actor=actor)
        folder = self.settings.data_dir / "reports"
        stem = f"{kind}-{self.name}-{oslo(report.end):%Y%m%d-%H%M%S}"
        folder.mkdir(parents=True, exist_ok=True)
        json_path = folder / f"{stem}.json"
        write_private_bytes(json_path, json.dumps(report.as_dict(), ensure_ascii=False, indent=2,
                                                  default=str).encode("utf-8"))
        pdf = write_lines_pdf(plain(lines), folder / f"{stem}.pdf")
        return report, printed, json_path, pdf

    def anchor_key(self) -> bytes | None:
        """The audit anchors' key, when this machine has the key file (else a Z takes no anchor)."""
        from pos_app.core.vault import KeyFile

        path = self.settings.key_path
        return KeyFile.load(path).audit_key if path.exists() else None

    # --- SAF-T ----------------------------------------------------------------------------------
    def saft_export(self, who: OperatorInfo | str, start: date, end: date, out: Path,
                    progress: Callable[[int, int], None] | None = None) -> Path:
        """The SAF-T Cash Register file for the days given; ``out`` a folder (the standard's file
        name is used) or a file. Every register's receipts are signed first; the export is journaled."""
        from pos_app import __version__

        actor = _actor(who, Permission.EXPORT_SAFT)
        key = self.signing_key()
        for terminal_id in _receipt_terminals(self.db):
            signing.seal(self.db, key, terminal_id)
        seller = self.seller()
        made = oslo(datetime.now(timezone.utc))
        path = out / saft.file_name(seller, made) if out.is_dir() else out
        saft.write_file(self.db, path, seller=seller, software=saft.Software("FacePay", __version__, "FacePay"),
                        start=start, end=end, user=actor, now=made, progress=progress)
        # SAF-T has no element for them: every key version's public key goes beside the file,
        # so an auditor checks each receipt with the key its keyVersion names.
        keys = "".join(f"# keyVersion {v}\n{pem.strip()}\n" for v, pem in signing.public_keys(self.db).items())
        write_private_bytes(path.with_name(path.stem + "_public_keys.pem"), keys.encode())
        journal.journal(self.db, "journal.export", actor=actor, terminal=self.name,
                        start=start.isoformat(), end=end.isoformat(), file=path.name)
        return path


def _receipt_terminals(db: Database) -> list[str]:
    from sqlalchemy import select

    from pos_app.l10n_no.models import LegalReceipt

    with db.session() as s:
        return list(s.scalars(select(LegalReceipt.terminal_id).distinct()))
