"""The part of a face session the kiosk and the desk share: a QObject that lives on a worker
thread, opens the camera only on request, reads it on a zero-interval timer (so requests from the
UI, such as cancel, are handled between frames), and sends previews to the UI thread."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from pos_app.ui.qt import QCoreApplication, QImage, QObject, QThread, QTimer, Signal, Slot
from pos_app.ui.widgets import frame_to_image

if TYPE_CHECKING:  # the camera (numpy, OpenCV) loads on the worker thread when first opened
    import numpy as np

    from pos_app.vision.camera import FrameSource

log = logging.getLogger(__name__)


class CameraSession(QObject):
    preview = Signal(QImage)
    camera_changed = Signal(bool)
    ready = Signal(str)  # "" once the session's services are loaded, else plain words on why not

    def __init__(self, open_camera: Callable[[], FrameSource]) -> None:
        super().__init__()
        self._open_camera = open_camera
        self.source: FrameSource | None = None
        self._timer: QTimer | None = None
        self._frames = 0
        self._started = 0.0

    # --- for subclasses ----------------------------------------------------------------------------
    def on_frame(self, frame: np.ndarray, t: float, n: int) -> None:
        raise NotImplementedError

    def on_frames_ended(self) -> None:
        raise NotImplementedError

    def before_shutdown(self) -> None:
        """Stop a subclass's own timers. (Not a slot override: PySide runs an overridden slot
        on the caller's thread.)"""

    def start_timers(self) -> None:
        """Called on the worker thread once loaded: timers belong to the thread that makes them."""
        self._timer = QTimer(self)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._tick)

    def open_camera(self) -> None:
        if self.source is None:
            self.source = self._open_camera()
            self._frames, self._started = 0, time.monotonic()
            self.camera_changed.emit(True)
            assert self._timer is not None
            self._timer.start()

    def close_camera(self) -> None:
        if self._timer is not None:
            self._timer.stop()
        if self.source is not None:
            source, self.source = self.source, None
            try:
                source.close()
            finally:
                self.camera_changed.emit(False)

    def stop_timers(self) -> None:
        self.close_camera()
        if self._timer is not None:
            self._timer.setParent(None)  # dropped here, on its own thread
            self._timer = None

    @Slot()
    def shutdown(self) -> None:
        """Closing: release the camera, drop timers on their own thread, hand this object back to
        the main thread so it is destroyed there, and end the worker thread."""
        self.before_shutdown()
        self.stop_timers()
        worker = QThread.currentThread()
        app = QCoreApplication.instance()
        if app is not None:
            self.moveToThread(app.thread())
        worker.quit()  # only now, so nothing queued before the shutdown is lost

    # --- inside ----------------------------------------------------------------------------------
    def _clock(self) -> float:
        # A live camera runs in real time; a recording or image folder at its nominal 30 fps,
        # so liveness timing does not depend on how fast this machine is.
        assert self.source is not None
        return time.monotonic() - self._started if getattr(self.source, "live", False) else self._frames / 30.0

    @Slot()
    def _tick(self) -> None:
        if self.source is None:
            return
        frame = self.source.read()
        if frame is None:
            self.on_frames_ended()
            return
        t, n = self._clock(), self._frames
        self._frames += 1
        self.preview.emit(frame_to_image(frame))
        self.on_frame(frame, t, n)
