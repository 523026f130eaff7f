"""Health: the same checks as `facepay doctor` (camera, model checksums, bank, database, key, disk),
one line each, run in the background so a slow bank never freezes the screen."""

from __future__ import annotations

from typing import Any

from pos_app.core.permissions import Permission
from pos_app.ui.admin_page import AdminPage, AdminState, fill_table, make_table, set_headers
from pos_app.ui.i18n import tr
from pos_app.ui.widgets import button


class HealthPage(AdminPage):
    needs = Permission.VIEW_AUDIT

    def __init__(self, state: AdminState) -> None:
        super().__init__(state)
        self.table = make_table(3)
        self.layout_.addWidget(self.table, 1)
        self.again = button("", "secondary")
        self.layout_.addWidget(self.again)
        self.again.clicked.connect(self.refresh)
        self.checks: list[Any] = []
        self.retranslate()

    def heading(self) -> str:
        return tr("Health")

    def retranslate(self) -> None:
        super().retranslate()
        self.table.setToolTip(tr("Each part of the system and whether it works."))
        self.again.setToolTip(tr("Checks every part again now."))
        set_headers(self.table, [tr("Check"), tr("Result"), tr("Detail")])
        self.again.setText(tr("Check again"))

    def refresh(self) -> None:
        self.notice(tr("Checking…"))
        self.again.setEnabled(False)
        self.run(self.services.health, self._checked)

    def _checked(self, checks: list[Any]) -> None:
        self.checks = checks
        self.again.setEnabled(True)
        fill_table(self.table, [[c.name, "OK" if c.ok else tr("FAIL"),
                                 c.detail + (f" — {c.hint}" if c.hint and not c.ok else "")] for c in checks])
        failed = [c.name for c in checks if not c.ok]
        if failed:
            self.error(tr("Needs attention: {names}").format(names=", ".join(failed)))
        else:
            self.notice(tr("Everything is working."))
