"""Issue 16 point 5: `make demo PORT=8123` serves on the port it is given."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
@pytest.mark.parametrize(
    "args,addrport",
    [
        ([], "127.0.0.1:8000"),
        (["PORT=8123"], "127.0.0.1:8123"),
        (["PORT=8124", "HOST=0.0.0.0"], "0.0.0.0:8124"),
    ],
)
def test_make_demo_takes_a_port(args, addrport):
    # -n prints what make would run without running it (no install, no server).
    out = subprocess.run(
        ["make", "-n", "-C", str(ROOT), "demo", *args], capture_output=True, text=True, check=True
    ).stdout
    demo_lines = [line for line in out.splitlines() if "trienkhai demo" in line]
    assert demo_lines and demo_lines[-1].endswith(f"trienkhai demo --addrport {addrport}")
