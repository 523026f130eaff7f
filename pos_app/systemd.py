"""The two systemd notifications the kiosk service uses, without a library: READY=1 once the window
is painted, and WATCHDOG=1 from the UI thread's event loop, so a frozen screen is restarted
(the unit sets Type=notify and WatchdogSec). Outside systemd, NOTIFY_SOCKET is unset: no-ops."""

from __future__ import annotations

import os
import socket


def notify(state: str) -> bool:
    address = os.environ.get("NOTIFY_SOCKET", "")
    if not address:
        return False
    if address.startswith("@"):  # an abstract socket
        address = "\0" + address[1:]
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM | socket.SOCK_CLOEXEC | socket.SOCK_NONBLOCK) as sock:
            sock.connect(address)
            sock.send(state.encode())
        return True
    except OSError:  # no listener, or its queue is full: never block the UI thread on it
        return False


def watchdog_interval() -> float | None:
    """Seconds between pings: half of what systemd allows, or None when no watchdog is set."""
    try:
        usec = int(os.environ.get("WATCHDOG_USEC", "0"))
    except ValueError:
        return None
    pid = os.environ.get("WATCHDOG_PID")
    if usec <= 0 or (pid and pid != str(os.getpid())):
        return None
    return usec / 2_000_000
