"""Promises the repository makes about itself: CI runs what the README says, the layers stay apart."""

from __future__ import annotations

import ast
import os
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def test_ci_runs_the_readme_test_command_word_for_word() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    commands = re.findall(r"```sh\n(.+?)\n```", readme)
    test_command = next(c for c in commands if "pytest" in c)
    assert test_command in (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()


def _imports(package: Path) -> set[tuple[str, str]]:
    found = set()
    for path in package.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found |= {(str(path.relative_to(ROOT)), a.name) for a in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module:
                found.add((str(path.relative_to(ROOT)), node.module))
    return found


def test_core_imports_no_qt_and_no_outer_layer() -> None:
    bad = {(f, m) for f, m in _imports(ROOT / "pos_app" / "core")
           if m.split(".")[0] in ("PySide6", "shiboken6")
           or m.startswith(("pos_app.ui", "pos_app.flows", "pos_app.cli", "pos_app.vision"))}
    assert not bad


def test_only_the_ui_package_imports_qt() -> None:
    outside = {(f, m) for pkg in ("pos_app", "liveness", "payments") for f, m in _imports(ROOT / pkg)
               if m.split(".")[0] in ("PySide6", "shiboken6") and not f.startswith("pos_app/ui/")}
    assert not outside


def test_liveness_and_payments_never_import_pos_app() -> None:
    bad = {(f, m) for pkg in ("liveness", "payments") for f, m in _imports(ROOT / pkg) if m.split(".")[0] == "pos_app"}
    assert not bad


def test_runtime_code_never_reads_the_shared_test_data() -> None:
    offenders = [str(p) for pkg in ("pos_app", "liveness", "payments") for p in (ROOT / pkg).rglob("*.py")
                 if "shared/data" in p.read_text(encoding="utf-8")]
    assert not offenders


def test_every_package_folder_is_listed_in_pyproject() -> None:
    import tomllib

    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"])
    on_disk = {".".join(p.parent.relative_to(ROOT).parts) for top in ("pos_app", "liveness", "payments")
               for p in (ROOT / top).rglob("__init__.py")}
    assert on_disk <= listed
    assert (ROOT / "resources" / "__init__.py").is_file() and "facepay_resources" in listed


def test_no_face_analysis_anywhere_in_the_product() -> None:
    """No age, gender, emotion or ethnicity estimation: no code reads such attributes or loads such models."""
    pattern = re.compile(r"\.(age|gender|sex|emotion|ethnicity|race)\b|genderage\.onnx|['\"](genderage|attribute)['\"]")
    offenders = []
    for pkg in ("pos_app", "liveness", "payments"):
        for path in (ROOT / pkg).rglob("*.py"):
            for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if pattern.search(line) and not line.lstrip().startswith("#"):
                    offenders.append(f"{path.relative_to(ROOT)}:{n}: {line.strip()}")
    assert not offenders


def test_insightface_is_limited_to_recognition() -> None:
    from pos_app.vision.insightface_engine import ALLOWED_MODULES

    assert set(ALLOWED_MODULES) == {"recognition"}


def test_the_installer_scripts_parse_and_explain_themselves() -> None:
    """The scripts run as root on a store's PC: a syntax error there is a support call."""
    import subprocess

    for name in ("build.sh", "install.sh", "uninstall.sh", "smoke.sh", "manifest.sh"):
        script = ROOT / "installer" / name
        assert script.stat().st_mode & 0o111, f"{name} is not executable"
        subprocess.run(["bash", "-n", str(script)], check=True)
        usage = subprocess.run([str(script), "--help"], capture_output=True, text=True, check=True).stdout
        assert f"installer/{name}" in usage, name


@pytest.mark.slow
def test_the_readme_headless_block_ends_in_an_approved_checkout(test_data: Path, tmp_path: Path) -> None:
    """The block as a newcomer pastes it (only the venv, the port and the data folder swapped)."""
    import re
    import subprocess
    import sys

    from tests.bank_fixture import free_port

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"<!-- headless-block -->\n```sh\n(.+?)\n```", readme, re.S)
    assert block, "the README's headless block is missing"
    bin_dir = Path(sys.executable).parent
    script = (block.group(1).replace(".venv/bin/", f"{bin_dir}/").replace("8765", str(free_port()))
              .replace("../shared/data", str(test_data)))
    env = {k: v for k, v in os.environ.items() if not k.startswith("FACEPAY_")}
    import socket

    # Twice in a row (a newcomer runs it again), the second time while another program holds the
    # port the block once used (a bank left running): it picks its own free port and cleans up.
    holder = socket.socket()
    for attempt in range(2):
        done = subprocess.run(["bash", "-c", script], cwd=tmp_path, env={**env, "LANG": "C.UTF-8"},
                              capture_output=True, text=True, timeout=600)
        assert done.returncode == 0, done.stdout + done.stderr
        lines = done.stdout.strip().splitlines()
        assert "APPROVED: NOK 125.50" in lines, lines
        assert lines[-1].endswith(": NOK 874.50 (active)") and lines[-3].endswith(": NOK 1,000.00 (active)"), lines
        assert not list(tmp_path.glob("*.log"))  # nothing left beside demo/
        if attempt == 0:
            try:
                holder.bind(("127.0.0.1", 8765))
                holder.listen()
            except OSError:
                pass  # something already holds it: the same condition
    holder.close()


def test_readme_commands_never_use_a_bare_python() -> None:
    import re

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    bare = [line for line in re.findall(r"`([^`]+)`", readme) if re.search(r"(^|[\s=])python\s", line)]
    assert bare == []


def test_every_command_is_in_the_readme() -> None:
    from pos_app.cli.main import build_parser

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    sub = next(a for a in build_parser()._actions if a.dest == "command")
    missing = [name for name in sub.choices if f"`facepay {name}" not in readme]  # type: ignore[attr-defined]
    assert missing == []


def test_the_readme_the_installer_and_ci_name_every_library_qt_needs() -> None:
    from pos_app.health import QT_SYSTEM_LIBS

    for path in ("README.md", "installer/install.sh", ".ci/run"):
        text = " ".join((ROOT / path).read_text(encoding="utf-8").split())
        missing = [p for p in sorted(set(QT_SYSTEM_LIBS.values())) if p not in text]
        assert missing == [], (path, missing)


def test_doctor_names_every_missing_qt_library_with_its_package(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import ctypes.util

    import pytest

    from pos_app.core.config import Settings
    from pos_app.core.errors import FacePayError
    from pos_app.health import check_qt

    monkeypatch.setattr(ctypes.util, "find_library", lambda name: None)
    with pytest.raises(FacePayError, match="missing .*libxcb-cursor.so.0") as caught:
        check_qt(Settings())
    assert "libxcb-cursor0" in (caught.value.hint or "")


def _outside_parentheses(text: str) -> str:
    out, depth = [], 0
    for ch in text:
        depth += ch == "("
        if depth == 0:
            out.append(ch)
        depth -= ch == ")" and depth > 0
    return "".join(out)


def test_the_architecture_page_names_every_module_and_only_modules_that_exist() -> None:
    """docs/architecture.md is what a newcomer reads first (issue 31): each package's row names
    its modules, and a name there that is no module (a file renamed, a module gone) fails here.
    Words in parentheses describe a module and may name what is inside it."""
    import re

    root = Path(__file__).resolve().parent.parent
    rows = [line for line in (root / "docs" / "architecture.md").read_text(encoding="utf-8").splitlines()
            if line.startswith("| `")]
    assert len(rows) >= 10
    problems = []
    for row in rows:
        first, holds = (cell.strip() for cell in row.strip("|").split("|")[:2])
        for package in re.findall(r"`([^`]+)`", first):
            base = root / package
            if not base.is_dir():
                continue
            for name in re.findall(r"`([a-z][a-z0-9_]*(?:\.py|\.sh)?)`", _outside_parentheses(holds)):
                if not ((base / name).exists() or (base / f"{name}.py").exists()):
                    problems.append(f"{package}: `{name}` is no module")
            if package in ("pos_app/cli", "pos_app/core/migrations"):
                continue  # named by kind (one `*_cmds` module per group; Alembic's own layout)
            named = set(re.findall(r"`([a-z][a-z0-9_]*)(?:\.py)?`", holds))
            modules = [p.stem for p in base.glob("*.py") if p.stem != "__init__"]
            problems += [f"{package}: {m}.py is not named" for m in modules if m not in named]
    assert not problems, problems


def test_commands_and_screens_build_the_app_through_the_assembly() -> None:
    """The database, the key file, the bank client, the engines, the passive models and the embedded bank are
    made in pos_app/assembly.py only (issue 31): a command that built its own would drift."""
    builders = {"Database", "BankClient", "create_engine", "load_passive", "with_embedded_bank", "KeyFile.load"}
    offenders = []
    for path in [*(ROOT / "pos_app" / "cli").glob("*.py"), *(ROOT / "pos_app" / "ui").glob("*.py")]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call):
                name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
                if isinstance(node.func, ast.Attribute) and isinstance(node.func.value, ast.Name):
                    name = "KeyFile.load" if (node.func.value.id, name) == ("KeyFile", "load") else name
                if name in builders:
                    offenders.append(f"{path.relative_to(ROOT)}:{node.lineno} {name}")
    assert offenders == []
