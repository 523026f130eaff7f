"""The style sheet the screens wear: the standard theme, or high contrast laid over it, at normal
or large text. Large text scales every size in the sheet (fonts, control heights, padding) rather
than only the font, so a control still fits its words at 200 %."""

from __future__ import annotations

import re

from facepay_resources import resource

LARGE_TEXT = 2.0  # WCAG 1.4.4: text resizable to 200 %
_PX = re.compile(r"(\d+(?:\.\d+)?)px")


def style_sheet(high_contrast: bool = False, text_scale: float = 1.0) -> str:
    sheet = resource("styles", "facepay.qss").read_text(encoding="utf-8")
    if high_contrast:
        sheet += "\n" + resource("styles", "high-contrast.qss").read_text(encoding="utf-8")
    if text_scale != 1.0:
        sheet = _PX.sub(lambda m: f"{round(float(m.group(1)) * text_scale)}px", sheet)
    return sheet
