"""Checked by mypy (``make lint``), never run: ``restrict()`` keeps the model's type.

If ``ScopedQuerySet`` lost its type parameter, or a manager built with ``as_manager()``
stopped carrying it, these ``assert_type`` lines would fail the type check.
"""

from typing import Any, assert_type

from trienkhai.core.scoping import ScopedQuerySet, get_scoped_or_404
from trienkhai.documents.models import Document
from trienkhai.orgs.models import Unit
from trienkhai.proposals.models import Proposal, ProposalQuerySet
from trienkhai.rollout.models import Step


def restrict_keeps_the_model(user: Any) -> None:
    proposals = Proposal.objects.restrict(user)
    assert_type(proposals, ProposalQuerySet)
    scoped: ScopedQuerySet[Proposal] = proposals
    assert_type(proposals.restrict_by(user, "addressee"), ProposalQuerySet)
    assert_type(proposals.first(), Proposal | None)
    assert_type(Document.objects.restrict(user, "change").get(pk=1), Document)
    assert_type(Step.objects.restrict(user).first(), Step | None)
    assert_type(get_scoped_or_404(Proposal.objects, user, pk=1), Proposal)
    del scoped


def a_unit_is_scoped_too(user: Any) -> None:
    assert_type(Unit.objects.restrict(user).get(pk=1), Unit)
