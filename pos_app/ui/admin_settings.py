"""Settings (admin only), validated as a whole before anything is written. The match threshold shows
what it means, in FMR and FNMR, on the last evaluation of the engine; a change takes effect when the
kiosk and desk next start."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from pos_app.core.config import ENGINES, LANGUAGES, Settings
from pos_app.core.errors import InvalidInput
from pos_app.core.money import MINOR_UNIT_DIGITS
from pos_app.core.permissions import Permission
from pos_app.ui.admin_page import AdminPage, AdminState
from pos_app.ui.i18n import LANGUAGE_NAMES, tr
from pos_app.ui.qt import Qt, QtWidgets
from pos_app.ui.widgets import button, label
from pos_app.vision.metrics import percent as rate_percent

# Liveness strictness: below which passive median the kiosk asks for one more turn of the head
# (liveness_passive_step_up). It never moves the refusal line (0.5): a stricter kiosk asks real
# shoppers for more, it does not turn them away (docs/liveness.md).
STRICTNESS = (("standard", 0.91), ("strict", 0.95), ("strictest", 0.98))


def percent(rate: float | None) -> str:
    return rate_percent(rate, space=" ", missing="–")


class SettingsPage(AdminPage):
    needs = Permission.CHANGE_SETTINGS

    def __init__(self, state: AdminState) -> None:
        super().__init__(state)
        form = QtWidgets.QFormLayout()
        self.engine = QtWidgets.QComboBox()
        self.engine.addItems(list(ENGINES))
        self.threshold = QtWidgets.QDoubleSpinBox()
        self.threshold.setRange(0.01, 0.99)
        self.threshold.setSingleStep(0.01)
        self.threshold.setDecimals(3)
        self.meaning = label(role="note")
        self.strictness = QtWidgets.QComboBox()
        self.retention = QtWidgets.QSpinBox()
        self.retention.setRange(1, 120)
        self.camera = QtWidgets.QLineEdit()
        self.bank_url = QtWidgets.QLineEdit()
        self.terminal_id = QtWidgets.QLineEdit()
        self.terminal_key = QtWidgets.QLineEdit()
        self.terminal_key.setEchoMode(QtWidgets.QLineEdit.EchoMode.Password)
        self.language_box = QtWidgets.QComboBox()
        for code in LANGUAGES:
            self.language_box.addItem(LANGUAGE_NAMES[code], code)
        self.limit = QtWidgets.QLineEdit()
        self.discount_limit = QtWidgets.QSpinBox()
        self.discount_limit.setRange(0, 100)
        self.discount_limit.setSuffix(" %")
        self.time_factor = QtWidgets.QDoubleSpinBox()
        self.time_factor.setRange(1.0, 5.0)
        self.time_factor.setSingleStep(0.5)
        self.time_factor.setDecimals(1)
        self.time_factor.setSuffix(" ×")
        # The seller every receipt names and the register's printer: a register opens no shift
        # without them (flows/cash_register.missing_setup).
        self.company_name = QtWidgets.QLineEdit()
        self.org_number = QtWidgets.QLineEdit()
        self.address = QtWidgets.QLineEdit()
        self.printer = QtWidgets.QLineEdit()
        self.drawer = QtWidgets.QComboBox()
        # Each field with its label's text, read again when the language changes.
        self.rows = [(self.engine, lambda: tr("Face engine")), (self.threshold, lambda: tr("Match threshold")),
                     (self.strictness, lambda: tr("Liveness strictness")),
                     (self.retention, lambda: tr("Erase unused templates after (months)")),
                     (self.camera, lambda: tr("Camera")), (self.bank_url, lambda: tr("Bank URL")),
                     (self.terminal_id, lambda: tr("Bank terminal id")),
                     (self.terminal_key, lambda: tr("Bank terminal key")),
                     (self.language_box, lambda: tr("Language")), (self.limit, lambda: tr("Cashier refund limit")),
                     (self.discount_limit, lambda: tr("Cashier discount limit")),
                     (self.time_factor, lambda: tr("Longer times for every screen")),
                     (self.company_name, lambda: tr("Shop's legal name")),
                     (self.org_number, lambda: tr("Organisation number")),
                     (self.address, lambda: tr("Address on receipts")),
                     (self.printer, lambda: tr("Receipt printer")), (self.drawer, lambda: tr("Cash drawer"))]
        self.row_labels: list[QtWidgets.QLabel] = []
        for widget, _ in self.rows:
            name = QtWidgets.QLabel()
            self.row_labels.append(name)
            form.addRow(name, widget)
            name.setBuddy(widget)  # PySide6's addRow(QLabel, field) does not: the label names the field
        self.layout_.addLayout(form)
        self.meaning.setAlignment(Qt.AlignmentFlag.AlignLeft)
        self.layout_.addWidget(self.meaning)
        self.save = button("")
        self.layout_.addWidget(self.save)
        self.layout_.addStretch(1)
        self.save.clicked.connect(self._save)
        self.engine.currentTextChanged.connect(self._engine_changed)
        self.threshold.valueChanged.connect(self._explain)
        self.last: Any = None
        self.release: Any = None
        self.retranslate()

    def heading(self) -> str:
        return tr("Settings")

    def retranslate(self) -> None:
        super().retranslate()
        self.engine.setToolTip(tr("Which face engine compares faces."))
        self.threshold.setToolTip(tr("How alike two faces must be to count as the same person."))
        self.strictness.setToolTip(tr("How readily the kiosk asks for one more turn of the head when it is unsure. "
                                      "It never turns more shoppers away."))
        self.retention.setToolTip(tr("Templates not used for this long are erased."))
        self.camera.setToolTip(tr("The camera's number, or a video file or image folder for testing."))
        self.bank_url.setToolTip(tr("Where the bank's payment service answers."))
        self.terminal_id.setToolTip(tr("This terminal's id at the bank."))
        self.terminal_key.setToolTip(tr("This terminal's signing key at the bank; never shown."))
        self.language_box.setToolTip(tr("The screens' language when they start."))
        self.limit.setToolTip(tr("What a cashier may refund alone; above it a manager's PIN is needed."))
        self.discount_limit.setToolTip(tr("The largest discount a cashier gives alone; above it a manager's PIN is "
                                          "needed."))
        self.save.setToolTip(tr("Saves the settings; each change is written to the audit log."))
        self.time_factor.setToolTip(tr("Multiplies every time limit of the kiosk and these screens (1 = standard)."))
        self.company_name.setToolTip(tr("The seller's name as every receipt prints it."))
        self.org_number.setToolTip(tr("Nine digits from the Brønnøysund register; receipts add MVA."))
        self.address.setToolTip(tr("The shop's address as every receipt prints it."))
        self.printer.setToolTip(tr("tcp://HOST:PORT, usb://VID:PID or file:/dev/usb/lp0"))
        self.drawer.setToolTip(tr("A cash drawer on the receipt printer opens for cash and is journaled."))
        keep_drawer = self.drawer.currentData()
        self.drawer.clear()
        self.drawer.addItem(tr("none"), "none")
        self.drawer.addItem(tr("on the receipt printer"), "printer")
        if keep_drawer is not None:
            self.drawer.setCurrentIndex(max(0, self.drawer.findData(keep_drawer)))
        for name, (_, text) in zip(self.row_labels, self.rows):
            name.setText(text())
        keep = self.strictness.currentData()
        self.strictness.clear()
        words = {"standard": tr("standard (one more turn below 0.91)"), "strict": tr("strict (below 0.95)"),
                 "strictest": tr("strictest (below 0.98)")}
        for key, value in STRICTNESS:
            self.strictness.addItem(words[key], value)
        if keep is not None:
            self.strictness.setCurrentIndex(max(0, self.strictness.findData(keep)))
        self.terminal_key.setPlaceholderText(tr("unchanged unless typed"))
        self.save.setText(tr("Save settings"))
        self._explain()

    def refresh(self) -> None:
        s = self.services.settings
        self.engine.setCurrentText(s.engine)
        self.threshold.setValue(s.match_threshold)
        index = self.strictness.findData(s.liveness_passive_step_up)
        if index < 0:
            self.strictness.addItem(f"{s.liveness_passive_step_up:.2f}", s.liveness_passive_step_up)
            index = self.strictness.count() - 1
        self.strictness.setCurrentIndex(index)
        self.retention.setValue(s.retention_months)
        self.camera.setText(s.camera)
        self.bank_url.setText(s.bank_url)
        self.terminal_id.setText(s.bank_terminal_id)
        self.terminal_key.clear()
        self.language_box.setCurrentIndex(max(0, self.language_box.findData(s.language)))
        digits = MINOR_UNIT_DIGITS[s.currency]
        self.limit.setText(f"{Decimal(s.cashier_refund_limit_minor).scaleb(-digits):.{digits}f}")
        self.discount_limit.setValue(s.cashier_discount_limit_percent)
        self.time_factor.setValue(s.time_factor)
        self.company_name.setText(s.company_name)
        self.org_number.setText(s.company_org_number)
        self.address.setText(s.company_address)
        self.printer.setText(s.receipt_printer)
        self.drawer.setCurrentIndex(max(0, self.drawer.findData(s.cash_drawer)))
        self._engine_changed(s.engine)

    def _engine_changed(self, engine: str) -> None:
        if self.state.services is None:
            return
        settings = self.services.settings
        self.threshold.setValue(float(getattr(settings, f"match_threshold_{engine}", settings.match_threshold)))
        services = self.services
        self.run(lambda: (services.release_evaluation_of(engine), services.last_evaluation_of(engine)), self._evaluated)

    def _evaluated(self, evaluations: Any) -> None:
        self.release, self.last = evaluations
        self._explain()

    def _explain(self) -> None:
        threshold = self.threshold.value()
        lines = []
        if self.release is not None:
            fmr, fnmr = self.release.rates_at(threshold)
            lines.append(tr("On this release's evaluation (a kiosk's way: a 3-capture template against fused "
                            "frames; {genuine} genuine, {impostor} impostor tries): false matches {fmr}, false "
                            "non-matches {fnmr}. The default {default} is the lowest threshold with at most 1 false "
                            "match in 10,000.").format(
                genuine=self.release.genuine, impostor=self.release.impostor, fmr=percent(fmr),
                fnmr=percent(fnmr), default=f"{self.release.threshold:.3f}"))
        if self.last is not None:
            fmr, fnmr = self.last.rates_at(threshold)
            lines.append(tr("On the last evaluation here (one photo against one photo; {genuine} genuine, {impostor} "
                            "impostor pairs): false matches {fmr}, false non-matches {fnmr}.").format(
                genuine=self.last.genuine.size, impostor=self.last.impostor.size, fmr=percent(fmr), fnmr=percent(fnmr)))
        else:
            lines.append(tr("No evaluation of this engine here yet: run one on the Accuracy screen to see what a "
                            "threshold means on your own labelled photos."))
        lines.append(tr("Higher is safer and rejects more real shoppers."))
        self.meaning.setText("\n".join(lines))

    def changes(self) -> dict[str, Any]:
        s: Settings = self.services.settings
        engine = self.engine.currentText()
        changes: dict[str, Any] = {
            "engine": engine, f"match_threshold_{engine}": round(self.threshold.value(), 3),
            "liveness_passive_step_up": float(self.strictness.currentData()),
            "retention_months": self.retention.value(), "camera": self.camera.text().strip(),
            "bank_url": self.bank_url.text().strip(), "bank_terminal_id": self.terminal_id.text().strip(),
            "language": self.language_box.currentData(),
            "cashier_refund_limit_minor": self.services.money(self.limit.text()).minor,
            "cashier_discount_limit_percent": self.discount_limit.value(),
            "time_factor": round(self.time_factor.value(), 1),
            "company_name": self.company_name.text().strip(), "company_org_number": self.org_number.text().strip(),
            "company_address": self.address.text().strip(), "receipt_printer": self.printer.text().strip(),
            "cash_drawer": self.drawer.currentData(),
        }
        if self.terminal_key.text():
            changes["bank_terminal_key"] = self.terminal_key.text()
        current = {k: getattr(s, k) for k in changes}
        return {k: v for k, v in changes.items() if current[k] != v}

    def _save(self) -> None:
        try:
            changes = self.changes()
        except InvalidInput as exc:
            self.error(str(exc))
            return
        if not changes:
            self.notice(tr("Nothing changed."))
            return
        who = self.operator
        self.run(lambda: self.services.save(who, changes), self._saved)

    def _saved(self, settings: Settings) -> None:
        self.notice(tr("Saved. The kiosk and desk use the new settings when they next start."))
        self.refresh()
