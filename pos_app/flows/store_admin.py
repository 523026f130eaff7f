"""What the cashier and manager screens do, as plain calls (no Qt): each screen runs these in the
background and shows what they return. The signed-in operator is passed in every time, so a
screen can never act with a role it does not hold; core re-checks every permission."""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from functools import partial
from pathlib import Path
from typing import Any

from sqlalchemy.exc import SQLAlchemyError

from payments.client import BankClient
from pos_app.core.help_calls import HelpCall, answer_help, open_help_calls
from pos_app.core.liveness_log import KioskRefusals, kiosks_refusing
from pos_app.core import audit, customers, history, parked, sales, shifts, takings
from pos_app.core.approvals import Approval, approve, needs_manager
from pos_app.core.basket import Basket, Line
from pos_app.core.config import Settings, prepare_data_dir, save_settings
from pos_app.core.db import Database
from pos_app.core.errors import FacePayError, InvalidInput
from pos_app.core.money import Money
from pos_app.core.operators import OperatorInfo, authenticate
from pos_app.core.permissions import Permission
from pos_app.core.slips import receipt_of, write_receipt
from pos_app.l10n_no.articles import Price
from pos_app.core.terminals import ensure_terminal
from pos_app.core.transactions import TxInfo
from pos_app.l10n_no.day_report import report_lines
from pos_app.l10n_no.printout import plain
from pos_app.flows import erasure, kiosk_sales, money_back
from pos_app.flows.cash_register import CashRegister

log = logging.getLogger(__name__)


class DiscountNeedsManager(InvalidInput):
    """A discount above the cashier's limit: a manager's name and PIN are needed."""

    def __init__(self, limit_percent: int) -> None:
        super().__init__(f"a discount above {limit_percent} % needs a manager's approval")
        self.limit_percent = limit_percent


@dataclass(frozen=True)
class Legal:
    """The register's legal report as printed lines, and why it did not print (or was not made)."""

    lines: list[str]
    problem: str = ""


def anchor_key(settings: Settings) -> bytes | None:
    """The audit anchors' key, when this machine has the key file (else anchors are not made or checked)."""
    from pos_app.core.vault import KeyFile

    if not settings.key_path.exists():
        return None
    return KeyFile.load(settings.key_path).audit_key


@dataclass
class AdminServices:
    db: Database
    settings: Settings
    config_path: Path
    bank_factory: Callable[[], BankClient]
    register_id: str = ""

    @classmethod
    def open(cls, db: Database, settings: Settings, config_path: Path,
             bank_factory: Callable[[], BankClient]) -> AdminServices:
        prepare_data_dir(settings)  # drafts, reports, receipts and exports are kept there
        register_id = ensure_terminal(db, settings.register_name, "register")
        from pos_app.l10n_no.receipts import flag_never_printed

        flag_never_printed(db, register_id, terminal=settings.register_name)  # left by a crash: 13030
        return cls(db, settings, config_path, bank_factory, register_id)

    @property
    def register(self) -> str:
        return self.settings.register_name

    @property
    def out_dir(self) -> Path:
        return self.settings.data_dir

    def money(self, text: str) -> Money:
        return Money.parse(text, self.settings.currency)

    # --- sign-in -----------------------------------------------------------------------------
    def sign_in(self, username: str, pin: str) -> OperatorInfo:
        return authenticate(self.db, username, pin, terminal=self.register)

    def sign_out(self, who: OperatorInfo) -> None:
        """Journaled (13004), as the sign-in is (13003)."""
        from pos_app.l10n_no import journal

        journal.journal(self.db, "operator.logout", actor=who.username, terminal=self.register)

    # --- the register --------------------------------------------------------------------------
    def kiosks(self) -> list[str]:
        return history.terminal_names(self.db, "kiosk")

    def send(self, who: OperatorInfo, kiosk: str, basket: Basket) -> TxInfo:
        return kiosk_sales.send(self.db, who, kiosk=kiosk, amount=basket.total, terminal=self.register,
                                basket=basket, register_id=self.register_id)

    # --- the customer display ------------------------------------------------------------------
    def show_on_display(self, who: OperatorInfo, kiosk: str, basket: Basket | None) -> str:
        """The basket being rung up, on the kiosk the shopper will pay at (None or no lines: taken
        off). Returns "" or why the display could not be updated: the sale goes on without it."""
        from pos_app.core import customer_display

        who.require(Permission.SELL)
        try:
            if basket is None or not basket.lines or not kiosk:
                customer_display.clear(self.db, register=self.register)
            else:
                customer_display.show(self.db, kiosk=kiosk, register=self.register, basket=basket)
        except (FacePayError, SQLAlchemyError) as exc:  # a kiosk removed meanwhile, a database busy for a moment
            log.warning("the customer display on %s was not updated: %s", kiosk, exc)
            return str(exc)
        return ""

    # --- discounts -----------------------------------------------------------------------------
    def discount(self, who: OperatorInfo, basket: Basket, *, line: int | None, percent: int | None = None,
                 amount: Money | None = None, manager: str = "", manager_pin: str = "") -> Basket:
        """A discount on one line (``line``) or on the whole sale, given on a copy of the basket,
        which is returned. Above the cashier's limit it needs an operator who may give more, or a
        manager's name and PIN (DiscountNeedsManager says so first). Audited with both names."""
        who.require(Permission.SELL)
        after = Basket.from_json(basket.to_json())
        base = after.lines[line].gross_minor if line is not None and 0 <= line < len(after.lines) else after.total_minor
        minor = amount.minor if amount is not None else None
        off = (after.discount_line(line, percent=percent, amount_minor=minor) if line is not None
               else after.discount_sale(percent=percent, amount_minor=minor))
        limit = self.settings.cashier_discount_limit_percent
        approver = who
        if off * 100 > base * limit and not who.can(Permission.DISCOUNT_ABOVE_LIMIT):
            if not manager:
                raise DiscountNeedsManager(limit)
            approver = authenticate(self.db, manager, manager_pin, terminal=self.register)
            approver.require(Permission.DISCOUNT_ABOVE_LIMIT)
        with self.db.session() as s:
            audit.record(s, actor=who.username, action="sale.discount", terminal=self.register,
                         after={"line": line, "percent": percent, "amount_minor": off, "of_minor": base,
                                "approved_by": approver.username})
        return after

    # --- parked sales --------------------------------------------------------------------------
    def park(self, who: OperatorInfo, basket: Basket) -> parked.Parked:
        """Put the basket aside (13010); any register of the store can take it up."""
        return parked.park(self.db, who, basket, register=self.register)

    def parked_sales(self) -> list[parked.Parked]:
        return parked.waiting(self.db)

    def resume(self, who: OperatorInfo, parked_id: str) -> Basket:
        """A parked basket, whole, on this register (13011); refused if another register took it."""
        return parked.resume(self.db, who, parked_id, register=self.register)

    # --- the price list ----------------------------------------------------------------------
    def ring_up(self, code: str, quantity: int = 1) -> Line:
        """The line a scanned or typed PLU/EAN rings up (a scale's label: its weight or price).
        NotFound for a code no article has."""
        from pos_app.l10n_no.articles import line_for

        return line_for(self.db, code, weight_prefixes=self.settings.weight_prefixes, quantity=quantity,
                        currency=self.settings.currency)

    def price_check(self, who: OperatorInfo, code: str) -> Price:
        """What an article costs, without selling it: journaled as a price look-up (13022) and
        counted on the X and Z. NotFound for a code no article has."""
        from pos_app.l10n_no.articles import look_up

        who.require(Permission.SELL)
        return look_up(self.db, who, code, terminal=self.register, currency=self.settings.currency)

    def prices(self, search: str = "") -> list[Price]:
        from pos_app.l10n_no.articles import current_prices

        return current_prices(self.db, search=search, currency=self.settings.currency)

    def save_article(self, who: OperatorInfo, *, plu: str, ean: str, name: str, price: Money, vat_rate: int,
                     group: str) -> Price:
        from pos_app.l10n_no.articles import set_price

        return set_price(self.db, who, code=plu, ean=ean or None, name=name, group=group, price=price,
                         vat_rate=vat_rate, terminal=self.register)

    def import_articles(self, who: OperatorInfo, path: Path) -> int:
        """A CSV price list, all or nothing (l10n_no/article_csv)."""
        from pos_app.l10n_no import article_csv
        from pos_app.l10n_no.articles import add_many

        who.require(Permission.CHANGE_PRICES)
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise InvalidInput(f"cannot read {path.name}: {exc.strerror or exc}") from None
        return add_many(self.db, who, article_csv.read(data, self.settings.currency), terminal=self.register)

    def help_calls(self) -> list[HelpCall]:
        return open_help_calls(self.db)

    def kiosk_alerts(self) -> list[KioskRefusals]:
        """Kiosks refusing more than the set share of today's face checks: a camera or light to look at."""
        return kiosks_refusing(self.db, share=self.settings.liveness_alert_share)

    def answer_help(self, who: OperatorInfo, kiosk: str) -> None:
        who.require(Permission.SELL)
        answer_help(self.db, kiosk, who.username)

    def status(self, tx_id: str) -> sales.SaleStatus:
        return sales.sale_status(self.db, tx_id)

    def cancel(self, who: OperatorInfo, tx_id: str) -> TxInfo:
        return kiosk_sales.cancel(self.db, who, tx_id, terminal=self.register)

    def take_payment(self, who: OperatorInfo, basket: Basket, method: str, tendered: Money | None) -> tuple[TxInfo, Money | None]:
        shift = shifts.current_shift(self.db, self.register_id)
        if shift is None:
            raise InvalidInput("open a shift before taking cash or card")
        return shifts.record_payment(self.db, who, shift_id=shift.id, terminal_id=self.register_id,
                                     terminal=self.register, amount=basket.total, method=method, tendered=tendered,
                                     basket=basket.to_json())

    # --- shifts and reports ----------------------------------------------------------------------
    def shift(self) -> tuple[shifts.ShiftInfo | None, int | None]:
        """The open shift and the cash its drawer should hold now."""
        shift = shifts.current_shift(self.db, self.register_id)
        return shift, (shifts.expected_cash(self.db, shift.id) if shift else None)

    def open_shift(self, who: OperatorInfo, opening_float: Money) -> shifts.ShiftInfo:
        """Refused until the seller and the receipt printer are set: a sale in the shift could
        otherwise be taken without the legal receipt the law asks for (bokføringsforskriften
        § 5-2-1)."""
        from pos_app.flows.cash_register import SetupMissing, missing_setup

        if missing := missing_setup(self.settings):
            raise SetupMissing(missing)
        return shifts.open_shift(self.db, who, terminal_id=self.register_id, terminal=self.register,
                                 opening_float=opening_float)

    def close_shift(self, who: OperatorInfo, count: dict[int, int]) -> shifts.ShiftInfo:
        shift = shifts.current_shift(self.db, self.register_id)
        if shift is None:
            raise InvalidInput("no shift is open on this register")
        return shifts.close_shift(self.db, who, shift_id=shift.id, terminal=self.register, count=count)

    def correct_lines(self, who: OperatorInfo, lines: list[dict[str, object]], *, cleared: bool) -> None:
        """A line removed or the basket cleared at the register (journaled; the Z counts it)."""
        from pos_app.l10n_no import journal

        journal.line_correction(self.db, who, self.register, cleared=cleared, lines=lines)

    def till(self) -> CashRegister:
        """This register under the cash-register rules (receipts, drawer, training, legal X/Z)."""
        return CashRegister(self.db, self.settings, self.register_id)

    def report(self, who: OperatorInfo, kind: str, day: date | None = None) -> tuple[takings.Report, Path | None, Legal]:
        """The store's day summary, and this register's legal X or Z report (printed, journaled,
        kept as JSON and PDF). A Z report needs the seller's settings: without them it is refused,
        and nothing is closed; an X report then shows the summary and says what is missing."""
        who.require(Permission.Z_REPORT if kind == "z" else Permission.X_REPORT)
        if kind == "z":
            self.till().seller()  # refuses, in plain words, before anything is closed
        report = takings.build_report(self.db, kind, day or date.today(), self.settings.currency)
        try:
            legal = self.till().report(who, kind)
        except InvalidInput as exc:
            if kind == "z":
                raise
            return report, None, Legal([], str(exc))
        lines = plain(report_lines(legal[0]))
        if kind != "z":
            return report, None, Legal(lines, legal[1].problem)
        # The store's summary is no second Z: it shows the anchor the register's Z took.
        report.audit_anchor, report.audit_head = legal[0].anchor, takings.chain_head(self.db)
        path = self.out_dir / "reports" / f"z-{report.day.isoformat()}-{datetime.now():%H%M%S}.pdf"
        path.parent.mkdir(parents=True, exist_ok=True)
        takings.write_report_pdf(report, path, self.settings.language)
        return report, path, Legal(lines, legal[1].problem)

    def print_journal(self, who: OperatorInfo, start: date, end: date) -> str:
        """This register's journal for those days on its printer: "" when printed, else why not."""
        return self.till().print_journal(who, start, end).problem

    def saft_export(self, who: OperatorInfo, start: date, end: date) -> Path:
        """Written by `facepay saft export` in a process of its own: a quarter of a busy shop is
        100,000 transactions, which must not share the register's memory or its interpreter."""
        import subprocess

        from pos_app import self_command

        who.require(Permission.EXPORT_SAFT)
        folder = self.out_dir / "saft"
        folder.mkdir(parents=True, exist_ok=True)
        config = ["--config", str(self.config_path)] if self.config_path.exists() else []
        command = [*self_command(), *config, "--data-dir", str(self.settings.data_dir),
                   *(["--db", self.settings.db_url] if self.settings.db_url else []),
                   "saft", "export", "--from", start.isoformat(), "--to", end.isoformat(), "--out", str(folder),
                   "--actor", who.username]
        done = subprocess.run(command, capture_output=True, text=True, timeout=3600, check=False)
        if done.returncode:
            problem = (done.stderr.strip().splitlines() or ["the export stopped"])[-1].removeprefix("facepay: ")
            raise InvalidInput(problem)
        return Path(done.stdout.strip().splitlines()[-1].removeprefix("wrote "))

    # --- transactions ----------------------------------------------------------------------------
    def search(self, who: OperatorInfo, f: history.TxFilter) -> list[history.TxRow]:
        who.require(Permission.VIEW_TRANSACTIONS)
        return history.search(self.db, f)

    def detail(self, who: OperatorInfo, tx_id: str) -> history.TxDetail:
        who.require(Permission.VIEW_TRANSACTIONS)
        return history.detail(self.db, tx_id)

    def reprint(self, who: OperatorInfo, tx_id: str) -> Path:
        """The receipt's one copy (KOPI), taken through the register's rules: counted, journaled
        (13014), printed; a second is refused. Before, each click made another "(COPY)" PDF."""
        who.require(Permission.REPRINT_RECEIPT)
        till = self.till()
        till.copy(who, tx_id)
        seller = till.seller()
        return write_receipt(receipt_of(self.db, tx_id, copy=True, seller=(seller.name, seller.vat_id, seller.address)),
                             self.out_dir / "receipts", self.settings.language)

    def needs_manager(self, who: OperatorInfo, permission: Permission, amount: Money | None, tx_id: str = "") -> bool:
        from pos_app.core.refunds import given_back_alone

        on_sale, in_shift = given_back_alone(self.db, who.id, tx_id)
        return needs_manager(who, permission, amount, self.settings.cashier_refund_limit_minor,
                             already_on_sale_minor=on_sale, already_in_shift_minor=in_shift,
                             shift_limit_minor=self.settings.cashier_shift_refund_limit_minor)

    def approval(self, who: OperatorInfo, permission: Permission, *, reason: str, amount: Money | None,
                 manager: str = "", manager_pin: str = "", tx_id: str = "") -> Approval:
        return approve(self.db, who, permission, reason=reason, amount=amount,
                       cashier_limit_minor=self.settings.cashier_refund_limit_minor,
                       shift_limit_minor=self.settings.cashier_shift_refund_limit_minor, manager=manager,
                       manager_pin=manager_pin, terminal=self.register, subject_id=tx_id)

    def void(self, tx_id: str, approval: Approval) -> TxInfo:
        with self.bank_factory() as bank:
            done = money_back.void(self.db, bank, tx_id, approval, terminal=self.register)
        self._print_money_back(approval, tx_id, "void")
        return done

    def refund(self, tx_id: str, amount: Money, approval: Approval) -> TxInfo:
        with self.bank_factory() as bank:
            done = money_back.refund(self.db, bank, tx_id, amount, approval, terminal=self.register)
        self._print_money_back(approval, tx_id, "return")
        return done

    def _print_money_back(self, approval: Approval, tx_id: str, series: str) -> None:
        """The void or return receipt prints where it is made; cash handed back opens the drawer
        (journaled). A printer problem is journaled by the register and printed later."""
        try:
            self.till().print_for(approval.operator, tx_id, series)
        except InvalidInput:
            pass  # no seller set up: the register says so on its own screen

    # --- customers -------------------------------------------------------------------------------
    def customers(self, who: OperatorInfo, text: str = "") -> tuple[customers.CustomerCounts, list[customers.CustomerRow]]:
        from pos_app.flows import customer_records
        from pos_app.vision.engine_registry import model_id_of

        rows = customer_records.find(self.db, who, text, limit=200, statuses=("active", "withdrawn", "erased"),
                                     current_model=model_id_of(self.settings.engine))
        return customers.customer_counts(self.db), rows

    def erase(self, who: OperatorInfo, customer_id: str) -> erasure.Erased:
        from pos_app.core.vault import KeyFile

        who.require(Permission.ERASE_CUSTOMER)
        keys = KeyFile.load(self.settings.key_path) if self.settings.key_path.exists() else None
        return erasure.erase(self.db, self.bank_factory, keys, customer_id, actor=who.username,
                             terminal=self.register, operator=who)

    def lift_face_lock(self, who: OperatorInfo, *, customer_id: str = "", kiosk: str = "") -> None:
        """A manager lifts a customer's face-payment pause, or a kiosk's; audited."""
        from pos_app.core.liveness_log import lift_kiosk_lock, reenable_face_payment

        who.require(Permission.LIFT_FACE_LOCK)
        if customer_id:
            customers.require_active(self.db, customer_id)
            reenable_face_payment(self.db, customer_id, actor=who.username, terminal=self.register)
        if kiosk:
            lift_kiosk_lock(self.db, kiosk, actor=who.username, terminal=self.register)

    def export(self, who: OperatorInfo, customer_id: str) -> Path:
        from pos_app.flows import customer_records

        return customer_records.export_to_file(self.db, who, customer_id, self.out_dir / "exports",
                                               terminal=self.register)

    # --- audit -----------------------------------------------------------------------------------
    def audit_log(self, who: OperatorInfo, *, action: str = "", actor: str = "",
                  subject_id: str = "") -> tuple[audit.ChainReport, list[audit.EventRow]]:
        who.require(Permission.VIEW_AUDIT)
        key = anchor_key(self.settings)
        with self.db.session() as s:
            return audit.verify_chain(s, key), audit.list_events(s, action=action, actor=actor, subject_id=subject_id)

    # --- settings --------------------------------------------------------------------------------
    def save(self, who: OperatorInfo, changes: dict[str, Any]) -> Settings:
        who.require(Permission.CHANGE_SETTINGS)
        before = self.settings.redacted()
        saved = save_settings(self.config_path, changes)
        # Only what the screen changed: the rest stays as this process was started with it (a data
        # folder or database given by environment or flag is not in the file, and must not fall
        # back to the defaults under a running register).
        self.settings = self.settings.replace(**{k: getattr(saved, k) for k in changes})
        after = self.settings.redacted()
        changed = sorted(k for k in after if after[k] != before.get(k))
        with self.db.session() as s:
            audit.record(s, actor=who.username, action="settings.change", terminal=self.register,
                         before={k: before.get(k) for k in changed}, after={k: after[k] for k in changed})
        return self.settings

    def last_evaluation_of(self, engine: str) -> Any:
        """The latest evaluation of an engine (vision.evaluation.LastEvaluation), or None."""
        from pos_app.vision.evaluation import load_last

        return load_last(self.out_dir / "evaluations", engine)

    def release_evaluation_of(self, engine: str) -> Any:
        """The evaluation shipped with this release that set the engine's default threshold
        (vision.evaluation.ReleaseEvaluation), or None."""
        from pos_app.vision.evaluation import release_evaluation

        return release_evaluation(engine)

    # --- health and accuracy ---------------------------------------------------------------------
    def health(self) -> list[Any]:
        from pos_app.health import run_all

        source = str(self.config_path) if self.config_path.exists() else f"none at {self.config_path}, defaults used"
        return run_all(self.settings, source)

    def evaluate(self, who: OperatorInfo, pairs_csv: Path, images: Path,
                 progress: Callable[[int, int], None]) -> tuple[Any, Path]:
        """Run the engine over a labelled set; returns the report and its DET curve (PNG)."""
        from pos_app.vision.engine import create_engine
        from pos_app.vision.evaluation import evaluate, plot, read_pairs, save_last

        who.require(Permission.RUN_EVALUATION)
        if not images.is_dir():
            raise InvalidInput(f"image folder {images} does not exist")
        pairs = read_pairs(pairs_csv)
        factory = partial(create_engine, self.settings.engine, models_dir=str(self.settings.models_path))

        def counted(results: Any, total: int) -> Any:
            progress(0, total)
            for i, result in enumerate(results, start=1):
                progress(i, total)
                yield result

        report = evaluate(factory(), pairs, images, self.settings.match_threshold, progress=counted,
                          workers=max(1, min(4, os.cpu_count() or 1)), factory=factory)
        folder = self.out_dir / "evaluations"
        save_last(report, folder, str(pairs_csv))
        det = folder / f"det-{report.engine}.png"
        plot(report, det)
        with self.db.session() as s:
            audit.record(s, actor=who.username, action="evaluation.run", terminal=self.register,
                         after={"engine": report.engine, "pairs": report.overall.pairs, "fmr": report.overall.fmr,
                                "fnmr": report.overall.fnmr})
        return report, det
