"""The audit log: the hash chain's status first (intact, or the first event that was altered), then
the events, newest first, filtered by action, person or subject."""

from __future__ import annotations

from pos_app.core.audit import ChainReport, EventRow
from pos_app.core.permissions import Permission
from pos_app.ui.admin_page import AdminPage, AdminState, fill_table, make_table, selected_key, set_headers
from pos_app.ui.i18n import tr
from pos_app.ui.qt import QtWidgets
from pos_app.ui.widgets import button, label, prompt_field


class AuditPage(AdminPage):
    needs = Permission.VIEW_AUDIT

    def __init__(self, state: AdminState) -> None:
        super().__init__(state)
        self.chain = label(role="body")
        self.layout_.addWidget(self.chain)
        row = QtWidgets.QHBoxLayout()
        self.action, self.actor, self.subject = QtWidgets.QLineEdit(), QtWidgets.QLineEdit(), QtWidgets.QLineEdit()
        self.apply = button("", "secondary")
        for w in (self.action, self.actor, self.subject, self.apply):
            row.addWidget(w)
        self.layout_.addLayout(row)
        self.table = make_table(6)
        self.layout_.addWidget(self.table, 1)
        self.change = label(role="note")
        self.layout_.addWidget(self.change)
        self.apply.clicked.connect(self.refresh)
        for field in (self.action, self.actor, self.subject):
            field.returnPressed.connect(self.refresh)
        self.table.itemSelectionChanged.connect(self._selected)
        self.events: dict[str, EventRow] = {}
        self.retranslate()

    def heading(self) -> str:
        return tr("Audit log")

    def retranslate(self) -> None:
        super().retranslate()
        self.apply.setToolTip(tr("Shows the events that match the filter."))
        self.table.setToolTip(tr("Events, newest first; each is chained to the one before it."))
        set_headers(self.table, ["#", tr("Time"), tr("Who"), tr("Action"), tr("Terminal"), tr("Subject")])
        prompt_field(self.action, tr("Action, e.g. transaction."))
        prompt_field(self.actor, tr("Who"))
        prompt_field(self.subject, tr("Subject id"))
        self.apply.setText(tr("Filter"))

    def refresh(self) -> None:
        who = self.operator
        action, actor, subject = self.action.text(), self.actor.text(), self.subject.text()
        self.run(lambda: self.services.audit_log(who, action=action, actor=actor, subject_id=subject), self._listed)

    def _listed(self, result: tuple[ChainReport, list[EventRow]]) -> None:
        report, events = result
        if report.ok:
            self.chain.setProperty("outcome", "approved")
            self.chain.setText(tr("Chain intact: {count} events, none altered, removed or reordered.").format(
                count=report.events))
        else:
            self.chain.setProperty("outcome", "error")
            self.chain.setText(tr("Chain BROKEN at event #{seq}: {problem}").format(seq=report.first_bad_seq,
                                                                                    problem=report.problem))
        self.chain.style().unpolish(self.chain)
        self.chain.style().polish(self.chain)
        self.events = {str(e.seq): e for e in events}
        fill_table(self.table, [[str(e.seq), e.at[:19].replace("T", " "), e.actor, e.action, e.terminal,
                                 f"{e.subject_type} {e.subject_id[:8]}".strip()] for e in events],
                   [str(e.seq) for e in events])

    def _selected(self) -> None:
        e = self.events.get(selected_key(self.table) or "")
        if e is not None:
            self.change.setText(tr("Before") + f": {e.before}\n" + tr("After") + f": {e.after}")
