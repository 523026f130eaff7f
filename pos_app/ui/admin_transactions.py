"""Transactions: search by time, amount, status and terminal; a sale's detail (verification score and
liveness decision, never an image); reprint its receipt; void it before capture or refund it after,
with a reason, and a manager's PIN when the operator may not do it alone."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from pos_app.core.timezone import oslo_day_bounds
from pos_app.core.errors import InvalidInput
from pos_app.core.history import TxDetail, TxFilter, TxRow
from pos_app.core.money import Money
from pos_app.core.permissions import Permission
from pos_app.core.states import TxState
from pos_app.ui.admin_page import AdminPage, AdminState, fill_table, make_table, selected_key, set_headers, state_words, when
from pos_app.ui.i18n import tr
from pos_app.ui.qt import QtCore, QtWidgets
from pos_app.ui.widgets import button, label, prompt_field


class ApprovalDialog(QtWidgets.QDialog):
    """A reason for the audit trail, and (when needed) a manager's user name and PIN."""

    def __init__(self, parent: QtWidgets.QWidget, action: str, needs_manager: bool) -> None:
        super().__init__(parent)
        self.setWindowTitle(action)
        form = QtWidgets.QFormLayout(self)
        form.addRow(label(action, "body"))  # the window title alone is easy to miss
        self.reason = QtWidgets.QLineEdit()
        form.addRow(tr("Reason"), self.reason)
        self.manager = QtWidgets.QLineEdit()
        self.pin = QtWidgets.QLineEdit()
        self.pin.setEchoMode(QtWidgets.QLineEdit.EchoMode.Password)
        if needs_manager:
            form.addRow(label(tr("This needs a manager's approval."), "note"))
            form.addRow(tr("Manager"), self.manager)
            form.addRow(tr("Manager PIN"), self.pin)
        buttons = QtWidgets.QDialogButtonBox(QtWidgets.QDialogButtonBox.StandardButton.Ok
                                             | QtWidgets.QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)


class TransactionsPage(AdminPage):
    needs = Permission.VIEW_TRANSACTIONS

    def __init__(self, state: AdminState) -> None:
        super().__init__(state)
        filters = QtWidgets.QHBoxLayout()
        today = QtCore.QDate.currentDate()
        self.since, self.until = QtWidgets.QDateEdit(today), QtWidgets.QDateEdit(today)
        for d in (self.since, self.until):
            d.setCalendarPopup(True)
            d.setDisplayFormat("yyyy-MM-dd")
        self.min_amount, self.max_amount = QtWidgets.QLineEdit(), QtWidgets.QLineEdit()
        self.status = QtWidgets.QComboBox()
        self.terminal = QtWidgets.QComboBox()
        self.search = button("", "secondary")
        self.found = label(role="note", wrap=False)
        for w in (self.since, self.until, self.min_amount, self.max_amount, self.status, self.terminal, self.search,
                  self.found):
            filters.addWidget(w)
        self.layout_.addLayout(filters)

        split = QtWidgets.QHBoxLayout()
        self.table = make_table(6)
        split.addWidget(self.table, 3)
        side = QtWidgets.QVBoxLayout()
        self.detail = label(role="note")
        self.detail.setAlignment(QtCore.Qt.AlignmentFlag.AlignLeft | QtCore.Qt.AlignmentFlag.AlignTop)
        self.reprint = button("", "secondary")
        self.void = button("", "danger")
        self.refund_amount = QtWidgets.QLineEdit()
        self.refund = button("", "danger")
        for w in (self.detail, self.reprint, self.void, self.refund_amount, self.refund):
            side.addWidget(w)
        side.addStretch(1)
        split.addLayout(side, 2)
        self.layout_.addLayout(split, 1)

        self.search.clicked.connect(self.refresh)
        self.table.itemSelectionChanged.connect(self._selected)
        self.reprint.clicked.connect(self._reprint)
        self.void.clicked.connect(self._void)
        self.refund.clicked.connect(self._refund)
        self.current: TxDetail | None = None
        self.retranslate()

    def heading(self) -> str:
        return tr("Transactions")

    def retranslate(self) -> None:
        super().retranslate()
        self.since.setToolTip(tr("The first day to show."))
        self.until.setToolTip(tr("The last day to show."))
        self.status.setToolTip(tr("Show only sales in this state."))
        self.terminal.setToolTip(tr("Show only sales from this terminal."))
        self.search.setToolTip(tr("Shows the sales that match the filter."))
        self.table.setToolTip(tr("Sales found; choose one to reprint, void or refund."))
        self.reprint.setToolTip(tr("Saves the chosen sale's receipt again."))
        self.void.setToolTip(tr("Cancels the chosen sale before the bank has settled it."))
        self.refund.setToolTip(tr("Gives money back for the chosen sale."))
        set_headers(self.table, [tr("Time"), tr("Terminal"), tr("Amount"), tr("Method"), tr("Status"), tr("Refunded")])
        self.since.setAccessibleName(tr("From date"))
        self.until.setAccessibleName(tr("To date"))
        prompt_field(self.min_amount, tr("From amount"))
        prompt_field(self.max_amount, tr("To amount"))
        keep = self.status.currentData()
        self.status.clear()
        self.status.addItem(tr("Any status"), "")
        for st in (TxState.APPROVED, TxState.DECLINED, TxState.FAILED, TxState.CANCELLED, TxState.VOIDED,
                   TxState.REFUNDED, TxState.PARTIALLY_REFUNDED, TxState.UNKNOWN, TxState.CREATED):
            self.status.addItem(state_words(st.value), st.value)
        self.status.setCurrentIndex(max(0, self.status.findData(keep)))
        if self.terminal.count() == 0:
            self.terminal.addItem(tr("Any terminal"), "")
        else:
            self.terminal.setItemText(0, tr("Any terminal"))
        self.search.setText(tr("Search"))
        self.reprint.setText(tr("Reprint receipt"))
        self.void.setText(tr("Void"))
        prompt_field(self.refund_amount, tr("Amount to refund"))
        self.refund.setText(tr("Refund"))
        self._show_detail()

    def _filter(self) -> TxFilter:
        def bound(d: QtWidgets.QDateEdit, end: bool) -> datetime:
            day = d.date().toPython()
            assert isinstance(day, date)  # a QDate becomes a date (PySide6 types it as object)
            start, next_day = oslo_day_bounds(day)  # the shop's day, whatever the machine's zone
            return next_day - timedelta(seconds=1) if end else start

        def amount(field: QtWidgets.QLineEdit) -> int | None:
            return self.services.money(field.text()).minor if field.text().strip() else None

        states = (TxState(self.status.currentData()),) if self.status.currentData() else ()
        return TxFilter(since=bound(self.since, False), until=bound(self.until, True), min_minor=amount(self.min_amount),
                        max_minor=amount(self.max_amount), states=states, terminal=self.terminal.currentData() or "")

    def refresh(self) -> None:
        try:
            f = self._filter()
        except InvalidInput as exc:
            self.error(str(exc))
            return
        who = self.operator
        self.run(lambda: (self.services.search(who, f), self.services.kiosks()), self._listed)

    def _listed(self, result: tuple[list[TxRow], list[str]]) -> None:
        rows, kiosks = result
        names = [self.terminal.itemData(i) for i in range(1, self.terminal.count())]
        for name in sorted(set(kiosks + [r.terminal for r in rows]) - set(names)):
            self.terminal.addItem(name, name)
        fill_table(self.table, [[when(r.created_at), r.terminal, self.state.money(r.amount.minor), r.method,
                                 state_words(r.state.value), self.state.money(r.refunded_minor) if r.refunded_minor else ""]
                                for r in rows], [r.id for r in rows])
        self.found.setText(tr("{count} found").format(count=len(rows)))
        keep = self.current.row.id if self.current else None
        self.current = None
        if keep:
            self._load(keep)
        self._show_detail()

    def _selected(self) -> None:
        tx_id = selected_key(self.table)
        if tx_id:
            self._load(tx_id)

    def _load(self, tx_id: str) -> None:
        who = self.operator
        self.run(lambda: self.services.detail(who, tx_id), self._detailed)

    def _detailed(self, d: TxDetail) -> None:
        self.current = d
        self._show_detail()

    def _show_detail(self) -> None:
        d = self.current
        for w in (self.reprint, self.void, self.refund, self.refund_amount):
            w.setEnabled(d is not None)
        if d is None:
            self.detail.setText(tr("Choose a transaction to see its detail."))
            return
        r = d.row
        score = f"{d.verification_score:.3f}" if d.verification_score is not None else "–"
        money = self.state.money
        lines = [
            tr("Reference") + f": {r.id}", tr("Time") + f": {when(r.created_at)}", tr("Terminal") + f": {r.terminal}",
            tr("Amount") + f": {money(r.amount.minor)} ({r.method})", tr("Status") + f": {state_words(r.state.value)}",
            tr("Verification score") + f": {score}", tr("Liveness") + f": {d.liveness_decision or '–'}",
            tr("Captured") + f": {money(r.captured_minor)}; " + tr("refunded") + f": {money(r.refunded_minor)}",
        ]
        if d.decline_code:
            lines.append(tr("Reason") + f": {d.decline_code}")
        lines += [tr("Refund") + f" {money(f.amount_minor)}: {f.status} – {f.reason}" for f in d.refunds]
        lines.append(tr("No image is ever stored."))
        self.detail.setText("\n".join(lines))
        paid = r.state in (TxState.APPROVED, TxState.PARTIALLY_REFUNDED, TxState.REFUNDED)
        self.reprint.setEnabled(paid)
        self.void.setEnabled(r.state is TxState.APPROVED and r.refunded_minor == 0)
        self.refund.setEnabled(r.state in (TxState.APPROVED, TxState.PARTIALLY_REFUNDED))
        self.refund_amount.setEnabled(self.refund.isEnabled())
        if self.refund.isEnabled() and not self.refund_amount.text():
            self.refund_amount.setPlaceholderText(
                tr("Up to {left}").format(left=self.state.money(r.captured_minor - r.refunded_minor))
            )

    def _reprint(self) -> None:
        if self.current is None:
            return
        tx_id, who = self.current.row.id, self.operator
        self.run(lambda: self.services.reprint(who, tx_id),
                 lambda path: self.notice(tr("Receipt copy saved: {path}").format(path=str(path))))

    def _void(self) -> None:
        if self.current is not None:
            self._money_back(Permission.VOID, self.current.row.amount, tr("Void this sale"))

    def _refund(self) -> None:
        if self.current is None:
            return
        try:
            amount = self.services.money(self.refund_amount.text()) if self.refund_amount.text().strip() else \
                Money(self.current.row.amount.currency, self.current.row.captured_minor - self.current.row.refunded_minor)
        except InvalidInput as exc:
            self.error(str(exc))
            return
        self._money_back(Permission.REFUND, amount, tr("Refund {amount}").format(amount=self.state.money(amount.minor)))

    def _money_back(self, permission: Permission, amount: Money, action: str) -> None:
        assert self.current is not None
        who, tx_id = self.operator, self.current.row.id
        dialog = ApprovalDialog(self, action, self.services.needs_manager(who, permission, amount, tx_id))
        if not self.ask(dialog):
            return
        reason, manager, pin = dialog.reason.text(), dialog.manager.text().strip(), dialog.pin.text()

        def work():
            approval = self.services.approval(who, permission, reason=reason, amount=amount, manager=manager,
                                              manager_pin=pin, tx_id=tx_id)
            if permission is Permission.VOID:
                return self.services.void(tx_id, approval)
            return self.services.refund(tx_id, amount, approval)

        self.run(work, self._done)

    def ask(self, dialog: ApprovalDialog) -> bool:
        """Show the dialog; a test answers it by replacing this method."""
        return dialog.exec() == QtWidgets.QDialog.DialogCode.Accepted

    def _done(self, tx) -> None:
        self.refund_amount.clear()
        self.notice(tr("Done: the sale is now {state}.").format(state=state_words(tx.state.value)))
        self._load(tx.id)
        self.refresh()
