"""What the command line says of figures and worried sentences is what the import screen says.

``trienkhai extract`` reads what each figure counts (``textmine.extract.figure_kinds``) and
which sentences are kept out of public opinion (``textmine.extract.kept_apart``) with text
rules of its own; the import screen reads them with ``intake.figures`` and ``intake.concerns``
against the database's topics. On every development passage of the shared corpus (read at run
time from ../shared/corpus/dev, nothing of it stored here), filed under Thành ủy Phổ Yên of the
demo, both must give each figure the same kind and label, and keep apart the same sentences
for the same reason; any difference is a failure, listed with its passage.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.utils import translation

from trienkhai.accounts.models import User
from trienkhai.intake.selectors import report_findings
from trienkhai.intake.services import imported_report_create
from trienkhai.orgs.models import Unit
from trienkhai.textmine.cli import record
from trienkhai.textmine.extract import extract

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"

pytestmark = pytest.mark.skipif(not (CORPUS / "dev").is_dir(), reason="shared corpus not available")


def test_figures_and_kept_apart_sentences_read_alike(demo):
    passages = [json.loads(p.read_text(encoding="utf-8")) for p in sorted((CORPUS / "dev").glob("*.json"))]
    assert passages
    # today's demo: a new ward committee's office imports the passages
    unit = Unit.objects.get(name="Đảng ủy phường Phổ Yên", valid_to=None)
    viewer = User.objects.get(username="phoyen")
    problems: list[str] = []
    seen_figures = seen_kept = 0
    with translation.override("vi"):
        for p in passages:
            line = record(extract(p["text"]))
            report = imported_report_create(unit=unit, title=p["id"], text=p["text"], acting_user=viewer)
            f = report_findings(report=report, viewer=viewer)

            cli_figs = {(tuple(x["span"]), x["kind"], x["counts"]) for x in line["figures"]}
            screen_figs = {(tuple(x["span"]), x["kind"], x["counts"]) for x in f.figures}
            for x in sorted(cli_figs ^ screen_figs):
                side = "command line" if x in cli_figs else "screen"
                problems.append(f"{p['id']}: figure only on the {side}: {x}")

            cli_kept = {(tuple(x["span"]), x["kind"], x["label"], x["heading"]) for x in line["kept_apart"]}
            screen_kept = {(tuple(x["span"]), x["kind"], x["label"], x["heading"]) for x in f.kept_apart}
            for x in sorted(cli_kept ^ screen_kept):
                side = "command line" if x in cli_kept else "screen"
                problems.append(f"{p['id']}: kept apart only on the {side}: {x}")
            # a concern the command line calls public opinion is one the screen proposes
            cli_opinion = {tuple(c["span"]) for c in line["concerns"] if c["opinion"]}
            screen_opinion = {tuple(c["span"]) for c in f.concerns}
            for x in sorted(cli_opinion ^ screen_opinion):
                side = "command line" if x in cli_opinion else "screen"
                problems.append(f"{p['id']}: public opinion only on the {side}: {x}")
            seen_figures += len(cli_figs)
            seen_kept += len(cli_kept)
    assert not problems, "\n".join(problems)
    # the corpus has both, so the comparison compared something
    assert seen_figures > 20 and seen_kept > 0
