from __future__ import annotations

import datetime as dt

import pytest

from conftest import make_user
from trienkhai.core.scoping import SYSTEM
from trienkhai.proposals.selectors import proposal_figures, proposal_search
from trienkhai.proposals.services import proposal_answer, proposal_assign, proposal_send


@pytest.mark.parametrize(
    "who,sees",
    [
        ("own", True),
        ("parent", True),
        ("superuser", True),
        ("child", False),
        ("sibling", False),
        ("other", False),
    ],
)
def test_visible_to_sender_and_units_above_only(proposal, personas, who, sees):
    assert proposal_search(viewer=getattr(personas, who)).filter(pk=proposal.pk).exists() is sees


def test_assigned_department_sees_it_other_boards_do_not(tree, proposal, board, prov_editor):
    from trienkhai.orgs.services import unit_create

    other_board = unit_create(
        parent=tree.prov, name="Ban Dân vận Tỉnh ủy", kind="ban_dang", acting_user=SYSTEM
    )
    board_user, other_user = make_user("btg", board), make_user("bdv", other_board)
    assert not proposal_search(viewer=board_user).exists()
    proposal_assign(proposal=proposal, department=board, acting_user=prov_editor)
    assert list(proposal_search(viewer=board_user)) == [proposal]
    assert not proposal_search(viewer=other_user).exists()


def test_inbox_outbox(tree, proposal, personas, prov_editor):
    assert list(proposal_search(viewer=personas.own, box="outbox")) == [proposal]
    assert list(proposal_search(viewer=personas.own, box="inbox")) == []
    assert list(proposal_search(viewer=prov_editor, box="inbox")) == [proposal]


def test_search_folds_diacritics_and_filters(proposal, personas):
    for q in ["tap huan", "TẬP HUẤN", "ban chi dao 35"]:
        assert list(proposal_search(viewer=personas.own, q=q)) == [proposal], q
    assert not proposal_search(viewer=personas.own, q="xang dau").exists()
    assert list(proposal_search(viewer=personas.own, state="overdue")) == [proposal]
    assert not proposal_search(viewer=personas.own, status="answered").exists()
    assert list(proposal_search(viewer=personas.own, year=2022)) == [proposal]
    assert not proposal_search(viewer=personas.own, year="abc").exists()


def test_figures_per_addressee(tree, personas, prov_editor):
    def mk(sent, due):
        return proposal_send(
            sender=tree.city,
            addressee=tree.prov,
            category="khac",
            title="x",
            content="x",
            sent_on=sent,
            due_on=due,
            acting_user=personas.own,
        )

    a = mk(dt.date(2022, 1, 1), dt.date(2022, 1, 31))
    b = mk(dt.date(2022, 1, 1), dt.date(2022, 1, 31))
    mk(dt.date(2022, 1, 1), dt.date(2022, 1, 31))
    proposal_answer(proposal=a, text="x", on=dt.date(2022, 1, 11), acting_user=prov_editor)
    proposal_answer(proposal=b, text="x", on=dt.date(2022, 2, 20), acting_user=prov_editor)
    [f] = proposal_figures(queryset=proposal_search(viewer=personas.own))
    assert (f.name, f.total, f.answered, f.on_time, f.overdue, f.median_days, f.on_time_pct) == (
        tree.prov.name,
        3,
        2,
        1,
        1,
        30,
        50,
    )
