"""`facepay articles`: a manager imports, lists and reprices; a bad file is refused whole."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest

from pos_app.cli.main import main


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("FACEPAY_DATA_DIR", str(tmp_path / "data"))
    assert main(["db", "upgrade"]) == 0
    for name, role in (("mona", "manager"), ("kari", "cashier")):
        monkeypatch.setattr(sys, "stdin", io.StringIO("2468\n"))
        assert main(["operator", "add", name, "--role", role, "--pin-stdin"]) == 0
    return tmp_path


def as_user(monkeypatch: pytest.MonkeyPatch, *args: str, user: str = "mona") -> int:
    monkeypatch.setattr(sys, "stdin", io.StringIO("2468\n"))
    return main(["articles", *args, "--by", user, "--pin-stdin"])


def listed(capsys) -> list[dict[str, object]]:  # type: ignore[no-untyped-def]
    capsys.readouterr()
    assert main(["articles", "list", "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_import_list_and_reprice(env: Path, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    good = env / "prices.csv"
    good.write_text('name,plu,ean,price,vat,group\nMelk 1 l,,7038010000737,"21,90",15,food\nEpler,4001,,39.90,15,food\n')
    assert as_user(monkeypatch, "import", str(good)) == 0
    assert "imported 2 articles" in capsys.readouterr().out
    assert listed(capsys) == [
        {"plu": "4001", "ean": "", "name": "Epler", "price_minor": 3990, "vat": 15, "group": "food"},
        {"plu": "", "ean": "7038010000737", "name": "Melk 1 l", "price_minor": 2190, "vat": 15, "group": "food"}]
    assert as_user(monkeypatch, "price", "7038010000737", "22,50") == 0
    assert as_user(monkeypatch, "add", "--name", "Avis", "--plu", "99", "--price", "45", "--vat", "0") == 0
    assert [(a["name"], a["price_minor"]) for a in listed(capsys)] == [("Avis", 4500), ("Epler", 3990),
                                                                       ("Melk 1 l", 2250)]


def test_a_bad_file_or_a_cashier_changes_nothing(env: Path, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    bad = env / "bad.csv"
    bad.write_text("name,plu,ean,price,vat,group\nMelk,,7038010000737,21.90,15,food\nBrød,101,,39.90,14,food\n")
    assert as_user(monkeypatch, "import", str(bad)) == 2
    assert capsys.readouterr().err.strip() == "facepay: line 3: VAT 14 % is not a Norwegian rate; use 0, 12, 15 or 25"
    good = env / "good.csv"
    good.write_text("name,plu,ean,price,vat,group\nMelk,,7038010000737,21.90,15,food\n")
    assert as_user(monkeypatch, "import", str(good), user="kari") == 1
    assert "may not change prices" in capsys.readouterr().err
    assert as_user(monkeypatch, "import", str(env / "missing.csv")) == 2
    assert "cannot read" in capsys.readouterr().err
    assert listed(capsys) == []
