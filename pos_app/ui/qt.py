"""The one place PySide6 is imported. Screens import Qt names from here.

OpenCV's GUI build (opencv-python, which insightface asks for) points QT_QPA_PLATFORM_PLUGIN_PATH
at its own Qt 5 plugins when cv2 is imported; Qt 6 would then look there first. We install the
headless build, and clear that variable here in case a GUI build slipped in anyway.
"""

from __future__ import annotations

import os
from pathlib import Path


def _drop_opencv_plugin_path() -> None:
    value = os.environ.get("QT_QPA_PLATFORM_PLUGIN_PATH", "")
    if value and "cv2" in Path(value).parts:
        del os.environ["QT_QPA_PLATFORM_PLUGIN_PATH"]


_drop_opencv_plugin_path()

from PySide6 import QtCore, QtGui, QtWidgets  # noqa: E402
from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QThread, QTimer, QTranslator, Signal, SignalInstance, Slot  # noqa: E402
from PySide6.QtGui import QImage, QPixmap  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

__all__ = [
    "QApplication",
    "QCoreApplication",
    "QEvent",
    "QImage",
    "QObject",
    "QTranslator",
    "QPixmap",
    "QThread",
    "SignalInstance",
    "QTimer",
    "Qt",
    "QtCore",
    "QtGui",
    "QtWidgets",
    "Signal",
    "Slot",
]
