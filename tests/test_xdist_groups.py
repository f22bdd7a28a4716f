"""Running in parallel (decision 0077). conftest._group_shared_fixtures: tests sharing a
module-scoped fixture get one xdist group; and each process uploads to a folder of its own.

The oracle is this module's own layout: two tests reach ``shared`` (one through ``derived``),
one does not; under ``--dist loadgroup`` the first two must run on one worker.
"""

from __future__ import annotations

import pytest

HERE = __name__.replace(".", "/") + ".py"


@pytest.fixture(scope="module")
def shared():
    return object()


@pytest.fixture
def derived(shared):
    return shared


def groups(request) -> dict[str, str | None]:
    out = {}
    for item in request.session.items:
        if item.nodeid.split("@")[0].startswith(HERE + "::"):
            mark = item.get_closest_marker("xdist_group")
            out[item.name] = mark.args[0] if mark else None
    return out


def test_uses_the_module_fixture(shared, request):
    assert groups(request)["test_uses_the_module_fixture"] == HERE


def test_uses_it_through_another_fixture(derived, request):
    assert groups(request)["test_uses_it_through_another_fixture"] == HERE


def test_uses_no_shared_fixture(request):
    got = groups(request)
    assert got["test_uses_no_shared_fixture"] is None
    assert {name: group for name, group in got.items() if group} == {
        "test_uses_the_module_fixture": HERE,
        "test_uses_it_through_another_fixture": HERE,
    }


def test_uploads_go_to_a_folder_of_this_process(settings, tmp_path_factory):
    """Each xdist worker has its own base temp dir; MEDIA_ROOT is under it, not var/media."""
    from pathlib import Path

    assert Path(settings.MEDIA_ROOT).is_relative_to(tmp_path_factory.getbasetemp())


def test_the_axe_report_of_two_workers_counts_a_page_once(tmp_path):
    """Both workers checked /a/ at the phone's size; the report has it once, and /b/ from one."""
    import json

    from conftest import write_axe_report

    a = {"critical": 0, "serious": 1, "moderate": 0, "minor": 2}
    b = {"critical": 0, "serious": 0, "moderate": 1, "minor": 0}
    one = {
        "pages": {"phone": {"/a/": a}},
        "rules": {"x [serious]": ["phone /a/"]},
        "failing": ["[phone] x /a/"],
    }
    two = {
        "pages": {"phone": {"/a/": a, "/b/": b}},
        "rules": {"x [serious]": ["phone /a/"], "y [moderate]": ["phone /b/"]},
        "failing": ["[phone] x /a/"],
    }
    target = tmp_path / "axe.json"
    write_axe_report(str(target), [one, two])
    assert json.loads(target.read_text()) == {
        "pages": {"phone": {"/a/": a, "/b/": b}},
        "rules": {"x [serious]": 1, "y [moderate]": 1},
        "failing": ["[phone] x /a/"],
    }


def test_loadgroup_keeps_a_group_on_one_worker(tmp_path):
    """pytest-xdist 3.8 marks a group by appending "@group" to the test's id, which pytest 9.2
    no longer lets it change (pytest-dev/pytest-xdist#1386): every group was spread over the
    workers and each shared fixture built once per worker (the API fuzz's 60 s world twice).
    pyproject.toml keeps pytest below 9.2 until xdist carries groups another way; this run of
    pytest itself, on two workers, fails as soon as grouping is lost again."""
    import subprocess
    import sys

    (tmp_path / "none.ini").write_text("[pytest]\n")
    (tmp_path / "test_g.py").write_text(
        "import os, pytest\n"
        "pytestmark = pytest.mark.xdist_group('g')\n"
        + "".join(f"def test_{i}():\n    print(os.environ['PYTEST_XDIST_WORKER'])\n" for i in range(8))
    )
    done = subprocess.run(  # noqa: S603
        [
            sys.executable,
            "-m",
            "pytest",
            "-c",
            str(tmp_path / "none.ini"),
            "--rootdir",
            str(tmp_path),
            "-p",
            "no:django",
            "-p",
            "no:randomly",
            "-p",
            "no:cacheprovider",
            "-n",
            "2",
            "--dist",
            "loadgroup",
            "-v",
            str(tmp_path / "test_g.py"),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    workers = {line.split()[0] for line in done.stdout.splitlines() if "PASSED" in line}
    passed = [line for line in done.stdout.splitlines() if "PASSED" in line]
    assert len(passed) == 8 and all(line.rstrip().endswith("@g") for line in passed), passed
    assert len(workers) == 1, passed
