"""Desk: a new customer's details, or an existing customer found by name, phone or id, with
re-enroll, export and withdraw-and-erase."""

from __future__ import annotations

from pos_app.core.customers import CustomerRow
from pos_app.ui.i18n import tr
from pos_app.ui.qt import QtWidgets, Signal, SignalInstance
from pos_app.ui.widgets import button, label, prompt_field, recogniser


class DetailsScreen(QtWidgets.QWidget):
    start = Signal(str, str)  # name, phone
    search = Signal(str)
    reenroll = Signal(str)
    export = Signal(str)
    erase = Signal(str)
    logout = Signal()

    def __init__(self) -> None:
        super().__init__()
        columns = QtWidgets.QHBoxLayout(self)
        left, right = QtWidgets.QVBoxLayout(), QtWidgets.QVBoxLayout()
        columns.addLayout(left, 1)
        columns.addSpacing(24)
        columns.addLayout(right, 1)
        self.title = label(role="title")
        self.name = QtWidgets.QLineEdit()
        self.phone = QtWidgets.QLineEdit()
        self.go = button("")
        self.message = label(role="error")
        self.name.returnPressed.connect(self.phone.setFocus)
        self.phone.returnPressed.connect(self._start)
        self.go.clicked.connect(self._start)
        for w in (self.title, self.name, self.phone, self.go, self.message):
            left.addWidget(w)
        left.addStretch(1)
        self.logout_button = button("", "secondary")
        self.logout_button.clicked.connect(self.logout)
        left.addWidget(self.logout_button)

        self.existing = label(role="title")
        self.query = QtWidgets.QLineEdit()
        self.query.returnPressed.connect(lambda: self.search.emit(self.query.text()))
        self.table = QtWidgets.QTableWidget(0, 4)
        self.table.setSelectionBehavior(QtWidgets.QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QtWidgets.QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QtWidgets.QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QtWidgets.QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QtWidgets.QHeaderView.ResizeMode.Stretch)
        self.reenroll_button = button("", "secondary")
        self.export_button = button("", "secondary")
        self.erase_button = button("", "danger")
        self.reenroll_button.clicked.connect(lambda: self._selected(self.reenroll))
        self.export_button.clicked.connect(lambda: self._selected(self.export))
        self.erase_button.clicked.connect(self._erase)
        self.notice = label(role="note")
        for w in (self.existing, self.query):
            right.addWidget(w)
        right.addWidget(self.table, 1)
        actions = QtWidgets.QGridLayout()
        actions.addWidget(self.reenroll_button, 0, 0)
        actions.addWidget(self.export_button, 0, 1)
        actions.addWidget(self.erase_button, 1, 0, 1, 2)
        right.addLayout(actions)
        right.addWidget(self.notice)
        self._rows: list[CustomerRow] = []
        self.retranslate()

    def retranslate(self) -> None:
        self.go.setToolTip(tr("Starts enrollment for the customer typed above."))
        self.logout_button.setToolTip(tr("Signs the operator out of the desk."))
        self.table.setToolTip(tr("Customers found; choose one to re-enroll, export or erase."))
        self.reenroll_button.setToolTip(tr("Takes a new face template for the chosen customer."))
        self.export_button.setToolTip(tr("Saves everything stored about the chosen customer (GDPR Art. 15)."))
        self.erase_button.setToolTip(tr("Withdraws consent and erases the chosen customer's template and data."))
        self.title.setText(tr("New customer"))
        prompt_field(self.name, tr("Full name"))
        prompt_field(self.phone, tr("Phone number"))
        self.go.setText(tr("Start enrollment"))
        self.existing.setText(tr("Existing customers"))
        self.table.setAccessibleName(self.existing.text())
        prompt_field(self.query, tr("Search: name, phone or id"))
        # Which recogniser each template was made by, rather than the enrolment date (the manager's
        # customer screen has that): the desk is where a shopper on an old one is re-enrolled.
        self.table.setHorizontalHeaderLabels([tr("Name"), tr("Phone"), tr("Last used"), tr("Recogniser")])
        self.reenroll_button.setText(tr("Re-enroll"))
        self.export_button.setText(tr("Export data"))
        self.erase_button.setText(tr("Withdraw consent and erase"))
        self.logout_button.setText(tr("Sign out"))

    def reset(self, message: str = "") -> None:
        self.name.clear()
        self.phone.clear()
        self.message.setText(message)
        self.name.setFocus()

    def show_customers(self, rows: list[CustomerRow]) -> None:
        self._rows = rows
        self.table.setRowCount(len(rows))
        for i, c in enumerate(rows):
            used = c.last_used_at.strftime("%Y-%m-%d") if c.last_used_at else "—"
            for j, text in enumerate((c.name, c.phone or "—", used, recogniser(c))):
                item = QtWidgets.QTableWidgetItem(text)
                item.setToolTip(text)  # a long name is cut short in a narrow column
                self.table.setItem(i, j, item)

    def selected_id(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        return self._rows[rows[0].row()].id if rows else None

    def _selected(self, signal: SignalInstance) -> None:
        customer = self.selected_id()
        if customer is None:
            self.notice.setText(tr("Select a customer first."))
        else:
            signal.emit(customer)

    def _erase(self) -> None:
        customer = self.selected_id()
        if customer is None:
            self.notice.setText(tr("Select a customer first."))
            return
        answer = QtWidgets.QMessageBox.question(
            self, tr("Withdraw consent"),
            tr("Erase this customer's face template and bank link now? This cannot be undone."))
        if answer == QtWidgets.QMessageBox.StandardButton.Yes:
            self.erase.emit(customer)

    def _start(self) -> None:
        self.start.emit(self.name.text(), self.phone.text())
