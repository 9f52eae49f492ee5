"""The layers in pyproject.toml's [tool.importlinter] hold (make lint checks them too), and the check really fails
when a layer reaches up or one area imports another: shown on a copy of the package with one import added."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def lint_imports(package_parent):
    """Run import-linter with this project's contracts over the portal package found in package_parent."""
    environment = {**os.environ, "PYTHONPATH": str(package_parent)}
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache", str(ROOT / "pyproject.toml")],
        cwd=package_parent,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_the_layers_hold():
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    ("module", "reaching_for"),
    [
        ("portal/models/__init__.py", "portal.triage"),
        ("portal/triage/__init__.py", "portal.tell_us"),
        ("portal/cases/__init__.py", "portal.tell_us"),
    ],
    ids=["the models import an area", "triage imports tell_us", "the shared case imports an area"],
)
def test_the_check_fails_when_an_import_breaks_the_layers(tmp_path, module, reaching_for):
    shutil.copytree(ROOT / "portal", tmp_path / "portal", ignore=shutil.ignore_patterns("__pycache__"))
    with open(tmp_path / module, "a", encoding="utf-8") as file:
        # Inside a function, where an import could once dodge a loop: the contract sees it all the same.
        file.write(f"\n\ndef _reach_up():\n    import {reaching_for}  # noqa\n")
    result = lint_imports(tmp_path)
    assert result.returncode != 0
    assert "BROKEN" in result.stdout and reaching_for in result.stdout
