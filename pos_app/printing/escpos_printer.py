"""The register's ESC/POS receipt printer, through python-escpos (maintained, MIT; it knows the
printers' code pages, which is what makes æ, ø and å print right).

Each job is composed in escpos's Dummy printer first and sent to the device in one write, so the
bytes a test decodes are the bytes a printer gets. Before a job, a network printer is asked for
its state (DLE EOT): offline or out of paper is said in plain words, and nothing half-prints.
"""

from __future__ import annotations

from contextlib import contextmanager

from dataclasses import dataclass
from typing import Any, Iterator

from pos_app.core.errors import FacePayError

Line = tuple[str, str]
PROFILE = "TM-T88V"  # Epson's 80 mm workhorse; most ESC/POS printers accept its command set


class PrinterUnavailable(FacePayError):
    """The printer is offline, out of paper or not there; the sale itself is saved."""


@dataclass(frozen=True)
class Job:
    lines: list[Line]
    qr: str = ""
    open_drawer: bool = False


# No text line may carry a printer command (ESC p opens the drawer): C0 controls are dropped
# where the bytes are made, behind clean_text where text enters.
_NO_C0 = {c: None for c in range(32)} | {0x7F: None}


def compose(job: Job) -> bytes:
    from escpos.printer import Dummy

    p = Dummy(profile=PROFILE)
    p.hw("INIT")
    for style, raw in job.lines:
        text = raw.translate(_NO_C0)
        if style == "rule":
            p.set(align="left", bold=False, normal_textsize=True)
            p.textln("-" * 42)
        elif style == "title":
            p.set(align="center", bold=True, double_height=True, double_width=False)
            p.textln(text)
        else:
            p.set(align="center" if style == "center" else "left", bold=style == "bold", normal_textsize=True)
            p.textln(text)
    if job.qr:
        p.set(align="center", normal_textsize=True)
        p.qr(job.qr, size=4, native=True)
    p.ln(2)
    p.cut()
    if job.open_drawer:
        p.cashdraw(2)
    return bytes(p.output)


def open_device(spec: str) -> Any:
    """The printer a receipt_printer setting names (config validates the form)."""
    from escpos import printer

    if spec.startswith("tcp://"):
        host, _, port = spec[len("tcp://"):].partition(":")
        return printer.Network(host, int(port or 9100), timeout=3, profile=PROFILE)
    if spec.startswith("usb://"):
        vid, _, pid = spec[len("usb://"):].partition(":")
        return printer.Usb(int(vid, 16), int(pid, 16), profile=PROFILE)
    return printer.File(spec[len("file:"):], profile=PROFILE)


def _state_problem(device: Any) -> str | None:
    """Offline or out of paper, as the printer itself reports it (network printers; a file or
    USB device that cannot answer is taken as ready)."""
    from escpos.printer import Network

    if not isinstance(device, Network):
        return None
    try:
        if device.is_online() is False:
            return "is offline (cover open or an error)"
        if device.paper_status() == 0:
            return "is out of paper"
    except Exception:  # noqa: BLE001 - an unanswered status query: the printer is not there
        return "does not answer"
    return None


@contextmanager
def _ready(spec: str, later: str) -> Iterator[Any]:
    """The printer opened and asking no attention, closed afterwards; or PrinterUnavailable
    saying why, with ``later`` (what happens to the sale) in its hint."""
    try:
        device = open_device(spec)
        device.open()
    except Exception as exc:  # noqa: BLE001 - escpos raises its own errors and OSError alike
        raise PrinterUnavailable(f"the receipt printer {spec} cannot be reached ({type(exc).__name__})",
                                 hint=f"check that it is on and connected{later}") from None
    try:
        problem = _state_problem(device)
        if problem:
            raise PrinterUnavailable(f"the receipt printer {spec} {problem}", hint=f"fix the printer{later}")
        yield device
    finally:
        try:
            device.close()
        except Exception:  # noqa: BLE001 - closing a dead socket must not hide the real outcome
            pass


def reach(spec: str) -> str:
    """Open the printer and ask its state, printing nothing (doctor); raise PrinterUnavailable."""
    with _ready(spec, ""):
        return f"{spec} answers"


def send(spec: str, data: bytes) -> None:
    """Send one composed job, or raise PrinterUnavailable saying why in plain words."""
    if not spec:
        raise PrinterUnavailable("no receipt printer is set up (receipt_printer)",
                                 hint="the sale is saved; print the receipt when a printer is set up")
    with _ready(spec, "; the sale is saved, print again later") as device:
        try:
            device._raw(data)  # one write: the whole job or nothing
        except Exception as exc:  # noqa: BLE001
            raise PrinterUnavailable(f"the receipt printer {spec} stopped while printing ({type(exc).__name__})",
                                     hint="the sale is saved; print the receipt again") from None
