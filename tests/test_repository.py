"""Promises the repository makes about itself: CI runs what the README says, the layers stay apart."""

from __future__ import annotations

import ast
import re
from pathlib import Path

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
