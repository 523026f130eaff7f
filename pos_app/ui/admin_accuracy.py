"""Accuracy and fairness: run the engine over a labelled set (image pairs marked same or different,
optionally with a group column) with a progress bar; show the DET curve, FMR and FNMR at the
threshold, and per group with the largest ratio between groups."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pos_app.core.permissions import Permission
from pos_app.ui.admin_page import AdminPage, AdminState, fill_table, make_table, set_headers
from pos_app.ui.admin_settings import percent
from pos_app.ui.background import Background
from pos_app.ui.i18n import tr
from pos_app.ui.qt import QPixmap, QtWidgets, Signal
from pos_app.ui.widgets import button, label, prompt_field


class AccuracyPage(AdminPage):
    needs = Permission.RUN_EVALUATION
    progressed = Signal(int, int)  # emitted from the worker thread; Qt delivers it on the UI thread

    def __init__(self, state: AdminState) -> None:
        super().__init__(state)
        row = QtWidgets.QHBoxLayout()
        self.pairs, self.images = QtWidgets.QLineEdit(), QtWidgets.QLineEdit()
        self.browse_pairs, self.browse_images = button("…", "secondary"), button("…", "secondary")
        self.start = button("")
        for w in (self.pairs, self.browse_pairs, self.images, self.browse_images, self.start):
            row.addWidget(w)
        self.layout_.addLayout(row)
        self.progress = QtWidgets.QProgressBar()
        self.layout_.addWidget(self.progress)
        split = QtWidgets.QHBoxLayout()
        left = QtWidgets.QVBoxLayout()
        self.summary = make_table(2)
        self.groups = make_table(4)
        self.ratio = label(role="note")
        left.addWidget(self.summary, 1)
        left.addWidget(self.groups, 1)
        left.addWidget(self.ratio)
        split.addLayout(left, 1)
        self.det = QtWidgets.QLabel()
        self.det.setMinimumSize(420, 340)
        split.addWidget(self.det, 1)
        self.layout_.addLayout(split, 1)
        self.browse_pairs.clicked.connect(self._pick_pairs)
        self.browse_images.clicked.connect(self._pick_images)
        self.start.clicked.connect(self._run)
        self.progressed.connect(self._progress)
        # An evaluation takes minutes: on a worker of its own, so the register keeps following its sales.
        self.long_work = Background()
        self.retranslate()

    def heading(self) -> str:
        return tr("Accuracy and fairness")

    def retranslate(self) -> None:
        super().retranslate()
        self.browse_pairs.setToolTip(tr("Choose the pairs file (CSV) to evaluate."))
        self.browse_images.setToolTip(tr("Choose the folder of face images the pairs name."))
        self.start.setToolTip(tr("Runs the evaluation in the background; the screens stay usable."))
        self.summary.setToolTip(tr("Error rates of the whole evaluation."))
        self.groups.setToolTip(tr("Error rates per group, where the pairs are labelled."))
        prompt_field(self.pairs, tr("Labelled pairs (CSV: image_a, image_b, label[, group])"))
        prompt_field(self.images, tr("Folder of the images"))
        self.groups.setAccessibleName(tr("Per group"))
        self.start.setText(tr("Run the evaluation"))
        set_headers(self.summary, [tr("Figure"), tr("Value")])
        set_headers(self.groups, [tr("Group"), tr("Pairs"), "FMR", "FNMR"])

    def refresh(self) -> None:
        self.notice(tr("Engine {engine}, threshold {threshold:.3f}.").format(
            engine=self.services.settings.engine, threshold=self.services.settings.match_threshold))

    def _pick_pairs(self) -> None:
        path, _ = QtWidgets.QFileDialog.getOpenFileName(self, tr("Labelled pairs"), "", "CSV (*.csv)")
        if path:
            self.pairs.setText(path)
            if not self.images.text():
                self.images.setText(str(Path(path).parent))

    def _pick_images(self) -> None:
        path = QtWidgets.QFileDialog.getExistingDirectory(self, tr("Folder of the images"))
        if path:
            self.images.setText(path)

    def _run(self) -> None:
        if not self.pairs.text().strip() or not self.images.text().strip():
            self.error(tr("Choose the pairs file and the image folder."))
            return
        who, pairs, images = self.operator, Path(self.pairs.text().strip()), Path(self.images.text().strip())
        self.start.setEnabled(False)
        self.progress.setValue(0)
        self.notice(tr("Running… the kiosk keeps working meanwhile."))
        report = self.progressed.emit
        self.long_work.run(lambda: self.services.evaluate(who, pairs, images, report), self._shown, self._failed)

    def _progress(self, done: int, total: int) -> None:
        self.progress.setMaximum(max(1, total))
        self.progress.setValue(done)

    def _failed(self, text: str) -> None:
        self.start.setEnabled(True)
        self.error(text)

    def _shown(self, result: tuple[Any, Path]) -> None:
        report, det = result
        self.start.setEnabled(True)
        r = report.overall
        rows = [[tr("Pairs scored"), f"{r.pairs} ({r.genuine} / {r.impostor})"],
                [tr("Could not be read"), str(len(report.failures))],
                [tr("False match rate (FMR)"), percent(r.fmr)], [tr("False non-match rate (FNMR)"), percent(r.fnmr)],
                [tr("Equal error rate"), percent(r.eer)]]
        fill_table(self.summary, rows)
        fill_table(self.groups, [[name, str(g.pairs), percent(g.fmr), percent(g.fnmr)] for name, g in report.groups.items()])
        self.groups.setVisible(bool(report.groups))
        if report.groups:
            ratio = lambda v: tr("n/a (a group has rate 0)") if v is None else f"{v:.2f}"  # noqa: E731
            self.ratio.setText(tr("Largest ratio between groups: FMR {fmr}, FNMR {fnmr}").format(
                fmr=ratio(report.fmr_ratio), fnmr=ratio(report.fnmr_ratio)))
        else:
            self.ratio.setText(tr("The set has no group column, so no per-group figures."))
        self.det.setPixmap(QPixmap(str(det)).scaledToWidth(max(420, self.det.width())))
        self.notice(tr("Done. The settings screen now shows thresholds against this run."))
