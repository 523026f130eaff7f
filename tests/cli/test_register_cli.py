"""`facepay register` and `facepay saft` from the command line, and what the journal records of
the software itself (an update, 13007)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from pos_app.cli.main import main
from tests.register_fixture import SELLER


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("FACEPAY_DATA_DIR", str(tmp_path / "data"))
    for key, value in SELLER.items():
        monkeypatch.setenv(f"FACEPAY_{key.upper()}", value)
    return tmp_path


def test_an_upgrade_is_journaled_once_per_version(env: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["db", "upgrade"]) == 0 and main(["db", "upgrade"]) == 0
    assert main(["register", "journal", "--all", "--json"]) == 0
    events = json.loads(capsys.readouterr().out.split("\n", 2)[-1])
    assert [(e["code"], e["data"]["previous"]) for e in events if e["code"] == "13007"] == [("13007", None)]
    # The SAF-T signing key was made with the database, and its version journaled once.
    assert [e["data"]["version"] for e in events if e["code"] == "13999"] == [1]


def test_reports_and_the_export_from_the_command_line(env: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["db", "upgrade"]) == 0
    assert main(["register", "report", "x", "--json"]) == 0
    x = json.loads(capsys.readouterr().out.split("\n", 1)[1])
    assert x["kind"] == "x" and x["seller"]["vat_id"] == "Org.nr. 923 609 016 MVA"
    assert not x["printed"] and "no receipt printer" in x["printer_problem"]
    assert main(["register", "report", "z"]) == 0
    assert "Z-rapport nr. 1" in capsys.readouterr().out
    assert main(["register", "report", "z"]) == 2
    assert "one Z report per register per day" in capsys.readouterr().err
    today = date.today().isoformat()
    assert main(["saft", "export", "--from", today, "--to", today, "--out", str(env)]) == 0
    [saft] = env.glob("SAF-T Cash Register_923609016_*_1_1.xml")
    # Every sale with its cashier: private from the first byte, as are the Z report's own files.
    assert saft.stat().st_mode & 0o777 == 0o600
    assert [p.stat().st_mode & 0o777 for p in (env / "data" / "reports").iterdir()] == [0o600] * 4
    assert main(["saft", "key"]) == 0 and "BEGIN PUBLIC KEY" in capsys.readouterr().out


@pytest.mark.parametrize("argv, words", [
    (["saft", "export", "--from", "2026-11-31", "--to", "2026-12-01", "--out", "x.xml"], "is not a date"),
    (["saft", "export", "--from", "2026-11-28", "--to", "2026-11-01", "--out", "x.xml"], "is before --from"),
    (["saft", "export", "--from", "2026-11-28", "--to", "2026-11-28", "--out", "x.txt"], "must be a folder or an .xml"),
])
def test_a_bad_export_request_is_one_clear_line(env: Path, capsys, argv: list[str], words: str) -> None:  # type: ignore[no-untyped-def]
    assert main(["db", "upgrade"]) == 0
    capsys.readouterr()
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert words in err and len(err.strip().splitlines()) == 1


def test_without_the_seller_no_legal_report_is_made(tmp_path: Path, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("FACEPAY_DATA_DIR", str(tmp_path / "data"))
    assert main(["db", "upgrade"]) == 0
    assert main(["register", "report", "z"]) == 2
    assert "set company_name, company_org_number, company_address" in capsys.readouterr().err


def test_an_export_into_a_folder_not_there_yet_makes_it(env: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    """Before: `--out newdir/` was refused while `--out /missing/dir/x.xml` made both folders."""
    assert main(["db", "upgrade"]) == 0
    today = date.today().isoformat()
    assert main(["saft", "export", "--from", today, "--to", today, "--out", str(env / "new" / "dir")]) == 0
    assert list((env / "new" / "dir").glob("SAF-T Cash Register_*.xml"))
