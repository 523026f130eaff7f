"""Every text colour the style sheet sets meets WCAG 2.1 AA against the background it sits on
(1.4.3: 4.5:1, 3:1 for large text), and every border that marks a control or the keyboard focus
3:1 against the page (1.4.11), computed from the QSS itself."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

QSS = Path(__file__).resolve().parents[2] / "resources" / "styles" / "facepay.qss"


def rules() -> list[tuple[str, dict[str, str]]]:
    text = re.sub(r"/\*.*?\*/", "", QSS.read_text(encoding="utf-8"), flags=re.S)
    out = []
    for selectors, body in re.findall(r"([^{}]+)\{([^}]*)\}", text):
        decls = dict((k.strip(), v.strip()) for k, v in (d.split(":", 1) for d in body.split(";") if ":" in d))
        for selector in selectors.split(","):
            out.append((" ".join(selector.split()), decls))
    return out


def luminance(hex_colour: str) -> float:
    """WCAG 2.1 relative luminance of an sRGB colour."""
    channels = [int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def colour(value: str | None) -> str | None:
    found = re.search(r"#[0-9a-fA-F]{6}\b", value or "")
    return found.group(0).lower() if found else None


def resolved() -> dict[str, dict[str, str]]:
    """Each selector's effective declarations: a state (":pressed") or a sub-control inherits its
    widget's rule, a widget with a role its plain widget's, and everything QWidget's."""
    table: dict[str, dict[str, str]] = {}
    for selector, decls in rules():
        table.setdefault(selector, {}).update(decls)

    def chain(selector: str) -> list[str]:
        parts = [selector]
        bare = re.split(r"::?[a-z-]+$", selector)[0]
        if bare != selector:
            parts += chain(bare)
        widget = re.sub(r"\[[^\]]*\]", "", bare.split()[-1])
        if widget != bare:
            parts += chain(widget)
        return parts + ["QWidget"]

    out = {}
    for selector in table:
        merged: dict[str, str] = {}
        for ancestor in reversed(chain(selector)):
            merged.update(table.get(ancestor, {}))
        out[selector] = merged
    return out


def large(decls: dict[str, str]) -> bool:
    """WCAG's large text: 18 pt (24 px), or 14 pt (18.67 px) bold."""
    size = float(re.match(r"(\d+)", decls.get("font-size", "16px")).group(1))  # type: ignore[union-attr]
    return size >= 24 or (size >= 18.67 and decls.get("font-weight") == "bold")


STYLES = resolved()
PAGE = colour(STYLES["QWidget"]["background"])


@pytest.mark.parametrize("selector", sorted(s for s in STYLES if not s.endswith(":disabled")))
def test_text_contrast_meets_wcag_aa(selector: str) -> None:
    # Disabled controls are exempt in WCAG 1.4.3; everything else is checked.
    decls = STYLES[selector]
    fg = colour(decls.get("color"))
    bg = colour(decls.get("background")) or PAGE
    assert fg and bg
    needed = 3.0 if large(decls) else 4.5
    assert contrast(fg, bg) >= needed, f"{selector}: {fg} on {bg} is {contrast(fg, bg):.2f}:1, needs {needed}:1"


BORDERED = sorted(s for s in STYLES if not s.endswith(":disabled")  # 1.4.11 exempts inactive controls
                  and (colour(STYLES[s].get("border")) or colour(STYLES[s].get("border-color"))))


@pytest.mark.parametrize("selector", BORDERED)
def test_control_borders_and_focus_stand_out_from_the_page(selector: str) -> None:
    decls = STYLES[selector]
    border = colour(decls.get("border-color")) or colour(decls.get("border"))
    fill = colour(decls.get("background")) or PAGE
    # A control is found by its border against the page, or by its own fill.
    assert contrast(border, PAGE) >= 3.0 or contrast(fill, PAGE) >= 3.0, selector  # type: ignore[arg-type]


def test_a_progress_bar_shows_its_progress_at_3_to_1() -> None:
    chunk, groove = colour(STYLES["QProgressBar::chunk"]["background"]), colour(STYLES["QProgressBar"]["background"])
    assert contrast(chunk, groove) >= 3.0  # type: ignore[arg-type]


def test_the_checker_would_catch_a_pale_text() -> None:
    assert contrast("#999999", "#ffffff") < 4.5 <= contrast("#767676", "#ffffff")
    assert round(contrast("#111111", "#ffffff"), 1) == 18.9
