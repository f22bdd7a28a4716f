"""Test builders (factory-boy) for the long service calls: a unit, a user with a role, a
registered document, a launched rollout.

Every builder goes through the service, as the application does (``unit_create``,
``user_create`` + ``role_grant``, ``document_register``, ``rollout_launch``), acting as
``SYSTEM``: a built row has its audit entry, its tallies and everything else the service writes.
A test names only what it is about and takes the rest from the defaults::

    RolloutFactory(owner_unit=tree.prov)                     # its document, three steps, wards and cells
    RolloutFactory(owner_unit=tree.city, steps=[{"kind": StepKind.PLAN, "due": dt.date(2022, 2, 1)}])
    UnitFactory.create_batch(3, parent=tree.ward)            # Chi bộ 1, 2, 3 … of the ward
    UserFactory(username="own", unit=tree.city, role="admin")

``build()`` is refused: an unsaved unit or rollout has no meaning here (nothing would be written).
"""

from __future__ import annotations

import datetime as dt

import factory

from trienkhai.accounts.models import User
from trienkhai.accounts.services import role_grant, user_create
from trienkhai.core.scoping import SYSTEM
from trienkhai.documents.models import Document
from trienkhai.documents.services import document_register
from trienkhai.orgs.choices import UnitKind
from trienkhai.orgs.models import Unit
from trienkhai.orgs.services import unit_create
from trienkhai.rollout.choices import Purpose, StepKind
from trienkhai.rollout.models import Rollout
from trienkhai.rollout.services import rollout_launch

PASSWORD = "a-long-test-password"  # every persona's (conftest.make_user)


class _ServiceFactory(factory.Factory):
    """A factory whose ``create`` is one service call (``_service``), never a bare ``save()``."""

    class Meta:
        abstract = True

    @classmethod
    def _build(cls, model_class, *args, **kwargs):
        raise TypeError(
            f"{cls.__name__} builds through the service only: use {cls.__name__}(...) or .create()"
        )

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return cls._service(**kwargs)


class UnitFactory(_ServiceFactory):
    """A chi bộ (or ``kind``) under ``parent``, through ``unit_create``."""

    class Meta:
        model = Unit

    parent = None
    name = factory.Sequence(lambda n: f"Chi bộ {n + 1}")
    kind = UnitKind.PARTY_CELL
    acting_user = SYSTEM

    @classmethod
    def _service(cls, **kwargs):
        return unit_create(**kwargs)


class UserFactory(_ServiceFactory):
    """A user (``user_create``) and, given ``unit``, a ``role`` there (``role_grant``)."""

    class Meta:
        model = User

    username = factory.Sequence(lambda n: f"nguoi-dung-{n + 1}")
    password = PASSWORD
    acting_user = SYSTEM
    unit = None
    role = "editor"

    @classmethod
    def _service(cls, *, unit, role, **kwargs):
        user = user_create(**kwargs)
        if unit is not None:
            role_grant(user=user, unit=unit, role=role, acting_user=SYSTEM)
        return user


class DocumentFactory(_ServiceFactory):
    """A Central Committee resolution (``document_register``) issued by ``issuing_unit``."""

    class Meta:
        model = Document

    issuing_unit = None
    code = factory.Sequence(lambda n: f"{n + 1}-NQ/TW")
    title = factory.LazyAttribute(lambda o: f"Nghị quyết {o.code.split('-')[0]}")
    issued_on = dt.date(2018, 10, 22)
    acting_user = SYSTEM

    @classmethod
    def _service(cls, **kwargs):
        return document_register(**kwargs)


def _three_steps(_o) -> list[dict]:
    return [
        {"kind": StepKind.PLAN, "due": dt.date(2022, 2, 1)},
        {"kind": StepKind.CONFERENCE, "due": dt.date(2022, 3, 1)},
        {"kind": StepKind.DISSEMINATION, "due": dt.date(2022, 9, 30)},
    ]


class RolloutFactory(_ServiceFactory):
    """A study rollout launched by ``owner_unit`` to its ward committees and chi bộ
    (``rollout_launch``): plan, conference and dissemination, from 10 Jan 2022. Its document is
    registered by the top of ``owner_unit``'s tree unless one is given."""

    class Meta:
        model = Rollout

    owner_unit = None
    document = factory.SubFactory(
        DocumentFactory,
        issuing_unit=factory.LazyAttribute(lambda d: Unit.objects.get_root(d.factory_parent.owner_unit)),
    )
    title = factory.LazyAttribute(lambda o: f"Triển khai {o.document.title}")
    purpose = Purpose.STUDY
    scope_kinds = factory.LazyFunction(lambda: [UnitKind.WARD_COMMITTEE, UnitKind.PARTY_CELL])
    starts_on = dt.date(2022, 1, 10)
    steps = factory.LazyAttribute(_three_steps)
    acting_user = SYSTEM

    @classmethod
    def _service(cls, **kwargs):
        return rollout_launch(**kwargs)
