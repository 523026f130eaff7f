"""What every admin screen shares: the signed-in operator, the services, background work whose
failures are shown in plain words on the screen that asked, and small table helpers."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from pos_app.core.money import Money
from pos_app.core.operators import OperatorInfo
from pos_app.core.permissions import Permission
from pos_app.core.timezone import oslo
from pos_app.flows.store_admin import AdminServices
from pos_app.ui.background import Background
from pos_app.ui.i18n import Language, tr
from pos_app.ui.qt import Qt, QtWidgets
from pos_app.ui.widgets import label


@dataclass
class AdminState:
    bg: Background
    language: Language
    services: AdminServices | None = None
    operator: OperatorInfo | None = None
    unknown_code: str = ""  # the last code the register could not ring up, for the price list to offer

    def can(self, permission: Permission) -> bool:
        return self.operator is not None and self.operator.can(permission)

    def money(self, minor: int) -> str:
        currency = self.services.settings.currency if self.services else "NOK"
        return Money(currency, minor).format(self.language.code)


class AdminPage(QtWidgets.QWidget):
    """One screen of `facepay admin`. `needs` is the permission that shows it in the menu."""

    needs: Permission = Permission.SELL

    def __init__(self, state: AdminState) -> None:
        super().__init__()
        self.state = state
        self.layout_ = QtWidgets.QVBoxLayout(self)
        self.title = label(role="title", wrap=False)
        self.title.setAlignment(Qt.AlignmentFlag.AlignLeft)
        self.message = label(role="note")
        self.message.setAlignment(Qt.AlignmentFlag.AlignLeft)
        self.layout_.addWidget(self.title)
        self.layout_.addWidget(self.message)

    # Each screen fills these in.
    def heading(self) -> str:
        raise NotImplementedError

    def retranslate(self) -> None:
        self.title.setText(self.heading())
        # A screen reader names a table by its screen; a page with two names its second itself.
        for table in self.findChildren(QtWidgets.QTableWidget):
            table.setAccessibleName(self.heading())

    def refresh(self) -> None:
        """Called each time the screen is shown, and after the operator changes."""

    @property
    def services(self) -> AdminServices:
        assert self.state.services is not None
        return self.state.services

    @property
    def operator(self) -> OperatorInfo:
        assert self.state.operator is not None
        return self.state.operator

    def run(self, work: Callable[[], Any], on_done: Callable[[Any], None] | None = None) -> None:
        self.state.bg.run(work, on_done, self.error)

    def error(self, text: str) -> None:
        self.message.setProperty("role", "error")
        self.message.setText(text)
        self._restyle()

    def notice(self, text: str) -> None:
        self.message.setProperty("role", "note")
        self.message.setText(text)
        self._restyle()

    def _restyle(self) -> None:
        self.message.style().unpolish(self.message)
        self.message.style().polish(self.message)


def make_table(columns: int) -> QtWidgets.QTableWidget:
    t = QtWidgets.QTableWidget(0, columns)
    t.setEditTriggers(QtWidgets.QAbstractItemView.EditTrigger.NoEditTriggers)
    t.setSelectionBehavior(QtWidgets.QAbstractItemView.SelectionBehavior.SelectRows)
    t.setSelectionMode(QtWidgets.QAbstractItemView.SelectionMode.SingleSelection)
    t.verticalHeader().setVisible(False)
    t.horizontalHeader().setStretchLastSection(True)
    t.setAlternatingRowColors(True)
    return t


def fill_table(table: QtWidgets.QTableWidget, rows: Sequence[Sequence[str]], keys: Sequence[str] = ()) -> None:
    """Replace the rows; ``keys`` (an id per row) is kept in the first cell for selection."""
    table.setRowCount(len(rows))
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            item = QtWidgets.QTableWidgetItem(text)
            if c == 0 and keys:
                item.setData(Qt.ItemDataRole.UserRole, keys[r])
            table.setItem(r, c, item)
    table.resizeColumnsToContents()


def selected_key(table: QtWidgets.QTableWidget) -> str | None:
    row = table.currentRow()
    item = table.item(row, 0) if row >= 0 else None
    return item.data(Qt.ItemDataRole.UserRole) if item is not None else None


def when(moment: datetime | None) -> str:
    return oslo(moment).strftime("%Y-%m-%d %H:%M") if moment else "–"


def set_headers(table: QtWidgets.QTableWidget, names: Sequence[str]) -> None:
    table.setHorizontalHeaderLabels(list(names))


def state_words(state: str) -> str:
    """A transaction's state as staff read it."""
    return {
        "created": tr("waiting"), "verifying": tr("verifying"), "authorizing": tr("verifying"),
        "approved": tr("approved"), "declined": tr("declined"), "failed": tr("not completed"),
        "unknown": tr("bank did not answer"), "cancelled": tr("cancelled"), "voided": tr("voided"),
        "refunded": tr("refunded"), "partially_refunded": tr("partly refunded"),
    }.get(state, state)
