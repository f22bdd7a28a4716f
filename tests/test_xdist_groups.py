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
