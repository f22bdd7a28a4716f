"""No test asserts how long something took: timings go to bench/ (a loaded machine made such
assertions fail for no fault of the code). Waiting with a deadline for a process is fine."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CLOCKS = {"perf_counter", "time", "monotonic", "process_time"}


def clock_calls(node: ast.AST) -> bool:
    for sub in ast.walk(node):
        if isinstance(sub, ast.Call) and isinstance(sub.func, ast.Attribute) and sub.func.attr in CLOCKS:
            if isinstance(sub.func.value, ast.Name) and sub.func.value.id == "time":
                return True
    return False


def wall_clock_assertions(path: Path) -> list[int]:
    """Lines of ``assert`` statements that subtract a clock reading (``time.x() - t < ...``)."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Assert):
            compares = [c for c in ast.walk(node.test) if isinstance(c, ast.Compare)]
            operands = [o for c in compares for o in (c.left, *c.comparators)]
            if any(
                isinstance(o, ast.BinOp) and isinstance(o.op, ast.Sub) and clock_calls(o) for o in operands
            ):
                found.append(node.lineno)
    return found


def test_the_detector_sees_a_wall_clock_assertion(tmp_path):
    f = tmp_path / "t.py"
    f.write_text("import time\nt = time.perf_counter()\nassert time.perf_counter() - t < 2\nassert 1 - 0\n")
    assert wall_clock_assertions(f) == [3]


def test_no_test_asserts_a_duration():
    files = [*ROOT.glob("tests/**/*.py"), *ROOT.glob("trienkhai/*/tests/**/*.py")]
    offenders = {str(p.relative_to(ROOT)): lines for p in files if (lines := wall_clock_assertions(p))}
    assert len(files) > 50
    assert offenders == {}
