"""The layers hold: textmine is plain Python, core knows no domain app, orgs and accounts stand
on core, and an app's models are imported by that app alone — other apps go through its selectors
and services (the contracts are in pyproject.toml; `make lint` runs them too; decisions 0069, 0093)."""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "trienkhai"
# The base layers: everyone may import their models (scope is made of users, roles and the tree).
BASE = {"core", "orgs", "accounts"}


def lint_imports(cwd: Path = ROOT) -> subprocess.CompletedProcess:
    exe = shutil.which("lint-imports", path=str(Path(sys.executable).parent))
    if exe is None:
        pytest.skip("import-linter is not installed (pip install -e '.[dev]')")
    # lint-imports analyses the `trienkhai` found first on sys.path: the one in `cwd`.
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    return subprocess.run([exe, "--no-cache"], cwd=cwd, env=env, capture_output=True, text=True, timeout=300)


def contracts() -> list[dict]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return config["tool"]["importlinter"]["contracts"]


def test_every_import_contract_is_kept():
    run = lint_imports()
    assert run.returncode == 0, run.stdout[-3000:]
    assert f"{len(contracts())} kept, 0 broken" in run.stdout


def test_the_pages_that_compose_every_app_live_above_core():
    """The home page and the demo command read or write every app: they are apps of their own."""
    core = ROOT / "trienkhai" / "core"
    assert not (core / "management" / "commands" / "demo.py").exists()
    assert not (core / "templates" / "core" / "home.html").exists()
    assert not (core / "document_codes.py").exists()
    from django.urls import resolve

    assert resolve("/").func.__module__ == "trienkhai.home.views"


# ------------------------------------------------ another app only through selectors and services


def test_every_domain_app_guards_its_models():
    """Each app with models (but the base layers) has its `protected` contract, allowing that app
    and the apps' tests and nothing else: a new app cannot be forgotten, nor an importer added
    quietly (a breach not fixed yet is an `ignore_imports` line, deleted with its fix)."""
    apps = sorted(p.parent.name for p in PACKAGE.glob("*/models.py") if p.parent.name not in BASE)
    assert "rollout" in apps and "documents" in apps  # the glob found the apps
    guarded = {
        c["protected_modules"][0]: c["allowed_importers"] for c in contracts() if c["type"] == "protected"
    }
    assert {f"trienkhai.{app}.models": guarded.get(f"trienkhai.{app}.models") for app in apps} == {
        f"trienkhai.{app}.models": [f"trienkhai.{app}", "trienkhai.*.tests"] for app in apps
    }


@pytest.fixture
def tree_copy(tmp_path: Path) -> Path:
    """The project's Python files and its import contracts, in a folder of their own."""
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    for src in PACKAGE.rglob("*.py"):
        dst = tmp_path / src.relative_to(ROOT)
        dst.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src, dst)
    return tmp_path


def append(tree: Path, module: str, text: str) -> None:
    path = tree / "trienkhai" / module
    path.write_text(path.read_text(encoding="utf-8") + "\n" + text + "\n", encoding="utf-8")


def test_the_copy_is_kept_as_it_is(tree_copy: Path):
    """The check below runs on a copy: unchanged, the copy keeps every contract."""
    run = lint_imports(tree_copy)
    assert run.returncode == 0, run.stdout[-3000:]


@pytest.mark.parametrize(
    "line",
    [
        "from trienkhai.rollout.models import Step",
        "from trienkhai.rollout import models as rollout_models",
        "def f():\n    from trienkhai.rollout.models import StepRecord\n    return StepRecord",
    ],
)
def test_a_view_importing_another_apps_models_breaks_the_build(tree_copy: Path, line: str):
    append(tree_copy, "targets/views.py", line)
    run = lint_imports(tree_copy)
    assert run.returncode != 0
    assert "1 broken" in run.stdout
    assert "trienkhai.targets.views -> trienkhai.rollout.models" in run.stdout


def test_a_type_hint_under_type_checking_and_a_test_may_import_them(tree_copy: Path):
    append(
        tree_copy,
        "targets/views.py",
        "from typing import TYPE_CHECKING\n\nif TYPE_CHECKING:\n"
        "    from trienkhai.rollout.models import Step",
    )
    (tree_copy / "trienkhai" / "targets" / "tests" / "test_breach_probe.py").write_text(
        "from trienkhai.rollout.models import Step\n", encoding="utf-8"
    )
    run = lint_imports(tree_copy)
    assert run.returncode == 0, run.stdout[-3000:]


def _app_of(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[0] == "trienkhai" else None


def _is_private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def cross_app_private_imports(root: Path) -> list[str]:
    """`from trienkhai.<other app>… import _name` or `…._module…`, outside tests: an app's
    private helpers are its own."""
    found = []
    for path in sorted(root.rglob("*.py")):
        rel = path.relative_to(root.parent)
        if "tests" in rel.parts or "migrations" in rel.parts:
            continue
        own = rel.parts[1] if len(rel.parts) > 2 else None
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module + "." + a.name for a in node.names]
            elif isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            else:
                continue
            for name in names:
                app = _app_of(name)
                if app is not None and app != own and any(_is_private(p) for p in name.split(".")[2:]):
                    found.append(f"{rel}:{node.lineno} {name}")
    return found


def test_no_module_imports_another_apps_private_helpers():
    assert cross_app_private_imports(PACKAGE) == []


def test_the_private_helper_check_sees_a_breach(tmp_path: Path):
    views = tmp_path / "trienkhai" / "proposals" / "views.py"
    views.parent.mkdir(parents=True)
    views.write_text(
        "from trienkhai.orgs.views import _form_errors\n"
        "from trienkhai.rollout.services._common import fmt\n"
        "from trienkhai.proposals.services import _locked\n",  # its own: allowed
        encoding="utf-8",
    )
    assert cross_app_private_imports(tmp_path / "trienkhai") == [
        "trienkhai/proposals/views.py:1 trienkhai.orgs.views._form_errors",
        "trienkhai/proposals/views.py:2 trienkhai.rollout.services._common.fmt",
    ]
