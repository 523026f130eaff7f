"""FacePay point-of-sale application: core, vision, flows, UI and CLI."""

import time as _time

__version__ = "0.1.0"
# When this process began loading FacePay: the kiosk reports its start-up time against it.
STARTED_AT = _time.monotonic()


def self_command() -> list[str]:
    """How to run `facepay` again as a child process: the bundle's own binary when frozen
    (installer/build.sh), else this Python with `-m pos_app`."""
    import sys

    return [sys.executable] if getattr(sys, "frozen", False) else [sys.executable, "-m", "pos_app"]
