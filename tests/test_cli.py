from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

BIN = Path(sys.executable).with_name("trienkhai")


def run(*args: str) -> subprocess.CompletedProcess:
    exe = str(BIN) if BIN.exists() else shutil.which("trienkhai")
    return subprocess.run([exe, *args], capture_output=True, text=True, env=os.environ.copy())


@pytest.mark.parametrize(
    "text,code,system",
    [
        ("Kế hoạch số 0091- KH/TU", "0091-KH/TU", "party"),
        ("Số 127-QĐ/TW", "127-QĐ/TW", "party"),
        ("Số: 15/QĐ-UBND", "15/QĐ-UBND", "state"),
        ("05/2019/NQ-HĐND", "05/2019/NQ-HĐND", "state"),
    ],
)
def test_parse_code_prints_json(text, code, system):
    r = run("parse-code", text)
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert out["code"] == code and out["system"] == system
    assert {"number", "type", "issuer"} <= set(out)


def test_parse_code_rejects_non_code():
    r = run("parse-code", "không phải số hiệu")
    assert r.returncode == 1
    assert "số hiệu" in r.stderr.lower()
