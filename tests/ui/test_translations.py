"""The Norwegian catalogue covers every string the screens show, and the compiled catalogue that
ships is the one built from it."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
TS = REPO / "resources" / "translations" / "facepay_nb.ts"


def ui_strings() -> set[str]:
    found = set()
    for module in (REPO / "pos_app" / "ui").glob("*.py"):
        for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "tr"
                    and node.args and isinstance(node.args[0], ast.Constant)):
                found.add(node.args[0].value)
    return found


def catalogue() -> dict[str, str]:
    out = {}
    for message in ET.parse(TS).iter("message"):
        translation = message.find("translation")
        assert translation is not None
        if translation.get("type") in (None, ""):
            out[message.findtext("source") or ""] = translation.text or ""
    return out


def test_every_string_on_screen_has_a_norwegian_translation() -> None:
    missing = ui_strings() - {k for k, v in catalogue().items() if v.strip()}
    assert not missing, f"add these to {TS.name} (pyside6-lupdate, then translate): {sorted(missing)}"


def test_translations_keep_their_placeholders() -> None:
    for source, text in catalogue().items():
        assert re.findall(r"\{\w+\}", source) == re.findall(r"\{\w+\}", text), source


def test_the_shipped_qm_is_built_from_the_catalogue(tmp_path: Path) -> None:
    lrelease = Path(sys.executable).parent / "pyside6-lrelease"
    subprocess.run([str(lrelease), str(TS), "-qm", str(tmp_path / "nb.qm")], check=True, capture_output=True)
    assert (tmp_path / "nb.qm").read_bytes() == TS.with_suffix(".qm").read_bytes(), \
        "run: pyside6-lrelease resources/translations/facepay_nb.ts -qm resources/translations/facepay_nb.qm"


def test_the_desk_shows_the_flows_sentences_in_norwegian(qapp) -> None:  # type: ignore[no-untyped-def]
    from pos_app.ui.app import application
    from pos_app.ui.desk_messages import translated
    from pos_app.ui.i18n import Language

    application()
    language = Language("nb")
    try:
        assert translated("Cancelled: nothing was stored.") == "Avbrutt: ingenting ble lagret."
        assert translated("The bank would not link that account: account 123 is blocked") == \
            "Banken ville ikke koble til den kontoen: account 123 is blocked"
        assert translated("kari (cashier) may not enroll customer") == "kari (cashier) may not enroll customer"
    finally:
        language.set("en")
