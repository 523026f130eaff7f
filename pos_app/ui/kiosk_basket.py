"""Kiosk: the customer display. The lines of the sale, the VAT in it and the total, in large type
and the shopper's language, so they see what they pay before they look at the camera (issue 29)."""

from __future__ import annotations

from pos_app.core.basket import Basket
from pos_app.core.money import Money
from pos_app.ui.i18n import tr
from pos_app.ui.qt import Qt, QtWidgets
from pos_app.ui.widgets import label

# A kiosk screen (1024x768 and up) holds this many lines with the total; a longer basket shows
# its last lines, the newest rung up, under a count of the ones above. The amount-due screen,
# where both ways to pay must stay in view, shows fewer and smaller: the shopper has watched the
# whole basket on the display already.
MAX_LINES = 6
MAX_LINES_WITH_BUTTONS = 3


class BasketView(QtWidgets.QWidget):
    def __init__(self, with_total: bool, *, compact: bool = False) -> None:
        """``compact``: fewer lines in smaller type and the VAT in one row, beside the buttons."""
        super().__init__()
        self.with_total, self.compact = with_total, compact
        self.max_lines = MAX_LINES_WITH_BUTTONS if compact else MAX_LINES
        self.line_role = "basket-note" if compact else "basket-line"
        self.grid = QtWidgets.QGridLayout(self)
        self.grid.setColumnStretch(0, 1)
        self.basket: Basket | None = None
        self.language = "en"
        self.rows: list[tuple[str, str]] = []  # what is shown, as text, row by row (and for tests)
        self.setVisible(False)

    def show_basket(self, basket: Basket | None, language: str) -> None:
        self.basket, self.language = basket, language
        self._render()

    def retranslate(self, language: str) -> None:
        self.language = language
        self._render()

    def _render(self) -> None:
        while self.grid.count():
            item = self.grid.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.hide()  # at once: deleteLater alone left the old rows painted under the new
                widget.deleteLater()
        basket, self.rows = self.basket, []
        self.setVisible(basket is not None and bool(basket.lines))
        if basket is None or not basket.lines:
            return
        money = lambda minor: Money(basket.currency, minor).format(self.language)  # noqa: E731
        hidden = max(0, len(basket.lines) - self.max_lines)
        if hidden:
            self._row(tr("… and {count} more lines above").format(count=hidden), "", "basket-note")
        for line in basket.lines[hidden:]:
            name = line.name if line.quantity == 1 else f"{line.quantity} × {line.name}"
            self._row(name, money(line.total_minor), self.line_role)
            if line.discount_minor:
                self._row("  " + tr("Discount"), "−" + money(line.discount_minor), "basket-note")
        vat = {rate: amount for rate, (_, amount) in basket.vat_breakdown().items() if rate}  # none for 0 %
        if self.compact and vat:
            self._row(tr("VAT included"), money(sum(vat.values())), "basket-note")
        else:
            for rate, amount in vat.items():
                self._row(tr("VAT {rate} % included").format(rate=rate), money(amount), "basket-note")
        if self.with_total:
            self._row(tr("Total"), money(basket.total_minor), "basket-total")

    def _row(self, left: str, right: str, role: str) -> None:
        row = len(self.rows)
        self.rows.append((left, right))
        name, amount = label(left, role, wrap=False), label(right, role, wrap=False)
        name.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        amount.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.grid.addWidget(name, row, 0)
        self.grid.addWidget(amount, row, 1)
