"""Slow work for the admin screens (database, bank, health checks, an evaluation) off the UI thread.

`Background.run(work, on_done)` runs `work()` on a worker thread and calls `on_done(result)` back on
the UI thread; a `FacePayError` becomes its one-line message (with its hint) for `on_error`, and
anything unexpected is logged and reported in plain words. Work runs in the order it was asked for,
one job at a time, so a click never races the refresh before it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from pos_app.core.errors import FacePayError
from pos_app.ui.qt import QObject, Signal, Slot

log = logging.getLogger(__name__)


def plain_message(exc: BaseException) -> str:
    if isinstance(exc, FacePayError):
        hint = f" ({exc.hint})" if exc.hint else ""
        return f"{exc}{hint}"
    return f"Something went wrong ({type(exc).__name__}); the details are in the log."


class Background(QObject):
    # callback, result: delivered on the thread this object lives on (the UI thread)
    _finished = Signal(object, object)
    busy_changed = Signal(bool)

    def __init__(self) -> None:
        super().__init__()
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="admin-work")
        self._pending = 0
        self._closed = False
        self._finished.connect(self._deliver)

    def run(self, work: Callable[[], Any], on_done: Callable[[Any], None] | None = None,
            on_error: Callable[[str], None] | None = None) -> Future[Any]:
        if self._closed:  # a timer of a screen fired as the window closed: its work is not wanted
            log.debug("work after shut-down dropped")
            dropped: Future[Any] = Future()
            dropped.cancel()
            return dropped
        self._pending += 1
        if self._pending == 1:
            self.busy_changed.emit(True)

        def job() -> None:
            try:
                result = work()
            except Exception as exc:  # noqa: BLE001 - every failure is reported to the screen
                if not isinstance(exc, FacePayError):
                    log.exception("background work failed")
                message = plain_message(exc)
                self._finished.emit(lambda _: on_error(message) if on_error else None, None)
                return
            self._finished.emit(on_done or (lambda _: None), result)

        return self._pool.submit(job)

    @Slot(object, object)
    def _deliver(self, callback: Callable[[Any], None], result: Any) -> None:
        self._pending -= 1
        if self._pending == 0:
            self.busy_changed.emit(False)
        try:
            callback(result)
        except RuntimeError:  # the screen was closed while the work ran
            log.debug("a result arrived for a closed screen", exc_info=True)

    @property
    def idle(self) -> bool:
        return self._pending == 0

    def shutdown(self, wait: bool = True) -> None:
        """Drop queued jobs; by default let the running one finish (a refund in flight completes)."""
        self._closed = True
        self._pool.shutdown(wait=wait, cancel_futures=True)
