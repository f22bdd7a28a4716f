"""The command line and the import screen read a report the same way.

Every development passage of the shared corpus (read at run time from ../shared/corpus/dev,
nothing of it stored here) goes through ``trienkhai extract --format jsonl`` and through the
import screen's review (``report_findings``) of the same text filed under Thành ủy Phổ Yên of
the demo. The proposals (where each sits and what it asks), the figures (each percent and
count, where it sits and its value) and the people (each name) must be the same; any
difference is a failure, listed with its passage.
"""

from __future__ import annotations

import io
import json
from contextlib import redirect_stdout
from pathlib import Path

import pytest

from trienkhai.accounts.models import User
from trienkhai.cli import main as trienkhai_main
from trienkhai.intake.selectors import report_findings
from trienkhai.intake.services import imported_report_create
from trienkhai.orgs.models import Unit

CORPUS = Path(__file__).resolve().parents[4] / "shared" / "corpus"

pytestmark = pytest.mark.skipif(not (CORPUS / "dev").is_dir(), reason="shared corpus not available")


def _cli(paths: list[Path]) -> list[dict]:
    out = io.StringIO()
    with redirect_stdout(out), pytest.raises(SystemExit) as done:
        trienkhai_main(["trienkhai", "extract", "--format", "jsonl", *map(str, paths)])
    assert done.value.code == 0
    return [json.loads(line) for line in out.getvalue().splitlines() if line.strip()]


def _proposal(span: list[int], content: str) -> tuple[int, int, str]:
    return (span[0], span[1], " ".join(content.split()).rstrip(".").casefold())


def test_the_command_line_and_the_import_screen_find_the_same(demo, tmp_path):
    passages = [json.loads(p.read_text(encoding="utf-8")) for p in sorted((CORPUS / "dev").glob("*.json"))]
    assert passages
    files = []
    for p in passages:
        path = tmp_path / f"{p['id']}.txt"
        path.write_text(p["text"], encoding="utf-8")
        files.append(path)
    cli = _cli(files)
    assert len(cli) == len(passages)

    # today's demo: a new ward committee's office imports the passages
    unit = Unit.objects.get(name="Đảng ủy phường Phổ Yên", valid_to=None)
    viewer = User.objects.get(username="phoyen")
    problems: list[str] = []
    for p, line in zip(passages, cli, strict=True):
        assert "error" not in line, line
        report = imported_report_create(unit=unit, title=p["id"], text=p["text"], acting_user=viewer)
        f = report_findings(report=report, viewer=viewer)

        cli_props = {_proposal(x["span"], x["content"]) for x in line["proposals"]}
        screen_props = {_proposal(x["span"], x["fields"]["content"]) for x in f.proposals}
        for x in sorted(cli_props - screen_props):
            problems.append(f"{p['id']}: proposal only on the command line: {x}")
        for x in sorted(screen_props - cli_props):
            problems.append(f"{p['id']}: proposal only on the screen: {x}")
        # the addressees as written: the screen resolves them to units, the text is the same
        cli_to = {tuple(x["span"]): [a["text"] for a in x["addressees"]] for x in line["proposals"]}
        for x in f.proposals:
            if cli_to.get(tuple(x["span"]), None) not in (None, [a["text"] for a in x["addressees"]]):
                problems.append(f"{p['id']}: addressees differ at {x['span']}")

        cli_figs = {(tuple(x["span"]), float(x["value"])) for x in line["percents"] + line["counts"]}
        screen_figs = {(tuple(x["span"]), float(x["value"])) for x in f.figures}
        for x in sorted(cli_figs ^ screen_figs):
            side = "command line" if x in cli_figs else "screen"
            problems.append(f"{p['id']}: figure only on the {side}: {x}")

        cli_people = sorted(x["name"] for x in line["persons"])
        screen_people = sorted(x["name"] for x in f.people)
        if cli_people != screen_people:
            problems.append(f"{p['id']}: people differ: {cli_people} vs {screen_people}")
        # every participant proposed is one of the people listed
        assert {x["fields"]["name"] for x in f.participants} <= set(screen_people)
    assert not problems, "\n".join(problems)
