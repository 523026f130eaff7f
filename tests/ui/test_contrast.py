"""Every text colour the style sheet sets meets WCAG 2.1 AA against the background it sits on
(1.4.3: 4.5:1, 3:1 for large text), and every border that marks a control or the keyboard focus
3:1 against the page (1.4.11), computed from the QSS itself."""

from __future__ import annotations

import re
import pytest

from pos_app.ui.themes import style_sheet

THEMES = {"standard": style_sheet(), "high contrast": style_sheet(high_contrast=True)}


def rules(sheet: str) -> list[tuple[str, dict[str, str]]]:
    text = re.sub(r"/\*.*?\*/", "", sheet, flags=re.S)
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


def resolved(sheet: str) -> dict[str, dict[str, str]]:
    """Each selector's effective declarations: a state (":pressed") or a sub-control inherits its
    widget's rule, a widget with a role its plain widget's, and everything QWidget's."""
    table: dict[str, dict[str, str]] = {}
    for selector, decls in rules(sheet):
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


STYLES = {theme: resolved(sheet) for theme, sheet in THEMES.items()}
CASES = [(theme, s) for theme, styles in STYLES.items() for s in sorted(styles)]


def page(theme: str) -> str:
    return colour(STYLES[theme]["QWidget"]["background"])  # type: ignore[return-value]


@pytest.mark.parametrize(("theme", "selector"), [c for c in CASES if not c[1].endswith(":disabled")])
def test_text_contrast_meets_wcag_aa(theme: str, selector: str) -> None:
    # Disabled controls are exempt in WCAG 1.4.3; everything else is checked.
    decls = STYLES[theme][selector]
    fg = colour(decls.get("color"))
    bg = colour(decls.get("background")) or page(theme)
    assert fg and bg
    needed = 3.0 if large(decls) else 4.5
    if theme == "high contrast" and not selector.endswith("::chunk"):  # AAA, but for a bar's text
        needed = 4.5 if large(decls) else 7.0
    assert contrast(fg, bg) >= needed, f"{selector}: {fg} on {bg} is {contrast(fg, bg):.2f}:1, needs {needed}:1"


BORDERED = [(theme, s) for theme, s in CASES if not s.endswith(":disabled")  # 1.4.11 exempts inactive controls
            and (colour(STYLES[theme][s].get("border")) or colour(STYLES[theme][s].get("border-color")))]


@pytest.mark.parametrize(("theme", "selector"), BORDERED)
def test_control_borders_and_focus_stand_out_from_the_page(theme: str, selector: str) -> None:
    decls = STYLES[theme][selector]
    border = colour(decls.get("border-color")) or colour(decls.get("border"))
    fill = colour(decls.get("background")) or page(theme)
    # A control is found by its border against the page, or by its own fill.
    assert contrast(border, page(theme)) >= 3.0 or contrast(fill, page(theme)) >= 3.0, selector  # type: ignore[arg-type]


@pytest.mark.parametrize("theme", STYLES)
def test_the_keyboard_focus_changes_a_button_at_3_to_1(theme: str) -> None:
    # WCAG 2.4.7 / 1.4.11: the focused button differs from its unfocused self by its fill, for
    # every kind of button, not only by a thin ring.
    styles = STYLES[theme]
    for role in ("", '[role="secondary"]', '[role="key"]', '[role="language"]', '[role="header"]'):
        plain = colour(styles.get(f"QPushButton{role}", styles["QPushButton"]).get("background"))
        focused = colour(styles[f"QPushButton{role}:focus"]["background"])
        assert contrast(plain, focused) >= 3.0, (theme, role, plain, focused)  # type: ignore[arg-type]


@pytest.mark.parametrize("theme", STYLES)
def test_a_progress_bar_shows_its_progress_at_3_to_1(theme: str) -> None:
    styles = STYLES[theme]
    chunk, groove = colour(styles["QProgressBar::chunk"]["background"]), colour(styles["QProgressBar"]["background"])
    assert contrast(chunk, groove) >= 3.0  # type: ignore[arg-type]


def test_large_text_doubles_every_size() -> None:
    big = style_sheet(text_scale=2.0)
    assert 'QLabel[role="amount-due"] { font-size: 128px;' in big and "min-height: 144px" in big


def test_the_checker_would_catch_a_pale_text() -> None:
    assert contrast("#999999", "#ffffff") < 4.5 <= contrast("#767676", "#ffffff")
    assert round(contrast("#111111", "#ffffff"), 1) == 18.9
