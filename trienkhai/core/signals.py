"""Text enters NFC: every char/text field of the project's models is cleaned on save."""

from __future__ import annotations

from django.db import models
from django.db.models.signals import pre_save
from django.dispatch import receiver

from trienkhai.textmine.normalize import clean_text

_PROJECT_PREFIX = "trienkhai."


def normalise_instance(instance: models.Model) -> None:
    for field in instance._meta.concrete_fields:
        if isinstance(field, (models.CharField, models.TextField)) and not field.choices:
            value = getattr(instance, field.attname)
            if isinstance(value, str):
                setattr(
                    instance,
                    field.attname,
                    clean_text(value, multiline=isinstance(field, models.TextField)),
                )


@receiver(pre_save)
def _normalise_text_fields(sender: type[models.Model], instance: models.Model, **kwargs: object) -> None:
    if sender.__module__.startswith(_PROJECT_PREFIX) and not getattr(
        sender, "skip_text_normalisation", False
    ):
        normalise_instance(instance)
