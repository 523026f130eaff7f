"""The register: ring up lines (or one amount) with their VAT, send the sale to a kiosk and follow it
live; when the shopper chooses another way, take cash (with change) or a card on the store's own
terminal. The basket and a sale in progress are kept in a draft file, so closing the register or a
crash loses nothing: on the next start it shows the same basket and follows the same sale."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Callable

from pos_app.core import fiscal
from pos_app.core.basket import Basket, Line, make_line, one_amount
from pos_app.core.errors import InvalidInput, NotFound
from pos_app.core.help_calls import HelpCall
from pos_app.core.money import Money
from pos_app.core.parked import Parked
from pos_app.core.permissions import Permission
from pos_app.l10n_no.articles import Price
from pos_app.core.sales import SaleStatus
from pos_app.core.states import TxState
from pos_app.core.timezone import oslo
from pos_app.flows.register_draft import Draft, draft_path, keep_draft, read_draft
from pos_app.flows.store_admin import DiscountNeedsManager
from pos_app.ui.admin_page import AdminPage, AdminState, fill_table, make_table, set_headers
from pos_app.ui.admin_till import TillBar
from pos_app.ui.admin_transactions import ApprovalDialog
from pos_app.ui.i18n import tr
from pos_app.ui.qt import QTimer, QtWidgets
from pos_app.ui.scanner import ScannerFilter
from pos_app.ui.widgets import button, label, prompt_field

log = logging.getLogger(__name__)
POLL_MS = 400  # how often the register looks at the sale it follows (issue: at most 500 ms)
DISPLAY_DELAY_MS = 250  # the customer display is updated this long after the basket last changed
HELP_POLL_MS = 2000  # how often it looks for a kiosk whose shopper pressed Help


class RegisterPage(AdminPage):
    needs = Permission.SELL

    def __init__(self, state: AdminState) -> None:
        self.followed: SaleStatus | None = None  # the last state of the sale sent to a kiosk
        super().__init__(state)
        self.basket = Basket()
        self.sale_id: str | None = None
        self.sale_state: TxState | None = None
        self.draft_path: Path | None = None

        # A shopper at a kiosk asked for staff: shown above everything until a cashier answers.
        self.help_row = QtWidgets.QWidget()
        help_layout = QtWidgets.QHBoxLayout(self.help_row)
        self.help_text = label(role="warning")
        self.help_answer = button("")
        help_layout.addWidget(self.help_text, 1)
        help_layout.addWidget(self.help_answer)
        self.help_row.setVisible(False)
        self.layout_.addWidget(self.help_row)
        # A kiosk refusing many of today's face checks: its camera or light wants a look.
        self.kiosk_alert = label(role="warning")
        self.kiosk_alert.setVisible(False)
        self.layout_.addWidget(self.kiosk_alert)
        self.till = TillBar(self)  # receipts, the drawer and training mode (ui/admin_till.py)
        self.layout_.addWidget(self.till.widget)
        self.help_calls: list[HelpCall] = []

        body = QtWidgets.QHBoxLayout()
        left, right = QtWidgets.QVBoxLayout(), QtWidgets.QVBoxLayout()
        body.addLayout(left, 3)
        body.addLayout(right, 2)
        self.layout_.addLayout(body, 1)

        self.lines = make_table(5)
        left.addWidget(self.lines, 1)
        # A PLU typed, or a barcode: a scanner is heard from anywhere in the window (ui/scanner.py).
        code_row = QtWidgets.QHBoxLayout()
        self.code = QtWidgets.QLineEdit()
        self.add_code = button("", "secondary")
        self.price_check = button("", "secondary")  # a shopper asks what something costs (13022)
        code_row.addWidget(self.code, 3)
        code_row.addWidget(self.add_code, 1)
        code_row.addWidget(self.price_check, 1)
        left.addLayout(code_row)
        self.scanner: ScannerFilter | None = None
        entry = QtWidgets.QHBoxLayout()
        self.item_name = QtWidgets.QLineEdit()
        self.quantity = QtWidgets.QSpinBox()
        self.quantity.setRange(1, 9999)
        self.price = QtWidgets.QLineEdit()
        self.vat = QtWidgets.QComboBox()
        for rate in fiscal.rules().vat_rates:
            self.vat.addItem(f"{rate} %", rate)
        self.add_line = button("", "secondary")
        for w, stretch in ((self.item_name, 3), (self.quantity, 1), (self.price, 2), (self.vat, 1), (self.add_line, 1)):
            entry.addWidget(w, stretch)
        left.addLayout(entry)
        amount_row = QtWidgets.QHBoxLayout()
        self.amount = QtWidgets.QLineEdit()
        self.add_amount = button("", "secondary")
        self.remove_line = button("", "secondary")
        self.clear = button("", "secondary")
        for w in (self.amount, self.add_amount, self.remove_line, self.clear):
            amount_row.addWidget(w)
        left.addLayout(amount_row)
        fix_row = QtWidgets.QHBoxLayout()  # corrections and discounts on the chosen line or the sale
        self.set_quantity = button("", "secondary")
        self.discount_text = QtWidgets.QLineEdit()
        self.line_discount = button("", "secondary")
        self.sale_discount = button("", "secondary")
        for w in (self.set_quantity, self.discount_text, self.line_discount, self.sale_discount):
            fix_row.addWidget(w)
        left.addLayout(fix_row)
        self.ask_manager: Callable[[ApprovalDialog], bool] = lambda dialog: dialog.exec() == QtWidgets.QDialog.DialogCode.Accepted
        park_row = QtWidgets.QHBoxLayout()
        self.park = button("", "secondary")
        self.resume = button("", "secondary")
        park_row.addWidget(self.park)
        park_row.addWidget(self.resume)
        park_row.addStretch(1)
        left.addLayout(park_row)
        self.choose_parked: Callable[[QtWidgets.QWidget, list[Parked]], str | None] = self._choose_parked

        self.total = label(role="amount-due")
        self.vat_text = label(role="note")
        self.kiosk = QtWidgets.QComboBox()
        self.send = button("")
        self.status = label(role="title")
        self.cancel = button("", "danger")
        self.tendered = QtWidgets.QLineEdit()
        self.cash = button("", "secondary")
        self.card = button("", "secondary")
        self.new_sale = button("")
        pay_row = QtWidgets.QHBoxLayout()
        for w in (self.tendered, self.cash, self.card):
            pay_row.addWidget(w)
        for shown in (self.total, self.vat_text, self.kiosk, self.send, self.status, self.cancel):
            right.addWidget(shown)
        right.addLayout(pay_row)
        right.addWidget(self.new_sale)
        right.addStretch(1)

        self.code.returnPressed.connect(lambda: self._ring_up(self.code.text()))
        self.add_code.clicked.connect(lambda: self._ring_up(self.code.text()))
        self.price_check.clicked.connect(self._price_check)
        self.set_quantity.clicked.connect(self._set_quantity)
        self.line_discount.clicked.connect(lambda: self._discount(whole_sale=False))
        self.sale_discount.clicked.connect(lambda: self._discount(whole_sale=True))
        self.park.clicked.connect(self._park)
        self.resume.clicked.connect(self._look_for_parked)
        self.add_line.clicked.connect(self._add_line)
        self.price.returnPressed.connect(self._add_line)
        self.add_amount.clicked.connect(self._add_amount)
        self.amount.returnPressed.connect(self._add_amount)
        self.remove_line.clicked.connect(self._remove_line)
        self.clear.clicked.connect(self._clear)
        self.send.clicked.connect(self._send)
        self.cancel.clicked.connect(self._cancel)
        self.cash.clicked.connect(lambda: self._take("cash"))
        self.tendered.returnPressed.connect(lambda: self._take("cash"))
        self.card.clicked.connect(lambda: self._take("card"))
        self.new_sale.clicked.connect(self._new_sale)
        self.display_timer = QTimer(self)
        self.display_timer.setSingleShot(True)
        self.display_timer.setInterval(DISPLAY_DELAY_MS)
        self.display_timer.timeout.connect(self._update_display)
        self.kiosk.currentTextChanged.connect(lambda _: self._display_soon())
        self.poll = QTimer(self)
        self.poll.setInterval(POLL_MS)
        self.poll.timeout.connect(self._poll)
        self.help_answer.clicked.connect(self._answer_help)
        self.help_poll = QTimer(self)
        self.help_poll.setInterval(HELP_POLL_MS)
        self.help_poll.timeout.connect(self._look_for_help_calls)
        self.retranslate()

    def heading(self) -> str:
        return tr("Register")

    def retranslate(self) -> None:
        super().retranslate()
        if self.followed is not None:  # the sale's state, in the language now chosen
            self.status.setText(self._status_words(self.followed))
        self.lines.setToolTip(tr("The lines of this sale."))
        self.quantity.setToolTip(tr("How many of the item."))
        self.vat.setToolTip(tr("The item's VAT rate."))
        self.add_line.setToolTip(tr("Adds the item above to the sale."))
        self.add_amount.setToolTip(tr("Adds one amount as a line of its own."))
        self.remove_line.setToolTip(tr("Removes the chosen line."))
        self.clear.setToolTip(tr("Empties the sale."))
        self.kiosk.setToolTip(tr("The kiosk the shopper will pay at."))
        self.send.setToolTip(tr("Shows the total on the chosen kiosk for a face payment."))
        self.cancel.setToolTip(tr("Takes the sale back from the kiosk before the shopper pays."))
        self.cash.setToolTip(tr("Takes cash for the sale and shows the change."))
        self.card.setToolTip(tr("Records a payment on the store's own card terminal."))
        self.new_sale.setToolTip(tr("Starts the next sale."))
        set_headers(self.lines, [tr("Item"), tr("Qty"), tr("Unit price"), tr("VAT"), tr("Line total")])
        prompt_field(self.code, tr("PLU or barcode"))
        self.code.setToolTip(tr("Type an article's PLU and press Enter, or scan its barcode anywhere on this screen."))
        self.add_code.setText(tr("Add article"))
        self.add_code.setToolTip(tr("Adds the article with this PLU or barcode, as many as the quantity says."))
        self.price_check.setText(tr("Price check"))
        self.price_check.setToolTip(tr("Shows the article's price without selling it (journaled as a price look-up)."))
        prompt_field(self.item_name, tr("Item"))
        self.quantity.setAccessibleName(tr("Quantity"))
        prompt_field(self.price, tr("Unit price"))
        self.add_line.setText(tr("Add line"))
        prompt_field(self.amount, tr("Or one amount"))
        self.add_amount.setText(tr("Add amount"))
        self.remove_line.setText(tr("Remove line"))
        self.clear.setText(tr("Clear"))
        self.set_quantity.setText(tr("Set quantity"))
        self.set_quantity.setToolTip(tr("Gives the chosen line the quantity above; a lower one is journaled."))
        prompt_field(self.discount_text, tr("Discount: 10 % or 25,00"))
        self.discount_text.setToolTip(tr("A percentage (with %) or an amount in kroner."))
        self.line_discount.setText(tr("Line discount"))
        self.line_discount.setToolTip(tr("Takes the discount off the chosen line."))
        self.sale_discount.setText(tr("Sale discount"))
        self.sale_discount.setToolTip(tr("Takes the discount off the whole sale, shared over its lines."))
        self.park.setText(tr("Park sale"))
        self.park.setToolTip(tr("Puts this sale aside so the next shopper can pay; any register can take it up."))
        self.resume.setText(tr("Parked sales…"))
        self.resume.setToolTip(tr("Takes up a sale parked at this register or another."))
        self.send.setText(tr("Send to kiosk"))
        self.cancel.setText(tr("Cancel sale"))
        prompt_field(self.tendered, tr("Cash handed over"))
        self.cash.setText(tr("Cash"))
        self.card.setText(tr("Card terminal"))
        self.new_sale.setText(tr("New sale"))
        self.help_answer.setText(tr("On my way"))
        self.help_answer.setToolTip(tr("Tells the register you are going to the kiosk; the call is cleared."))
        self._show_help_calls(self.help_calls)
        self.till.retranslate()
        self._show()

    # --- loading and the draft ---------------------------------------------------------------------
    def refresh(self) -> None:
        self.notice("")  # a message from the last visit ("open a shift first") is stale by now
        if self.scanner is None:
            self.scanner = ScannerFilter(self.window())
            self.scanner.scanned.connect(self._ring_up)
        self.scanner.start()
        self.help_poll.start()
        self.draft_path = draft_path(self.services.out_dir, self.services.register)
        self.till.refresh()
        self.run(self.services.kiosks, self._kiosks)
        if not self.basket.lines and self.sale_id is None:
            path = self.draft_path
            self.run(lambda: read_draft(path), self._restore)

    def _kiosks(self, names: list[str]) -> None:
        current = self.kiosk.currentText()
        self.kiosk.clear()
        self.kiosk.addItems(names)
        if current in names:
            self.kiosk.setCurrentText(current)
        if not names:
            self.notice(tr("No kiosk yet: a kiosk appears here once it has started with face payment available."))

    def _restore(self, draft: Draft | None) -> None:
        if draft is None:
            return
        self.basket, self.sale_id = draft.basket, draft.sale_id
        if self.sale_id:
            self.notice(tr("Following the sale sent before the register closed."))
            self.poll.start()
        self._show()

    def _display_soon(self) -> None:
        """The customer display follows the basket a moment after the last change (a scanner's
        run of lines is one update, not one each)."""
        if self.state.services is not None and self.state.operator is not None:
            self.display_timer.start()

    def _update_display(self) -> None:
        if self.state.services is None or self.state.operator is None:
            return
        services, who, kiosk = self.services, self.operator, self.kiosk.currentText()
        basket = self.basket if self.sale_id is None else None  # sent: the kiosk shows the sale itself
        self.run(lambda: services.show_on_display(who, kiosk, basket), lambda _: None)

    def _save_draft(self) -> None:
        self._display_soon()
        path, basket, sale_id = self.draft_path, self.basket, self.sale_id
        if path is not None:
            self.run(lambda: keep_draft(path, basket, sale_id))

    # --- ringing up --------------------------------------------------------------------------------
    def _editable(self) -> bool:
        if self.sale_id is not None:
            return False
        if self.sale_state is TxState.APPROVED:  # the last sale is paid: the next one starts
            self.sale_state, self.followed = None, None
            self.status.setText("")
        return True

    def hideEvent(self, event) -> None:  # noqa: N802 - Qt's name
        if self.scanner is not None:  # another screen, or the lock: scans are not sales there
            self.scanner.stop()
        super().hideEvent(event)

    def _ring_up(self, code: str) -> None:
        code = code.strip()
        if not code or not self._editable():
            return
        services, quantity = self.services, self.quantity.value()

        def look_up() -> Line | None:
            try:
                return services.ring_up(code, quantity)
            except NotFound:
                return None

        self.run(look_up, lambda line: self._rung_up(code, line))

    def _price_check(self) -> None:
        code, services, who = self.code.text().strip(), self.services, self.operator
        if not code:
            self.error(tr("Type or scan the code to check first."))
            return

        def look_up() -> Price | None:
            try:
                return services.price_check(who, code)
            except NotFound:
                return None

        self.run(look_up, lambda price: self._price_checked(code, price))

    def _price_checked(self, code: str, price: Price | None) -> None:
        if price is None:
            self.error(tr("No article has the code {code}. A manager can add it on the Price list page.")
                       .format(code=code))
            return
        self.code.clear()
        self.notice(tr("{name}: {price} (VAT {rate} %)").format(name=price.name, price=self.state.money(price.price.minor),
                                                             rate=price.vat_rate))

    def _rung_up(self, code: str, line: Line | None) -> None:
        if line is None:
            self.state.unknown_code = code
            self.error(tr("No article has the code {code}. A manager can add it on the Price list page.")
                      .format(code=code))
            return
        try:
            self.basket.add(line)
        except InvalidInput as exc:
            self.error(str(exc))
            return
        self.code.clear()
        self.quantity.setValue(1)
        self._changed()

    def _add_line(self) -> None:
        if not self._editable():
            return
        try:
            line = make_line(self.item_name.text(), self.quantity.value(),
                             self.services.money(self.price.text()), int(self.vat.currentData()))
            self.basket.add(line)
        except InvalidInput as exc:
            self.error(str(exc))
            return
        self.item_name.clear()
        self.price.clear()
        self.quantity.setValue(1)
        self.item_name.setFocus()
        self._changed()

    def _add_amount(self) -> None:
        if not self._editable():
            return
        try:
            amount = self.services.money(self.amount.text())
            for line in one_amount(amount, int(self.vat.currentData())).lines:
                self.basket.add(line)
        except InvalidInput as exc:
            self.error(str(exc))
            return
        self.amount.clear()
        self._changed()

    def _remove_line(self) -> None:
        if self._editable() and self.basket.lines:
            index = self.lines.currentRow() if self.lines.currentRow() >= 0 else len(self.basket.lines) - 1
            gone = [self._line_record(self.basket.lines[index])]
            self.basket.remove(index)
            self._changed()
            who = self.operator
            self.run(lambda: self.services.correct_lines(who, gone, cleared=False), lambda _: None)

    def _clear(self) -> None:
        if self._editable():
            # A sale the kiosk did not take is over once its basket goes: so is what it said.
            self.sale_state, self.followed = None, None
            self.status.setText("")
            gone = [self._line_record(line) for line in self.basket.lines]
            self.basket = Basket(self.services.settings.currency)
            self._changed()
            if gone:
                who = self.operator
                self.run(lambda: self.services.correct_lines(who, gone, cleared=True), lambda _: None)

    @staticmethod
    def _line_record(line) -> dict[str, object]:
        return {"name": line.name, "quantity": line.quantity, "total_minor": line.total_minor}

    # --- corrections and discounts -------------------------------------------------------------
    def _chosen_line(self) -> int | None:
        row = self.lines.currentRow()
        if not 0 <= row < len(self.basket.lines):
            self.error(tr("Choose a line first."))
            return None
        return row

    def _set_quantity(self) -> None:
        if not self._editable() or (index := self._chosen_line()) is None:
            return
        before = self.basket.lines[index]
        try:
            after = self.basket.set_quantity(index, self.quantity.value())
        except InvalidInput as exc:
            self.error(str(exc))
            return
        self.quantity.setValue(1)
        self._changed()
        if after.quantity < before.quantity:  # goods taken off a sale: a line correction
            gone = [{"name": before.name, "quantity": before.quantity - after.quantity,
                     "total_minor": before.total_minor - after.total_minor}]
            who = self.operator
            self.run(lambda: self.services.correct_lines(who, gone, cleared=False), lambda _: None)

    def _discount(self, whole_sale: bool, manager: str = "", pin: str = "") -> None:
        if not self._editable() or not self.basket.lines:
            return
        index = None if whole_sale else self._chosen_line()
        if not whole_sale and index is None:
            return
        text = self.discount_text.text().strip()
        try:
            if text.endswith("%") and text[:-1].strip().isdigit():
                percent, amount = int(text[:-1]), None
            else:
                percent, amount = None, self.services.money(text)
        except InvalidInput:
            self.error(tr("Write a discount as 10 % or as an amount, 25,00."))
            return
        basket, who, services = self.basket, self.operator, self.services

        def give() -> Basket | DiscountNeedsManager:
            try:
                return services.discount(who, basket, line=index, percent=percent, amount=amount, manager=manager,
                                         manager_pin=pin)
            except DiscountNeedsManager as exc:
                return exc

        self.run(give, lambda result: self._discounted(result, whole_sale))

    def _discounted(self, result: Basket | DiscountNeedsManager, whole_sale: bool) -> None:
        if isinstance(result, DiscountNeedsManager):
            dialog = ApprovalDialog(self, tr("A discount above {limit} % needs a manager.").format(
                limit=result.limit_percent), True)
            if self.ask_manager(dialog):
                self._discount(whole_sale, dialog.manager.text().strip(), dialog.pin.text())
            return
        self.basket = result
        self.discount_text.clear()
        self._changed()

    # --- parked sales --------------------------------------------------------------------------
    def _park(self) -> None:
        if not self._editable() or not self.basket.lines:
            return
        basket, who = self.basket, self.operator
        self.run(lambda: self.services.park(who, basket), self._parked)

    def _parked(self, parked: Parked) -> None:
        self.basket = Basket(self.services.settings.currency)
        self._changed()
        self.notice(tr("Sale of {total} parked. Take it up under Parked sales.").format(
            total=self.state.money(parked.total_minor)))

    def _look_for_parked(self) -> None:
        if not self._editable():
            return
        if self.basket.lines:
            self.error(tr("Finish or park this sale before taking up another."))
            return
        self.run(self.services.parked_sales, self._offer_parked)

    def _offer_parked(self, waiting: list[Parked]) -> None:
        if not waiting:
            self.notice(tr("No sale is parked."))
            return
        chosen = self.choose_parked(self, waiting)
        if chosen is None:
            return
        who = self.operator
        self.run(lambda: self.services.resume(who, chosen), self._resumed)

    def _resumed(self, basket: Basket) -> None:
        self.basket = basket
        self._changed()
        self.notice(tr("Parked sale taken up."))

    def _choose_parked(self, parent: QtWidgets.QWidget, waiting: list[Parked]) -> str | None:
        labels = [tr("{time} at {register}: {total}, {lines} lines, by {who}").format(
            time=oslo(p.parked_at).strftime("%H:%M"), register=p.register, total=self.state.money(p.total_minor),
            lines=p.lines, who=p.parked_by) for p in waiting]
        text, ok = QtWidgets.QInputDialog.getItem(parent, tr("Parked sales"), tr("Take up which sale?"), labels, 0, False)
        return waiting[labels.index(text)].id if ok and text in labels else None

    def _changed(self) -> None:
        self.notice("")
        self._show()
        self._save_draft()

    # --- the sale at the kiosk -------------------------------------------------------------------------
    def _send(self) -> None:
        kiosk = self.kiosk.currentText()
        if not kiosk:
            self.error(tr("Choose a kiosk first."))
            return
        basket, who = self.basket, self.operator
        self.send.setEnabled(False)
        self.run(lambda: self.services.send(who, kiosk, basket), self._sent)

    def _sent(self, tx) -> None:
        self.sale_id, self.sale_state = tx.id, tx.state
        self.notice(tr("Sent to {kiosk}.").format(kiosk=self.kiosk.currentText()))
        self._save_draft()
        self.poll.start()
        self._show()

    def _look_for_help_calls(self) -> None:
        if self.state.services is not None and self.state.bg.idle:
            services = self.services
            self.run(lambda: (services.help_calls(), services.kiosk_alerts()), self._show_calls_and_alerts)

    def _show_calls_and_alerts(self, found) -> None:
        calls, alerts = found
        self._show_help_calls(calls)
        self.kiosk_alert.setVisible(bool(alerts))
        if alerts:
            self.kiosk_alert.setText("⚠ " + " ".join(
                tr("{kiosk} refused {refused} of {sessions} face checks today: its camera or the light there "
                   "may need a look.").format(kiosk=a.terminal, refused=a.refused, sessions=a.sessions)
                for a in alerts))

    def _show_help_calls(self, calls: list[HelpCall]) -> None:
        self.help_calls = calls
        self.help_row.setVisible(bool(calls))
        if calls:
            self.help_text.setText("⚠ " + tr("{kiosk} asks for help (since {time}).").format(
                kiosk=calls[0].terminal, time=oslo(calls[0].at).strftime("%H:%M")))

    def _answer_help(self) -> None:
        if self.help_calls:
            kiosk, who = self.help_calls[0].terminal, self.operator
            self.run(lambda: self.services.answer_help(who, kiosk), lambda _: self._look_for_help_calls())

    def _poll(self) -> None:
        sale = self.sale_id
        if sale is None or not self.state.bg.idle:  # one look at a time
            return
        self.run(lambda: self.services.status(sale), lambda st: self._followed(sale, st))

    def _followed(self, sale: str, status: SaleStatus) -> None:
        if sale != self.sale_id:
            return
        self.sale_state, self.followed = status.state, status
        self.status.setText(self._status_words(status))
        if status.final:
            self.poll.stop()
            if status.state is TxState.APPROVED:
                self.till.concluded(sale)
                self.sale_id = None
                self.basket = Basket(self.services.settings.currency)
                self._save_draft()
            elif status.state in (TxState.DECLINED, TxState.FAILED, TxState.CANCELLED):
                # The basket stays: the shopper pays another way, or the cashier sends it again.
                self.sale_id = None
                self._save_draft()
        self._show()

    @staticmethod
    def _status_words(status: SaleStatus) -> str:
        """The sale's status, phrased here from its code (core/sales.STATUS_WORDS lists them)."""
        return {
            "waiting": tr("Waiting for the shopper"), "verifying": tr("Verifying…"),
            "approved": tr("Paid with face ✓"), "declined": tr("Declined by the bank"),
            "not_completed": tr("Not completed at the kiosk"),
            "reconciling": tr("The bank did not answer; checking…"),
            "another_way": tr("The shopper chose another way: take cash or card"),
            "cancelled": tr("Cancelled"),
            "no_pass": tr("No pass was shown at the kiosk"),
        }[status.code]

    def _cancel(self) -> None:
        sale, who = self.sale_id, self.operator
        if sale is None:
            return
        self.run(lambda: self.services.cancel(who, sale), lambda _: self._poll())

    # --- another way ---------------------------------------------------------------------------------------
    def _take(self, method: str) -> None:
        if self.sale_id is not None or not self.basket.lines:
            return
        tendered: Money | None = None
        if method == "cash":
            try:
                tendered = self.services.money(self.tendered.text()) if self.tendered.text().strip() else self.basket.total
            except InvalidInput as exc:
                self.error(str(exc))
                return
        basket, who = self.basket, self.operator
        self.run(lambda: self.services.take_payment(who, basket, method, tendered), self._taken)

    def _taken(self, result) -> None:
        tx, change = result
        self.sale_state = TxState.APPROVED
        self.till.concluded(tx.id)
        if change is not None:
            self.followed = None
            self.status.setText(tr("Paid in cash. Change: {change}").format(change=self.state.money(change.minor)))
        else:
            self.followed = None
            self.status.setText(tr("Paid by card ✓"))
        self.tendered.clear()
        self.basket = Basket(self.services.settings.currency)
        self._save_draft()
        self._show()

    def _new_sale(self) -> None:
        if self.sale_id is not None:
            return
        self.sale_state, self.followed = None, None
        self.status.setText("")
        self.notice("")
        self.basket = Basket(self.services.settings.currency if self.state.services else "NOK")
        self._show()

    # --- the screen ----------------------------------------------------------------------------------------
    def _show(self) -> None:
        money = self.state.money
        fill_table(self.lines, [[ln.name, str(ln.quantity), money(ln.unit_price_minor), f"{ln.vat_rate} %",
                                 money(ln.total_minor) + (" (−" + money(ln.discount_minor) + ")" if ln.discount_minor
                                                          else "")] for ln in self.basket.lines])
        self.total.setText(money(self.basket.total_minor))
        self.vat_text.setText("   ".join(tr("VAT {rate} %: {vat}").format(rate=rate, vat=money(vat))
                                         for rate, (_, vat) in self.basket.vat_breakdown().items()))
        waiting = self.sale_id is not None
        has_lines = bool(self.basket.lines)
        self.send.setEnabled(has_lines and not waiting and self.kiosk.count() > 0)
        self.cancel.setVisible(waiting)
        self.cancel.setEnabled(waiting and self.sale_state is TxState.CREATED)
        for w in (self.cash, self.card, self.tendered):
            w.setEnabled(has_lines and not waiting)
        for w in (self.add_line, self.add_amount, self.remove_line, self.clear, self.add_code, self.resume,
                  self.set_quantity, self.line_discount, self.sale_discount):
            w.setEnabled(not waiting)
        self.park.setEnabled(has_lines and not waiting)
        self.new_sale.setVisible(not waiting and self.sale_state is not None)
