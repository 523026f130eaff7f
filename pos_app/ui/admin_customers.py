"""Customers: how many are enrolled, when each last paid, their consent; withdraw and erase (the
template is crypto-erased); export what is held about one (a manager's task). No face images exist
to show."""

from __future__ import annotations

from pos_app.core.customers import CustomerCounts, CustomerRow
from pos_app.core.permissions import Permission
from pos_app.flows.erasure import Erased
from pos_app.ui.admin_page import AdminPage, AdminState, fill_table, make_table, selected_key, set_headers, when
from pos_app.ui.i18n import tr
from pos_app.ui.qt import QtWidgets
from pos_app.ui.widgets import button, label, prompt_field, recogniser


class CustomersPage(AdminPage):
    needs = Permission.VIEW_CUSTOMERS

    def __init__(self, state: AdminState) -> None:
        super().__init__(state)
        self.counts = label(role="body")
        self.layout_.addWidget(self.counts)
        row = QtWidgets.QHBoxLayout()
        self.query = QtWidgets.QLineEdit()
        self.search = button("", "secondary")
        row.addWidget(self.query, 3)
        row.addWidget(self.search, 1)
        self.layout_.addLayout(row)
        self.table = make_table(7)
        self.layout_.addWidget(self.table, 1)
        actions = QtWidgets.QHBoxLayout()
        self.erase = button("", "danger")
        self.export = button("", "secondary")
        self.lift = button("", "secondary")
        actions.addWidget(self.lift)
        actions.addWidget(self.erase)
        actions.addWidget(self.export)
        self.layout_.addLayout(actions)
        self.search.clicked.connect(self.refresh)
        self.query.returnPressed.connect(self.refresh)
        self.erase.clicked.connect(self._erase)
        self.export.clicked.connect(self._export)
        self.lift.clicked.connect(self._lift)
        self.rows: dict[str, CustomerRow] = {}
        self.retranslate()

    def heading(self) -> str:
        return tr("Customers")

    def retranslate(self) -> None:
        super().retranslate()
        self.search.setToolTip(tr("Finds customers by name, phone or id."))
        self.table.setToolTip(tr("Customers found; choose one to export or erase."))
        self.erase.setToolTip(tr("Withdraws consent and erases the chosen customer's template and data."))
        self.export.setToolTip(tr("Saves everything stored about the chosen customer (GDPR Art. 15)."))
        set_headers(self.table, [tr("Name"), tr("Phone"), tr("Consent"), tr("Key"), tr("Recogniser"), tr("Enrolled"),
                                 tr("Last paid")])
        prompt_field(self.query, tr("Name, phone or customer number"))
        self.search.setText(tr("Search"))
        self.erase.setText(tr("Withdraw consent and erase"))
        self.export.setText(tr("Export their data"))
        self.lift.setText(tr("Turn face payment back on"))
        self.lift.setToolTip(tr("After failed tries face payment pauses for a customer; turn it back on once "
                                "you have seen them (recorded in the audit trail)."))

    def refresh(self) -> None:
        self.erase.setEnabled(self.state.can(Permission.ERASE_CUSTOMER))
        self.export.setEnabled(self.state.can(Permission.EXPORT_CUSTOMER))
        self.lift.setEnabled(self.state.can(Permission.LIFT_FACE_LOCK))
        who, text = self.operator, self.query.text()
        self.run(lambda: self.services.customers(who, text), self._listed)

    def _listed(self, result: tuple[CustomerCounts, list[CustomerRow]]) -> None:
        counts, rows = result
        self.counts.setText(tr("{active} enrolled ({recent} paid in the last 30 days, {store} with a store key); "
                               "{withdrawn} withdrew consent; {erased} erased").format(
            active=counts.active, recent=counts.used_last_30_days, store=counts.store_key,
            withdrawn=counts.withdrawn, erased=counts.erased))
        consent = {"active": tr("given"), "withdrawn": tr("withdrawn"), "erased": tr("erased")}
        key = {"shopper": tr("shopper's pass"), "store": tr("store key")}
        self.rows = {r.id: r for r in rows}
        fill_table(self.table, [[r.name or tr("(erased)"), r.phone or "",
                                 consent.get(r.status, r.status)
                                 + (" · " + tr("bank revocation pending") if r.revocation_pending else ""),
                                 key.get(r.key_mode, r.key_mode), recogniser(r), when(r.created_at),
                                 when(r.last_used_at)] for r in rows],
                   [r.id for r in rows])

    def _chosen(self) -> CustomerRow | None:
        row = self.rows.get(selected_key(self.table) or "")
        if row is None:
            self.error(tr("Choose a customer first."))
        return row

    def _erase(self) -> None:
        row = self._chosen()
        if row is None or row.status != "active":
            return
        if not self.confirm(tr("Erase {name}'s face template and bank link now? This cannot be undone.").format(name=row.name)):
            return
        who = self.operator

        def erased(done: Erased) -> None:
            self.notice(tr("Consent withdrawn: {count} template(s) crypto-erased.").format(count=done.templates_destroyed)
                        + ("" if not done.revocation_pending else " " + tr(
                            "The bank has not confirmed that the payment link is revoked; it is retried until it does.")))
            self.refresh()

        self.run(lambda: self.services.erase(who, row.id), erased)

    def _lift(self) -> None:
        row = self._chosen()
        if row is None or row.status != "active":
            return
        who = self.operator
        self.run(lambda: self.services.lift_face_lock(who, customer_id=row.id),
                 lambda _: self.notice(tr("Face payment is on again for {name}.").format(name=row.name)))

    def _export(self) -> None:
        row = self._chosen()
        if row is None:
            return
        who = self.operator
        self.run(lambda: self.services.export(who, row.id),
                 lambda path: self.notice(tr("Exported to {path}").format(path=str(path))))

    def confirm(self, question: str) -> bool:
        """Ask before erasing; a test answers by replacing this method."""
        answer = QtWidgets.QMessageBox.question(self, tr("Erase"), question)
        return answer == QtWidgets.QMessageBox.StandardButton.Yes
