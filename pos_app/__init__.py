"""FacePay point-of-sale application: core, vision, flows, UI and CLI."""

import time as _time

__version__ = "0.1.0"
# When this process began loading FacePay: the kiosk reports its start-up time against it.
STARTED_AT = _time.monotonic()
