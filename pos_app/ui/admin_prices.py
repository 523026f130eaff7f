"""The price list (managers): find an article, add one or change its price, import a CSV file.
Each change is a new price-list row, journaled (13021); the screen only phrases what
flows/store_admin answers. A code the register could not ring up is offered here, filled in."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Callable

from pos_app.core import fiscal
from pos_app.core.errors import InvalidInput
from pos_app.core.money import MINOR_UNIT_DIGITS
from pos_app.core.permissions import Permission
from pos_app.l10n_no.articles import Price
from pos_app.l10n_no.codes import GROUPS
from pos_app.ui.admin_page import AdminPage, AdminState, fill_table, make_table, selected_key, set_headers
from pos_app.ui.i18n import tr
from pos_app.ui.qt import QtWidgets
from pos_app.ui.widgets import button, label, prompt_field


def choose_csv(parent: QtWidgets.QWidget) -> Path | None:
    name, _ = QtWidgets.QFileDialog.getOpenFileName(parent, tr("Import a price list"), "", tr("CSV files (*.csv)"))
    return Path(name) if name else None


class PriceListPage(AdminPage):
    needs = Permission.CHANGE_PRICES

    def __init__(self, state: AdminState) -> None:
        super().__init__(state)
        self.choose_file: Callable[[QtWidgets.QWidget], Path | None] = choose_csv  # a test answers it
        self.shown: list[Price] = []
        find = QtWidgets.QHBoxLayout()
        self.search_text = QtWidgets.QLineEdit()
        self.search = button("", "secondary")
        self.import_csv = button("", "secondary")
        self.count = label(role="note", wrap=False)
        for w in (self.search_text, self.search, self.count):
            find.addWidget(w)
        find.addStretch(1)
        find.addWidget(self.import_csv)
        self.layout_.addLayout(find)
        self.table = make_table(6)
        self.layout_.addWidget(self.table, 1)
        form = QtWidgets.QHBoxLayout()
        self.name = QtWidgets.QLineEdit()
        self.plu = QtWidgets.QLineEdit()
        self.ean = QtWidgets.QLineEdit()
        self.price = QtWidgets.QLineEdit()
        self.vat = QtWidgets.QComboBox()
        for rate in fiscal.rules().vat_rates:
            self.vat.addItem(f"{rate} %", rate)
        self.group = QtWidgets.QComboBox()
        self.save = button("")
        for field, stretch in ((self.name, 3), (self.plu, 1), (self.ean, 2), (self.price, 1), (self.vat, 1),
                               (self.group, 2), (self.save, 1)):
            form.addWidget(field, stretch)
        self.layout_.addLayout(form)
        self.search.clicked.connect(self.refresh)
        self.search_text.returnPressed.connect(self.refresh)
        self.save.clicked.connect(self._save)
        self.import_csv.clicked.connect(self._import)
        self.table.itemSelectionChanged.connect(self._picked)
        self.retranslate()

    def heading(self) -> str:
        return tr("Price list")

    def retranslate(self) -> None:
        super().retranslate()
        set_headers(self.table, [tr("PLU"), tr("EAN"), tr("Item"), tr("Price"), tr("VAT"), tr("Group")])
        prompt_field(self.search_text, tr("Name, PLU or EAN"))
        self.search.setText(tr("Search"))
        self.import_csv.setText(tr("Import CSV…"))
        self.import_csv.setToolTip(tr("Reads name,plu,ean,price,vat,group; a bad row stops the import and "
                                      "nothing is stored."))
        prompt_field(self.name, tr("Item"))
        prompt_field(self.plu, tr("PLU"))
        prompt_field(self.ean, tr("EAN"))
        prompt_field(self.price, tr("Price"))
        self.vat.setToolTip(tr("The item's VAT rate."))
        self.search_text.setToolTip(tr("Shows the articles whose name, PLU or EAN contains this."))
        self.search.setToolTip(tr("Shows the articles whose name, PLU or EAN contains this."))
        self.table.setToolTip(tr("The price list as it stands; choose an article to change it."))
        self.name.setToolTip(tr("The name the receipt prints."))
        self.plu.setToolTip(tr("The code a cashier types; leave empty for an article known by its EAN."))
        self.ean.setToolTip(tr("The barcode a scanner reads; its check digit is checked."))
        self.price.setToolTip(tr("VAT included; per kilo for an article sold by weight."))
        self.group.setToolTip(tr("The article group the Z report and SAF-T count it under."))
        keep = self.group.currentData()
        self.group.clear()
        nb = self.state.language.code == "nb"
        for key, code in GROUPS.items():
            self.group.addItem(code.text_nb if nb else code.text_en, key)
        self.group.setCurrentIndex(max(0, self.group.findData(keep)))
        self.group.setAccessibleName(tr("Article group"))
        self.save.setText(tr("Save article"))
        self.save.setToolTip(tr("Adds the article, or gives it a new price; the change is journaled."))

    def refresh(self) -> None:
        code, self.state.unknown_code = self.state.unknown_code, ""
        if code:  # the register could not ring it up: offer to add it
            self._fill(None)
            (self.ean if code.isdigit() and len(code) in (8, 12, 13, 14) else self.plu).setText(code)
            self.notice(tr("Add the article with the code {code}, then scan it again at the register.").format(
                code=code))
            self.name.setFocus()
        services, text = self.services, self.search_text.text()
        self.run(lambda: services.prices(text), self._show)

    def _show(self, prices: list[Price]) -> None:
        self.shown = prices
        nb = self.state.language.code == "nb"
        group = lambda key: (GROUPS[key].text_nb if nb else GROUPS[key].text_en) if key in GROUPS else key  # noqa: E731
        fill_table(self.table, [[p.code if p.code != p.ean else "", p.ean or "", p.name,
                                 self.state.money(p.price.minor), f"{p.vat_rate} %", group(p.group)]
                                for p in prices], [p.code for p in prices])
        self.count.setText(tr("{n} articles").format(n=len(prices)))

    def _picked(self) -> None:
        key = selected_key(self.table)
        self._fill(next((p for p in self.shown if p.code == key), None))

    def _fill(self, p: Price | None) -> None:
        self.name.setText(p.name if p else "")
        self.plu.setText(p.code if p and p.code != p.ean else "")
        self.ean.setText(p.ean or "" if p else "")
        digits = MINOR_UNIT_DIGITS[p.price.currency] if p else 2
        self.price.setText(f"{Decimal(p.price.minor).scaleb(-digits):.{digits}f}" if p else "")
        self.vat.setCurrentIndex(max(0, self.vat.findData(p.vat_rate if p else 25)))
        self.group.setCurrentIndex(max(0, self.group.findData(p.group if p else "goods")))

    def _save(self) -> None:
        try:
            price = self.services.money(self.price.text())
        except InvalidInput as exc:
            self.error(str(exc))
            return
        who, services = self.operator, self.services
        fields = {"plu": self.plu.text().strip(), "ean": self.ean.text().strip(), "name": self.name.text(),
                  "price": price, "vat_rate": int(self.vat.currentData()), "group": str(self.group.currentData())}
        self.run(lambda: services.save_article(who, **fields), self._saved)  # type: ignore[arg-type]  # the form's fields, typed per field by save_article itself

    def _saved(self, p: Price) -> None:
        self.notice(tr("Saved: {name} costs {price}.").format(name=p.name, price=self.state.money(p.price.minor)))
        self._fill(None)
        self.refresh()

    def _import(self) -> None:
        path = self.choose_file(self)
        if path is None:
            return
        who, services = self.operator, self.services
        self.run(lambda: services.import_articles(who, path), self._imported)

    def _imported(self, count: int) -> None:
        self.notice(tr("Imported {n} articles.").format(n=count))
        self.refresh()
