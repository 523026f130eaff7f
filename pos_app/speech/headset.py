"""Is a headset plugged into the kiosk's jack? Linux reports it as a switch on an input device
(SW_HEADPHONE_INSERT), where the sound card's driver supports jack sensing; the kiosk turns speech
on when it sees one go in. Reading needs the kiosk's user in the `input` group; without that, or
on a machine that does not report jacks, `headset_plugged()` answers None and only the button and
the key turn speech on."""

from __future__ import annotations

import fcntl
import os
import re
from pathlib import Path

SW_HEADPHONE_INSERT = 0x02
SW_MAX = 0x10
_IOC_READ = 2


def _eviocgsw(length: int) -> int:
    return (_IOC_READ << 30) | (length << 16) | (ord("E") << 8) | 0x1B


def jack_devices(devices_text: str) -> list[str]:
    """Event devices (e.g. 'event7') that can report a headphone jack, from /proc/bus/input/devices."""
    found = []
    for block in devices_text.split("\n\n"):
        handler = re.search(r"^H: Handlers=.*?\b(event\d+)\b", block, re.M)
        switches = re.search(r"^B: SW=([0-9a-f ]+)$", block, re.M)
        if handler and switches:
            bits = int(switches.group(1).split()[-1], 16)  # the lowest word holds switches 0..63
            if bits & (1 << SW_HEADPHONE_INSERT):
                found.append(handler.group(1))
    return found


def headset_plugged(proc: Path = Path("/proc/bus/input/devices"), dev: Path = Path("/dev/input")) -> bool | None:
    try:
        devices = jack_devices(proc.read_text(encoding="utf-8", errors="replace"))
    except OSError:
        return None
    answers = []
    for name in devices:
        try:
            fd = os.open(dev / name, os.O_RDONLY | os.O_NONBLOCK)
        except OSError:
            continue
        try:
            state = bytearray(SW_MAX // 8 + 1)
            fcntl.ioctl(fd, _eviocgsw(len(state)), state, True)
            answers.append(bool(state[SW_HEADPHONE_INSERT // 8] & (1 << (SW_HEADPHONE_INSERT % 8))))
        except OSError:
            continue
        finally:
            os.close(fd)
    return any(answers) if answers else None
