"""ESC/POS bytes back to text: what a receipt printer would put on paper, for tests and for the
`--show` of a printed job. It follows the commands compose() and python-escpos emit (code page
switches included, so æ, ø and å come back as sent) and marks cuts, drawer kicks and QR codes."""

from __future__ import annotations

ESC, GS, DLE = 0x1B, 0x1D, 0x10
# ESC commands and how many parameter bytes follow them.
_ESC_ARGS = {ord("!"): 1, ord("E"): 1, ord("a"): 1, ord("t"): 1, ord("d"): 1, ord("-"): 1, ord("G"): 1,
             ord("M"): 1, ord("2"): 0, ord("3"): 1, ord("@"): 0, ord("p"): 3, ord("J"): 1, ord("{"): 1,
             ord("V"): 1, ord("c"): 2}
_GS_ARGS = {ord("!"): 1, ord("B"): 1, ord("L"): 2, ord("W"): 2, ord("h"): 1, ord("w"): 1, ord("H"): 1,
            ord("f"): 1, ord("b"): 1}


def _codec(number: int) -> str:
    from escpos.capabilities import get_profile

    from pos_app.printing.escpos_printer import PROFILE

    name = get_profile(PROFILE).profile_data["codePages"].get(str(number), "CP437")
    return name.lower().replace("_", "-")


def decode(data: bytes) -> list[str]:
    lines: list[str] = []
    current = bytearray()
    codec = "cp437"
    text = ""

    def flush_text() -> None:
        nonlocal text
        text += current.decode(codec, errors="replace")
        current.clear()

    i = 0
    while i < len(data):
        b = data[i]
        if b == ESC and i + 1 < len(data):
            flush_text()
            cmd = data[i + 1]
            if cmd == ord("t"):
                codec = _codec(data[i + 2])
            elif cmd == ord("p"):
                lines.append("[drawer kick]")
            i += 2 + _ESC_ARGS.get(cmd, 0)
        elif b == GS and i + 1 < len(data):
            flush_text()
            cmd = data[i + 1]
            if cmd == ord("V"):
                if text:
                    lines.append(text)
                    text = ""
                lines.append("[cut]")
                mode = data[i + 2]
                i += 3 + (1 if mode in (65, 66) else 0)
            elif cmd == ord("(") and data[i + 2] == ord("k"):
                size = data[i + 3] | (data[i + 4] << 8)
                fn, payload = data[i + 6], data[i + 8:i + 5 + size]
                if data[i + 5] == 49 and fn == 80:  # store the QR data
                    lines.append("[qr] " + bytes(payload).decode("utf-8", errors="replace"))
                i += 5 + size
            else:
                i += 2 + _GS_ARGS.get(cmd, 0)
        elif b == DLE and i + 2 < len(data):
            flush_text()
            i += 3
        elif b == 0x0A:
            flush_text()
            lines.append(text)
            text = ""
            i += 1
        else:
            current.append(b)
            i += 1
    flush_text()
    if text:
        lines.append(text)
    return lines
