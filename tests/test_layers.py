"""The layers hold: textmine is plain Python, core knows no domain app, orgs and accounts stand
on core (the contracts are in pyproject.toml; `make lint` runs them too)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def lint_imports() -> subprocess.CompletedProcess:
    exe = shutil.which("lint-imports", path=str(Path(sys.executable).parent))
    if exe is None:
        pytest.skip("import-linter is not installed (pip install -e '.[dev]')")
    return subprocess.run([exe, "--no-cache"], cwd=ROOT, capture_output=True, text=True, timeout=300)


def test_every_import_contract_is_kept():
    run = lint_imports()
    assert run.returncode == 0, run.stdout[-3000:]
    assert "3 kept, 0 broken" in run.stdout


def test_the_pages_that_compose_every_app_live_above_core():
    """The home page and the demo command read or write every app: they are apps of their own."""
    core = ROOT / "trienkhai" / "core"
    assert not (core / "management" / "commands" / "demo.py").exists()
    assert not (core / "templates" / "core" / "home.html").exists()
    assert not (core / "document_codes.py").exists()
    from django.urls import resolve

    assert resolve("/").func.__module__ == "trienkhai.home.views"
