"""The shift: open with a counted float; an X report at any time; close with the drawer counted
note by note and coin by coin, expected against counted and the variance; the Z report as a PDF.
Each report shows the store's day summary and this register's legal X or Z report (printed on the
receipt printer); a manager exports the SAF-T Cash Register file for a span of days."""

from __future__ import annotations

from datetime import date

from pos_app.core.errors import InvalidInput
from pos_app.core.permissions import Permission
from pos_app.core.shifts import NOK_DENOMINATIONS
from pos_app.ui.admin_page import AdminPage, AdminState, when
from pos_app.ui.i18n import tr
from pos_app.ui.qt import QtWidgets
from pos_app.ui.widgets import button, label, prompt_field


class ShiftPage(AdminPage):
    needs = Permission.OPEN_SHIFT

    def __init__(self, state: AdminState) -> None:
        super().__init__(state)
        self.summary = label(role="body")
        self.layout_.addWidget(self.summary)

        self.open_box = QtWidgets.QWidget()
        row = QtWidgets.QHBoxLayout(self.open_box)
        self.float_field = QtWidgets.QLineEdit()
        self.open = button("")
        row.addWidget(self.float_field, 2)
        row.addWidget(self.open, 1)
        self.layout_.addWidget(self.open_box)

        self.close_box = QtWidgets.QWidget()
        grid = QtWidgets.QGridLayout(self.close_box)
        self.counts: dict[int, QtWidgets.QSpinBox] = {}
        self.count_labels: dict[int, QtWidgets.QLabel] = {}
        for i, value in enumerate(NOK_DENOMINATIONS):
            spin = QtWidgets.QSpinBox()
            spin.setRange(0, 10_000)
            spin.valueChanged.connect(self._recount)
            name = label(wrap=False)
            grid.addWidget(name, i // 3, (i % 3) * 2)
            grid.addWidget(spin, i // 3, (i % 3) * 2 + 1)
            name.setBuddy(spin)  # a screen reader reads the denomination as the count's name
            self.counts[value], self.count_labels[value] = spin, name
        self.counted = label(role="body")
        grid.addWidget(self.counted, 3, 0, 1, 6)
        self.close_shift = button("", "danger")
        grid.addWidget(self.close_shift, 4, 0, 1, 6)
        self.layout_.addWidget(self.close_box)

        buttons = QtWidgets.QHBoxLayout()
        self.x_report = button("", "secondary")
        self.z_report = button("", "secondary")
        buttons.addWidget(self.x_report)
        buttons.addWidget(self.z_report)
        self.layout_.addLayout(buttons)
        saft_row = QtWidgets.QHBoxLayout()
        self.saft_from, self.saft_to = QtWidgets.QLineEdit(), QtWidgets.QLineEdit()
        for field in (self.saft_from, self.saft_to):
            field.setText(date.today().isoformat())
            saft_row.addWidget(field)
        self.saft = button("", "secondary")
        saft_row.addWidget(self.saft)
        self.print_journal = button("", "secondary")  # the same days, on this register's printer
        saft_row.addWidget(self.print_journal)
        self.layout_.addLayout(saft_row)
        self.report = QtWidgets.QPlainTextEdit()
        self.report.setReadOnly(True)
        self.layout_.addWidget(self.report, 1)

        self.open.clicked.connect(self._open)
        self.float_field.returnPressed.connect(self._open)
        self.close_shift.clicked.connect(self._close)
        self.x_report.clicked.connect(lambda: self._report("x"))
        self.z_report.clicked.connect(lambda: self._report("z"))
        self.saft.clicked.connect(self._saft)
        self.print_journal.clicked.connect(self._print_journal)
        self.expected: int | None = None
        self.retranslate()

    def heading(self) -> str:
        return tr("Shift and reports")

    def retranslate(self) -> None:
        super().retranslate()
        self.open.setToolTip(tr("Opens a shift with this float in the drawer."))
        self.close_shift.setToolTip(tr("Closes the shift with the count above and prints the Z report."))
        self.x_report.setToolTip(tr("A report of the shift so far; nothing is closed."))
        self.z_report.setToolTip(tr("The closed shift's report as a PDF."))
        for spin in self.counts.values():
            spin.setToolTip(tr("How many of this note or coin are in the drawer."))
        prompt_field(self.float_field, tr("Float counted in the drawer"))
        self.open.setText(tr("Open shift"))
        self.close_shift.setText(tr("Close shift with this count"))
        self.x_report.setText(tr("X report (so far today)"))
        self.z_report.setText(tr("Z report (PDF)"))
        self.saft.setText(tr("SAF-T export"))
        self.saft.setToolTip(tr("Writes the SAF-T Cash Register file the Tax Administration may ask for, "
                                "for the days from and to."))
        self.print_journal.setText(tr("Print journal"))
        self.print_journal.setToolTip(tr("Prints this register's electronic journal for these days; the print is "
                                         "journaled too."))
        prompt_field(self.saft_from, tr("From day"))
        prompt_field(self.saft_to, tr("To day"))
        self.saft_from.setToolTip(tr("The first day of the SAF-T file or the journal print."))
        self.saft_to.setToolTip(tr("The last day of the SAF-T file or the journal print."))
        for value, name in self.count_labels.items():
            name.setText(tr("{value} kr").format(value=value // 100))
        self._recount()

    def refresh(self) -> None:
        self.z_report.setEnabled(self.state.can(Permission.Z_REPORT))
        self.z_report.setToolTip("" if self.state.can(Permission.Z_REPORT) else tr("A manager prints the Z report."))
        self.saft.setEnabled(self.state.can(Permission.EXPORT_SAFT))
        self.print_journal.setEnabled(self.state.can(Permission.VIEW_AUDIT))
        for field in (self.saft_from, self.saft_to):
            if not field.text().strip():
                field.setText(date.today().isoformat())
        self.run(self.services.shift, self._shown)

    def _shown(self, result) -> None:
        shift, expected = result
        self.expected = expected
        self.open_box.setVisible(shift is None)
        self.close_box.setVisible(shift is not None)
        if shift is None:
            self.summary.setText(tr("No shift is open on this register."))
        else:
            self.summary.setText(tr("Shift open since {time}; float {float}; the drawer should hold {expected}.").format(
                time=when(shift.opened_at), float=self.state.money(shift.opening_float),
                expected=self.state.money(expected or 0)))
        self._recount()

    def _count(self) -> dict[int, int]:
        return {value: spin.value() for value, spin in self.counts.items() if spin.value()}

    def _recount(self) -> None:
        counted = sum(v * n for v, n in self._count().items())
        if self.expected is None:
            self.counted.setText("")
            return
        self.counted.setText(tr("Counted {counted}; expected {expected}; variance {variance}").format(
            counted=self.state.money(counted), expected=self.state.money(self.expected),
            variance=self.state.money(counted - self.expected)))

    def _open(self) -> None:
        from pos_app.flows.cash_register import missing_setup

        if missing := missing_setup(self.services.settings):
            self.error(setup_words(missing))
            return
        try:
            amount = self.services.money(self.float_field.text() or "0")
        except InvalidInput as exc:
            self.error(str(exc))
            return
        who = self.operator
        def opened(_: object) -> None:
            self.float_field.clear()
            self.notice(tr("Shift opened."))
            self.refresh()

        self.run(lambda: self.services.open_shift(who, amount), opened)

    def _close(self) -> None:
        who, count = self.operator, self._count()
        self.run(lambda: self.services.close_shift(who, count), self._closed)

    def _closed(self, shift) -> None:
        for spin in self.counts.values():
            spin.setValue(0)
        self.notice(tr("Shift closed: expected {expected}, counted {counted}, variance {variance}.").format(
            expected=self.state.money(shift.expected_cash or 0), counted=self.state.money(shift.counted_cash or 0),
            variance=self.state.money(shift.variance or 0)))
        self.refresh()

    def _report(self, kind: str) -> None:
        who = self.operator
        self.run(lambda: self.services.report(who, kind), self._reported)

    def _reported(self, result) -> None:
        report, path, legal = result
        self.report.setPlainText("\n".join([*report.lines(self.state.language.code), "", *legal.lines]))
        if path is not None:
            self.notice(tr("Z report saved: {path}").format(path=str(path)))
        if legal.problem:
            self.error(tr("The register's report was not printed: {why}").format(why=legal.problem))

    def _days(self) -> tuple[date, date] | None:
        try:
            start, end = (date.fromisoformat(f.text().strip()) for f in (self.saft_from, self.saft_to))
        except ValueError:
            self.error(tr("Write the days as 2026-11-28."))
            return None
        return start, end

    def _print_journal(self) -> None:
        if (days := self._days()) is None:
            return
        who, start, end = self.operator, *days
        self.run(lambda: self.services.print_journal(who, start, end), self._journal_printed)

    def _journal_printed(self, problem: str) -> None:
        if problem:
            self.error(tr("The journal was not printed: {why}").format(why=problem))
        else:
            self.notice(tr("Journal printed."))

    def _saft(self) -> None:
        who = self.operator
        if (days := self._days()) is None:
            return
        start, end = days
        self.run(lambda: self.services.saft_export(who, start, end),
                 lambda path: self.notice(tr("SAF-T file written: {path}").format(path=str(path))))


def setup_words(missing: list[str]) -> str:
    """What a register still needs before its first shift, in the screen's words."""
    names = {"company_name": tr("the shop's legal name"), "company_org_number": tr("a valid organisation number"),
             "company_address": tr("the address on receipts"), "receipt_printer": tr("the receipt printer")}
    return tr("Every sale needs its legal receipt, so a shift opens once a manager has set, on the Settings page: "
              "{missing}.").format(missing=", ".join(names.get(m, m) for m in missing))
