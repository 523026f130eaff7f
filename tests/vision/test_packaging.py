"""OpenCV and PySide6 live in one process; the GUI OpenCV build, which clashes with Qt, stays out."""

from __future__ import annotations

import importlib.metadata
import os
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = """
import sys
if sys.argv[1] == "cv2-first":
    import cv2
    from pos_app.ui.qt import QApplication, QImage, QPixmap
else:
    from pos_app.ui.qt import QApplication, QImage, QPixmap
    import cv2
import numpy as np
from pos_app.vision.images import load_image
app = QApplication([])
img = load_image(sys.argv[2])
small = cv2.resize(img, (320, 240))
rgb = cv2.cvtColor(small, cv2.COLOR_BGR2RGB)
qimg = QImage(rgb.data, 320, 240, 3 * 320, QImage.Format.Format_RGB888)
pix = QPixmap.fromImage(qimg)
assert not pix.isNull() and pix.width() == 320
assert QImage(pix.toImage()).pixelColor(160, 120).isValid()
print("ok", app.platformName())
"""


@pytest.mark.parametrize("order", ["cv2-first", "qt-first"])
def test_cv2_frames_become_qt_pixmaps_in_either_import_order(order: str, faces: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    proc = subprocess.run([sys.executable, "-c", SCRIPT, order, str(faces / "identities" / "obama" / "obama.jpg")],
                          capture_output=True, text=True, env=env, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "ok offscreen"


def test_opencv_plugin_path_is_dropped_before_qt_starts() -> None:
    code = ("import os; os.environ['QT_QPA_PLATFORM_PLUGIN_PATH'] = '/x/site-packages/cv2/qt/plugins'; "
            "import pos_app.ui.qt; print(os.environ.get('QT_QPA_PLATFORM_PLUGIN_PATH'))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "None"


def test_only_the_headless_opencv_build_is_installed() -> None:
    importlib.metadata.distribution("opencv-python-headless")
    with pytest.raises(importlib.metadata.PackageNotFoundError):
        importlib.metadata.distribution("opencv-python")
