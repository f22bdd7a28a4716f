"""Rules the code keeps (see docs/architecture.md, "Dangerous constructs"). Run by make test, so CI too."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def tracked(*patterns: str) -> list[Path]:
    out = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", *patterns],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return [ROOT / p for p in out.split() if (ROOT / p).exists()]


def test_no_safe_filter_in_templates():
    """User text is escaped by templates: `|safe` is never used; HTML we build is marked in Python."""
    offenders = [
        f"{p.relative_to(ROOT)}:{n}"
        for p in tracked("*.html")
        for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
        if "|safe" in line
    ]
    assert offenders == []


def test_every_mark_safe_is_justified():
    """mark_safe only on markup the project builds itself, each one saying why (`# noqa: S308 - why`)."""
    offenders = []
    for p in tracked("*.py"):
        if "/tests/" in str(p) or p.name == "test_code_rules.py":
            continue
        for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1):
            if re.search(r"\bmark_safe\(", line) and "noqa: S308" not in line:
                offenders.append(f"{p.relative_to(ROOT)}:{n}")
    assert offenders == []


def test_no_user_controlled_order_by_or_raw_filters():
    """request.GET/POST never flows straight into order_by(...) or filter(**...)."""
    offenders = []
    for p in tracked("*.py"):
        text = p.read_text(encoding="utf-8")
        for n, line in enumerate(text.splitlines(), 1):
            if re.search(r"order_by\([^)]*request\.(GET|POST)", line) or re.search(
                r"filter\(\*\*request\.", line
            ):
                offenders.append(f"{p.relative_to(ROOT)}:{n}")
    assert offenders == []


def test_no_cdn_or_remote_assets_in_templates():
    """No network at run time: pages load nothing from elsewhere."""
    pattern = re.compile(r"""(src|href)=["']https?://(?!127\.0\.0\.1|localhost)""")
    offenders = []
    for p in tracked("*.html"):
        for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1):
            if pattern.search(line) and "<a " not in line:
                offenders.append(f"{p.relative_to(ROOT)}:{n}")
    assert offenders == []


def _treebeard_deprecated_node_methods() -> set[str]:
    """The node methods the installed treebeard warns about (RemovedInTreebeard8Warning): those
    moved to the manager (``node.get_children()`` → ``Unit.objects.get_children(node)``) and the
    old writers (``Unit.add_root()``, ``node.add_child()``, ``node.move()``), read from its source."""
    import functools
    import inspect

    from treebeard import deprecation
    from treebeard.models import Node

    names = set()
    for name, value in vars(Node).items():
        inner = value.__func__ if isinstance(value, classmethod) else value
        if isinstance(inner, functools.partialmethod | functools.partial) and inner.func in (
            deprecation._handle_moved_method,
            deprecation._handle_moved_classmethod,
        ):
            names.add(name)
        elif callable(inner) and "RemovedInTreebeard8Warning" in inspect.getsource(inner):
            names.add(name)
    return names


def test_no_deprecated_treebeard_node_method():
    """The tree is read and written through the manager (``Unit.objects.get_parent(unit)``):
    treebeard 7 warns on the node forms and treebeard 8 removes them. The warning is an error
    under pytest only where a test happens to run the line; this finds every line."""
    deprecated = _treebeard_deprecated_node_methods()
    assert {"get_children", "get_parent", "get_ancestors", "add_root", "move"} <= deprecated
    call = re.compile(
        r"(?<![\w.])((?:[\w\]\)]+\.)*)(" + "|".join(sorted(deprecated)) + r")\b(?=\s*[(\s}|.]|$)"
    )
    offenders = []
    for p in tracked("*.py", "*.html"):
        if p.name == "test_code_rules.py":
            continue
        for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1):
            for m in call.finditer(line):
                receiver = m.group(1)
                if receiver and not receiver.endswith("objects.") and not receiver.endswith("shutil."):
                    offenders.append(f"{p.relative_to(ROOT)}:{n}: {line.strip()}")
    assert offenders == []
