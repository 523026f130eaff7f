"""The register's till, under the cash-register rules: the receipt of each paid sale goes to the
receipt printer (cash opens the drawer), a failed print says why and waits to be printed again,
the one copy, the drawer opened without a sale and closed again, and training mode, which a
manager switches on and which is marked on the screen for as long as it lasts."""

from __future__ import annotations

import weakref

from pos_app.core.permissions import Permission
from pos_app.ui.i18n import tr
from pos_app.ui.qt import QtWidgets
from pos_app.ui.widgets import button, label


class TillBar:
    """Not a widget subclass: it fills ``widget``, which the register screen lays out. (A Python
    subclass of QWidget holding a reference back to its page crashed the garbage collector in
    the screen tests; plain widgets owned by the page do not.)"""

    def __init__(self, page) -> None:  # the RegisterPage it serves
        self.widget = QtWidgets.QWidget()
        self._page = weakref.ref(page)
        self.last_sale: str | None = None
        self.unprinted: list[str] = []
        self.training_on = False
        layout = QtWidgets.QVBoxLayout(self.widget)
        layout.setContentsMargins(0, 0, 0, 0)
        self.training_banner = label(role="warning")
        self.training_banner.setVisible(False)
        layout.addWidget(self.training_banner)
        self.receipt = label(role="note")
        layout.addWidget(self.receipt)
        row = QtWidgets.QHBoxLayout()
        self.copy = button("", "secondary")
        self.print_again = button("", "secondary")
        self.drawer = button("", "secondary")
        self.drawer_closed = button("", "secondary")
        self.training = button("", "secondary")
        for w in (self.copy, self.print_again, self.drawer, self.drawer_closed, self.training):
            row.addWidget(w)
        layout.addLayout(row)
        self.copy.clicked.connect(self._copy)
        self.print_again.clicked.connect(self._print_again)
        self.drawer.clicked.connect(self._open_drawer)
        self.drawer_closed.clicked.connect(self._close_drawer)
        self.training.clicked.connect(self._toggle_training)

    @property
    def page(self):
        page = self._page()
        if page is None:
            raise RuntimeError("the register screen is gone")  # Background drops such a result
        return page

    def retranslate(self) -> None:
        self.training_banner.setText("⚠ " + tr("TRAINING MODE: sales here are practice, never takings; "
                                               "every receipt says so."))
        self.copy.setText(tr("Receipt copy"))
        self.copy.setToolTip(tr("Prints the last sale's one copy, marked KOPI; a second copy is not allowed."))
        self.print_again.setText(tr("Print again"))
        self.print_again.setToolTip(tr("Prints the receipts the printer could not print."))
        self.drawer.setText(tr("Open drawer"))
        self.drawer.setToolTip(tr("Opens the cash drawer without a sale; the journal records it."))
        self.drawer_closed.setText(tr("Drawer closed"))
        self.drawer_closed.setToolTip(tr("Records that the drawer is closed again; no sale is taken while it is open."))
        self.training.setToolTip(tr("A manager switches training mode on or off for this register."))
        self._show()

    def refresh(self) -> None:
        till = self.page.services.till

        def look() -> tuple[bool, bool, list[str]]:
            t = till()
            return t.in_training(), t.drawer_is_open(), [r.id for r in t.unprinted()]

        self.page.run(look, self._looked)

    def _looked(self, result) -> None:
        self.training_on, drawer_open, self.unprinted = result
        self.drawer_closed.setEnabled(drawer_open)
        self._show()

    def _show(self) -> None:
        self.training_banner.setVisible(self.training_on)
        self.training.setText(tr("Training mode off") if self.training_on else tr("Training mode on"))
        self.training.setVisible(self.page.state.can(Permission.TRAINING_MODE))
        self.copy.setEnabled(self.last_sale is not None)
        self.print_again.setEnabled(bool(self.unprinted))

    def concluded(self, tx_id: str) -> None:
        """A sale was paid: its receipt to the printer, in the background."""
        self.last_sale = tx_id
        till, who = self.page.services.till, self.page.operator
        self.page.run(lambda: till().conclude(who, tx_id), self._printed)

    def _printed(self, result) -> None:
        receipt, printed = result
        title = tr("Training receipt") if receipt.series == "training" else tr("Receipt")
        if printed.ok:
            self.receipt.setText(tr("{title} no. {number} printed.").format(title=title, number=receipt.number))
        else:
            self.page.error(tr("{title} no. {number} was not printed: {why}").format(
                title=title, number=receipt.number, why=printed.problem))
        self.refresh()

    def _copy(self) -> None:
        if self.last_sale is None:
            return
        till, who, sale = self.page.services.till, self.page.operator, self.last_sale
        self.page.run(lambda: till().copy(who, sale), self._done(tr("Copy printed.")))

    def _print_again(self) -> None:
        till, who, ids = self.page.services.till, self.page.operator, list(self.unprinted)

        def again() -> object:
            results = [till().print_again(who, rid) for rid in ids]
            return next((r for r in results if not r.ok), results[-1] if results else None)

        self.page.run(again, self._done(tr("Printed.")))

    def _open_drawer(self) -> None:
        till, who = self.page.services.till, self.page.operator
        self.page.run(lambda: till().open_drawer(who), self._done(tr("Drawer opened (no sale).")))

    def _close_drawer(self) -> None:
        till, who = self.page.services.till, self.page.operator
        self.page.run(lambda: till().close_drawer(who), self._done(tr("Drawer closed.")))

    def _toggle_training(self) -> None:
        till, who, on = self.page.services.till, self.page.operator, not self.training_on
        self.page.run(lambda: till().training(who, on),
                      self._done(tr("Training mode is on.") if on else tr("Training mode is off.")))

    def _done(self, words: str):
        def shown(result: object) -> None:
            problem = getattr(result, "problem", "")
            if problem:
                self.page.error(tr("Not printed: {why}").format(why=problem))
            else:
                self.page.notice(words)
            self.refresh()
        return shown
