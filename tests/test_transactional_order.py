"""A transactional test that does not ask for serialized rollback must not break the next one that does.

The two tests run in file order: the first flushes the database at its end, the second restores the
serialized content. Before the root conftest made every transactional test serialized, the second
failed at set-up with "UNIQUE constraint failed: django_content_type".
"""

import pytest
from django.contrib.contenttypes.models import ContentType


def test_a_plain_transactional_test_leaves_content_types(transactional_db):
    assert ContentType.objects.filter(app_label="orgs", model="unit").exists()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_next_serialized_test_still_sets_up():
    assert ContentType.objects.filter(app_label="orgs", model="unit").count() == 1


def test_and_a_third_plain_one_after_it(transactional_db):
    assert ContentType.objects.filter(app_label="orgs", model="unit").count() == 1
